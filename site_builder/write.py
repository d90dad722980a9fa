"""Atomic, deterministic writing under output/.

A center built whole is staged in `output/.staging/<slug>/` (unchanged files hard-linked from the
live site, so their bytes are not rewritten), marked ready, then swapped in by two renames. A
center rebuilt in part (some pages changed, nothing else) has only its changed files staged, and
they are renamed over the live ones. Every center is marked ready before the first swap, so a
build killed at any moment leaves the old sites or is finished by the next run, which completes
every swap marked ready and throws away staging that was not."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .render import CenterResult

STAGING = ".staging"
PATCH = "patch"  # staged files of partial rebuilds, and their journal patch.json
MANIFEST = ".site-builder.json"


class UnsafePath(ValueError):
    """A path that would land outside the site's folder."""


@dataclass
class WriteStats:
    written: int = 0
    linked: int = 0
    unchanged_centers: int = 0
    removed_centers: int = 0


def safe_rel(rel: str) -> str:
    """`rel` as a plain relative path ("a/b.html"), refusing anything that could leave the folder
    it is joined to (`..`, absolute, backslash)."""
    parts = [part for part in rel.split("/") if part not in ("", ".")]
    if not parts or rel.startswith(("/", "~")) or "\\" in rel or ".." in parts or "\0" in rel:
        raise UnsafePath(rel)
    # No part is "..", none is absolute, and we never create symlinks: the join cannot leave.
    return "/".join(parts)


def safe_join(base: Path, rel: str) -> Path:
    """Join `rel` under `base`, refusing anything that could leave it (see safe_rel)."""
    return base / safe_rel(rel)


def check_paths(results: Iterable[CenterResult], output: Path) -> list[str]:
    bad = []
    for r in results:
        try:
            safe_join(output, r.slug)
            for f in r.files:
                safe_join(output / r.slug, f.path)
        except UnsafePath as exc:
            bad.append(str(exc))
    return bad


def recover(output: Path) -> None:
    staging = output / STAGING
    if not staging.is_dir():
        return
    if (staging / f"{PATCH}.json").is_file():
        _patch(output)
    for ready in sorted(staging.glob("*.ready")):
        slug = ready.name.removesuffix(".ready")
        new, target = staging / slug, output / slug
        if new.is_dir():
            _swap(new, target, staging / f"{slug}.old", ready)
        else:
            ready.unlink()
    for leftover in sorted(staging.iterdir()):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def _swap(new: Path, target: Path, old: Path, ready: Path) -> None:
    if target.exists():
        if old.exists():
            shutil.rmtree(old)
        os.rename(target, old)
    os.rename(new, target)
    ready.unlink()
    if old.exists():
        shutil.rmtree(old)


def _unchanged(target: Path, result: CenterResult) -> bool:
    if not target.is_dir():
        return False
    existing = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    if existing != sorted(f.path for f in result.files):
        return False
    return all((target / f.path).read_bytes() == f.data for f in result.files)


def stage_center(output: Path, result: CenterResult, stats: WriteStats) -> bool:
    """Write the center's new site beside the live one; False when nothing changed.

    Unchanged files are hard links to the live ones, so their bytes are not rewritten. Nothing is
    marked ready here: a build that fails later throws the staging away untouched."""
    target = safe_join(output, result.slug)
    if _unchanged(target, result):
        stats.unchanged_centers += 1
        return False
    staging = output / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    new = staging / result.slug
    if new.exists():
        shutil.rmtree(new)
    new.mkdir()
    # Plain strings and os calls: a cold build writes some 30 files a center, and pathlib's
    # objects cost more than the writes themselves.
    root, live_root = f"{new}/", f"{target}/"
    made = {""}
    has_live = target.is_dir()  # a first build has nothing to link to: no lookups then
    for f in result.files:
        rel = safe_rel(f.path)
        folder = rel.rpartition("/")[0]
        if folder not in made:
            os.makedirs(root + folder, exist_ok=True)
            while folder not in made:
                made.add(folder)
                folder = folder.rpartition("/")[0]
        dest = root + rel
        if has_live and _same_bytes(live_root + rel, f.data):
            os.link(live_root + rel, dest)
            stats.linked += 1
        else:
            with open(dest, "wb") as out:
                out.write(f.data)
            stats.written += 1
    return True


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb", buffering=0) as f:
            return f.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def stage_files(output: Path, result: CenterResult, stats: WriteStats) -> list[tuple[str, str]]:
    """Stage the files of a partial rebuild that differ from the live ones, side by side in one
    folder (no folder per page to make); (path in the site, staged name) for each."""
    target = safe_join(output, result.slug)
    staged = []
    folder = output / STAGING / PATCH
    live_root = f"{target}/"
    for i, f in enumerate(result.files):
        if _same_bytes(live_root + safe_rel(f.path), f.data):
            continue
        if not staged:
            folder.mkdir(parents=True, exist_ok=True)
        name = f"{result.slug}.{i}"
        (folder / name).write_bytes(f.data)
        stats.written += 1
        staged.append((f.path, name))
    if not staged:
        stats.unchanged_centers += 1
    return staged


