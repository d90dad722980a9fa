"""Each built file of a site judged against the site's facts (facts.py): every number shown is
the site's own or a public line, nothing loads from another origin, no tracking code, forms send
only where they may, and the accessibility basics a browser is not needed for. What a page holds
is read piece by piece (findings.py); a theme's CSS and JavaScript once per file (assets.py)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable

import phonenumbers

from .. import messages as msg
from ..numbers import OLD_LIFELINE_E164
from ..problems import Mark, Problem, Severity
from ..rendered import RenderedPage
from . import assets
from .facts import Locate, SiteFacts, foreign
from .findings import TRACKERS, Findings, page_findings

SHORT_OK = {"988", "911", "741741", "838255"}
_TAG = re.compile(r"<[^>]*>")
#: Whether a text of a built page was typed into its shared page's Markdown.
Typed = Callable[[RenderedPage, str], bool]


def _nowhere(f: RenderedPage, text: str) -> bool:
    return False


#: (path, title, page id) of a page, for duplicate_titles
Title = tuple[str, str, str]


def check_files(
    facts: SiteFacts,
    files: list[RenderedPage],
    locate: Locate,
    typed: Typed | None = None,
    own: tuple[str, ...] = (),
) -> tuple[dict[str, list[Problem]], list[Title]]:
    """Each file's problems (by page id, or path for assets), and each page's title as
    (path, title, page id) for `duplicate_titles`. `typed`: whether a text was typed into a
    shared page's Markdown, where the wording check reports a number (checks/wording.py);
    `own`: how the pages write their own site's address (findings.page_findings)."""
    per_file: dict[str, list[Problem]] = {}
    titles: list[Title] = []
    for f in files:
        if assets.is_asset(f.path):
            per_file[f.page_id or f.path] = assets.problems(f, facts, locate)
            continue
        if not f.path.endswith(".html"):
            continue
        found = page_findings(f.data.decode("utf-8"), own)
        per_file[f.page_id or f.path] = check_page(f, found, facts, locate, typed)
        title = html_lib.unescape(found.title.strip()) if found.title is not None else ""
        if f.path != "404.html" and title:
            titles.append((f.path, title, f.page_id))
    return per_file, titles


def check_page(
    f: RenderedPage, found: Findings, facts: SiteFacts, locate: Locate, typed: Typed | None = None
) -> list[Problem]:
    out = _numbers(f, found, facts.numbers, locate, typed or _nowhere)
    out += [
        _p(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
        for url in (*found.urls, *found.css_urls)
        if foreign(url, facts)
    ]
    out += [
        _p(locate(f, code), msg.TRACKER.format(what=what), msg.TRACKER_HINT)
        for what, code in _first_of_each(found.trackers)
    ]
    out += _forms(f, found, facts, locate)
    return out + _accessibility(f, found, locate)


def duplicate_titles(titles: list[Title], locate: Locate) -> list[Problem]:
    """Two pages of one site with the same title: each later one, naming the first (by its source
    file when it has one, else by path)."""
    out = []
    first: dict[str, str] = {}
    for path, title, page_id in sorted(titles):
        where = locate(RenderedPage(path, b"", page_id), title)
        if title not in first:
            first[title] = where.file if where.file.startswith("content/") else path
            continue
        out.append(
            _p(
                where,
                msg.DUPLICATE_TITLE.format(title=title, other=first[title]),
                msg.DUPLICATE_TITLE_HINT,
            )
        )
    return out


def _p(mark: Mark, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(mark, message, hint, severity)


def _numbers(
    f: RenderedPage, found: Findings, ok: frozenset[str], locate: Locate, typed: Typed
) -> list[Problem]:
    """Numbers that came from the center's values or the theme; one typed into a shared page's
    Markdown is the wording check's, at its column (one mistake, one message)."""
    out = []
    links = ((text, True) for text in found.tel)  # tel:/sms: targets, then numbers in the text
    for text, link in (*links, *((text, False) for text in found.phones)):
        if link and text in SHORT_OK:
            continue
        e164 = _e164(text)
        if not link and not e164:
            continue  # text that only looks like a number
        if e164 in ok and e164 != OLD_LIFELINE_E164:
            continue  # the usual case, decided without searching the page's source
        if typed(f, text):
            continue
        if e164 == OLD_LIFELINE_E164:
            out.append(
                _p(locate(f, text), msg.OLD_LIFELINE_OUT, msg.OLD_LIFELINE_HINT, Severity.WARNING)
            )
        else:
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


def _first_of_each(found: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """One problem per kind of tracker and page, at its first match, in the table's order."""
    first: dict[str, str] = {}
    for what, code in found:
        first.setdefault(what, code)
    return [(what, first[what]) for what, _, _ in TRACKERS if what in first]


_ACTION = re.compile(r'\baction="([^"]*)"')
_METHOD = re.compile(r'\bmethod="([^"]*)"')


def _forms(f: RenderedPage, found: Findings, facts: SiteFacts, locate: Locate) -> list[Problem]:
    out = []
    for attrs in found.forms:
        action, method = _ACTION.search(attrs), _METHOD.search(attrs)
        post = method is not None and method.group(1).lower() == "post"
        if facts.own_get_forms:  # the directory's list of centers by state
            own_page = action is not None and action.group(1).startswith("/")
            if not (own_page and method and method.group(1).lower() == "get"):
                out.append(_p(locate(f, "<form"), msg.FORM, msg.FORM_HINT))
        elif not facts.form_endpoint:
            out.append(_p(locate(f, "<form"), msg.FORM, msg.FORM_HINT))
        elif not action or html_lib.unescape(action.group(1)) != facts.form_endpoint or not post:
            out.append(
                _p(
                    locate(f, "<form"),
                    msg.FORM_TARGET.format(action=action.group(1) if action else ""),
                    msg.FORM_TARGET_HINT,
                )
            )
    return out


@functools.lru_cache(maxsize=4096)
def _wordless(label: str) -> bool:
    """A heading with no letter or digit (the same headings come back on every page)."""
    return not any(ch.isalnum() for ch in _TAG.sub("", html_lib.unescape(label)))


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
    out += [
        _p(locate(f, label), msg.WORDLESS_HEADING.format(text=label), msg.WORDLESS_HEADING_HINT)
        for _, label in headings
        if _wordless(label)
    ]
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
