"""The one incremental engine (engine.py), as the dev server uses it: a save renders only the
entries of the plan whose inputs changed, and the result equals a fresh render byte for byte, with
the same problems. (`build` through the manifest: tests/test_build.py.)"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import TODAY, edit, sample_project

from site_builder import devsite, engine, workers
from site_builder.checks import wording
from site_builder.devsite import DevSite


def _served(site: DevSite) -> dict[str, bytes]:
    assert site.generation is not None
    return {k: p.read_bytes() for k, p in site.generation.files.items()}


def _record_steps(site: DevSite) -> list[dict[str, devsite._Rendered]]:
    """Each rebuild's engine steps, by center, as the dev server publishes them."""
    rendered: list[dict[str, devsite._Rendered]] = []
    publish = site._publish

    def spy(model, renderer, problems, steps, fresh, **kw) -> bool:  # type: ignore[no-untyped-def]
        rendered.append(steps)
        return publish(model, renderer, problems, steps, fresh, **kw)

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
        html = {p for s in steps.values() for p in s.files if p.endswith(".html")}
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


def test_the_first_build_renders_in_workers_and_equals_one_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` renders its first build in forked workers (it runs no other thread yet), the
    wording checks in one of them: the same files, problems and engine state as rendering every
    center here, and a save after it renders here and still equals a fresh render."""
    root = sample_project(tmp_path)
    pools: list[int] = []
    real_pool = workers.pool

    @contextlib.contextmanager
    def counted(jobs: int) -> Iterator[object]:
        pools.append(jobs)
        with real_pool(jobs) as pool:
            yield pool

    def state(site: DevSite) -> tuple[dict[str, bytes], list[str], dict[str, engine.Pieces]]:
        pieces = {slug: kept.pieces for slug, kept in site.state.items()}
        return _served(site), [p.render() for p in site.problems], pieces

    monkeypatch.setattr(workers, "pool", counted)
    monkeypatch.setattr(workers, "wanted", lambda sites, jobs: sites >= 2)
    monkeypatch.setattr(workers, "single_threaded", lambda: True)  # (pytest may run others)
    warmed: list[list[str]] = []
    monkeypatch.setattr(wording, "warm", warmed.append)  # (test_checks.py: what it loads)
    visit = root / "content/first-visit.md"  # a wording problem: the checks run in a worker too
    visit.write_text(visit.read_text(encoding="utf-8") + "\nWe utilize a quiet room.\n")
    site = DevSite(root, today=TODAY)
    told: list[tuple[int, int]] = []
    site.progress = lambda done, total: told.append((done, total))
    try:
        site.build_all()
        assert pools, "the first build did not use workers"
        assert told == [(1, 3), (2, 3), (3, 3)]  # serve prints it for a long first build
        # made here meanwhile for the first save: the dictionaries and the compiled templates
        assert warmed == [["en", "es"]]
        assert site.model is not None and site.model.themes.env.cache is not None
        compiled = {name for _, name in site.model.themes.env.cache}
        assert {"default/base.html", "default/partials/footer.html"} <= compiled
        forked = state(site)
        assert len(forked[2]) == 3 and len(forked[0]) > 100
        assert any("utilize" in p and "first-visit.md" in p for p in forked[1])
        page = root / "content/faq.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nWe utilize a calm room.\n")
        site.rebuild({str(page)})
        assert len(pools) == 1  # a save renders in this process
        saved = state(site)
    finally:
        site.close()
    monkeypatch.setattr(workers, "wanted", lambda sites, jobs: False)
    assert saved[:2] == _fresh(root)
    page.write_text(page.read_text(encoding="utf-8").replace("\nWe utilize a calm room.\n", ""))
    here = DevSite(root, today=TODAY)
    try:
        here.build_all()
        assert len(pools) == 1
        assert state(here) == forked
    finally:
        here.close()


def _killed(slug: str) -> None:
    os._exit(9)  # a worker the kernel stopped for lack of memory, say


def test_a_first_build_whose_worker_dies_renders_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback and no message about `build`'s output folder: the preview renders in one
    process (less memory) and serves the same sites."""
    root = sample_project(tmp_path)
    monkeypatch.setattr(workers, "wanted", lambda sites, jobs: sites >= 2)
    monkeypatch.setattr(workers, "single_threaded", lambda: True)
    monkeypatch.setattr(devsite, "_render_forked", _killed)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        assert not any(p.is_error for p in site.problems)
        served = _served(site), [p.render() for p in site.problems]
    finally:
        site.close()
    monkeypatch.setattr(workers, "wanted", lambda sites, jobs: False)
    assert served == _fresh(root)


def test_a_centers_block_save_looks_only_at_that_center(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A center none of whose inputs changed (the shared ones and its own block: the key `build`
    skips a center by) is not looked at again: its pages' keys are not worked out. A save of a
    page after it still reaches every center."""
    root = sample_project(tmp_path)
    looked: list[str] = []
    center_keys = engine.Keys.center

    def counted(self: engine.Keys, center):  # type: ignore[no-untyped-def]
        looked.append(center.slug)
        return center_keys(self, center)

    monkeypatch.setattr(engine.Keys, "center", counted)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        looked.clear()
        edit(root, "centers.yaml", "main: (626) 555-0140", "main: (626) 555-0141")
        site.rebuild({str(root / "centers.yaml")})
        assert set(looked) == {"sunrise-recovery"}
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)
        looked.clear()
        page = root / "content/faq.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nWe are glad you asked.\n")
        site.rebuild({str(page)})
        assert sorted(set(looked)) == ["cedar-grove", "harbor-light", "sunrise-recovery"]
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)
        looked.clear()
        edit(root, "centers.yaml", "main: (626) 555-0141", "main: (626) 555-0140")
        site.rebuild({str(root / "centers.yaml")})
        assert set(looked) == {"sunrise-recovery"}
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
        html = {p for s in steps.values() for p in s.files if p.endswith(".html")}
        assert html and all("services/" in p for p in html), html
        assert (_served(site), [p.render() for p in site.problems]) == _fresh(root)

        footer = root / "themes/default/templates/partials/footer.html"
        footer.write_text(footer.read_text(encoding="utf-8") + "\n<!-- edited -->\n")
        site.rebuild({str(footer)})
        assert all(
            {p for p in s.files if p.endswith(".html")}
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


# --- the centers a browser shows first ----------------------------------------------------------


def _publishes(site: DevSite) -> list[tuple[int, frozenset[str], dict[str, bytes], str]]:
    """Each generation as a listener (the live-reload hook) sees it: its number, the centers
    still pending, the files, and the token that decides whether browsers reload."""
    seen: list[tuple[int, frozenset[str], dict[str, bytes], str]] = []

    def listener() -> None:
        gen = site.generation
        assert gen is not None
        seen.append((gen.number, gen.pending, _served(site), site.state_token()))

    site.listeners.append(listener)
    return seen


def test_a_save_publishes_the_viewed_center_first_then_the_rest(tmp_path: Path) -> None:
    """With a browser on one center's page, a save of a page every center has publishes that
    center's new pages first (browsers reload then) and the others after it, in a generation that
    changes nothing the browser shows (no second reload); the end equals a fresh render. A
    request for a center still being rendered waits for it."""
    import threading

    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        slugs = {c.slug for c in site.centers(site.model)}  # type: ignore[arg-type]
        site.viewing = lambda: {"sunrise-recovery", "not-a-center"}
        token = site.state_token()
        seen = _publishes(site)
        waited: list[int] = []

        def request_other_center() -> None:  # a click to another center during the save
            gen, _ = site.settled("cedar-grove", timeout=30)
            waited.append(gen.number if gen else 0)

        clicks: list[threading.Thread] = []

        def click_once() -> None:  # when the browser has reloaded the first time
            if not clicks:
                clicks.append(threading.Thread(target=request_other_center))
                clicks[0].start()

        site.listeners.append(click_once)
        turns: dict[str, float] = {}
        render = engine.render

        def spy(keys, center, *args):  # type: ignore[no-untyped-def]
            turns[center.slug] = sys.getswitchinterval()
            return render(keys, center, *args)

        devsite.engine.render = spy  # type: ignore[assignment]
        page = root / "content/first-visit.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nWe hope to see you soon.\n")
        try:
            site.rebuild_safely({str(page)})
        finally:
            devsite.engine.render = render  # type: ignore[assignment]
        for t in clicks:
            t.join(30)
        assert len(seen) == 2, [s[:2] for s in seen]
        (first_no, pending, early, early_token), (last_no, after, final, last_token) = seen
        # every other center waits until it is looked at (harbor-light, with a first-visit page
        # of its own, then renders nothing)
        assert pending == slugs - {"sunrise-recovery"} and not after
        assert early_token != token and last_token == early_token  # browsers reload once
        soon = b"We hope to see you soon."
        assert soon in early["sunrise-recovery/first-visit/index.html"]
        assert soon not in early["cedar-grove/first-visit/index.html"]
        assert {k: v for k, v in early.items() if k.startswith("sunrise-recovery/")} == {
            k: v for k, v in final.items() if k.startswith("sunrise-recovery/")
        }
        assert waited == [last_no]  # the click got the finished center, not the stale one
        # the rest rendered in short turns, so the server answers the reloading browser quickly
        assert turns == {"sunrise-recovery": sys.getswitchinterval(), "cedar-grove": workers._TURN}
        assert sys.getswitchinterval() != workers._TURN
        assert (final, [p.render() for p in site.problems]) == _fresh(root)
    finally:
        site.close()


def test_the_editor_hears_of_a_save_once_every_center_is_checked(tmp_path: Path) -> None:
    """The editor waits for the problems of the file it saved (site.rebuilt): the early
    generation does not answer it, the finished one does."""
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        site.viewing = lambda: {"sunrise-recovery"}
        page = root / "content/faq.md"
        covered: list[bool] = []
        key = str(page.resolve())
        site.listeners.append(lambda: covered.append(key in site.rebuilt))
        page.write_text(page.read_text(encoding="utf-8") + "\nWe utilize a calm room.\n")
        site.rebuild_safely({str(page)})
        assert covered == [False, True]
        assert any("utilize" in p.message for p in site.problems)
    finally:
        site.close()


def test_an_error_in_the_viewed_center_publishes_nothing_early(tmp_path: Path) -> None:
    """A save with an error keeps every center's last good pages: no early generation, one
    notice with the problems, and no center left waiting."""
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        before = _served(site)
        site.viewing = lambda: {"sunrise-recovery"}
        seen = _publishes(site)
        edit(root, "content/first-visit.md", "\n\n", "\n\n{{ center.name }\n\n")
        site.rebuild_safely({str(root / "content/first-visit.md")})
        assert [s[1] for s in seen] == [frozenset()]
        assert _served(site) == before
        assert any(p.is_error for p in site.problems)
        assert site.settled("cedar-grove", timeout=1)[0] is site.generation
    finally:
        site.close()


def test_a_broken_anchor_stays_reported_and_unchanged_pages_are_not_read(tmp_path: Path) -> None:
    """A link into an anchor is checked again when its page or the page it links into renders
    again; otherwise its earlier finding stands (kept in the pieces), and the pages the save did
    not touch are not read back."""
    root = sample_project(tmp_path)
    page = root / "content/getting-started.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee [what to bring](first-visit.md#what-to-carry).\n"
    )
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()  # (the first generation is served with its errors)

        def broken() -> list[str]:
            return sorted(p.render() for p in site.problems if "what-to-carry" in p.message)

        first = broken()
        assert first and all("content/getting-started.md" in p for p in first)
        reads: list[str] = []
        anchors = site._anchors
        site._anchors = lambda gen, slug: (
            lambda path: reads.append(path) or anchors(gen, slug)(path)
        )  # type: ignore[method-assign]
        page = root / "content/benefits.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nWe are glad you are here.\n")
        site.rebuild({str(page)})
        assert broken() == first and reads == []
        # (harbor-light's first-visit page is its own: both headings change)
        own = "content/centers/harbor-light/first-visit.md"
        for rel in ("content/first-visit.md", own):
            edit(root, rel, "## What to bring", "## What to carry")
        site.rebuild({str(root / "content/first-visit.md"), str(root / own)})
        assert broken() == [] and "getting-started/index.html" not in reads
    finally:
        site.close()


def test_a_save_made_while_another_file_is_broken_is_applied_once_it_is_fixed(
    tmp_path: Path,
) -> None:
    """A phone changed while a page was broken was lost when the page was fixed (the fix was a
    content-only save, built on the centers loaded before the phone changed); the centers.yaml
    errors of a failed load stayed after their cause was undone."""
    root = sample_project(tmp_path)
    site = DevSite(root, today=TODAY)
    try:
        site.build_all()
        page, centers = root / "content/first-visit.md", root / "centers.yaml"
        good = page.read_text(encoding="utf-8")
        page.write_text(good + "\nCall {{ center.phonee }} anyway.\n", encoding="utf-8")
        site.rebuild({str(page)})
        assert any(p.is_error for p in site.problems)
        edit(root, "centers.yaml", "admissions: 626-555-0123", "admissions: 626-555-0188")
        site.rebuild({str(centers)})
        page.write_text(good, encoding="utf-8")
        site.rebuild({str(page)})
        assert not any(p.is_error for p in site.problems)
        sunrise = b"".join(v for k, v in _served(site).items() if k.startswith("sunrise-recovery/"))
        assert b"555-0188" in sunrise and b"555-0123" not in sunrise
        # a service page renamed away (every center offering it is an error) and back
        iop = root / "content/services/iop.md"
        moved = iop.with_name("intensive-outpatient.md")
        iop.rename(moved)
        site.rebuild({str(iop), str(moved)})
        assert any("'iop' is not a service" in p.message for p in site.problems)
        moved.rename(iop)
        site.rebuild({str(iop), str(moved)})
        assert not any(p.is_error for p in site.problems), [p.render() for p in site.problems]
        site.rebuild(set())
        fresh = DevSite(root, today=TODAY)
        try:
            fresh.build_all()
            assert _served(site) == _served(fresh)
        finally:
            fresh.close()
    finally:
        site.close()
