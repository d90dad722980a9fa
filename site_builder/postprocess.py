"""The pass over a converted fragment, once per distinct skeleton: heading ids,
`rel` on outbound links, internal links turned into tokens the renderer resolves per center, and
every link collected (with its source line) for the checks. It works on Markdown's own tree
before it is written out; only a fragment with raw HTML is parsed again (BeautifulSoup)."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from markdown.util import AMP_SUBSTITUTE
from slugify import slugify

from . import sanitize
from .markdown import OPEN, OUTBOUND_REL, PLACEHOLDER, REL_CLOSE, REL_OPEN, external

LINK_OPEN, LINK_CLOSE = "\ue002", "\ue003"
LINK_TOKEN = re.compile(f"{LINK_OPEN}(\\d+){LINK_CLOSE}")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class LinkRef:
    """A link as written in Markdown. `target` is a page id for internal links."""

    href: str
    kind: str  # page | anchor | external | tel | sms | mailto | other | dynamic
    target: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Processed:
    html: str
    links: tuple[LinkRef, ...]
    anchors: tuple[str, ...]
    dynamic: tuple[str | None, ...] = ()  # targets made of values, by their rel mark's number
    unsafe: tuple[tuple[int, str, str], ...] = ()  # (line, message, hint): see sanitize.py


def heading_id(text: str) -> str:
    return slugify(PLACEHOLDER.sub("", text)) or "section"


def process(
    html: str, source: str, first_line: int, page_id: str, known: frozenset[str]
) -> Processed:
    """The pass on converted HTML, parsed again: for a fragment with raw HTML in it (Markdown
    keeps that aside as text, so only the HTML has all of it) or something unsafe in it."""
    from bs4 import BeautifulSoup  # here: a build with nothing to convert never pays its import

    soup = BeautifulSoup(html, "html.parser")
    unsafe = tuple(
        (_line_of(source, needle, 0, first_line), message, hint)
        for needle, message, hint in sanitize.violations(sanitize.soup_tags(soup))
    )
    if unsafe:  # an error: the page is not published, and not even the preview shows it
        soup = BeautifulSoup(sanitize.clean(html), "html.parser")
    found = _mark(soup.find_all(True), _SOUP, source, first_line, page_id, known)
    return Processed(str(soup), *found, unsafe=unsafe)


def process_tree(
    root: Element, stashed: bool, source: str, first_line: int, page_id: str, known: frozenset[str]
) -> Processed | None:
    """The same pass on Markdown's own tree before it is written out (a Converter visitor), so
    the HTML is not parsed a second time. None, leaving the tree as it is, when the tree is not
    the whole fragment (`stashed`: raw HTML) or something in it is unsafe: `process` then works
    on the HTML. The caller puts the written HTML into the result."""
    if stashed:
        return None
    elements = list(root.iter())[1:]  # the root is Markdown's wrapper, never written
    tags = ((el.tag, {k: _TREE.get(el, k) or "" for k in el.attrib}) for el in elements)
    if sanitize.violations(tags):
        return None
    return Processed("", *_mark(elements, _TREE, source, first_line, page_id, known))


@dataclass(frozen=True)
class _Access:
    """How `_mark` reads and changes an element of either tree."""

    name: Callable[[Any], str]
    get: Callable[[Any, str], str | None]
    set: Callable[[Any, str, str], None]
    text: Callable[[Any], str]


def _soup_set(tag: Any, attr: str, value: str) -> None:
    tag[attr] = value


# Markdown writes an e-mail link's address as character references made from this mark: read as
# the browser (and BeautifulSoup) will.
_AMP_REF = re.compile(f"{re.escape(AMP_SUBSTITUTE)}(#\\d+|#x[0-9a-fA-F]+|\\w+);")


def plain(value: str | None) -> str | None:
    """Text or an attribute of Markdown's tree as it reads once written (see `_AMP_REF`)."""
    if value is None or AMP_SUBSTITUTE not in value:
        return value
    return _AMP_REF.sub(lambda m: html_lib.unescape(f"&{m.group(1)};"), value)


