"""Raw HTML in content: only the allow-list; the rest is an error at its line, never published."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import edit, make_project, run_build

from site_builder import sanitize
from site_builder.markdown import Converter

MARKDOWN = """
# Heading {: #custom .lead }

| Left | Right |
|:-----|------:|
| a    | b     |

Term
: Definition

A note.[^1]

[^1]: The footnote.

```
code
```

<details><summary>More</summary>Hidden text.</details>

![A door](images/door.jpg) ![](images/line.png){: .decorative}

[Call](tel:+16265550140) [Mail](mailto:a@example.org) [Web](https://example.org/) [Page](first-visit.md)
"""


def test_what_markdown_makes_is_allowed() -> None:
    html = Converter().convert(MARKDOWN)
    assert sanitize.violations(sanitize.soup_tags(BeautifulSoup(html, "html.parser"))) == []


ATTACKS = [
    ("<script>alert(1)</script>", "pages cannot hold <script>"),
    ('<a href="javascript:alert(1)">x</a>', "is not a web, email, phone or text link"),
    ("[x](javascript:alert(1))", "is not a web, email, phone or text link"),
    ('[Click me](first-visit.md){: onclick="alert(1)" }', "the attribute 'onclick'"),
    ('<svg onload="alert(1)"></svg>', "pages cannot hold <svg>"),
    (
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        "pages cannot hold <iframe>",
    ),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "is not a web, email, phone or text link"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "pages cannot hold <meta>",
    ),
    ('<img src="x.png" onerror="alert(1)" alt="x">', "the attribute 'onerror'"),
    ('<p style="background:url(https://tracker.example/p.gif)">x</p>', "the attribute 'style'"),
    ("<object data='x.swf'></object>", "pages cannot hold <object>"),
    ("![](images/door.jpg)", "this image has no alt text"),
]


@pytest.mark.parametrize("attack, message", ATTACKS)
def test_attack_is_an_error_at_its_line(tmp_path: Path, attack: str, message: str) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "Bring your insurance card.",
        f"Bring your card.\n\n{attack}",
    )
    result = run_build(root)
    found = [p for p in result.problems if message in p.message]
    assert found, [p.message for p in result.problems]
    assert (found[0].mark.file, found[0].mark.line) == ("content/first-visit.md", 10)
    assert result.failed
    for slug in ("valley", "river"):
        assert not (root / "output" / slug).exists()


def test_clean_removes_what_is_not_allowed() -> None:
    html = '<p onclick="x">Hi<script>alert(1)</script><a href="javascript:x">a</a></p>'
    cleaned = sanitize.clean(html)
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert "Hi" in cleaned
