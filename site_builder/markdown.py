"""Markdown → HTML, once per source page, with each center's values filled in afterwards.

The oracle: for every center, the HTML equals Markdown(Jinja(source, center)) done on its own.
We render the page's Jinja with each `{{ … }}` output replaced by a placeholder (the *skeleton*),
convert each distinct skeleton once, and substitute the escaped values into the HTML. That is
exact when a value cannot change how Markdown parses; any value that could (Markdown syntax,
line breaks, spaces inside a link target…) sends that center down the direct path instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import markdown as md_lib
from jinja2 import Environment, Template, Undefined, pass_context
from jinja2.runtime import Context
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from .sandbox import BUDGET_KEY, new_budget, spend, strip_general

EXTENSIONS = [
    "tables",
    "fenced_code",
    "attr_list",
    "def_list",
    "footnotes",
    "sane_lists",
    "md_in_html",
]

#: Private-use characters: never typed by editors, left alone by Markdown and by BeautifulSoup.
OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_COLLECTOR = "__sb_values"

# A value is inline-safe when substituting it after conversion equals converting it in place.
_TEXT_SAFE = re.compile(r"[^\n\r\t*_`\[\]\\{}|~^]*")
_URL_SAFE = re.compile(r"[A-Za-z0-9._~:/?#@$+,;=%-]*")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: A link whose target is a value gets this `rel` from the BeautifulSoup pass; substitution makes
#: it the outbound `rel` or removes it, once the target is known (see postprocess.py).
REL_OPEN, REL_CLOSE = "\ue004", "\ue005"
REL_MARK = re.compile(f' rel="{REL_OPEN}(\\d+){REL_CLOSE}"')
OUTBOUND_REL = "noopener noreferrer"
_RISKY_START = re.compile(r"^(?:[#>+=:\-]|\d+[.)])")
_IN_TAG = re.compile(f"<[^>]*?{OPEN}(\\d+){CLOSE}[^>]*>")


class Converter:
    """A reusable Python-Markdown instance (building one costs more than most conversions)."""

    def __init__(self) -> None:
        self._md = md_lib.Markdown(extensions=EXTENSIONS, output_format="html")
        self._visit = _Visit(self._md)
        self._md.treeprocessors.register(self._visit, "site_builder_visit", -10)  # last

    def convert(self, text: str) -> str:
        return self.convert_visiting(text, None)[0]

    def convert_visiting(self, text: str, visit: Visitor | None) -> tuple[str, Any]:
        """The HTML, and what `visit(tree, stashed)` returned: it sees Markdown's finished tree
        before it is written out, and may change it. `stashed` is true when Markdown set raw HTML
        (or a fenced code block) aside as text: then the tree is not the whole fragment."""
        self._md.reset()
        self._visit.visit, self._visit.result = visit, None
        html = self._md.convert(text)
        return html, self._visit.result


Visitor = Callable[[ElementTree.Element, bool], Any]


class _Visit(Treeprocessor):
    visit: Visitor | None = None
    result: Any = None

    def run(self, root: ElementTree.Element) -> None:
        if self.visit is not None:
            self.result = self.visit(root, self.md.htmlStash.html_counter > 0)


@pass_context
def _placeholder(ctx: Context, value: Any) -> Any:
    values = ctx.get(_COLLECTOR)
    if values is None:
        return value
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined raises here, inside render, like the direct path would
    spend(ctx, len(str(value)))
    values.append(value)
    return f"{OPEN}{len(values) - 1}{CLOSE}"


def skeleton_environment(env: Environment) -> Environment:
    """An overlay of the content Environment (sandbox.py) that emits placeholders for `{{ … }}`
    output. Jinja for Markdown keeps every line break (no trim_blocks): in Markdown a line break
    can end a sentence or a list item."""
    return env.overlay(finalize=_placeholder)


@dataclass
class Fragment:
    """One piece of Markdown with Jinja (a page body or an FAQ answer), compiled once."""

    source: str
    file: str
    line: int  # 1-based line of the fragment's first line in `file`
    direct: Template | None = None
    skeleton: Template | None = None
    failed: bool = False  # its Jinja did not compile (already reported)
    env: Environment | None = None  # compiles `direct` when a center first needs it

    @property
    def dynamic(self) -> bool:
        return "{{" in self.source or "{%" in self.source or "{#" in self.source


def compile_fragment(frag: Fragment, env: Environment, skel_env: Environment) -> None:
    """Compile the skeleton now (raising jinja2.TemplateSyntaxError, or sandbox.Refused for what a
    page may not do, for the caller to turn into a Problem) and the direct form when first needed:
    most centers never take the direct path."""
    if frag.dynamic:
        frag.skeleton = skel_env.from_string(frag.source)
        frag.env = env


@dataclass(frozen=True)
class Skeleton:
    text: str  # what Markdown reads
    values: tuple[Any, ...]
    marked: str = ""  # the text with the marks of `{% general %}` passages (for the claims check)


def render_skeleton(frag: Fragment, context: dict[str, Any]) -> Skeleton:
    if frag.skeleton is None:
        return Skeleton(frag.source, (), frag.source)
    values: list[Any] = []
    text = frag.skeleton.render({**context, _COLLECTOR: values, BUDGET_KEY: new_budget()})
    return Skeleton(strip_general(text), tuple(values), text)


def render_direct(frag: Fragment, context: dict[str, Any]) -> str:
    """The oracle path: Jinja on the Markdown source, then Markdown."""
    if frag.direct is None and frag.env is not None:
        frag.direct = frag.env.from_string(frag.source)  # same source: it compiled as a skeleton
    if frag.direct is None:
        return frag.source
    return strip_general(frag.direct.render({**context, BUDGET_KEY: new_budget()}))


def external(href: str) -> bool:
    """A link that leaves the site (it gets `rel="noopener noreferrer"`)."""
    scheme = _SCHEME.match(href)
    return href.startswith("//") or bool(scheme and scheme.group(0).lower() in ("http:", "https:"))


def absolute(href: str) -> bool:
    """A target with a scheme or a host: nothing for the renderer to resolve per center."""
    return href.startswith("//") or bool(_SCHEME.match(href))


def fill(template: str, values: tuple[Any, ...]) -> str:
    """A link target as the direct path's BeautifulSoup pass would see it: the raw values."""
    return PLACEHOLDER.sub(lambda m: str(values[int(m.group(1))]), template)


