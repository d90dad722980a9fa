"""YAML as marked nodes: we validate the node tree, not constructed values, so every value keeps its
`file:line:col` and no YAML 1.1 surprise (ZIP 01234 → 668, `no` → False, 9:30 → 570) reaches a center."""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import messages as msg
from .problems import Mark, Problems

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "load", "mark_of", "merge", "get"]


#: libyaml composes the same nodes with the same marks, ten times faster (centers.yaml for 827
#: centers: 2 s → 0.2 s); errors are explained from the pure-Python parser.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Bounds on what an editor's YAML may ask of the loader. A file that is mostly pasted data, a
#: "billion laughs" of aliases (`&a` … `[*a, *a, …]`) or thousands of nested brackets would hang
#: or crash the build (libyaml's composer recurses: ~30,000 levels overflow the C stack).
MAX_CHARS = 10_000_000
MAX_DEPTH = 50
MAX_ALIAS_EXPANSION = 100_000  # values that aliases add to the file, counted as written out
#: Below this bound on nesting (see _nesting_bound) composing is safe without looking first.
_SAFE_TO_COMPOSE = 2_000


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


def mark_of(file: str, node: Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def load(text: str, file: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """Compose YAML into nodes; a syntax error or a repeated key becomes a Problem, never an exception.

    With a `line_offset` the text is part of a larger file (front matter) whose caller keeps it."""
    if not line_offset:
        problems.remember_source(file, text)
    if len(text) > MAX_CHARS:
        problems.add(Mark(file, 1 + line_offset), *msg.yaml_too_big(len(text), MAX_CHARS))
        return None
    try:
        node = _compose(text)
    except _TooDeep as exc:
        mark = Mark(file, exc.mark.line + 1 + line_offset, exc.mark.column + 1)
        problems.add(mark, *msg.yaml_too_deep(MAX_DEPTH))
        return None
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        upto = where.line if where else text.count("\n")
        jinja = next(
            (i for i, t in enumerate(text.split("\n")[: upto + 1]) if _BARE_JINJA.match(t)), None
        )
        if jinja is not None:  # YAML reads {{ or {% as the start of a block of keys
            mark = Mark(file, jinja + 1 + line_offset, 0)
            problems.add(mark, msg.YAML_BARE_JINJA, msg.YAML_BARE_JINJA_HINT)
            return None
        quoted = _quote_mistake(text, upto)
        if quoted is not None:  # YAML gives up lines later, or calls it indentation
            at, quote = quoted
            mark = Mark(file, at + 1 + line_offset, 0)
            problems.add(mark, msg.YAML_QUOTE.format(quote=quote), msg.YAML_QUOTE_HINT)
            return None
        context = (exc.context or "") + " " + (exc.problem or "")
        if exc.context_mark is not None and (
            "could not find expected ':'" in context or "quoted scalar" in context
        ):
            where = exc.context_mark  # the line the editor must fix, not where YAML gave up
        line = (where.line + 1 + line_offset) if where else 0
        col = (where.column + 1) if where else 0
        problems.add(Mark(file, line, col), *msg.yaml_syntax(exc, text, where))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        problems.add(Mark(file), msg.YAML_UNREADABLE.format(error=exc), msg.YAML_UNREADABLE_HINT)
        return None
    if node is not None and line_offset:
        _shift(node, line_offset)
    if node is None:
        return None
    if _ANCHOR.search(text):  # values may be shared, or contain themselves
        return node if _check_graph(node, file, problems) else None
    too_deep = _check_tree(node, 1, file, problems)
    if too_deep is not None:
        problems.add(mark_of(file, too_deep), *msg.yaml_too_deep(MAX_DEPTH))
        return None
    return node


#: An anchor (`&name`), without which no alias can share or repeat a value.
_ANCHOR = re.compile(r"&[^\s,\[\]{}]")


def _check_tree(
    node: Node, depth: int, file: str, problems: Problems, key: str = ""
) -> Node | None:
    """Nodes without aliases: report repeated keys; return the first collection nested deeper
    than MAX_DEPTH (the recursion stops there). `key` is the key whose value `node` is."""
    if isinstance(node, MappingNode):
        if depth > MAX_DEPTH:
            return node
        _dashless_lists(node, file, problems)
        _duplicate_keys(node, file, problems)
        for k, v in node.value:
            for n in (k, v):
                name = k.value if n is v and isinstance(k, ScalarNode) else ""
                found = _check_tree(n, depth + 1, file, problems, name)
                if found is not None:
                    return found
    elif isinstance(node, SequenceNode):
        if depth > MAX_DEPTH:
            return node
        _dashless_items(node, key, file, problems)
        for n in node.value:
            found = _check_tree(n, depth + 1, file, problems)
            if found is not None:
                return found
    return None


def _compose(text: str) -> Node | None:
    """Nodes from libyaml, after making sure the nesting cannot overflow its stack; on a syntax
    error the pure-Python parser composes again, for the messages and marks we explain."""
    if _nesting_bound(text) > _SAFE_TO_COMPOSE:
        _check_depth(text, _FAST)
    try:
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # its composer recurses too: find where the nesting went too deep
        _check_depth(text, yaml.SafeLoader)
        raise


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on how deep YAML in `text` can nest: every open flow collection has its
    own bracket, and a block collection inside another starts further right (a sequence directly
    under a key may share the key's column, so two levels per column)."""
    flow = text.count("[") + text.count("{")
    if flow > _SAFE_TO_COMPOSE:
        return flow
    return flow + 2 * max(map(len, text.split("\n"))) + 2


def _check_depth(text: str, loader: type) -> None:
    """Walk the parser's events (the parser keeps its own stack; it does not recurse); raise
    _TooDeep at the first collection more than MAX_DEPTH levels deep. A syntax error met first
    is left for the composer to report."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _TooDeep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _check_graph(root: Node, file: str, problems: Problems) -> bool:
    """One walk over nodes that aliases may share, each visited once (an alias is the same node
    object again): repeated keys are reported; a value that contains itself through an alias, aliases
    that would write out more than MAX_ALIAS_EXPANSION values, or nesting deeper than MAX_DEPTH
    (aliases included) are errors, and the file is not read further (False)."""
    size: dict[int, int] = {}  # values in the node when every alias is written out
    height: dict[int, int] = {}  # levels of collections in it, the node's own included
    deepest: dict[int, Node] = {}  # the child on its deepest path
    order: list[Node] = []  # children before parents
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    keys: dict[int, str] = {}  # the key whose value a node is
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            if kids:
                child = max(kids, key=lambda k: height[id(k)])
                height[key], deepest[key] = 1 + height[id(child)], child
            else:
                height[key] = 1 if isinstance(node, (MappingNode, SequenceNode)) else 0
            order.append(node)
            continue
        if key in open_:  # reached again from inside itself
            problems.add(mark_of(file, node), *msg.yaml_alias_loop())
            return False
        if key in size:
            continue
        open_.add(key)
        stack.append((node, True))
        if isinstance(node, MappingNode):
            _dashless_lists(node, file, problems)
            keys.update((id(v), k.value) for k, v in node.value if isinstance(k, ScalarNode))
            _duplicate_keys(node, file, problems)
        elif isinstance(node, SequenceNode):
            _dashless_items(node, keys.get(id(node), ""), file, problems)
        stack.extend((k, False) for k in reversed(_children(node)))
    if size[id(root)] - len(size) > MAX_ALIAS_EXPANSION:
        culprit = next(n for n in order if size[id(n)] > MAX_ALIAS_EXPANSION)
        problems.add(mark_of(file, culprit), *msg.yaml_alias_bomb(MAX_ALIAS_EXPANSION))
        return False
    if height[id(root)] > MAX_DEPTH:
        node = root
        for _ in range(MAX_DEPTH):
            node = deepest[id(node)]
        problems.add(mark_of(file, node), *msg.yaml_too_deep(MAX_DEPTH))
        return False
    return True


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _shift(node: Node, offset: int) -> None:
    """Front matter starts below the `---` line; move marks so they point at the page's own lines."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        n.start_mark = _moved(n.start_mark, offset)
        n.end_mark = _moved(n.end_mark, offset)
        if isinstance(n, MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)


def _moved(mark: yaml.Mark, offset: int) -> yaml.Mark:
    return yaml.Mark(mark.name, mark.index, mark.line + offset, mark.column, None, None)


#: What an item of the list under a key is called in the message about its missing '- '.
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
#: The keys whose value is a list of blocks (centers.yaml and front matter): only under these is a
#: block with its keys repeated read as a list whose every '- ' is missing (a block like phones:
#: given twice is a repeated-key mistake, not a list).
_ITEM_NAMES = {
    "centers": "center",
    "faq": "question",
    "locations": "location",
    "staff": "person",
    "credentials": "credential",
    "closures": "closure",
}


def _dashless_lists(node: MappingNode, file: str, problems: Problems) -> None:
    """A list whose every '- ' was left out is read as one item with its keys repeated: when the
    value of a key that holds a list of blocks (_ITEM_NAMES) repeats its own first key and another
    after it, report that once and read it as the list it was meant to be."""
    for i, (k, v) in enumerate(node.value):
        if not (isinstance(k, ScalarNode) and isinstance(v, MappingNode)) or v.flow_style:
            continue
        if k.value not in _ITEM_NAMES:
            continue
        parts = _split_items(v)
        if len(parts) < 2:
            continue
        item = _ITEM_NAMES[k.value]
        first = parts[0].value[0][0]
        lines = [p.start_mark.line + 1 for p in parts]
        problems.add(mark_of(file, first), *msg.dashless_list(k.value, item, first.value, lines))
        node.value[i] = (k, SequenceNode(SEQUENCE_TAG, parts, v.start_mark, v.end_mark))


def _split_items(item: MappingNode) -> list[MappingNode]:
    """`item` cut where its first key comes again (with another of its keys after it)."""
    parts = []
    while (at := _next_item_at(item)) is not None:
        head, tail = item.value[:at], item.value[at:]
        parts.append(MappingNode(item.tag, head, item.start_mark, head[-1][1].end_mark))
        item = MappingNode(item.tag, tail, tail[0][0].start_mark, item.end_mark)
    return [*parts, item]


def _dashless_items(seq: SequenceNode, key: str, file: str, problems: Problems) -> None:
    """An item of a block list whose '- ' was left out is read as more keys of the item above:
    when an item repeats its own first key and at least one more key after it, that is where the
    next item starts. Report that once and read the two items apart, instead of a repeated-key
    error for every key of the item and errors for the mix of the two."""
    if seq.flow_style:
        return
    items: list[Node] = []
    for item in seq.value:
        parts = (
            _split_items(item) if isinstance(item, MappingNode) and not item.flow_style else [item]
        )
        for above, part in zip(parts, parts[1:], strict=False):
            first = part.value[0][0]
            problems.add(
                mark_of(file, first),
                *msg.dashless_item(
                    _ITEM_NAMES.get(key, "item"), first.value, above.start_mark.line + 1
                ),
            )
        items.extend(parts)
    seq.value[:] = items


def _next_item_at(item: MappingNode) -> int | None:
    """Where in `item` its first key comes again, followed by another of its keys."""
    names = [k.value if isinstance(k, ScalarNode) else None for k, _ in item.value]
    if not names or names[0] is None:
        return None
    for at in range(1, len(names)):
        if names[at] == names[0]:
            before, after = set(names[:at]), names[at + 1 :]
            return at if any(n in before for n in after if n is not None) else None
    return None


def _duplicate_keys(node: MappingNode, file: str, problems: Problems) -> None:
    seen: dict[str, Node] = {}
    for k, _ in node.value:
        if isinstance(k, ScalarNode):
            if k.value in seen:
                first = seen[k.value].start_mark.line + 1
                problems.add(mark_of(file, k), *msg.duplicate_key(k.value, first))
            seen[k.value] = k


def get(node: MappingNode, key: str) -> Node | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return v
    return None


def merge(base: Node | None, over: Node) -> Node:
    """Merge `defaults:` under a center: mappings merge deeply; lists and scalars replace.

    Values keep their own marks, so a bad value that came from `defaults:` is reported there."""
    if base is None or not (isinstance(base, MappingNode) and isinstance(over, MappingNode)):
        return over
    items: list[tuple[Node, Node]] = []
    over_keys = {k.value: (k, v) for k, v in over.value if isinstance(k, ScalarNode)}
    for k, v in base.value:
        if isinstance(k, ScalarNode) and k.value in over_keys:
            ok, ov = over_keys.pop(k.value)
            items.append((ok, merge(v, ov)))
        else:
            items.append((k, v))
    for k, v in over.value:
        if isinstance(k, ScalarNode) and k.value in over_keys or not isinstance(k, ScalarNode):
            items.append((k, v))
    return MappingNode(over.tag, items, over.start_mark, over.end_mark, over.flow_style)


#: A value that starts with Jinja and no quote: `nav: {{ center.city }} visit`.
_BARE_JINJA = re.compile(r"^[ \t]*(?:-[ \t]+)?[a-z_][\w-]*:[ \t]+\{[{%]")
#: A value written in quotes: `key: "…` or `- '…` (then the rest of the line after the quote).
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s'"#:][^:#]*:\s+)?(["'])(.*)$""")


def _quote_mistake(text: str, upto: int) -> tuple[int, str] | None:
    """The first line up to `upto` whose value opens a quote it does not close at its end: never
    closed ("Sunrise), or closed early by one inside it ('New Year's Day', "Care" in Reno)."""
    for i, line in enumerate(text.split("\n")[: upto + 1]):
        m = _QUOTED_VALUE.match(line)
        if m is None:
            continue
        quote, rest = m.group(1), m.group(2)
        j = 0
        while j < len(rest):  # the closing quote, as YAML finds it on one line
            if quote == '"' and rest[j] == "\\":
                j += 2
                continue
            if rest[j] == quote:
                if quote == "'" and rest[j + 1 : j + 2] == "'":
                    j += 2  # '' is one ' inside single quotes
                    continue
                break
            j += 1
        after = rest[j + 1 :].strip()
        if j >= len(rest) or (after and not after.startswith("#")):
            return i, quote
    return None


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """UTF-8 text, or None after a problem at the line and column of the first byte that is not
    UTF-8 (the line is quoted as well as it can be read)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        problems.remember_source(rel, data.decode("utf-8", "replace").replace("\r\n", "\n"))
        problems.add(
            Mark(rel, line, col), msg.NOT_UTF8_AT.format(byte=data[exc.start]), msg.NOT_UTF8_AT_HINT
        )
        return None
