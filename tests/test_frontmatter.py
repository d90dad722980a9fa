"""Front matter per center: title, description, nav, summary and FAQ questions may use Jinja."""

from __future__ import annotations

from pathlib import Path

from helpers import edit, make_project, run_build


def _title(root: Path, slug: str, page: str) -> str:
    html = (root / "output" / slug / page / "index.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_title_and_nav_vary_per_center(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "title: Your first visit\nnav: First visit",
        'title: "{% if center.offers(\\"iop\\") %}Starting the program{% else %}Your first visit'
        '{% endif %}"\nnav: "{{ center.name }} visit"',
    )
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems]
    slugs = sorted(p.name for p in (root / "output").iterdir() if not p.name.startswith(("_", ".")))
    titles = {slug: _title(root, slug, "first-visit") for slug in slugs}
    offers = {
        c.slug: c.offers("iop")
        for c in result.model.centers  # type: ignore[union-attr]
    }
    assert set(offers.values()) == {True, False}, "the fixture needs one center of each kind"
    for slug, title in titles.items():
        want = "Starting the program" if offers[slug] else "Your first visit"
        assert title.startswith(want), title
        home = (root / "output" / slug / "index.html").read_text(encoding="utf-8")
        name = next(c.name for c in result.model.centers if c.slug == slug)  # type: ignore[union-attr]
        assert f"{name} visit</a>" in home


def test_front_matter_value_is_escaped_once(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/first-visit.md",
        "title: Your first visit",
        "title: 'Visits & {{ \"care\" }}'",
    )
    result = run_build(root)
    assert not result.failed
    slug = result.model.centers[0].slug  # type: ignore[union-attr]
    assert _title(root, slug, "first-visit").startswith("Visits &amp; care")


def test_undefined_fact_in_title_is_reported_at_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(root, "content/first-visit.md", "title: Your first visit", 'title: "{{ center.nmae }}"')
    result = run_build(root)
    found = [p for p in result.problems if "center.nmae" in p.message]
    assert found and (found[0].mark.file, found[0].mark.line) == ("content/first-visit.md", 2)


def test_jinja_in_a_plain_key_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root, "content/first-visit.md", "reviewed_by: Test team", 'reviewed_by: "{{ center.name }}"'
    )
    result = run_build(root)
    found = [p for p in result.problems if "'reviewed_by' is plain text" in p.message]
    assert found and found[0].mark.line == 6 and found[0].is_error


def test_faq_question_varies_per_center(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    edit(
        root,
        "content/faq.md",
        "- question: Do I need a referral?",
        "- question: '{{ center.name }}: Do I need a referral?'",
    )
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems]
    for c in result.model.centers:  # type: ignore[union-attr]
        html = (root / "output" / c.slug / "faq" / "index.html").read_text(encoding="utf-8")
        assert f"{c.name}: " in html
