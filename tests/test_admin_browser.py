"""Editing in the browser, through the real Decap UI in Debian's chromium: `site-builder serve`,
/admin/, a page's text and a center's phone changed in the form and saved. The files change only
where edited, the preview reloads with the change, a bad phone shows our message beside the form
and over the last good page, and nothing in /admin/ loads from another origin.

Needs chromium, Playwright and Decap (`npm ci --prefix tools/decap`); without them these tests
skip, and under CI=true they fail instead."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import chromium, make_project, needs_browser
from test_serve import Server

from site_builder.admin import bundle

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Any]:
    if bundle.decap_dir() is None:
        needs_browser("Decap CMS is not installed (npm ci --prefix tools/decap)")
    with chromium() as b:
        yield b


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = make_project(tmp_path)
    srv = Server(root)
    srv.root = root  # type: ignore[attr-defined]
    yield srv
    srv.stop()


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "output" not in p.relative_to(root).parts
    }


def _changes(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, list[str]]:
    out = {}
    for name in before.keys() | after.keys():
        a, b = before.get(name, b"").decode(), after.get(name, b"").decode()
        if a != b:
            out[name] = [
                line
                for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            ]
    return out


class Editor:
    """The admin page in a browser tab, with every request it makes and every console line."""

    def __init__(self, browser: Any, url: str) -> None:
        self.url = url
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.goto(url + "admin/")
        self.page.get_by_role("button", name="Login").click()  # the local back end: no password

    def open(self, collection: str, entry: str) -> None:
        """As an editor gets there: back out of an open entry, the collection, then the entry
        (Decap mixes up two entries' forms when the address jumps from one to the other)."""
        if "/entries/" in self.page.url:
            self.page.locator("a[href^='#/collections/']").first.click()
        self.page.locator(f"a[href='#/collections/{collection}']").click()
        self.page.locator(f"a[href='#/collections/{collection}/entries/{entry}']").click()

    def save(self) -> str:
        """Publish now (the local back end's simple mode), then what site-builder said."""
        self.page.get_by_role("button", name="Publish").first.click()
        self.page.get_by_text("Publish now").click()
        panel = self.page.locator("#sb-problems")
        panel.wait_for(timeout=30000)
        return panel.inner_text()


def test_a_page_and_a_phone_edited_in_decap_change_only_those_lines(browser, server) -> None:
    before = _files(server.root)
    preview = browser.new_page()
    preview.goto(server.url + "valley/first-visit/")
    preview.wait_for_function(
        "() => document.body.innerText.includes('Bring your insurance card.')"
    )
    editor = Editor(browser, server.url)

    editor.open("pages", "first-visit")
    line = editor.page.locator(
        ".cms-editor-raw [data-slate-string]", has_text="Bring your insurance card."
    )
    box = line.bounding_box()
    line.click(position={"x": box["width"] - 1, "y": box["height"] / 2})  # at the line's end
    editor.page.keyboard.press("End")
    editor.page.wait_for_timeout(300)  # Slate reads the caret from the page a moment later
    editor.page.keyboard.type(" Bring a friend if you like.")
    said = editor.save()
    assert "no problems in content/first-visit.md" in said, said
    preview.wait_for_function(  # the open preview reloads by itself (livereload)
        "() => document.body.innerText.includes('Bring a friend if you like.')", timeout=20000
    )

    editor.open("centers", "valley")
    phone = editor.page.get_by_label("Main (optional)")
    assert phone.input_value() == "(626) 555-0140"
    phone.fill("(626) 555-0199")
    said = editor.save()
    assert "no problems" in said, said
    server.wait_for("/valley/", lambda s, b: "(626) 555-0199" in b)

    assert _changes(before, _files(server.root)) == {
        "content/first-visit.md": [
            "-Bring your insurance card.",
            "+Bring your insurance card. Bring a friend if you like.",
        ],
        "centers.yaml": ["-      main: (626) 555-0140", "+      main: (626) 555-0199"],
    }
    # the editor, its chunks, its config, the back end and the preview frames: all from here
    assert editor.requests and all(r.startswith(server.url) for r in editor.requests), [
        r for r in editor.requests if not r.startswith(server.url)
    ]
    assert server.url + "admin/decap/decap-cms.js" in editor.requests
    assert not [c for c in editor.console if "Content Security Policy" in c]


def test_a_bad_phone_saved_in_decap_shows_our_message(browser, server) -> None:
    editor = Editor(browser, server.url)
    editor.open("centers", "valley")
    phone = editor.page.get_by_label("Main (optional)")
    phone.wait_for()
    phone.fill("(111) 555-0100")  # fits the form's pattern; no such area code
    said = editor.save()
    assert "not a valid US number" in said and "centers.yaml:16" in said, said
    assert "(626) 555-0123" in said  # the fix, in our words
    status, body = server.wait_for("/valley/", lambda s, b: "site-builder-problems" in b)
    assert "not a valid US number" in body
    assert "(626) 555-0140" in body  # the last good page stays under the problems
    frame = editor.page.frame_locator("iframe").first.frame_locator("iframe")
    frame.locator("#site-builder-problems").wait_for(timeout=20000)  # the preview pane too
    assert "not a valid US number" in frame.locator("#site-builder-problems").inner_text()


def test_two_editors_saving_one_center_never_overwrite_each_other(browser, server) -> None:
    """Both open the same center; the first save wins, the second is refused with a plain
    message and nothing of the first is lost."""
    first, second = Editor(browser, server.url), Editor(browser, server.url)
    for editor in (first, second):
        editor.open("centers", "valley")
        editor.page.get_by_label("Main (optional)").wait_for()
    first.page.get_by_label("Main (optional)").fill("(626) 555-0111")
    assert "no problems" in first.save()
    second.page.get_by_label("Main (optional)").fill("(626) 555-0122")
    said = second.save()
    assert "Not saved" in said and "changed by someone else" in said, said
    text = (server.root / "centers.yaml").read_text()
    assert "main: (626) 555-0111" in text and "555-0122" not in text
