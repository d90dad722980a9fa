"""What HTML a page may hold. Markdown lets an editor write raw HTML, and attribute lists
(`{: onclick=… }`) add attributes to what Markdown makes; content is untrusted, so a converted
fragment may hold only the tags and attributes below, and links only to the web, mail, phone or
text. Anything else is an error at its line (never a silent change), and the fragment is cleaned
by nh3, an allow-list sanitiser, so nothing unsafe is shown even in the preview.

Images need alt text: an empty alt only for an image marked as decoration (`{: .decorative}`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import nh3

from . import messages as msg

#: Tags Markdown makes, and the plain ones an editor may write (details/summary, figure…).
TAGS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "form",
        "fieldset",
        "legend",
        "label",
        "input",
        "textarea",
        "select",
        "option",
        "button",
    ]
)
#: Attributes any allowed tag may carry.
GLOBAL = frozenset({"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "style", "scope"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "form": frozenset({"action", "method"}),
    "label": frozenset({"for"}),
    "input": frozenset({"type", "name", "value", "required", "autocomplete", "placeholder"}),
    "textarea": frozenset({"name", "rows", "required", "placeholder"}),
    "select": frozenset({"name", "required"}),
    "option": frozenset({"value", "selected"}),
    "button": frozenset({"type"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "action"})
SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
#: The one style Markdown writes (table column alignment).
_STYLE = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
DECORATIVE = "decorative"


def violations(tags: Iterable[tuple[str, dict[str, str]]]) -> list[tuple[str, str, str]]:
    """(text to find the line by, message, hint) for each thing a page may not hold, from each
    element's name and attributes (values as text, in document order)."""
    out: list[tuple[str, str, str]] = []
    for name, attrs in tags:
        if name not in TAGS:
            out.append((f"<{name}", msg.HTML_TAG.format(tag=name), msg.HTML_TAG_HINT))
            continue
        allowed = ATTRIBUTES.get(name, frozenset()) | GLOBAL
        for attr, text in attrs.items():
            if attr not in allowed:
                out.append(
                    (attr, msg.HTML_ATTRIBUTE.format(attr=attr, tag=name), msg.HTML_ATTRIBUTE_HINT)
                )
            elif attr in URL_ATTRIBUTES and not _safe_url(text):
                out.append((text[:40], msg.HTML_URL.format(url=text[:60]), msg.HTML_URL_HINT))
            elif attr == "style" and not _STYLE.fullmatch(text):
                out.append(
                    (attr, msg.HTML_ATTRIBUTE.format(attr=attr, tag=name), msg.HTML_ATTRIBUTE_HINT)
                )
        if name != "img":
            continue
        src = attrs.get("src") or ""
        if _names_nothing(attrs.get("alt") or "", src):
            out.append((src or "<img", msg.ALT_SAYS_NOTHING, msg.EMPTY_ALT_HINT))
        empty_alt = "alt" in attrs and not attrs["alt"].strip()
        if empty_alt and DECORATIVE not in attrs.get("class", "").split():
            out.append((src or "<img", msg.EMPTY_ALT, msg.EMPTY_ALT_HINT))
    return out


def soup_tags(soup: Any) -> Iterator[tuple[str, dict[str, str]]]:
    """A BeautifulSoup tree's elements as `violations` reads them (a class list as one text)."""
    for tag in soup.find_all(True):
        yield (
            tag.name,
            {k: " ".join(v) if isinstance(v, list) else str(v) for k, v in tag.attrs.items()},
        )


#: Alt texts that say nothing about what an image shows.
_NOTHING = frozenset(
    {"image", "img", "photo", "picture", "pic", "graphic", "imagen", "foto", "logo"}
)


def _names_nothing(alt: str, src: str) -> bool:
    """An alt text that is the file's name ("waiting-room.png") or a word like "image"."""
    said = " ".join(re.split(r"[\s_.-]+", alt.casefold())).strip()
    if not said:
        return False
    file = src.rsplit("/", 1)[-1].casefold()
    stem = " ".join(re.split(r"[\s_.-]+", file.rsplit(".", 1)[0])).strip()
    return said in _NOTHING or said in (stem, " ".join(re.split(r"[\s_.-]+", file)).strip())


def _safe_url(url: str) -> bool:
    """A relative link, a value filled in per center (its own check), or an allowed scheme."""
    m = _SCHEME.match(url)
    return m is None or m.group(1).lower() in SCHEMES


def clean(html: str) -> str:
    """The fragment with everything not allowed removed (by nh3)."""
    attributes = {tag: set(ATTRIBUTES.get(tag, ())) | set(GLOBAL) for tag in TAGS}
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes=attributes,
        url_schemes=set(SCHEMES),
        link_rel=None,
        strip_comments=False,
        filter_style_properties={"text-align"},
    )
