"""Bounds on what a page's Markdown may ask of Python-Markdown, checked before it converts.

Python-Markdown is quadratic on some input: each `[` (and each `(` after `](`) scans to the end of
its paragraph for the matching bracket, a `<` that starts a tag scans to the next `>`, an unclosed
code fence scans to the end of the page, and nested lists and quotes recurse once per level. A
page of 50,000 `[](` took minutes and 1,000 nested lists ended in an internal error. These bounds
sit far above anything an editor writes (the sample's busiest page uses 3% of the bracket budget)
and turn such input into a plain error at its line, found in milliseconds."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import messages as msg

MAX_PAGE = 100_000  # characters of a page file (front matter included)
MAX_RUN = 200  # Markdown punctuation in a row
MAX_NESTING = 20  # levels of lists and quotes on one line
MAX_BLOCK_LINES = 500  # lines with no blank line between them
MAX_BLOCKS = 2_000  # paragraphs, headings, lists… (blank-line separated; each costs ~60 µs)
MAX_FENCES = 100  # lines opening or closing a code block (``` or ~~~)
MAX_MARKS = 5_000  # * _ \ < and & in one text (each can cost ~50-100 µs of Python-Markdown)
#: Characters scanned for brackets: each `[` scans its paragraph (the worst case costs ~0.5 µs a
#: character), each `<` that opens a tag scans to the next `>` (cheaper: counted at a tenth).
MAX_BRACKET_WORK = 1_000_000

_MARKS = "*_\\<&"  # emphasis, escapes, tags and entities: each is a piece Python-Markdown builds
_RUN = re.compile(rf"[*_\[\]()<>!`\\]{{{MAX_RUN + 1},}}")
_RULE = re.compile(r"[ ]{0,3}([-*_])(?:[ ]*\1)*[ ]*")  # a whole line of one mark: a rule, fast
#: What opens lists and quotes at the start of a line ("> 1. - " is three levels).
_PREFIX = re.compile(r"^(?:[ \t>]|(?:[*+-]|\d{1,9}[.)])(?=[ \t]))+", re.M)
#: One level: a quote mark or a list marker, with the space that belongs to it.
_LEVEL = re.compile(r">[ ]?|(?:[*+-]|\d{1,9}[.)])[ \t]+")
_FENCE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True)
class Excess:
    """Where a text goes past a bound: a 1-based line within the text, the message and the fix."""

    line: int
    message: str
    hint: str


def check_size(text: str) -> Excess | None:
    if len(text) <= MAX_PAGE:
        return None
    line = text.count("\n", 0, MAX_PAGE) + 1
    return Excess(
        line, msg.PAGE_TOO_BIG.format(size=len(text), limit=MAX_PAGE), msg.PAGE_TOO_BIG_HINT
    )


def check(text: str) -> Excess | None:
    """The first bound `text` (Markdown, as the converter will read it) goes past, or None."""
    fences = [m.start() for m in _FENCE.finditer(text)]
    if len(fences) > MAX_FENCES:
        return Excess(
            _line(text, fences[MAX_FENCES]),
            msg.MARKDOWN_FENCES.format(count=len(fences)),
            msg.MARKDOWN_FENCES_HINT,
        )
    for m in _RUN.finditer(text):
        if not _RULE.fullmatch(_line_at(text, m.start())):
            return Excess(
                _line(text, m.start()),
                msg.MARKDOWN_RUN.format(count=m.end() - m.start()),
                msg.MARKDOWN_RUN_HINT,
            )
    for m in _PREFIX.finditer(text):
        prefix = m.group(0)
        if len(prefix) <= MAX_NESTING or _RULE.fullmatch(_line_at(text, m.start())):
            continue  # (each character is a level at most; "- - -" is a rule)
        levels = _LEVEL.findall(prefix)
        depth = len(levels) + len(_LEVEL.sub("", prefix).expandtabs(4)) // 4
        if depth > MAX_NESTING:
            return Excess(
                _line(text, m.start()),
                msg.MARKDOWN_NESTING.format(depth=depth, limit=MAX_NESTING),
                msg.MARKDOWN_NESTING_HINT,
            )
    return _marks(text) or _blocks(text)


def _blocks(text: str) -> Excess | None:
    """Paragraphs, lists and tables (text between blank lines): a block of many lines is split
    one line at a time by some of Python-Markdown's processors (each time copying the rest), and a
    long definition list recurses once per term; each `[` scans its paragraph, each `<` that opens
    a tag scans to the next `>`."""
    tags = "<" in text
    closes = [m.start() for m in re.finditer(">", text)] if tags else []
    work: list[tuple[int, int, int]] = []  # (bracket work, brackets, start) per block
    start = 0
    for n, brk in enumerate([*_PARAGRAPH_BREAK.finditer(text), None]):
        if n == MAX_BLOCKS:
            return Excess(
                _line(text, start),
                msg.MARKDOWN_BLOCKS.format(limit=MAX_BLOCKS),
                msg.PAGE_TOO_BIG_HINT,
            )
        end = brk.start() if brk else len(text)
        lines = text.count("\n", start, end) + (not text.endswith("\n", start, end))
        if lines > MAX_BLOCK_LINES:
            return Excess(
                _line(text, start) + MAX_BLOCK_LINES,
                msg.MARKDOWN_BLOCK_LINES.format(lines=lines, limit=MAX_BLOCK_LINES),
                msg.MARKDOWN_BLOCK_LINES_HINT,
            )
        brackets = text.count("[", start, end)
        cost = brackets * (end - start)
        if tags:
            for m in _TAG_OPEN.finditer(text, start, end):
                i = bisect.bisect(closes, m.start())
                cost += ((closes[i] if i < len(closes) else len(text)) - m.start()) // 10
                brackets += 1
        work.append((cost, brackets, start))
        start = brk.end() if brk else end
    if sum(w for w, _, _ in work) <= MAX_BRACKET_WORK:
        return None
    _, brackets, at = max(work)
    line = _line(text, at + len(text[at:]) - len(text[at:].lstrip()))
    return Excess(line, msg.MARKDOWN_BRACKETS.format(count=brackets), msg.MARKDOWN_BRACKETS_HINT)


def _marks(text: str) -> Excess | None:
    count = sum(text.count(c) for c in _MARKS)
    if count <= MAX_MARKS:
        return None
    at = _nth(text, MAX_MARKS)
    return Excess(_line(text, at), msg.MARKDOWN_MARKS.format(count=count), msg.MARKDOWN_MARKS_HINT)


def _nth(text: str, n: int) -> int:
    """Where the n-th of the _MARKS in `text` is."""
    for i, m in enumerate(re.finditer(r"[*_\\<&]", text)):
        if i == n:
            return m.start()
    return 0


def _line_at(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
