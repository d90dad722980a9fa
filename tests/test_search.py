"""Search in every site (search.py): the search page, the Pagefind index in the site's own folder,
the settings switch, failures as our own messages, and rebuilding an index only when pages change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import edit, read_site, run_build, sample_project

from site_builder import search
from site_builder.rendered import RenderedPage

SLUGS = ("sunrise-recovery", "harbor-light", "cedar-grove")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("search"))
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    return root / "output"


def test_every_site_has_its_own_index_with_only_what_the_page_loads(built: Path) -> None:
    for slug in SLUGS:
        bundle = built / slug / "pagefind"
        names = {p.name for p in bundle.iterdir()}
        assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= names
        assert not any(
            n.startswith(("pagefind-ui", "pagefind-modular", "pagefind-component")) for n in names
        )
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        assert "en" in entry["languages"]
        for lang in entry["languages"]:
            assert (bundle / f"wasm.{lang}.pagefind").is_file()
    spanish = json.loads((built / "sunrise-recovery/pagefind/pagefind-entry.json").read_text())
    assert set(spanish["languages"]) == {"en", "es"}  # one index per <html lang>


def test_the_index_holds_only_the_sites_own_pages(built: Path) -> None:
    """Pagefind counts the pages it indexed: every page with a <main> body, not the search page
    or the 404 page, and none of another site."""
    for slug in SLUGS:
        site = built / slug
        entry = json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))
        pages = [
            p
            for p in site.rglob("*.html")
            if "data-pagefind-body" in p.read_text("utf-8") and "pagefind" not in p.parts
        ]
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(pages)
        assert "data-pagefind-body" not in (site / "search/index.html").read_text("utf-8")
        assert "data-pagefind-body" not in (site / "404.html").read_text("utf-8")


def test_crisis_strip_header_and_footer_are_left_out(built: Path) -> None:
    html = (built / "harbor-light/faq/index.html").read_text("utf-8")
    assert '<aside class="crisis" data-pagefind-ignore' in html
    assert '<header class="site-header" data-pagefind-ignore' in html
    assert '<footer class="site-footer" data-pagefind-ignore' in html
    assert '<main id="main" tabindex="-1" data-pagefind-body>' in html


def test_search_page_works_without_javascript(built: Path) -> None:
    """The box is hidden until the script shows it; the page lists every page by section."""
    html = (built / "cedar-grove/search/index.html").read_text("utf-8")
    assert 'role="search" data-search data-bundle="/pagefind/pagefind.js"' in html
    assert " hidden>" in html.split('role="search"')[1].split("\n")[0]
    for heading in ("<h2>Pages</h2>", "<h2>Services</h2>", "<h2>Locations</h2>"):
        assert heading in html
    assert 'href="/services/veterans/"' in html and 'href="/services/dbt/"' not in html
    assert "<form" not in html  # nothing is ever sent: the script searches in the browser
    spanish = (built / "sunrise-recovery/es/search/index.html").read_text("utf-8")
    assert '<html lang="es">' in spanish and "Buscar en este sitio" in spanish
    assert 'href="/search/"' in (built / "cedar-grove/index.html").read_text("utf-8")


def test_headers_allow_webassembly_from_the_site_only(built: Path) -> None:
    headers = (built / "harbor-light/_headers").read_text("utf-8")
    csp = next(line for line in headers.splitlines() if "Content-Security-Policy" in line)
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp
    assert "http" not in csp.split("Content-Security-Policy:")[1]


def test_search_false_builds_without_search(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    edit(root, "centers.yaml", "settings:\n", "settings:\n  search: false\n")
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    for slug in SLUGS:
        files = read_site(root / "output", slug)
        assert not any(p.startswith(("pagefind/", "search/", "es/search/")) for p in files)
        assert b'href="/search/"' not in files["index.html"]


def test_a_pagefind_failure_is_our_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search, "binary", lambda: str(broken))
    root = sample_project(tmp_path)
    result = run_build(root, jobs=1)
    assert result.failed
    found = [p for p in result.problems if "site search could not be built" in p.message]
    assert found and "Pagefind stopped (Error: something broke)" in found[0].message
    assert "search: false" in found[0].hint
    assert not (root / "output" / "harbor-light").exists()  # a failed build writes nothing
    monkeypatch.setattr(search, "binary", lambda: None)
    result = run_build(root, jobs=1)
    assert any(
        p.message == "site search could not be built: Pagefind is not installed"
        for p in result.problems
    )


def test_pagefind_works_inside_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's work copies live in the build's staging folder under output/ (a killed build
    leaves nothing elsewhere; the next build clears staging), and are gone after the build."""
    seen: list[Path] = []
    wrapped = tmp_path / "pagefind"
    real = search.binary()
    assert real
    wrapped.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/args\nexec {real} "$@"\n')
    wrapped.chmod(0o755)
    monkeypatch.setattr(search, "binary", lambda: str(wrapped))
    root = sample_project(tmp_path)
    assert not run_build(root, jobs=1).failed
    for line in (tmp_path / "args").read_text().splitlines():
        site = Path(line.split("--site ", 1)[1].split(" ", 1)[0])
        seen.append(site)
        assert site.is_relative_to(root / "output" / ".staging"), site
    assert len(seen) == 3  # one run per center
    assert not (root / "output" / ".staging").exists()


