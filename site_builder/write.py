"""Atomic, deterministic writing under output/: each center's folder is replaced as a whole.

A center is staged in `output/.staging/<slug>/` (unchanged files hard-linked from the live site,
so their bytes are not rewritten), marked ready, then swapped in by two renames. A build killed at
any moment leaves every center's folder the complete old or the complete new site; the next run
finishes a swap that was marked ready and throws away staging that was not."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .render import CenterResult

STAGING = ".staging"
MANIFEST = ".site-builder.json"


class UnsafePath(ValueError):
    """A path that would land outside the site's folder."""


@dataclass
class WriteStats:
    written: int = 0
    linked: int = 0
    unchanged_centers: int = 0
    removed_centers: int = 0


def safe_join(base: Path, rel: str) -> Path:
    """Join `rel` under `base`, refusing anything that could leave it (`..`, absolute, backslash)."""
    p = PurePosixPath(rel)
    if (
        not rel
        or p.is_absolute()
        or "\\" in rel
        or any(part in ("..", "") for part in p.parts)
        or rel.startswith("~")
    ):
        raise UnsafePath(rel)
    out = base.joinpath(*p.parts)
    if not out.resolve().is_relative_to(base.resolve()):
        raise UnsafePath(rel)
    return out


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


def write_center(output: Path, result: CenterResult, stats: WriteStats) -> None:
    target = safe_join(output, result.slug)
    if _unchanged(target, result):
        stats.unchanged_centers += 1
        return
    staging = output / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    new = staging / result.slug
    if new.exists():
        shutil.rmtree(new)
    new.mkdir()
    for f in result.files:
        dest = safe_join(new, f.path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        live = target / f.path
        if live.is_file() and live.stat().st_size == len(f.data) and live.read_bytes() == f.data:
            os.link(live, dest)
            stats.linked += 1
        else:
            dest.write_bytes(f.data)
            stats.written += 1
    ready = staging / f"{result.slug}.ready"
    ready.write_text(result.slug, encoding="utf-8")
    _swap(new, target, staging / f"{result.slug}.old", ready)


def read_manifest(output: Path) -> list[str]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return [s for s in data.get("centers", []) if isinstance(s, str)]
    except (OSError, ValueError):
        return []


def write_sites(
    output: Path, results: list[CenterResult], all_slugs: list[str], full: bool
) -> WriteStats:
    """Write each center; on a full build remove folders of centers we wrote before that are gone."""
    output.mkdir(parents=True, exist_ok=True)
    recover(output)
    stats = WriteStats()
    for result in sorted(results, key=lambda r: r.slug):
        write_center(output, result, stats)
    previous = read_manifest(output)
    keep = set(all_slugs) if full else set(all_slugs) | set(previous)
    if full:
        for slug in previous:
            if slug not in keep and (output / slug).is_dir() and not slug.startswith((".", "_")):
                shutil.rmtree(safe_join(output, slug))
                stats.removed_centers += 1
    manifest = {"centers": sorted(keep & (set(previous) | {r.slug for r in results}))}
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    staging = output / STAGING
    if staging.is_dir() and not any(staging.iterdir()):
        staging.rmdir()
    return stats
