"""The one incremental engine (engine.py), as the dev server uses it: a save renders only the
entries of the plan whose inputs changed, and the result equals a fresh render byte for byte, with
the same problems. (`build` through the manifest: tests/test_build.py.)"""

from __future__ import annotations

from pathlib import Path

from helpers import TODAY, edit, sample_project

from site_builder import engine
from site_builder.devsite import DevSite


def _served(site: DevSite) -> dict[str, bytes]:
    assert site.generation is not None
    return {k: p.read_bytes() for k, p in site.generation.files.items()}


def _record_steps(site: DevSite) -> list[dict[str, engine.Step]]:
    """Each rebuild's engine steps, by center, as the dev server publishes them."""
    rendered: list[dict[str, engine.Step]] = []
    publish = site._publish

    def spy(model, renderer, problems, steps, fresh) -> None:  # type: ignore[no-untyped-def]
        rendered.append(steps)
        publish(model, renderer, problems, steps, fresh)

    site._publish = spy  # type: ignore[method-assign]
    return rendered


def _fresh(root: Path) -> tuple[dict[str, bytes], list[str]]:
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        return _served(site), [p.render() for p in site.problems]
    finally:
        site.close()


def test_stale_names_the_changed_pages_or_the_whole_site() -> None:
    earlier = engine.Pieces("f", {"faq": "1", "es:faq": "2", "index": "3"}, {}, {}, [])
    assert engine.stale(None, "f", {"faq": "1"}) is None
    assert engine.stale(earlier, "g", dict(earlier.page_keys)) is None  # another frame
    assert engine.stale(earlier, "f", {"faq": "1", "index": "3"}) is None  # a page went
    assert engine.stale(earlier, "f", dict(earlier.page_keys)) == set()
    assert engine.stale(earlier, "f", {**earlier.page_keys, "es:faq": "9"}) == {"es:faq"}


def test_pieces_survive_the_manifest() -> None:
    pieces = engine.Pieces(
        "f", {"faq": "1"}, {}, {"faq": [("content/faq.md", 3, "index", "a")]}, []
    )
    assert engine.Pieces.from_dict(pieces.as_dict()) == pieces
    assert engine.Pieces.from_dict({"frame": "f"}) is None


def test_a_save_renders_what_it_touches_and_equals_a_fresh_render(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        assert site.generation is not None and not any(p.is_error for p in site.problems)
        before = _served(site)
        rendered = _record_steps(site)
        page = root / "content/faq.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nWe utilize a calm room.\n")
        site.rebuild({str(page)})
        steps = rendered[-1]
        assert steps and all(s.partial for s in steps.values())
        html = {f.path for s in steps.values() for f in s.result.files if f.path.endswith(".html")}
        assert html == {"faq/index.html"}, html
        after = _served(site)
        changed = {k for k in after if after[k] != before.get(k)}
        assert changed and all(k.endswith("/faq/index.html") for k in changed)
        assert any("utilize" in p.message for p in site.problems)
        assert (after, [p.render() for p in site.problems]) == _fresh(root)

        # a center's block: that center's site again, whole; the others not rendered at all
        edit(root, "centers.yaml", "main: (626) 555-0140", "main: (626) 555-0141")
        site.rebuild({str(root / "centers.yaml")})
        assert set(rendered[-1]) == {"sunrise-recovery"}
        assert not rendered[-1]["sunrise-recovery"].partial
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)
    finally:
        site.close()


def test_a_commit_makes_the_sitemaps_again_and_nothing_else(tmp_path: Path) -> None:
    """The site files' own input is the git dates (their lastmod): a commit that changes no file
    makes them again, in a build that renders no page."""
    import shutil
    import subprocess

    from helpers import make_project, run_build

    root = make_project(tmp_path / "a")
    assert not run_build(root).failed
    sitemaps = {p: p.read_bytes() for p in (root / "output").glob("*/sitemap.xml")}
    assert sitemaps
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "content"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "content"], cwd=root, check=True)
    assert not run_build(root).failed
    assert all(
        p.read_bytes().count(b"<lastmod>") > data.count(b"<lastmod>")
        for p, data in sitemaps.items()
    )
    fresh = tmp_path / "b"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("output"))
    assert not run_build(fresh).failed
    for p in sitemaps:
        assert p.read_bytes() == (fresh / p.relative_to(root)).read_bytes()


def test_a_front_matter_mistake_stays_reported_while_other_pages_are_saved(tmp_path: Path) -> None:
    """The dev server keeps each unchanged page's compiled front matter, and with it the page's
    problems: a save elsewhere neither loses nor repeats them."""
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        faq, visit = root / "content/faq.md", root / "content/first-visit.md"
        edit(root, "content/faq.md", "nav: FAQ", "nav: FAQ {{ center.name ")
        site.rebuild({str(faq)})
        broken = [p.render() for p in site.problems if p.mark.file == "content/faq.md"]
        assert any(p.is_error for p in site.problems if p.mark.file == "content/faq.md")
        visit.write_text(visit.read_text(encoding="utf-8") + "\nSee you soon.\n")
        site.rebuild({str(visit)})
        assert [p.render() for p in site.problems if p.mark.file == "content/faq.md"] == broken
        edit(root, "content/faq.md", "nav: FAQ {{ center.name ", "nav: FAQ")
        site.rebuild({str(faq)})
        assert not any(p.is_error for p in site.problems)
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)
    finally:
        site.close()


def test_a_template_edit_renders_the_pages_of_the_layouts_that_use_it(tmp_path: Path) -> None:
    """Each entry's key holds the templates its layout pulls in: an edit to the service layout
    renders the service pages only; to a partial every page shows, every page; both equal a
    fresh render."""
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        rendered = _record_steps(site)
        layout = root / "themes/default/templates/service.html"
        layout.write_text(layout.read_text(encoding="utf-8") + "\n<!-- edited -->\n")
        site.rebuild({str(layout)})
        steps = rendered[-1]
        assert steps and all(s.partial for s in steps.values())
        html = {f.path for s in steps.values() for f in s.result.files if f.path.endswith(".html")}
        assert html and all("services/" in p for p in html), html
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)

        footer = root / "themes/default/templates/partials/footer.html"
        footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- edited -->\n")
        site.rebuild({str(footer)})
        assert all(
            {f.path for f in s.result.files if f.path.endswith(".html")}
            == {
                k.split("/", 1)[1]
                for k in _served(site)
                if k.startswith(f"{slug}/") and k.endswith(".html")
            }
            for slug, s in rendered[-1].items()
        )
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)
    finally:
        site.close()
