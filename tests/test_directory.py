"""The network directory (directory.py, directory_render.py, zipgeo.py): one more site in
output/<slug>/ listing every published center, its pages, JSON-LD, ZIP tables and checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import edit, read_site, run_build, sample_project

SLUG = "find-care"
CENTERS = {"sunrise-recovery", "harbor-light", "cedar-grove"}


def listed(html: str) -> list[str]:
    return re.findall(r'<li class="card directory-card" data-center="([^"]+)"', html)


def graph(html: str) -> list[dict]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    return json.loads(block.group(1))["@graph"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = sample_project(tmp_path_factory.mktemp("directory"))
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    return root, read_site(root / "output", SLUG)


def page(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


def test_home_lists_every_published_center_with_its_facts(built) -> None:
    _, site = built
    html = page(site, "index.html")
    assert set(listed(html)) == CENTERS
    card = html.split('data-center="harbor-light"')[1].split("</li>")[0]
    assert 'href="https://harbor-light.example.org/"' in card
    assert "Reno, NV" in card and 'href="tel:+1' in card
    assert "Dialectical Behavior Therapy (DBT)" in card  # services
    assert "Insurance and payment" in card and "Staff speak" in card
    assert "<h1>Find care near you</h1>" in html


def test_a_page_per_service_city_and_language_lists_exactly_those_centers(built) -> None:
    _, site = built
    assert listed(page(site, "services/dbt/index.html")) == ["harbor-light"]
    assert set(listed(page(site, "services/iop/index.html"))) == {"sunrise-recovery", "cedar-grove"}
    assert listed(page(site, "cities/portland-or/index.html")) == ["cedar-grove"]
    assert listed(page(site, "languages/vietnamese/index.html")) == ["cedar-grove"]
    assert set(listed(page(site, "languages/spanish/index.html"))) == {
        "sunrise-recovery",
        "cedar-grove",
    }
    assert not any(p.startswith("services/lgbtq") for p in site) or listed(
        page(site, "services/lgbtq/index.html")
    ) == ["harbor-light"]
    states = page(site, "states/index.html")
    assert listed(states.split('id="state-nv"')[1].split("</section>")[0]) == ["harbor-light"]


def test_nearest_center_reads_only_small_tables_of_the_centers_states(built) -> None:
    _, site = built
    tables = {p: json.loads(b) for p, b in site.items() if p.startswith("zip/")}
    assert "zip/911.json" in tables and "zip/895.json" in tables and "zip/972.json" in tables
    assert tables["zip/895.json"]["89501"] == pytest.approx([39.53, -119.81], abs=0.05)
    assert "zip/100.json" not in tables  # New York: no center there
    assert sum(len(b) for p, b in site.items() if p.startswith("zip/")) < 150_000
    find = page(site, "find/index.html")
    assert 'data-zip-base="/zip/"' in find
    assert '<form class="directory-state-form" method="get" action="/states/">' in find


def test_json_ld_item_list_uses_the_clinics_own_ids(built) -> None:
    root, site = built
    nodes = graph(page(site, "index.html"))
    items = next(n for n in nodes if n["@type"] == "ItemList")["itemListElement"]
    ids = {i["item"]["@id"] for i in items}
    own = set()
    for slug in CENTERS:
        for f in (root / "output" / slug / "locations").rglob("index.html"):
            own |= {n["@id"] for n in graph(f.read_text("utf-8")) if n["@type"] == "MedicalClinic"}
    assert ids == own
    assert all(i["item"]["@type"] == "MedicalClinic" for i in items)
    sub = graph(page(site, "services/dbt/index.html"))
    refs = next(n for n in sub if n["@type"] == "ItemList")["itemListElement"]
    assert [r["item"]["@id"] for r in refs] == [
        i for i in sorted(own) if i.startswith("https://harbor-light.")
    ]


def test_same_crisis_strip_without_a_centers_line_and_plain_headers(built) -> None:
    _, site = built
    html = page(site, "index.html")
    assert '<aside class="crisis"' in html and "tel:988" in html
    assert "crisis-center-line" not in html
    headers = page(site, "_headers")
    assert "script-src 'self' 'wasm-unsafe-eval';" in headers and "form-action 'self'" in headers
    assert "https://find-care.example.org/sitemap.xml" in page(site, "robots.txt")


def test_drafts_never_appear(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    edit(
        root,
        "centers.yaml",
        "    slug: harbor-light\n",
        "    slug: harbor-light\n    draft: true\n",
    )
    assert not run_build(root).failed
    site = read_site(root / "output", SLUG)
    assert not any(b"harbor-light" in data for data in site.values())
    assert "services/dbt/index.html" not in site
    assert "zip/895.json" not in site  # Nevada: only the draft was there


def test_directory_slug_is_reserved(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    edit(root, "centers.yaml", "    slug: harbor-light\n", "    slug: find-care\n")
    result = run_build(root)
    assert result.failed
    found = [p for p in result.problems if "network directory's folder" in p.message]
    assert found and found[0].mark.file == "centers.yaml" and found[0].mark.line > 0


def test_directory_stays_through_full_builds_and_goes_when_switched_off(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    out = root / "output"
    assert not run_build(root).failed
    assert (out / SLUG / "index.html").is_file()
    inode = (out / SLUG / "index.html").stat().st_ino
    assert not run_build(root).failed  # unchanged: not made again
    assert (out / SLUG / "index.html").stat().st_ino == inode
    assert not run_build(root, centers=("harbor-light",)).failed
    assert (out / SLUG / "index.html").is_file()
    text = (root / "centers.yaml").read_text("utf-8")
    start = text.index("  # The network directory")
    end = text.index("base_url: https://find-care.example.org/\n") + len(
        "base_url: https://find-care.example.org/\n"
    )
    (root / "centers.yaml").write_text(text[:start] + text[end:], "utf-8")
    assert not run_build(root).failed
    assert not (out / SLUG).exists()


def test_the_directory_has_its_own_icons(built) -> None:
    """Browsers ask every site for /favicon.ico: the directory answers, from the theme's icon."""
    _, site = built
    assert site["favicon.ico"][:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert site["apple-touch-icon.png"][:8] == b"\x89PNG\r\n\x1a\n"
    for path in ("index.html", "find/index.html", "404.html"):
        html = page(site, path)
        assert '<link rel="icon" href="/favicon.ico"' in html
        assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
