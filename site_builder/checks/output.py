"""Checks on a center's built pages: phone integrity, third parties, trackers, forms, and the
accessibility basics a browser is not needed for. Regular expressions over our own generated HTML:
a parser per page per center would cost more than the build (see the scale benchmark)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable
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


def check_center(center: Center, files: list[RenderedPage], locate: Locate) -> list[Problem]:
    out: list[Problem] = []
    own = center.own_numbers
    allowed = {_origin(u) for u in center.allowed_origins}
    site_origin = _origin(center.base_url) if center.base_url else ""
    titles: dict[str, str] = {}
    for f in files:
        if f.path.endswith(".css") or f.path.endswith(".js"):
            out += _asset_problems(f, allowed, site_origin, locate)
            continue
        if not f.path.endswith(".html"):
            continue
        text = f.data.decode("utf-8")
        out += _numbers(f, text, own, locate)
        out += _third_parties(f, text, allowed, site_origin, locate)
        out += _forms(f, text, center, locate)
        out += _accessibility(f, text, locate)
        title = html_lib.unescape(m.group(1).strip()) if (m := _TITLE.search(text)) else ""
        if f.path != "404.html" and title:
            if title in titles:
                out.append(
                    _p(
                        locate(f, title),
                        msg.DUPLICATE_TITLE.format(title=title, other=titles[title]),
                        msg.DUPLICATE_TITLE_HINT,
                    )
                )
            titles.setdefault(title, f.path)
    return out


def _p(mark: Mark, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(mark, message, hint, severity)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _numbers(f: RenderedPage, text: str, own: frozenset[str], locate: Locate) -> list[Problem]:
    out = []
    ok = own | PUBLIC_E164
    for m in _HREF.finditer(text):
        target = html_lib.unescape(m.group(1)).split(":", 1)[1].split(";")[0].split("?")[0]
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
    visible = html_lib.unescape(_TAGS.sub(" ", text))
    for m in _TEXT_PHONE.finditer(visible):
        e164 = _e164(m.group(0))
        if e164 == OLD_LIFELINE_E164:
            out.append(
                _p(
                    locate(f, m.group(0)),
                    msg.OLD_LIFELINE_OUT,
                    msg.OLD_LIFELINE_HINT,
                    Severity.WARNING,
                )
            )
        elif e164 and e164 not in ok:
            out.append(
                _p(
                    locate(f, m.group(0)),
                    msg.FOREIGN_NUMBER.format(value=m.group(0)),
                    msg.FOREIGN_NUMBER_HINT,
                )
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
    f: RenderedPage, text: str, allowed: set[str], site_origin: str, locate: Locate
) -> list[Problem]:
    out = []
    for tag in _TAG_ATTR.finditer(text):
        name, attrs = tag.group(1).lower(), tag.group(2)
        if name == "link" and re.search(
            r'\brel="(?:canonical|alternate|author|license|me)"', attrs
        ):
            continue
        for attr in _ATTR.finditer(attrs):
            for url in (
                attr.group(2).split(",") if attr.group(1).lower() == "srcset" else [attr.group(2)]
            ):
                url = url.strip().split(" ")[0]
                if url and _foreign(url, allowed, site_origin):
                    out.append(
                        _p(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
                    )
    for m in re.finditer(r'style="([^"]*)"|<style\b[^>]*>(.*?)</style>', text, re.S | re.I):
        css = html_lib.unescape(m.group(1) or m.group(2) or "")
        for u in _CSS_URL.finditer(css):
            url = u.group(1) or u.group(2)
            if _foreign(url, allowed, site_origin):
                out.append(
                    _p(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
                )
    out += _trackers(f, text, locate)
    return out


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
    return out + _trackers(f, text, locate)


_CODE = re.compile(
    r"<script\b[^>]*>.*?</script>|<(?:img|iframe|link|embed|object|source)\b[^>]*>|\bon\w+=\"[^\"]*\"|style=\"[^\"]*\"",
    re.S | re.I,
)


def _trackers(f: RenderedPage, text: str, locate: Locate) -> list[Problem]:
    """Tracking code lives in scripts, embeds, images, event handlers and styles: search those
    parts only (a page's prose may mention Google without being a tracker)."""
    lowered = text.lower()
    suspects = [(what, rx) for what, words, rx in TRACKERS if any(w in lowered for w in words)]
    if not suspects:
        return []
    if f.path.endswith(".html"):
        text = "\n".join(m.group(0) for m in _CODE.finditer(text))
    out = []
    for what, rx in suspects:
        m = rx.search(text)
        if m:
            out.append(_p(locate(f, m.group(0)), msg.TRACKER.format(what=what), msg.TRACKER_HINT))
    return out


def _forms(f: RenderedPage, text: str, center: Center, locate: Locate) -> list[Problem]:
    out = []
    for m in _FORM.finditer(text):
        ep = center.form_endpoint
        if ep is None or not ep.hipaa_covered or not ep.url.startswith("https://"):
            out.append(_p(locate(f, "<form"), msg.FORM, msg.FORM_HINT))
            continue
        action = re.search(r'\baction="([^"]*)"', m.group(1))
        method = re.search(r'\bmethod="([^"]*)"', m.group(1))
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


def _accessibility(f: RenderedPage, text: str, locate: Locate) -> list[Problem]:
    out = []
    if not _HTML_LANG.search(text):
        out.append(_p(locate(f, "<html"), msg.NO_LANG, ""))
    for m in _IMG.finditer(text):
        if not re.search(r"\balt=", m.group(1)):
            src = re.search(r'\bsrc="([^"]*)"', m.group(1))
            out.append(_p(locate(f, src.group(1) if src else "<img"), msg.NO_ALT, msg.NO_ALT_HINT))
    headings = [
        (int(m.group(1)), " ".join(_TAGS.sub(" ", m.group(2)).split()))
        for m in _HEADING.finditer(text)
    ]
    h1 = sum(1 for level, _ in headings if level == 1)
    if h1 != 1:
        out.append(_p(locate(f, "<h1"), msg.H1_COUNT.format(count=h1), msg.H1_COUNT_HINT))
    for (a, _), (b, label) in zip(headings, headings[1:], strict=False):
        if b > a + 1:
            out.append(
                _p(
                    locate(f, label),
                    msg.SKIPPED_HEADING.format(text=label, a=a, b=b),
                    msg.SKIPPED_HEADING_HINT,
                )
            )
    title = _TITLE.search(text)
    if not title or not title.group(1).strip():
        out.append(_p(locate(f, "<title"), msg.EMPTY_TITLE, msg.DUPLICATE_TITLE_HINT))
    for m in _LINK_TEXT.finditer(text):
        label = " ".join(html_lib.unescape(_TAGS.sub(" ", m.group(1))).split()).lower().rstrip(".")
        if label in VAGUE:
            out.append(
                _p(
                    locate(f, m.group(1).strip()),
                    msg.VAGUE_LINK.format(text=label),
                    msg.VAGUE_LINK_HINT,
                    Severity.WARNING,
                )
            )
    return out
