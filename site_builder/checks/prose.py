"""The prose of a source page, with the source line each block and phrase came from.

Checks that read words (readability, plain language, claims) run on this once per source page,
never once per center: Jinja expressions are replaced by a neutral phrase before reading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement

from ..content import Page
from ..markdown import Converter
from ..postprocess import plain

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
    return read(page, converter)[0]


def read(page: Page, converter: Converter) -> tuple[list[Block], list[Block]]:
    """The running text (`blocks`), and the first line of each code box a line's leading tab or
    four spaces made by mistake (a fenced ``` block is meant, and not listed)."""
    lines = source_lines(page)
    out: list[Block] = []
    code: list[Block] = []
    for text, first in fragments(page):
        html, tree = converter.convert_visiting(strip_jinja(text), _whole_tree)
        root = tree if tree is not None else _parsed(html)
        for body in running_text(root):
            out.append(Block(body, _find_line(body, lines, first)))
        for pre in root.iter("pre"):
            start = "".join(pre.itertext()).strip().split("\n")[0].strip()
            line = next(
                (
                    sl.line
                    for sl in lines
                    if sl.line >= first and sl.text.startswith(("\t", "    ")) and start in sl.text
                ),
                0,
            )
            if start and line:
                code.append(Block(start, line))
    return out, code


def _whole_tree(root: Element, stashed: bool) -> Element | None:
    """Markdown's tree, when it holds the whole fragment (no raw HTML set aside as text)."""
    return None if stashed else root


def _parsed(html: str) -> Element:
    """The written HTML as a tree like Markdown's, for a fragment with raw HTML in it."""
    from bs4 import BeautifulSoup, Tag  # imported on first use: most pages never need it

    def build(tag: Tag, into: Element) -> None:
        last: Element | None = None
        for child in tag.children:
            if isinstance(child, Tag):
                last = SubElement(into, child.name)
                build(child, last)
            elif last is None:
                into.text = (into.text or "") + str(child)
            else:
                last.tail = (last.tail or "") + str(child)

    root = Element("div")
    build(BeautifulSoup(html, "html.parser"), root)
    return root


def running_text(root: Element) -> Iterator[str]:
    """The text of each paragraph, list item and definition that is running text, in order."""
    parents = {child: parent for parent in root.iter() for child in parent}

    def inside(el: Element, names: tuple[str, ...]) -> bool:
        up = parents.get(el)
        while up is not None:
            if up.tag in names:
                return True
            up = parents.get(up)
        return False

    for el in root.iter():
        if el.tag not in ("p", "li", "dd") or el is root:
            continue
        if inside(el, ("table", "address")) or (el.tag == "p" and inside(el, ("li",))):
            continue
        if el.tag == "li" and _short_list(el, parents.get(el)):
            continue
        body = _words(el)
        if body:
            yield body


def _words(el: Element) -> str:
    return " ".join((plain(" ".join(el.itertext())) or "").split())


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


def _short_list(li: Element, parent: Element | None) -> bool:
    items = [i for i in parent if i.tag == "li"] if parent is not None else [li]
    return all(
        len(_words(i).split()) < 4
        and not re.search(r"[.!?]$", (plain("".join(i.itertext())) or "").strip())
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
