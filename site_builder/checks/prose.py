"""The prose of a source page, with the source line each block and phrase came from.

Checks that read words (readability, plain language, claims) run on this once per source page,
never once per center: Jinja expressions are replaced by a neutral phrase before reading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..content import Page
from ..markdown import Converter

_EXPR = re.compile(r"{{.*?}}", re.S)
_STMT = re.compile(r"{%.*?%}|{#.*?#}", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z0-9ÁÉÍÓÚÑ¿¡\"“(])")
_MD_NOISE = re.compile(r"\]\([^)]*\)|[*_`\[\]>#]")
NEUTRAL = "the center"


@dataclass(frozen=True)
class SourceLine:
    line: int
    text: str  # with Jinja removed, Markdown kept


@dataclass(frozen=True)
class Block:
    text: str
    line: int


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int

    @property
    def words(self) -> int:
        return len(self.text.split())


def strip_jinja(text: str) -> str:
    """Remove Jinja but keep every newline, so line numbers stay true."""
    text = _STMT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return _EXPR.sub(lambda m: NEUTRAL + "\n" * m.group(0).count("\n"), text)


def fragments(page: Page) -> Iterator[tuple[str, int]]:
    """(Markdown source, first line) of every prose fragment: the body and each FAQ answer."""
    yield page.body, page.body_line
    for item in page.faq:
        yield item.answer, item.line


def source_lines(page: Page) -> list[SourceLine]:
    out = []
    for text, first in fragments(page):
        for i, line in enumerate(strip_jinja(text).split("\n")):
            out.append(SourceLine(first + i, line))
    return out


def blocks(page: Page, converter: Converter) -> list[Block]:
    """Paragraphs and list items of running text. Headings, addresses, tables and lists of short
    items (names, places) are left out: they are not sentences."""
    lines = source_lines(page)
    out: list[Block] = []
    from bs4 import BeautifulSoup  # imported on first use: a no-op build never needs it

    for text, first in fragments(page):
        soup = BeautifulSoup(converter.convert(strip_jinja(text)), "html.parser")
        for tag in soup.find_all(["p", "li", "dd"]):
            if tag.find_parent(["table", "address"]) or (tag.name == "p" and tag.find_parent("li")):
                continue
            if tag.name == "li" and _short_list(tag):
                continue
            body = " ".join(tag.get_text(" ").split())
            if body:
                out.append(Block(body, _find_line(body, lines, first)))
    return out


def sentences(block: Block, lines: list[SourceLine] | None = None) -> list[Sentence]:
    parts = [p.strip() for p in _SENTENCE_END.split(block.text) if p.strip()]
    if not lines:
        return [Sentence(p, block.line) for p in parts]
    after = [sl for sl in lines if sl.line >= block.line]
    return [Sentence(p, _find_line(p, after, block.line)) for p in parts]


def line_of_word(word: str, block: Block, lines: list[SourceLine]) -> int:
    """The source line of the first `word` in a paragraph that spans several lines."""
    rx = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    return next(
        (sl.line for sl in lines if sl.line >= block.line and rx.search(sl.text)), block.line
    )


def _short_list(li) -> bool:  # type: ignore[no-untyped-def]
    parent = li.parent
    items = parent.find_all("li", recursive=False) if parent else [li]
    return all(
        len(i.get_text(" ").split()) < 4 and not re.search(r"[.!?]$", i.get_text().strip())
        for i in items
    )


def _find_line(text: str, lines: list[SourceLine], default: int) -> int:
    probe = " ".join(text.split()[:4])
    for sl in lines:
        if probe and probe in " ".join(_MD_NOISE.sub("", sl.text).split()):
            return sl.line
    first_word = text.split()[0] if text.split() else ""
    for sl in lines:
        if first_word and first_word in sl.text:
            return sl.line
    return default
