"""Checks on a center's built pages: phone integrity, third parties, trackers, forms, and the
accessibility basics a browser is not needed for. Regular expressions over our own generated HTML:
a parser per page per center would cost more than the build (see the scale benchmark)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import urlsplit

import phonenumbers

from .. import messages as msg
from ..centers import Center
from ..numbers import OLD_LIFELINE_E164, PUBLIC_E164
from ..problems import Mark, Problem, Severity
from ..render import RenderedPage

SHORT_OK = {"988", "911", "741741", "838255"}
_TAG_ATTR = re.compile(
    r"<(script|img|iframe|source|audio|video|embed|object|link|track|input)\b([^>]*)>", re.I
)
_ATTR = re.compile(r'\b(src|href|data|srcset|poster)\s*=\s*"([^"]*)"', re.I)
_FORM = re.compile(r"<form\b([^>]*)>", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", re.I)
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

Locate = Callable[[RenderedPage, str], Mark]
_T = TypeVar("_T")


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
_MEMO: dict[str, Findings | None] = {}  # a line → its findings; None: it continues on the next
_UNSEEN = object()
_META = re.compile(r'<meta\s[^<>]*>|<link rel="canonical" href="[^"<>]*">')
_PLAIN_TITLE = re.compile(r"<title>([^<>]*)</title>")
_PLAIN_LINK = re.compile(
    r'(?:<li>)?<a href="([^"<>]*)"(?: [\w-]+="[^"<>]*")*>([^<>]*)</a>(?:</li>)?'
)


def _plain_head_line(line: str) -> Findings | None:
    """The findings of the lines that differ on every page, without a full scan: a lone <meta> or
    canonical <link> holds nothing a check reads, a lone <title> only its title, a menu or
    breadcrumb link only its link text (with digits in the text, or a tel: link, the line is
    scanned: it may hold a phone number)."""
    if "style=" in line or _HANDLER.search(line):
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


_MEMO_MAX = 50_000  # lines kept per process (a few MB); past it the memo starts again
_SEEN_MAX = 2_000  # a center's own lines kept (a whole site has 250–320 at 827 centers)


def self_contained(text: str) -> bool:
    """True when no check could read past the end of `text`: no tag, link, heading, title,
    script, style or comment is left open."""
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


def _remember(piece: str, found: Findings | None) -> Findings | None:
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
            for u in _CSS_URL.finditer(html_lib.unescape(m.group(1) or m.group(2) or ""))
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
        _trackers(text, low),
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


def page_findings(text: str, neutral: Neutral | None = None) -> Findings:
    """A whole page's findings. The page is cut into lines, a line joined to the next while
    something is still open in it; no check matches across a line break outside a tag or such an
    element (a phone number, a URL, a tag's attributes never do), so the pieces' findings joined
    in order are the page's. Each piece is scanned once per process (see _MEMO), and with the
    center's `neutral`, a piece that differs from another center's only by the center's own
    values is not scanned again either."""
    parts: list[Findings] = []
    open_piece: list[str] = []
    for line in _without_data(text).split("\n"):
        if open_piece:
            open_piece.append(line)
            piece = "\n".join(open_piece)
            if not self_contained(piece):
                continue
            open_piece = []
            found = _MEMO.get(piece) or _fresh(piece, neutral, whole=True)
        else:
            found = _MEMO.get(line, _UNSEEN)
            if found is _UNSEEN:
                found = _fresh(line, neutral, whole=False)
            if found is None:
                open_piece = [line]
                continue
        if found is not NOTHING:
            parts.append(found)
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


def _fresh(piece: str, neutral: Neutral | None, whole: bool) -> Findings | None:
    """The findings of a piece the memo does not hold; None when it is a line that continues on
    the next (`whole`: a piece already joined until nothing is open)."""
    if neutral is not None:
        known = neutral.seen.get(piece)
        if known is not None:
            return known
        plain = neutral.apply(piece)
        if plain is not None and plain != piece:
            found = _MEMO.get(plain, _UNSEEN)
            if found is _UNSEEN:
                found = _fresh(plain, None, whole)
            if found is None:
                return _remember(piece, None)
            found = neutral.restore(found)
            # kept for this center only: the number the stand-in hid is its own, not another's
            if len(neutral.seen) >= _SEEN_MAX:  # a long dev-server session: edits pile up
                neutral.seen.clear()
            neutral.seen[piece] = found
            return found
    if not whole:
        found = _plain_head_line(piece)
        if found is not None:
            return _remember(piece, found)  # a <meta>, <title> or menu link: no need to scan it
        if not self_contained(piece):
            return _remember(piece, None)
    return _remember(piece, scan(piece))


_JOINED = (
    "tel", "phones", "urls", "css_urls", "trackers", "forms", "no_alt", "headings", "vague",
)  # fmt: skip


_STAND_INS = re.compile("[\x01-\x05]")
_TRACKER_WORDS = tuple(w for _, words, _ in TRACKERS for w in words)


def _word(ch: str) -> bool:
    r"""What `\w` matches (the patterns' word boundaries)."""
    return ch.isalnum() or ch == "_"


def _number_alone(before: str, after: str) -> bool:
    """Nothing next to the number could make it part of another number (_TEXT_PHONE's edges)."""
    if before and (_word(before) or before in "+.-"):
        return False
    return not after or not (
        _word(after[0]) or (after[0] in "-. " and len(after) > 1 and after[1].isdigit())
    )


def _word_alone(before: str, after: str) -> bool:
    return not (before and _word(before)) and not (after and _word(after[0]))


def _link_target(before: str, after: str) -> bool:
    return before == '"' and after[:1] in ('"', ";", "?")


@dataclass(frozen=True)
class Neutral:
    """A center's own values in its pages (its address, its full address, its main number, that
    number's tel: link and its name), each replaced by a control character before the pages are
    scanned. The lines that differ from center to center only by those values then read the same,
    and the memo scans them once for all centers instead of once per center (at 827 centers, 4.5
    scans a page become 0.6). The findings get the values back before any check reads them.

    A value is replaced only where no check could read it differently: in an attribute value (the
    addresses), where nothing that could continue a number touches it (the number), as a link's
    target (the tel: link), or as a whole word without digits, markup, or any of the words the
    vague-link and tracker checks look for (the name). What that hides from the checks is the
    center's own number and tel: link, which no check reports."""

    #: (the value, what may stand on its left and right, or None: anywhere it appears, stand-in)
    subs: tuple[tuple[str, Callable[[str, str], bool] | None, str], ...] = ()
    back: tuple[tuple[str, str], ...] = ()  # (stand-in, the value)
    #: this center's pieces already given back (its pages share their header, menu, phone lines)
    seen: dict[str, Findings] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, center: Center) -> Neutral:
        subs: list[tuple[str, Callable[[str, str], bool] | None, str]] = []
        base = center.base_url
        path = urlsplit(base).path if base else ""
        if base and not _DIGITS.search(base) and not _STAND_INS.search(base):
            subs.append(('"' + base, None, '"\x01'))
        if len(path) > 1 and not _DIGITS.search(path) and not _STAND_INS.search(path):
            subs.append(('"' + path, None, '"\x02'))
        phone = center.phone
        if phone and phone.e164 != OLD_LIFELINE_E164:
            subs.append((phone.national, _number_alone, "\x03"))
            subs.append((f"tel:{phone.e164}", _link_target, "\x04"))
        name, low = center.name, center.name.lower()
        if (
            len(name) >= 4
            and name == " ".join(name.split())
            and not any(ch.isdigit() or ch in "<>&\"'" or ch < " " for ch in name)
            and not any(low in phrase for phrase in VAGUE)
            and not any(word in low for word in _TRACKER_WORDS)
        ):
            subs.append((name, _word_alone, "\x05"))
        back = tuple((stand_in[-1], value.lstrip('"')) for value, _, stand_in in subs)
        return cls(tuple(subs), back)

    def apply(self, text: str) -> str | None:
        """The text with the center's values replaced; None if it already holds one of the
        stand-ins (its findings could not be given back exactly)."""
        if not self.subs or _STAND_INS.search(text):
            return None
        for value, alone, stand_in in self.subs:
            if value not in text:
                continue
            if alone is None:
                text = text.replace(value, stand_in)
                continue
            parts = text.split(value)
            last = len(parts) - 1
            out = [parts[0]]
            for i in range(1, last + 1):
                prev, nxt = parts[i - 1], parts[i]
                before = (prev or (value if i > 1 else ""))[-1:]
                after = (nxt + (value if i < last else ""))[:2]
                out.append(stand_in if alone(before, after) else value)
                out.append(nxt)
            text = "".join(out)
        return text

    def restore(self, found: Findings) -> Findings:
        """The findings with the center's values back in place of their stand-ins."""
        if found is NOTHING:
            return found
        changed: dict[str, object] = {}
        for name in found.filled:
            values = getattr(found, name)
            if name in ("trackers", "vague", "headings"):
                if _STAND_INS.search("".join(str(a) + b for a, b in values)):
                    changed[name] = tuple((self._back(a), self._back(b)) for a, b in values)
            elif _STAND_INS.search("".join(values)):
                changed[name] = tuple(self._back(v) for v in values)
        if found.title is not None and _STAND_INS.search(found.title):
            changed["title"] = self._back(found.title)
        return replace(found, **changed) if changed else found

    def _back(self, value: _T) -> _T:
        if isinstance(value, str):
            for stand_in, original in self.back:
                value = value.replace(stand_in, original)  # type: ignore[assignment]
        return value


def check_files(
    center: Center,
    files: list[RenderedPage],
    locate: Locate,
    neutrals: dict[Center, Neutral] | None = None,
) -> tuple[dict[str, list[Problem]], list[tuple[str, str, str]]]:
    """Each file's problems (by page id, or path for assets), and each page's title as
    (path, title, page id) for `duplicate_titles`. `neutrals` keeps each center's Neutral (and the
    lines it knows) from one call to the next: the dev server checks one page per center on a
    save, and most of its lines are the center's other pages' lines. A build checks each center
    once and keeps nothing."""
    per_file: dict[str, list[Problem]] = {}
    titles: list[tuple[str, str, str]] = []
    own = center.own_numbers | PUBLIC_E164
    allowed = {_origin(u) for u in center.allowed_origins}
    site_origin = _origin(center.base_url) if center.base_url else ""
    neutral = neutrals.get(center) if neutrals is not None else None
    if neutral is None:
        neutral = Neutral.of(center)
        if neutrals is not None:
            neutrals[center] = neutral
    for f in files:
        if f.path.endswith(".css") or f.path.endswith(".js"):
            per_file[f.page_id or f.path] = _asset_problems(f, allowed, site_origin, locate)
            continue
        if not f.path.endswith(".html"):
            continue
        found = page_findings(f.data.decode("utf-8"), neutral)
        out = _numbers(f, found, own, locate)
        out += _third_parties(f, found, allowed, site_origin, locate)
        out += [
            _p(locate(f, code), msg.TRACKER.format(what=what), msg.TRACKER_HINT)
            for what, code in _first_of_each(found.trackers)
        ]
        out += _forms(f, found, center, locate)
        out += _accessibility(f, found, locate)
        per_file[f.page_id or f.path] = out
        title = html_lib.unescape(found.title.strip()) if found.title is not None else ""
        if f.path != "404.html" and title:
            titles.append((f.path, title, f.page_id))
    return per_file, titles


def duplicate_titles(titles: list[tuple[str, str, str]], locate: Locate) -> list[Problem]:
    """Two pages of one site with the same title: each later one, naming the first (by its source
    file when it has one, else by path)."""
    out = []
    first: dict[str, str] = {}
    for path, title, page_id in sorted(titles):
        if title not in first:
            where = locate(RenderedPage(path, b"", page_id), title)
            first[title] = where.file if where.file.startswith("content/") else path
            continue
        if title in first:
            out.append(
                _p(
                    locate(RenderedPage(path, b"", page_id), title),
                    msg.DUPLICATE_TITLE.format(title=title, other=first[title]),
                    msg.DUPLICATE_TITLE_HINT,
                )
            )
    return out


def _p(mark: Mark, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(mark, message, hint, severity)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _numbers(f: RenderedPage, found: Findings, ok: frozenset[str], locate: Locate) -> list[Problem]:
    out = []
    for target in found.tel:
        if target in SHORT_OK:
            continue
        e164 = _e164(target)
        if e164 == OLD_LIFELINE_E164:
            out.append(
                _p(locate(f, target), msg.OLD_LIFELINE_OUT, msg.OLD_LIFELINE_HINT, Severity.WARNING)
            )
        elif e164 not in ok:
            out.append(
                _p(
                    locate(f, target),
                    msg.FOREIGN_NUMBER.format(value=target),
                    msg.FOREIGN_NUMBER_HINT,
                )
            )
    for text in found.phones:
        e164 = _e164(text)
        if e164 == OLD_LIFELINE_E164:
            out.append(
                _p(locate(f, text), msg.OLD_LIFELINE_OUT, msg.OLD_LIFELINE_HINT, Severity.WARNING)
            )
        elif e164 and e164 not in ok:
            out.append(
                _p(locate(f, text), msg.FOREIGN_NUMBER.format(value=text), msg.FOREIGN_NUMBER_HINT)
            )
    return out


@functools.lru_cache(maxsize=4096)
def _e164(text: str) -> str:
    try:
        n = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)


def _foreign(url: str, allowed: set[str], site_origin: str) -> bool:
    url = html_lib.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return False
    if parts.scheme in ("data",):
        return False
    origin = _origin(url)
    return origin != site_origin and origin not in allowed


def _third_parties(
    f: RenderedPage, found: Findings, allowed: set[str], site_origin: str, locate: Locate
) -> list[Problem]:
    return [
        _p(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
        for url in (*found.urls, *found.css_urls)
        if _foreign(url, allowed, site_origin)
    ]


def _asset_problems(
    f: RenderedPage, allowed: set[str], site_origin: str, locate: Locate
) -> list[Problem]:
    text = f.data.decode("utf-8", "replace")
    out = []
    if f.path.endswith(".css"):
        for u in _CSS_URL.finditer(text):
            url = u.group(1) or u.group(2)
            if _foreign(url, allowed, site_origin):
                out.append(
                    _p(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
                )
    return out + [
        _p(locate(f, code), msg.TRACKER.format(what=what), msg.TRACKER_HINT)
        for what, code in _trackers(text, text.lower(), html=False)
    ]


_CODE_TAGS = re.compile(r"<(?:script|img|iframe|link|embed|object|source)")  # on lowered text
_HANDLER = re.compile(r'\bon\w+="')
_CODE = re.compile(
    r"<script\b[^>]*>.*?</script>|<(?:img|iframe|link|embed|object|source)\b[^>]*>|\bon\w+=\"[^\"]*\"|style=\"[^\"]*\"",
    re.S | re.I,
)


def _trackers(text: str, lowered: str, html: bool = True) -> tuple[tuple[str, str], ...]:
    """Tracking code lives in scripts, embeds, images, event handlers and styles: search those
    parts only (a page's prose may mention Google without being a tracker)."""
    if html and not (_CODE_TAGS.search(lowered) or "style=" in lowered or _HANDLER.search(lowered)):
        return ()
    suspects = [(what, rx) for what, words, rx in TRACKERS if any(w in lowered for w in words)]
    if not suspects:
        return ()
    if html:
        text = "\n".join(m.group(0) for m in _CODE.finditer(text))
    return tuple((what, m.group(0)) for what, rx in suspects if (m := rx.search(text)))


def _first_of_each(found: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """One problem per kind of tracker and page, at its first match, in the table's order."""
    first: dict[str, str] = {}
    for what, code in found:
        first.setdefault(what, code)
    return [(what, first[what]) for what, _, _ in TRACKERS if what in first]


def _forms(f: RenderedPage, found: Findings, center: Center, locate: Locate) -> list[Problem]:
    out = []
    for attrs in found.forms:
        ep = center.form_endpoint
        if ep is None or not ep.hipaa_covered or not ep.url.startswith("https://"):
            out.append(_p(locate(f, "<form"), msg.FORM, msg.FORM_HINT))
            continue
        action = re.search(r'\baction="([^"]*)"', attrs)
        method = re.search(r'\bmethod="([^"]*)"', attrs)
        if (
            not action
            or html_lib.unescape(action.group(1)) != ep.url
            or not method
            or method.group(1).lower() != "post"
        ):
            out.append(
                _p(
                    locate(f, "<form"),
                    msg.FORM_TARGET.format(action=action.group(1) if action else ""),
                    msg.FORM_TARGET_HINT,
                )
            )
    return out


def _accessibility(f: RenderedPage, found: Findings, locate: Locate) -> list[Problem]:
    out = []
    if not found.lang:
        out.append(_p(locate(f, "<html"), msg.NO_LANG, ""))
    out += [_p(locate(f, src), msg.NO_ALT, msg.NO_ALT_HINT) for src in found.no_alt]
    headings = found.headings
    h1 = sum(1 for level, _ in headings if level == 1)
    if h1 != 1:  # a second h1 is usually a "# Heading" in the page: point at it
        second = next((text for level, text in headings[1:] if level == 1), "")
        where = locate(f, second) if second else locate(f, "<h1")
        out.append(_p(where, msg.H1_COUNT.format(count=h1), msg.H1_COUNT_HINT))
    for (a, _), (b, label) in zip(headings, headings[1:], strict=False):
        if b > a + 1:
            out.append(
                _p(
                    locate(f, label),
                    msg.SKIPPED_HEADING.format(text=label, a=a, b=b),
                    msg.SKIPPED_HEADING_HINT,
                )
            )
    if found.title is None or not found.title.strip():
        out.append(_p(locate(f, "<title"), msg.EMPTY_TITLE, msg.DUPLICATE_TITLE_HINT))
    out += [
        _p(
            locate(f, inner),
            msg.VAGUE_LINK.format(text=label),
            msg.VAGUE_LINK_HINT,
            Severity.WARNING,
        )
        for label, inner in found.vague
    ]
    return out


def check_directory_files(
    files: list[RenderedPage], own: frozenset[str], site_origin: str, locate: Locate
) -> tuple[list[Problem], list[tuple[str, str, str]]]:
    """The network directory's files (directory.py), checked like a center's: every number is a
    listed center's or a vetted public line, nothing loads from another origin, no tracker, the
    accessibility checks. Its one form lists centers by state: a GET form to its own page, which
    sends nothing anywhere else; any other form is an error."""
    out: list[Problem] = []
    titles: list[tuple[str, str, str]] = []
    for f in files:
        if f.path.endswith((".css", ".js")):
            out += _asset_problems(f, set(), site_origin, locate)
            continue
        if not f.path.endswith(".html"):
            continue
        found = page_findings(f.data.decode("utf-8"))
        out += _numbers(f, found, own | PUBLIC_E164, locate)
        out += _third_parties(f, found, set(), site_origin, locate)
        out += [
            _p(locate(f, code), msg.TRACKER.format(what=what), msg.TRACKER_HINT)
            for what, code in _first_of_each(found.trackers)
        ]
        for attrs in found.forms:
            action = re.search(r'\baction="([^"]*)"', attrs)
            method = re.search(r'\bmethod="([^"]*)"', attrs)
            own_page = action is not None and action.group(1).startswith("/")
            if not (own_page and method and method.group(1).lower() == "get"):
                out.append(_p(locate(f, "<form"), msg.FORM, msg.FORM_HINT))
        out += _accessibility(f, found, locate)
        title = html_lib.unescape(found.title.strip()) if found.title is not None else ""
        if f.path != "404.html" and title:
            titles.append((f.path, title, f.page_id))
    return out, titles