_SOUP = _Access(lambda t: t.name, lambda t, k: t.get(k), _soup_set, lambda t: t.get_text())
_TREE = _Access(
    lambda e: e.tag,
    lambda e, k: plain(e.get(k)),
    lambda e, k, v: e.set(k, v),
    lambda e: plain("".join(e.itertext())) or "",
)
_HEADING = re.compile(r"^h[1-6]$")


def _mark(
    elements: list[Any],
    acc: _Access,
    source: str,
    first_line: int,
    page_id: str,
    known: frozenset[str],
) -> tuple[tuple[LinkRef, ...], tuple[str, ...], tuple[str | None, ...]]:
    """Heading ids, `rel` on outbound links and link tokens set on the elements (in document
    order); returns (links, anchors, dynamic targets) for `Processed`."""
    anchors: list[str] = []
    for h in elements:
        if _HEADING.match(acc.name(h)):
            hid = acc.get(h, "id") or heading_id(acc.text(h))
            base, n = hid, 2
            while hid in anchors:
                hid, n = f"{base}-{n}", n + 1
            acc.set(h, "id", hid)
            anchors.append(hid)
    for el in elements:
        eid = acc.get(el, "id")
        if eid is not None and eid not in anchors:
            anchors.append(eid)
    links: list[LinkRef] = []
    dynamic: list[str | None] = []
    seen: dict[str, int] = {}
    for a in elements:
        name = acc.name(a)
        if name not in ("a", "img"):
            continue
        attr = "href" if name == "a" else "src"
        href = acc.get(a, attr)
        if href is None:
            continue
        nth = seen.get(href, 0)
        seen[href] = nth + 1
        ref = classify(href, page_id, known, _line_of(source, href, nth, first_line))
        if ref.kind == "external":
            acc.set(a, "rel", OUTBOUND_REL)
        elif ref.kind == "dynamic":  # outbound or not is known once the values are in
            if acc.get(a, "rel") is None:
                acc.set(a, "rel", f"{REL_OPEN}{len(dynamic)}{REL_CLOSE}")
                dynamic.append(href)
            else:
                dynamic.append(None)
        if ref.kind in ("page", "anchor", "file"):
            acc.set(a, attr, f"{LINK_OPEN}{len(links)}{LINK_CLOSE}")
        links.append(ref)
    return tuple(links), tuple(anchors), tuple(dynamic)


def classify(href: str, page_id: str, known: frozenset[str], line: int) -> LinkRef:
    if OPEN in href:
        return LinkRef(href, "dynamic", "", "", line)
    if href.startswith("#"):
        return LinkRef(href, "anchor", page_id, href[1:], line)
    scheme = _SCHEME.match(href)
    if external(href):
        return LinkRef(href, "external", "", "", line)
    if scheme:
        kind = scheme.group(0).lower().rstrip(":")
        return LinkRef(href, kind if kind in ("tel", "sms", "mailto") else "other", "", "", line)
    path, _, anchor = href.partition("#")
    if not path.endswith(".md") and posixpath.splitext(path.rstrip("/"))[1]:
        # a file beside the pages (an image, a document): its path from the top of content/
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page_id), path))
            if not path.startswith("/")
            else path.lstrip("/")
        )
        return LinkRef(href, "file", target, anchor, line)
    return LinkRef(href, "page", resolve(path, page_id, known), anchor, line)


def resolve(path: str, page_id: str, known: frozenset[str]) -> str:
    """A Markdown link target → page id: 'family-therapy.md' beside the page, 'services/iop.md'
    from the content root, or a site path like '/contact/'."""
    if path.startswith("/"):
        p = (
            path.strip("/")
            .removesuffix(".md")
            .removesuffix("/index.html")
            .removesuffix("index.html")
        )
        return p.strip("/") or "index"
    p = path.removesuffix(".md").rstrip("/")
    here = posixpath.normpath(posixpath.join(posixpath.dirname(page_id), p))
    if here in known or not p:
        return here if p else page_id
    from_root = posixpath.normpath(p)
    return from_root if from_root in known else here


def _line_of(source: str, needle: str, nth: int, first_line: int) -> int:
    """Markdown gives no positions: find the nth occurrence of the link target in the source."""
    start = -1
    for _ in range(nth + 1):
        start = source.find(needle, start + 1)
        if start < 0:
            return first_line
    return first_line + source.count("\n", 0, start)
