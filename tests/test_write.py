import os
from pathlib import Path

import pytest
from helpers import edit, make_project, read_site, run_build

from site_builder.render import CenterResult, RenderedPage
from site_builder.write import (
    STAGING,
    UnsafePath,
    WriteStats,
    recover,
    safe_join,
    write_center,
    write_sites,
)


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../b", "a\\b", "", "~/x"])
def test_safe_join_refuses_paths_that_leave(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, bad)


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run_build(root)
    page = root / "output/valley/first-visit/index.html"
    before = page.stat()
    result = run_build(root)
    assert result.stats.unchanged_centers == 2 and result.stats.written == 0
    assert page.stat().st_ino == before.st_ino and page.stat().st_mtime_ns == before.st_mtime_ns
    # one edit: only that center's changed files are written; the rest are hard links
    edit(
        root, "centers.yaml", "entity: Test Valley Health, Inc.", "entity: Test Valley Health, LLC"
    )
    result = run_build(root)
    assert result.stats.unchanged_centers == 1
    assert result.stats.written > 0 and result.stats.linked > 0
    css = next((root / "output/valley/assets/css").glob("site.*.css"))
    assert css.stat().st_nlink >= 1


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    run_build(root)
    before = {s: read_site(root / "output", s) for s in ("valley", "river")}
    edit(root, "centers.yaml", "main: (626) 555-0140", "main: 555-12")
    edit(root, "content/first-visit.md", "Bring your insurance card.", "Bring your card.")
    result = run_build(root)
    assert result.failed
    assert {s: read_site(root / "output", s) for s in ("valley", "river")} == before


def test_interrupted_swap_is_finished_on_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (out / "a").mkdir(parents=True)
    (out / "a/index.html").write_text("old")
    staging = out / STAGING
    (staging / "a").mkdir(parents=True)
    (staging / "a/index.html").write_text("new")
    (staging / "a.ready").write_text("a")
    # killed after the old site was moved aside but before the new one moved in
    os.rename(out / "a", staging / "a.old")
    recover(out)
    assert (out / "a/index.html").read_text() == "new"
    assert not staging.exists() or not any(staging.iterdir())


def test_staging_that_was_never_marked_ready_is_discarded(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (out / "a").mkdir(parents=True)
    (out / "a/index.html").write_text("old")
    (out / STAGING / "a").mkdir(parents=True)
    (out / STAGING / "a/index.html").write_text("half")
    recover(out)
    assert (out / "a/index.html").read_text() == "old"
    assert not (out / STAGING / "a").exists()


def test_full_build_removes_only_centers_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "output"
    page = RenderedPage("index.html", b"x")
    write_sites(out, [CenterResult("a", [page]), CenterResult("b", [page])], ["a", "b"], full=True)
    (out / "not-ours").mkdir()
    write_sites(out, [CenterResult("a", [page])], ["a"], full=True)
    assert (out / "a").is_dir() and not (out / "b").exists() and (out / "not-ours").is_dir()
    # a --center build touches only its center
    write_sites(out, [CenterResult("c", [page])], ["a", "c"], full=False)
    assert (out / "a").is_dir() and (out / "c").is_dir()


def test_write_center_swaps_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    stats = WriteStats()
    write_center(
        out,
        CenterResult("a", [RenderedPage("index.html", b"1"), RenderedPage("old/index.html", b"o")]),
        stats,
    )
    write_center(out, CenterResult("a", [RenderedPage("index.html", b"2")]), stats)
    assert (out / "a/index.html").read_bytes() == b"2"
    assert not (out / "a/old").exists()  # pages that are gone are gone
