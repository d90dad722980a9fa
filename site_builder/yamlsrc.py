"""YAML as marked nodes: we validate the node tree, not constructed values, so every value keeps its
`file:line:col` and no YAML 1.1 surprise (ZIP 01234 → 668, `no` → False, 9:30 → 570) reaches a center."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import messages as msg
from .problems import Mark, Problems

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "load", "mark_of", "merge", "get"]


#: libyaml composes the same nodes with the same marks, ten times faster (centers.yaml for 827
#: centers: 2 s → 0.2 s); errors are explained from the pure-Python parser.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def mark_of(file: str, node: Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def load(text: str, file: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """Compose YAML into nodes; a syntax error or a repeated key becomes a Problem, never an exception.

    With a `line_offset` the text is part of a larger file (front matter) whose caller keeps it."""
    if not line_offset:
        problems.remember_source(file, text)
    try:
        try:
            node = yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:  # the pure-Python parser's message and marks are the ones we explain
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
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
    if node is not None:
        _check_duplicate_keys(node, file, problems)
    return node


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


def _check_duplicate_keys(node: Node, file: str, problems: Problems) -> None:
    if isinstance(node, MappingNode):
        seen: dict[str, Node] = {}
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                if k.value in seen:
                    first = seen[k.value].start_mark.line + 1
                    problems.add(mark_of(file, k), *msg.duplicate_key(k.value, first))
                seen[k.value] = k
            _check_duplicate_keys(v, file, problems)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, file, problems)


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
