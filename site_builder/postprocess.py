"""The BeautifulSoup pass over a converted fragment, once per distinct skeleton: heading ids,
`rel` on outbound links, internal links turned into tokens the renderer resolves per center, and
every link collected (with its source line) for the checks."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

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
    from bs4 import BeautifulSoup  # here: a build with nothing to convert never pays its import

    soup = BeautifulSoup(html, "html.parser")
    unsafe = tuple(
        (_line_of(source, needle, 0, first_line), message, hint)
        for needle, message, hint in sanitize.violations(soup)
    )
    if unsafe:  # an error: the page is not published, and not even the preview shows it
        soup = BeautifulSoup(sanitize.clean(html), "html.parser")
    anchors: list[str] = []
    for h in soup.find_all(re.compile(r"^h[1-6]$")):
        hid = h.get("id") or heading_id(h.get_text())
        base, n = hid, 2
        while hid in anchors:
            hid, n = f"{base}-{n}", n + 1
        h["id"] = hid
        anchors.append(hid)
    for tag in soup.find_all(id=True):
        if tag["id"] not in anchors:
            anchors.append(tag["id"])
    links: list[LinkRef] = []
    dynamic: list[str | None] = []
    seen: dict[str, int] = {}
    for a in soup.find_all(["a", "img"]):
        attr = "href" if a.name == "a" else "src"
        href = a.get(attr)
        if href is None:
            continue
        nth = seen.get(href, 0)
        seen[href] = nth + 1
        line = _line_of(source, href, nth, first_line)
        ref = classify(href, page_id, known, line)
        if ref.kind == "external":
            a["rel"] = OUTBOUND_REL
        elif ref.kind == "dynamic":  # outbound or not is known once the values are in
            if a.get("rel") is None:
                a["rel"] = f"{REL_OPEN}{len(dynamic)}{REL_CLOSE}"
                dynamic.append(href)
            else:
                dynamic.append(None)
        if ref.kind in ("page", "anchor", "file"):
            a[attr] = f"{LINK_OPEN}{len(links)}{LINK_CLOSE}"
        links.append(ref)
    return Processed(str(soup), tuple(links), tuple(anchors), tuple(dynamic), unsafe)


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
