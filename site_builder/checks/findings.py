"""What a built page holds that the checks read: tel:/sms: links, phone-like text, what tags and
styles load, tracking code, forms, images without alt text, headings, vague link text, the title
and <html lang>. Regular expressions over our own generated HTML, read piece by piece: a page is
cut into lines (a line joined to the next while a tag or element is open in it) and each distinct
piece is read once per process. The lines every center shares (a shared page's paragraphs, the
theme's chrome) are read once for all centers; a line holding a center's own values (its name,
its number) is read once per center: that is what differs from one center to the next."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

_TAG_ATTR = re.compile(
    r"<(script|img|iframe|source|audio|video|embed|object|link|track|input)\b([^>]*)>", re.I
)
_ATTR = re.compile(r'\b(src|href|data|srcset|poster)\s*=\s*"([^"]*)"', re.I)
_FORM = re.compile(r"<form\b([^>]*)>", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", re.I)
_HREF = re.compile(r'<a\b[^>]*\bhref="((?:tel|sms):[^"]*)"', re.I)
_TEXT_PHONE = re.compile(r"(?<![\w+-])(?:1[-. ]?)?\(?[2-9]\d{2}\)?[-. ]?\d{3}[-. ]?\d{4}(?!\w)")
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
_IMG = re.compile(r"<img\b([^>]*)>", re.I)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"[^\"]+\"", re.I)
_KEEP_LINK = re.compile(r'\brel="(?:canonical|alternate|author|license|me)"')
_STYLE = re.compile(r'style="([^"]*)"|<style\b[^>]*>(.*?)</style>', re.S | re.I)
_ALT = re.compile(r"\balt=")
_DIGITS = re.compile(r"\d{3}")
#: Tags that load something (what _TAG_ATTR reads), as one quick test before the full pattern.
_LOADERS = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|object|link|track|input)", re.I
)
_SRC = re.compile(r'\bsrc="([^"]*)"')
VAGUE = {"click here", "here", "read more", "more", "learn more", "this link", "link", "this page"}
#: (what, literal words that must appear first, the exact pattern). The words let a page without
#: any of them skip the pattern: most pages of most centers contain none.
TRACKERS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        "Google Analytics or Tag Manager",
        ("gtag(", "googletagmanager", "google-analytics", "ga('create'"),
        re.compile(r"gtag\(|googletagmanager\.com|google-analytics\.com|\bga\('create'", re.I),
    ),
    (
        "Meta pixel",
        ("fbq(", "connect.facebook", "facebook.com/tr"),
        re.compile(r"\bfbq\(|connect\.facebook\.net|facebook\.com/tr\b", re.I),
    ),
    (
        "session replay",
        ("hotjar", "fullstory", "mouseflow", "clarity.ms", "logrocket", "smartlook"),
        re.compile(r"hotjar|fullstory|mouseflow|clarity\.ms|logrocket|smartlook", re.I),
    ),
    (
        "call tracking number swap",
        ("callrail", "calltrackingmetrics", "invoca", "dialogtech", "swap.js"),
        re.compile(r"callrail|calltrackingmetrics|invoca|dialogtech|\bswap\.js", re.I),
    ),
    (
        "analytics",
        ("segment.", "mixpanel", "hs-scripts", "plausible.io", "matomo"),
        re.compile(
            r"segment\.(?:com|io)/analytics|mixpanel|hs-scripts\.com|plausible\.io|matomo", re.I
        ),
    ),
    (
        "tracking pixel",
        ('="1"',),
        re.compile(r"<img\b[^>]*\b(?:width|height)=\"1\"[^>]*\b(?:width|height)=\"1\"", re.I),
    ),
    (
        "cookies or storage",
        ("document.cookie", "localstorage.setitem", "sessionstorage.setitem"),
        re.compile(r"document\.cookie|localStorage\.setItem|sessionStorage\.setItem", re.I),
    ),
)


@dataclass(frozen=True)
class Findings:
    """What one piece of a page holds that a check looks at, before any center's numbers, origins
    or form endpoint are applied. The same piece (a menu line, a paragraph of a shared page) comes
    back on every page of a center and often in every center, so it is scanned once."""

    tel: tuple[str, ...] = ()  # targets of tel:/sms: links, unescaped
    phones: tuple[str, ...] = ()  # phone-like text a reader sees
    urls: tuple[str, ...] = ()  # resources a tag loads (src, href of <link>, srcset …)
    css_urls: tuple[str, ...] = ()  # url() and @import in style attributes and <style>
    trackers: tuple[tuple[str, str], ...] = ()  # (what, the code that matched)
    forms: tuple[str, ...] = ()  # the attributes of each <form>
    no_alt: tuple[str, ...] = ()  # an image without alt: its src
    headings: tuple[tuple[int, str], ...] = ()
    vague: tuple[tuple[str, str], ...] = ()  # (label, the link's inner HTML)
    title: str | None = None  # the <title>'s text, raw
    lang: bool = False  # holds <html lang="…">
    filled: tuple[str, ...] = ()  # the names of the lists above that are not empty


NOTHING = Findings()
#: What a check reads across a line break: a tag, or an element whose text it takes as a whole
#: (links, headings, the title) or whose content is not HTML (scripts, styles, comments).
_SPAN = re.compile(r"<(/?)(a|h[1-6]|title|script|style|textarea)\b|<!--|-->", re.I)
_RAW = {"script", "style", "textarea", "!--"}
#: Structured data is data, not code: a browser neither runs nor shows it, so no check reads it.
_DATA_OPEN, _DATA_CLOSE = '<script type="application/ld+json">', "</script>"


class _Open:
    """What the memo holds for a line something is still open in: it is read with the next."""


OPEN = _Open()
_MEMO: dict[str, Findings | _Open] = {}  # a piece → its findings, or OPEN
_META = re.compile(
    r'(?:<meta\s[^<>]*>|<link rel="(?:canonical|alternate)"(?: hreflang="[^"<>]*")? href="[^"<>]*">)+'
)
_PLAIN_TITLE = re.compile(r"<title>([^<>]*)</title>")
_PLAIN_LINK = re.compile(
    r'(?:<li>)?<a href="([^"<>]*)"(?: [\w-]+="[^"<>]*")*>([^<>]*)</a>(?:</li>)?'
)


def _plain_head_line(line: str) -> Findings | None:
    """The findings of the lines that differ on every page, without a full scan: <meta> tags and
    canonical or alternate <link>s hold nothing a check reads, a lone <title> only its title, a menu or
    breadcrumb link only its link text (with digits in the text, or a tel: link, the line is
    scanned: it may hold a phone number)."""
    if "style=" in line or _handler(line):
        return None
    if _META.fullmatch(line):
        return NOTHING
    m = _PLAIN_TITLE.fullmatch(line)
    if m and not _DIGITS.search(line):
        return Findings(title=m.group(1))
    m = _PLAIN_LINK.fullmatch(line)
    if m and not m.group(1).lower().startswith(("tel:", "sms:")) and not _DIGITS.search(m.group(2)):
        inner = m.group(2)
        label = " ".join(html_lib.unescape(inner).split()).lower().rstrip(".")
        return (
            Findings(vague=((label, inner.strip()),), filled=("vague",))
            if label in VAGUE
            else NOTHING
        )
    return None


_MEMO_MAX = 50_000  # pieces kept per process (a few MB); past it the memo starts again


def self_contained(text: str) -> bool:
    """True when no check could read past the end of `text`: no tag, link, heading, title,
    script, style or comment is left open."""
    if "<" not in text:
        return True  # (a lone "-->" closes nothing that is open)
    if text.rfind("<") > text.rfind(">"):
        return False
    depth, raw = 0, ""
    for m in _SPAN.finditer(text):
        token = m.group(0)
        if raw:
            if (raw == "!--" and token == "-->") or (m.group(1) and m.group(2).lower() == raw):
                raw = ""
        elif token == "<!--":
            raw = "!--"
        elif token == "-->":
            continue
        elif m.group(1):
            depth = max(0, depth - 1)
        elif m.group(2).lower() in _RAW:
            raw = m.group(2).lower()
        else:
            depth += 1
    return depth == 0 and not raw


def _without_data(text: str) -> str:
    start = text.find(_DATA_OPEN)
    if start < 0:
        return text
    kept, pos = [], 0
    while start >= 0:
        end = text.find(_DATA_CLOSE, start)
        if end < 0:
            break
        kept.append(text[pos:start])
        pos = end + len(_DATA_CLOSE)
        start = text.find(_DATA_OPEN, pos)
    kept.append(text[pos:])
    return "".join(kept)


def _remember(piece: str, found: Findings | _Open) -> Findings | _Open:
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[piece] = found
    return found


def scan(text: str) -> Findings:
    """Everything the checks look for in `text`, found the way they would find it in a whole page.
    Each pattern runs only when the text holds what it starts with (most lines hold none)."""
    low = text.lower()
    tel: tuple[str, ...] = ()
    if "tel:" in low or "sms:" in low:
        tel = tuple(
            html_lib.unescape(m.group(1)).split(":", 1)[1].split(";")[0].split("?")[0]
            for m in _HREF.finditer(text)
        )
    phones: tuple[str, ...] = ()
    if _DIGITS.search(text):
        visible = html_lib.unescape(_TAGS.sub(" ", text) if "<" in text else text)
        phones = tuple(m.group(0) for m in _TEXT_PHONE.finditer(visible))
    urls: list[str] = []
    if _LOADERS.search(text):
        for tag in _TAG_ATTR.finditer(text):
            name, attrs = tag.group(1).lower(), tag.group(2)
            if name == "link" and _KEEP_LINK.search(attrs):
                continue
            for attr in _ATTR.finditer(attrs):
                value = attr.group(2)
                for url in value.split(",") if attr.group(1).lower() == "srcset" else [value]:
                    url = url.strip().split(" ")[0]
                    if url:
                        urls.append(url)
    css_urls: list[str] = []
    if "style" in low:
        css_urls = [
            u.group(1) or u.group(2)
            for m in _STYLE.finditer(text)
            for u in CSS_URL.finditer(html_lib.unescape(m.group(1) or m.group(2) or ""))
        ]
    no_alt = []
    if "<img" in low:
        for m in _IMG.finditer(text):
            if not _ALT.search(m.group(1)):
                src = _SRC.search(m.group(1))
                no_alt.append(src.group(1) if src else "<img")
    headings: tuple[tuple[int, str], ...] = ()
    if "<h" in low:
        headings = tuple(
            (int(m.group(1)), " ".join(_TAGS.sub(" ", m.group(2)).split()))
            for m in _HEADING.finditer(text)
        )
    vague = []
    if "<a" in low:
        for m in _LINK_TEXT.finditer(text):
            inner = m.group(1)
            label = " ".join(html_lib.unescape(_TAGS.sub(" ", inner)).split()).lower().rstrip(".")
            if label in VAGUE:
                vague.append((label, inner.strip()))
    title = _TITLE.search(text) if "<title" in low else None
    lists = (
        tel,
        phones,
        tuple(urls),
        tuple(css_urls),
        trackers(text, low),
        tuple(m.group(1) for m in _FORM.finditer(text)) if "<form" in low else (),
        tuple(no_alt),
        headings,
        tuple(vague),
    )
    lang = "<html" in low and bool(_HTML_LANG.search(text))
    if title is None and not lang and not any(lists):
        return NOTHING
    filled = tuple(name for name, values in zip(_JOINED, lists, strict=True) if values)
    return Findings(*lists, title.group(1) if title else None, lang, filled)


def page_findings(text: str, own: tuple[str, ...] = ()) -> Findings:
    """A whole page's findings. The page is cut into lines, a line joined to the next while
    something is still open in it; no check matches across a line break outside a tag or such an
    element (a phone number, a URL, a tag's attributes never do), so the pieces' findings joined
    in order are the page's. Each piece is scanned once per process (see _MEMO).

    `own`: the prefixes the site's addresses start with ("https://example.org/clinic/",
    "/clinic/"). An `href` or `content` holding one is read as the site's root ("/"): no check
    reads more of those than whether they are the site's (a link's text, a stylesheet's origin;
    a <meta> holds nothing a check reads), and so a paragraph or menu with links into the site is
    the same piece in every center's site instead of one per center. (Not a form's `action`: it
    is compared with the center's form endpoint as written.)"""
    parts: list[Findings] = []
    open_piece: list[str] = []
    text = _without_data(text)
    for prefix in own:
        if prefix != "/":
            text = text.replace(f'href="{prefix}', 'href="/')
            text = text.replace(f'content="{prefix}', 'content="/')
    lines = text.split("\n")
    for line, found in zip(lines, map(_MEMO.get, lines), strict=True):
        if open_piece:
            open_piece.append(line)
            piece = "\n".join(open_piece)
            if not self_contained(piece):
                continue
            open_piece = []
            found = _MEMO.get(piece) or _remember(piece, scan(piece))
        elif found is NOTHING:  # most lines: known, and holding nothing a check reads
            continue
        elif found is None:
            found = _fresh_line(line)
        if found is OPEN:
            open_piece = [line]
            continue
        if found is not NOTHING:
            parts.append(found)  # type: ignore[arg-type]
    if open_piece:
        parts.append(scan("\n".join(open_piece)))
    if not parts:
        return NOTHING
    if len(parts) == 1:
        return parts[0]
    joined: dict[str, list] = {name: [] for name in _JOINED}
    title, lang = None, False
    for f in parts:
        for name in f.filled:
            joined[name] += getattr(f, name)
        if title is None:
            title = f.title
        lang = lang or f.lang
    filled = tuple(name for name in _JOINED if joined[name])
    return Findings(*(tuple(joined[name]) for name in _JOINED), title, lang, filled)