def _patch(output: Path) -> None:
    """Move a partial rebuild's staged files over the live ones, as the journal lists them."""
    staging = output / STAGING
    journal = staging / f"{PATCH}.json"
    folder = f"{staging / PATCH}/"
    for slug, files in json.loads(journal.read_text(encoding="utf-8")).items():
        site = f"{output}/{safe_rel(slug)}/"
        for rel, name in files:
            new, live = folder + safe_rel(name), site + safe_rel(rel)
            try:
                os.replace(new, live)
            except FileNotFoundError:  # a new page's folder, or a file a killed run moved already
                if os.path.isfile(new):
                    os.makedirs(os.path.dirname(live), exist_ok=True)
                    os.replace(new, live)
    journal.unlink()
    if (staging / PATCH).is_dir():
        shutil.rmtree(staging / PATCH)


def commit(
    output: Path, slugs: list[str], patched: dict[str, list[tuple[str, str]]] | None = None
) -> None:
    """Swap staged centers in: mark them all ready first, so a kill half way is finished next run.
    `patched`: centers rebuilt in part, with their staged files (one journal for all of them)."""
    staging = output / STAGING
    if patched:
        journal = {slug: sorted(files) for slug, files in sorted(patched.items())}
        tmp = staging / f"{PATCH}.tmp"
        tmp.write_text(json.dumps(journal), encoding="utf-8")
        os.replace(tmp, staging / f"{PATCH}.json")
    for slug in slugs:
        (staging / f"{slug}.ready").write_text(slug, encoding="utf-8")
    if patched:
        _patch(output)
    for slug in slugs:
        _swap(
            staging / slug,
            safe_join(output, slug),
            staging / f"{slug}.old",
            staging / f"{slug}.ready",
        )


def abort(output: Path) -> None:
    staging = output / STAGING
    if staging.is_dir():
        shutil.rmtree(staging)


def write_center(output: Path, result: CenterResult, stats: WriteStats) -> None:
    if stage_center(output, result, stats):
        commit(output, [result.slug])


def read_manifest(output: Path) -> dict[str, dict]:
    """What earlier builds wrote: slug -> {"key": input hash, "problems": [...], "pages": n}."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    centers = data.get("centers", {})
    if isinstance(centers, list):
        return {s: {} for s in centers if isinstance(s, str)}
    return {k: v for k, v in centers.items() if isinstance(v, dict)}


def finish(
    output: Path,
    staged: list[str],
    entries: dict[str, dict],
    all_slugs: list[str],
    full: bool,
    stats: WriteStats,
    patched: dict[str, list[tuple[str, str]]] | None = None,
) -> None:
    """Commit the staged centers, record them, and on a full build remove centers that are gone
    (only folders an earlier build recorded as its own)."""
    commit(output, sorted(staged), patched)
    previous = read_manifest(output)
    known = len(previous)
    if full:
        for slug in sorted(previous):
            if (
                slug not in all_slugs
                and (output / slug).is_dir()
                and not slug.startswith((".", "_"))
            ):
                shutil.rmtree(safe_join(output, slug))
                stats.removed_centers += 1
        previous = {k: v for k, v in previous.items() if k in all_slugs}
    path = output / MANIFEST
    if entries or len(previous) != known or not path.is_file():  # else the record stands as is
        merged = {**previous, **entries}
        # one line: with `indent`, json encodes in Python, 10× slower for a big manifest (5 MB)
        data = json.dumps({"centers": merged}, separators=(",", ":"), sort_keys=True) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != data:
            tmp = output / f"{MANIFEST}.tmp"
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, path)
    staging = output / STAGING
    if staging.is_dir() and not any(staging.iterdir()):
        staging.rmdir()


def write_sites(
    output: Path, results: list[CenterResult], all_slugs: list[str], full: bool
) -> WriteStats:
    """Stage and commit every result at once (the in-memory path, used by tests and small builds)."""
    output.mkdir(parents=True, exist_ok=True)
    recover(output)
    stats = WriteStats()
    staged = [
        r.slug for r in sorted(results, key=lambda r: r.slug) if stage_center(output, r, stats)
    ]
    finish(output, staged, {r.slug: {} for r in results}, all_slugs, full, stats)
    return stats
