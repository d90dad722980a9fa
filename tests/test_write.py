import errno
import os
import shutil
from pathlib import Path

import pytest
from helpers import edit, full_disk, make_project, read_site, run_build

from site_builder import write
from site_builder.render import CenterResult, RenderedPage
from site_builder.write import (
    STAGING,
    UnsafePath,
    WriteStats,
    commit,
    recover,
    safe_join,
    stage_center,
    stage_files,
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


# --- every kind of rebuild is all-or-nothing per center (issue 15) ------------------------------


class Killed(BaseException):
    """Stands in for kill -9: nothing catches it and no clean-up runs."""


def _kill_after(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """Let `n` moves (renames, exchanges, folder removals) happen, then stop as a kill would."""
    done = [0]

    def step(fn):
        def wrapped(*args, **kwargs):
            if done[0] == n:
                raise Killed
            done[0] += 1
            return fn(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(os, "rename", step(os.rename))
    monkeypatch.setattr(os, "replace", step(os.replace))
    monkeypatch.setattr(shutil, "rmtree", step(shutil.rmtree))
    monkeypatch.setattr(write, "_exchange", step(write._exchange))


OLD = {
    "index.html": b"home 1",
    "a/index.html": b"a 1",
    "b/index.html": b"b 1",
    "c/d/index.html": b"d 1",
    "site.css": b"css",
}
#: c: a partial rebuild changing two files; d: a partial rebuild changing one; e: a whole rebuild
NEW = {
    "c": {**OLD, "a/index.html": b"a 2", "c/d/index.html": b"d 2"},
    "d": {**OLD, "b/index.html": b"b 2"},
    "e": {
        "index.html": b"home 2",
        "a/index.html": b"a 2",
        "new/index.html": b"n",
        "site.css": b"css",
    },
}


def _result(slug: str, files: dict[str, bytes]) -> CenterResult:
    return CenterResult(slug, [RenderedPage(k, v) for k, v in sorted(files.items())])


#: the sites before OLD: what each center's spare (output/.previous/<slug>/) holds, to be reused
OLDER = {**OLD, "b/index.html": b"b 0", "gone/index.html": b"g", "gone/deep/x.html": b"x"}
del OLDER["a/index.html"]


def _old_sites(out: Path) -> None:
    write_sites(out, [_result(s, OLDER) for s in NEW], sorted(NEW), full=True)
    write_sites(out, [_result(s, OLD) for s in NEW], sorted(NEW), full=True)
    assert read_site(out / write.SPARE, "c") == OLDER


def _stage_new(out: Path) -> dict[str, list[tuple[str, str]]]:
    stats = WriteStats()
    rendered = {"a/index.html", "c/d/index.html", "b/index.html"}  # only these pages rendered
    patched = {
        s: stage_files(out, _result(s, {k: v for k, v in NEW[s].items() if k in rendered}), stats)
        for s in ("c", "d")
    }
    assert stage_center(out, _result("e", NEW["e"]), stats)
    assert [name for _, name in patched["d"]] != [write.WHOLE]  # one file: renamed in place
    assert {name for _, name in patched["c"]} == {write.WHOLE}  # more: the center staged whole
    return patched


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_kill_between_any_two_moves_leaves_each_center_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(write, "_renameat2", None)
    kills = 0
    for n in range(100):
        out = tmp_path / str(n) / "output"
        _old_sites(out)
        patched = _stage_new(out)
        with monkeypatch.context() as m:
            _kill_after(m, n)
            try:
                commit(out, ["e"], patched)
            except Killed:
                kills += 1
            else:
                break
        for slug in NEW:
            site = read_site(out, slug)
            # where the system cannot exchange two folders, a kill between the two renames
            # leaves the folder away for a moment (in output/.staging/); recovery puts it back
            assert site in (OLD, NEW[slug]) or (not exchange and site == {}), (n, slug, site)
        recover(out)
        for slug in NEW:
            assert read_site(out, slug) in (OLD, NEW[slug]), (n, slug)
        assert not any((out / STAGING).iterdir()) if (out / STAGING).exists() else True
    assert kills >= 4  # every move of the commit was a kill point
    for slug in NEW:
        assert read_site(out, slug) == NEW[slug]
    # c was staged in its spare (the OLDER site), made equal to the new one; the old site is the
    # spare now, its files the same inodes as the live ones wherever they did not change
    assert read_site(out / write.SPARE, "c") == OLD
    assert (out / "c/index.html").stat().st_ino == (
        out / write.SPARE / "c/index.html"
    ).stat().st_ino


def test_a_partial_build_killed_at_any_point_is_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build end to end: two pages edited, so each center changes two files."""
    base = make_project(tmp_path / "base")
    assert not run_build(base).failed

    def edited(where: Path) -> Path:
        shutil.copytree(base, where)
        edit(where, "content/first-visit.md", "Bring your insurance card.", "Bring your card.")
        edit(where, "content/contact.md", "Call us", "Please call us")
        return where

    old = {s: read_site(base / "output", s) for s in ("valley", "river")}
    clean = edited(tmp_path / "clean")
    assert not run_build(clean).failed
    new = {s: read_site(clean / "output", s) for s in ("valley", "river")}
    for s in new:  # a partial rebuild of more than one file in each center
        assert sum(old[s].get(k) != v for k, v in new[s].items()) >= 2
    kills = 0
    for n in range(100):
        root = edited(tmp_path / f"run{n}")
        with monkeypatch.context() as m:
            _kill_after(m, n)
            try:
                run_build(root)
            except Killed:
                kills += 1
            else:
                break
        for s in new:
            assert read_site(root / "output", s) in (old[s], new[s]), (n, s)
        recover(root / "output")
        for s in new:
            assert read_site(root / "output", s) in (old[s], new[s]), (n, s)
        assert not run_build(root).failed  # the next run ends with the new sites
        for s in new:
            assert read_site(root / "output", s) == new[s], (n, s)
    assert kills >= 2


def test_a_file_where_a_center_folder_goes_is_named_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "a").write_text("my notes")
    with pytest.raises(write.WriteError) as caught:
        write_sites(out, [_result("a", OLD)], ["a"], full=True)
    text = caught.value.text()
    assert text == (
        f"{out / 'a'} is a file, but the site of 'a' needs a folder there: "
        f"move or delete the file {out / 'a'}, then build again"
    )
    assert STAGING not in text
    assert (out / "a").read_text() == "my notes"  # never moved aside, never deleted


def test_a_full_disk_names_the_file_being_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    _old_sites(out)
    full_disk(monkeypatch, write)
    with pytest.raises(OSError) as caught:
        stage_center(out, _result("e", NEW["e"]), WriteStats())
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == f"{out}/e/a/index.html"  # the site's file, not a work path
    with pytest.raises(OSError) as caught:
        stage_files(out, _result("c", NEW["c"]), WriteStats())
    assert caught.value.filename == f"{out}/c/a/index.html"
