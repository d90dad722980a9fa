"""The checks of built sites on a project with each kind of mistake (output_mistakes.py): the
problems found are the ones recorded in fixtures/output_mistakes.json (recorded before the checks
moved out of checks/output.py, so a change that loses or adds one shows here)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import REPO, TODAY
from output_mistakes import mistakes_project

from site_builder.build import BuildOptions, build

EXPECTED = REPO / "tests" / "fixtures" / "output_mistakes.json"


def problems_of(root: Path) -> list[list]:
    result = build(BuildOptions(root=root, output=root / "output", today=TODAY, write=False))
    return sorted(
        [
            p.mark.file,
            p.mark.line,
            p.mark.col,
            p.severity.value,
            p.message,
            p.hint,
            ",".join(sorted(p.centers)),
        ]
        for p in result.problems
    )


def test_each_kind_of_mistake_is_found_where_it_was(tmp_path: Path) -> None:
    """After a deliberate change of a check: `python3 tests/test_output_checks.py` records anew."""
    found = problems_of(mistakes_project(tmp_path))
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert found == expected


def test_reading_pages_in_pieces_misses_nothing_a_whole_scan_finds(tmp_path: Path) -> None:
    """The built pages of the mistakes project, read piece by piece through the memo every center
    shares (each center after the others, at its own address and under a base path as the dev
    server serves it, the links into the site read as "/"), give the problems a scan of each whole
    page gives (the order of trackers aside: one problem per kind, in the table's order)."""
    from site_builder.checks import facts, findings, pages
    from site_builder.model import load, today_from
    from site_builder.problems import Mark
    from site_builder.render import Renderer

    def locate(f, needle: str) -> Mark:
        return Mark(f.path, f.data.decode("utf-8").find(needle))

    model = load(mistakes_project(tmp_path), today_from(TODAY))
    renderer = Renderer(model)
    findings._MEMO.clear()
    seen = 0
    for center, base in [(c, b) for b in (None, "/preview/") for c in model.centers]:
        site = facts.of_center(center)
        result = renderer.render_center(center, base and f"{base}{center.slug}/")
        assert result.own and result.own[-1] == (f"{base}{center.slug}/" if base else "/")
        for f in result.files:
            if f.path.endswith(".html"):
                text = f.data.decode("utf-8")
                whole = findings.scan(findings._without_data(text))
                in_pieces = findings.page_findings(text, result.own)
                assert pages.check_page(f, in_pieces, site, locate) == pages.check_page(
                    f, whole, site, locate
                ), (center.slug, f.path)
                seen += 1
    assert seen > 40


def test_links_into_the_site_read_the_same_in_every_center() -> None:
    """A line that differs between two centers' sites only in the site's own address is one
    piece for both (read once), and what the checks read in it is what a whole scan reads."""
    from site_builder.checks import facts, findings, pages
    from site_builder.problems import Mark
    from site_builder.rendered import RenderedPage

    def page(slug: str) -> str:
        return (
            f'<html lang="en"><head><title>Visit</title>\n'
            f'<link rel="canonical" href="https://example.org/{slug}/visit/">\n'
            f'<link rel="stylesheet" href="/{slug}/assets/site.css">\n'
            f'<script src="https://tracker.example.net/{slug}/t.js"></script>\n'
            f"</head><body><h1>Visit</h1>\n"
            f'<p>Read <a href="/{slug}/faq/">here</a> or <a href="https://example.org/{slug}/">'
            f'home</a>, or call <a href="tel:+15035550100">(503) 555-0100</a>.</p>\n'
            f'<img src="/{slug}/photo.jpg">\n'
            f'<form method="post" action="https://example.org/{slug}/intake"></form>\n'
            f'<form method="post" action="/{slug}/other"></form>\n</body></html>\n'
        )

    def locate(f: RenderedPage, needle: str) -> Mark:
        return Mark(f.path)

    findings._MEMO.clear()
    for slug in ("harbor", "cedar-grove"):
        text, own = page(slug), (f"https://example.org/{slug}/", f"/{slug}/")
        f = RenderedPage("visit/index.html", text.encode())
        site = facts.SiteFacts(
            frozenset({"+15035550100"}),
            frozenset(),
            "https://example.org",
            form_endpoint=f"https://example.org/{slug}/intake",  # (its own address, as written)
        )
        found = pages.check_page(f, findings.page_findings(text, own), site, locate)
        assert found == pages.check_page(f, findings.scan(text), site, locate)
        # the foreign script (its address holds the slug too), the form sent elsewhere (named
        # as written), the image, the vague link
        assert len(found) == 4 and f"tracker.example.net/{slug}/t.js" in found[0].message
        assert f"/{slug}/other" in found[1].message
        if slug == "harbor":
            pieces = len(findings._MEMO)
    # new: the foreign script's line, the image's and the forms' (their addresses as written)
    assert len(findings._MEMO) == pieces + 4


if __name__ == "__main__":  # record the problems anew (after a deliberate change of a check)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        found = problems_of(mistakes_project(Path(tmp)))
    EXPECTED.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    print(f"{len(found)} problems -> {EXPECTED.relative_to(REPO)}")
