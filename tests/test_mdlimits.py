"""Pathological Markdown is a plain error at its line, found before Python-Markdown sees it.

Each case below took seconds to minutes in Python-Markdown 3.11 (or ended in a RecursionError,
exit 3) when it was found; the tests assert the error, never a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, make_project, run_build

from site_builder import mdlimits
from site_builder.problems import Problems

INTRO = "Some text.\n\n"

CASES = {
    # id: (body, line of the error within the body, words of the message)
    "link-run": ("[](" * 16_700, 3, "run of 50,100 Markdown characters"),
    "star-underscore-run": ("x " + "*_" * 25_000 + " y", 3, "run of 50,000 Markdown characters"),
    "backslash-run": ("\\" * 1000, 3, "run of 1,000 Markdown characters"),
    "spaced-brackets": ("[a " * 3000, 3, "this paragraph has 3,000 [ and < characters"),
    "unclosed-tags": ("<a " * 3000, 3, "this paragraph has 3,000 [ and < characters"),
    "spaced-emphasis": ("*a* " * 3000, 3, "this text has 6,000 of the characters * _ \\ < and &"),
    "tags": ("<b>" * 6000, 3, "of the characters * _ \\ < and &"),
    "entities": ("&#1" * 6000, 3, "of the characters * _ \\ < and &"),
    "headings-in-one-block": ("# a\n" * 5000, 503, "5,000 lines with no blank line between them"),
    "setext-lines": ("-\n" * 20_000, 503, "20,000 lines with no blank line"),
    "definitions": ("a:\n: b\n" * 600, 503, "1,200 lines with no blank line"),
    "paragraphs": ("a\n\n" * 3000, 4001, "more than 2,000 paragraphs"),
    "unclosed-fences": ("```x\n" * 5000, 103, "5,000 lines starting with ``` or ~~~"),
    "nested-quotes": ("> " * 30 + "a\n", 3, "nests lists or quotes 30 levels deep"),
    "compact-lists": ("1. " * 500 + "x\n", 3, "nests lists or quotes 500 levels deep"),
    "indented-lists": (
        "".join("    " * i + "- a\n" for i in range(300)),
        23,
        "nests lists or quotes 21 levels deep",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_pathological_markdown_is_an_error_at_its_line(case: str) -> None:
    body, line, words = CASES[case]
    excess = mdlimits.check(INTRO + body)
    assert excess is not None
    assert words in excess.message
    assert excess.line == line
    assert excess.hint


def test_a_rule_of_many_stars_is_not_a_run() -> None:
    assert mdlimits.check("Above\n\n" + "*" * 500 + "\n\nBelow\n") is None
    assert mdlimits.check("Above\n\n" + "- " * 300 + "\n\nBelow\n") is None


def test_every_page_and_document_of_the_project_is_within_the_bounds() -> None:
    """No false alarms: the sample content, the docs and the README (long, with code and tables)."""
    files = [*(REPO / "content").rglob("*.md"), *(REPO / "docs").rglob("*.md"), REPO / "README.md"]
    assert len(files) > 20
    for path in files:
        assert mdlimits.check(path.read_text(encoding="utf-8")) is None, path


def test_a_page_over_the_size_limit_is_an_error() -> None:
    text = "---\ntitle: Long\n---\n" + "A sentence of plain words.\n" * 5000
    excess = mdlimits.check_size(text)
    assert excess is not None and "a page can have" in excess.message
    assert excess.line == 100_000 // 27 + 1 or excess.line > 3000


def test_the_build_reports_a_pathological_page_at_its_line(tmp_path: Path) -> None:
    page = "---\ntitle: Runs\n---\nSome text.\n\n" + "[](" * 16_700 + "\n\nMore text.\n"
    answer = "    answer: |\n      " + "*a* " * 3000 + "\n"
    root = make_project(tmp_path, {"content/runs.md": page})
    faq = root / "content" / "faq.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace(
            "    answer: No. Call {{ center.phone }} to ask.\n", answer
        ),
        encoding="utf-8",
    )
    result = run_build(root, write=False)
    found = {(p.mark.file, p.mark.line): p.message for p in result.problems if p.is_error}
    assert "run of 50,100 Markdown characters" in found[("content/runs.md", 6)]
    assert "of the characters * _ \\ < and &" in found[("content/faq.md", 9)]


def test_jinja_that_writes_pathological_markdown_is_an_error(tmp_path: Path) -> None:
    page = '---\ntitle: Runs\n---\nSome text.\n\n{{ "[](" * 3000 }}\n\nMore text.\n'
    root = make_project(tmp_path, {"content/runs.md": page})
    result = run_build(root, write=False)
    errors = [p for p in result.problems if p.is_error]
    assert errors and all(p.mark.file == "content/runs.md" for p in errors)
    assert "run of 9,000 Markdown characters" in errors[0].message


def test_limits_of_yaml_are_problems_not_exceptions() -> None:
    from site_builder import yamlsrc

    problems = Problems()
    assert yamlsrc.load("a: " + "x" * (yamlsrc.MAX_CHARS + 1), "big.yaml", problems) is None
    assert "characters long" in problems.items[0].message