@dataclass(frozen=True)
class Slots:
    """Where a converted skeleton's placeholders landed: the same for every center that has this
    skeleton, so it is worked out once (see Renderer._convert)."""

    in_attr: frozenset[int]  # placeholders inside a tag (attribute values)
    present: frozenset[int]  # placeholders the converter kept
    has_code: bool

    @classmethod
    def of(cls, html: str) -> Slots:
        return cls(
            frozenset(
                int(n) for m in _IN_TAG.finditer(html) for n in PLACEHOLDER.findall(m.group(0))
            ),
            frozenset(int(n) for n in PLACEHOLDER.findall(html)),
            "<code" in html,
        )


def inline_safe(
    html: str,
    values: tuple[Any, ...],
    dynamic: tuple[str | None, ...] = (),
    slots: Slots | None = None,
) -> bool:
    """True when every value can be substituted into the converted skeleton without changing it.
    `dynamic`: the targets of links made of values, from the BeautifulSoup pass (None: one it
    could not mark); a target the renderer would have to resolve (a page, a file, an anchor)
    needs the direct path."""
    if not values:
        return True
    for target in dynamic:
        if target is None or not absolute(fill(target, values)):
            return False
    slots = slots or Slots.of(html)
    in_attr, has_code = slots.in_attr, slots.has_code
    for i, value in enumerate(values):
        if isinstance(value, Markup) or hasattr(value, "__html__") and not isinstance(value, str):
            text = str(value)
            if text != str(escape(text)):
                return False
        text = str(value)
        if i in in_attr:
            if not _URL_SAFE.fullmatch(text):
                return False
        elif (
            not _TEXT_SAFE.fullmatch(text)
            or _RISKY_START.match(text)
            or text != text.strip()
            or "  " in text
        ):
            return False
        if i not in slots.present:
            return False  # swallowed by the converter: only the direct path knows what happens
        if has_code and text != str(escape(text)):
            return False  # Markdown escapes code spans a second time
    return True


def substitute(html: str, values: tuple[Any, ...], dynamic: tuple[str | None, ...] = ()) -> str:
    if dynamic:

        def rel(m: re.Match[str]) -> str:
            target = dynamic[int(m.group(1))]
            return f' rel="{OUTBOUND_REL}"' if target and external(fill(target, values)) else ""

        html = REL_MARK.sub(rel, html)
    return PLACEHOLDER.sub(lambda m: str(escape(values[int(m.group(1))])), html)