def test_index_is_made_again_only_when_pages_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_project(tmp_path)
    assert not run_build(root, jobs=1).failed
    out = root / "output"
    indexed: list[str] = []
    index_site = search.index_site

    def counting(slug: str, files: list, scratch: Path | None = None) -> tuple:
        indexed.append(slug)
        return index_site(slug, files, scratch)

    monkeypatch.setattr(search, "index_site", counting)

    def index_files(slug: str) -> dict[str, int]:
        return {
            p.relative_to(out / slug).as_posix(): os.stat(p).st_ino
            for p in (out / slug / "pagefind").rglob("*")
            if p.is_file()
        }

    before = {slug: index_files(slug) for slug in SLUGS}
    assert not run_build(root, jobs=1).failed  # nothing changed: no center is rendered or indexed
    assert {slug: index_files(slug) for slug in SLUGS} == before
    assert indexed == []
    page = root / "content/first-visit.md"
    page.write_text(page.read_text("utf-8") + "\nBring a list of your questions.\n", "utf-8")
    assert not run_build(root, jobs=1).failed  # one page's Markdown: a partial rebuild re-indexes
    # harbor-light has its own first-visit page: none of its pages changed, it keeps its index
    assert sorted(indexed) == ["cedar-grove", "sunrise-recovery"]
    assert index_files("harbor-light") == before["harbor-light"]
    for slug in ("cedar-grove", "sunrise-recovery"):
        after = index_files(slug)
        assert after != before[slug]
        stale = set(before[slug]) - set(after)
        assert stale  # the page's fragment, its language's index and metadata are new
        assert all(not (out / slug / p).exists() for p in stale)  # no fragment left behind
        assert "Bring a list" in (out / slug / "first-visit/index.html").read_text("utf-8")
        # the files that did not change are the same files (linked, not written again)
        assert after["pagefind/pagefind.js"] == before[slug]["pagefind/pagefind.js"]
    found = (out / "cedar-grove/pagefind").rglob("*.pf_fragment")
    assert found


def test_a_change_outside_the_indexed_part_keeps_every_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A style sheet change renders every page again (its fingerprinted name is in every head)
    but no page reads differently to Pagefind: each site keeps its index, unchanged."""
    root = sample_project(tmp_path)
    assert not run_build(root, jobs=1).failed
    out = root / "output"
    before = {slug: read_site(out, slug) for slug in SLUGS}
    indexed: list[str] = []
    monkeypatch.setattr(search, "index_site", lambda slug, files: indexed.append(slug) or ([], []))
    css = root / "themes/default/static/css/site.css"
    css.write_text(css.read_text("utf-8") + "\n/* a comment */\n", "utf-8")
    result = run_build(root, jobs=1)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    assert indexed == []
    for slug in SLUGS:
        after = read_site(out, slug)
        assert after["index.html"] != before[slug]["index.html"]
        index = {p: d for p, d in after.items() if p.startswith("pagefind/")}
        assert index == {p: d for p, d in before[slug].items() if p.startswith("pagefind/")}


def test_same_site_same_index_bytes(tmp_path: Path) -> None:
    """Two cold builds of the same project write the same index, byte for byte, and a site's
    index is made from its own pages only, in one Pagefind that serves every site in turn."""
    sites = []
    for name in ("a", "b"):
        root = sample_project(tmp_path / name)
        assert not run_build(root, jobs=1).failed
        sites.append({slug: read_site(root / "output", slug) for slug in SLUGS})
    for slug in SLUGS:
        index = {p: d for p, d in sites[0][slug].items() if p.startswith("pagefind/")}
        assert index and index == {
            p: d for p, d in sites[1][slug].items() if p.startswith("pagefind/")
        }


def test_index_site_from_memory(tmp_path: Path) -> None:
    """The index is made from the pages in memory (no copy on disk): only pages with a body,
    each cut to its <html> tag and <main>, one index per language."""
    page = (
        '<!doctype html><html lang="{lang}"><head><title>T</title></head><body>'
        '<header data-pagefind-ignore>Crisis line</header>'
        "<main data-pagefind-body><h1>{title}</h1><p>{text}</p></main>"
        "<footer data-pagefind-ignore>Footer words</footer></body></html>"
    )
    files = [
        RenderedPage("index.html", page.format(lang="en", title="Home", text="Group therapy").encode()),
        RenderedPage(
            "es/index.html", page.format(lang="es", title="Inicio", text="Terapia de grupo").encode()
        ),
        RenderedPage("search/index.html", b'<html lang="en"><body><main>Search</main></body></html>'),
        RenderedPage("css/site.css", b"main{}"),
    ]
    cut = search.indexed_pages(files)
    assert [p for p, _ in cut] == ["es/index.html", "index.html"]
    assert "Crisis line" not in cut[1][1] and "Footer words" not in cut[1][1]
    bundle, problems = search.index_site("x", files)
    assert problems == []
    names = {f.path for f in bundle}
    assert {"pagefind/pagefind.js", "pagefind/wasm.en.pagefind", "pagefind/wasm.es.pagefind"} <= names
    assert "pagefind/pagefind-ui.js" not in names
    entry = json.loads(next(f.data for f in bundle if f.path == "pagefind/pagefind-entry.json"))
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"en": 1, "es": 1}