def _fresh_line(line: str) -> Findings | _Open:
    """The findings of a line the memo does not hold; OPEN when it continues on the next."""
    found = _plain_head_line(line)
    if found is not None:
        return _remember(line, found)  # a <meta>, <title> or menu link: no need to scan it
    if not self_contained(line):
        return _remember(line, OPEN)
    return _remember(line, scan(line))


_JOINED = (
    "tel", "phones", "urls", "css_urls", "trackers", "forms", "no_alt", "headings", "vague",
)  # fmt: skip
_CODE_TAGS = re.compile(r"<(?:script|img|iframe|link|embed|object|source)")  # on lowered text
_HANDLER = re.compile(r'\bon\w+="')
_MAYBE_HANDLER = re.compile(r'on\w+="')  # the same without \b: a literal start, searched 9x faster


def _handler(text: str) -> bool:
    """An event handler attribute (onclick="…") in `text`."""
    return _MAYBE_HANDLER.search(text) is not None and _HANDLER.search(text) is not None


_CODE = re.compile(
    r"<script\b[^>]*>.*?</script>|<(?:img|iframe|link|embed|object|source)\b[^>]*>|\bon\w+=\"[^\"]*\"|style=\"[^\"]*\"",
    re.S | re.I,
)


def trackers(text: str, lowered: str, html: bool = True) -> tuple[tuple[str, str], ...]:
    """Tracking code lives in scripts, embeds, images, event handlers and styles: search those
    parts only (a page's prose may mention Google without being a tracker)."""
    if html and not (_CODE_TAGS.search(lowered) or "style=" in lowered or _handler(lowered)):
        return ()
    suspects = [(what, rx) for what, words, rx in TRACKERS if any(w in lowered for w in words)]
    if not suspects:
        return ()
    if html:
        text = "\n".join(m.group(0) for m in _CODE.finditer(text))
    return tuple((what, m.group(0)) for what, rx in suspects if (m := rx.search(text)))
