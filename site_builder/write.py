"""Atomic, deterministic writing under output/.

Every center that changed is staged whole in `output/.staging/<slug>/`: unchanged files are hard
links to the live ones (so their bytes are not rewritten), changed files are written new. That
holds for a center rebuilt in part (some pages changed, nothing else) too, so every kind of
rebuild is swapped in the same way. Every staged center is marked ready before the first swap; a
swap is one atomic exchange of the two folders where the system has one (Linux), else two
renames. A build killed at any moment leaves each center's folder the complete old site or the
complete new one; the next run completes every swap marked ready and throws away staging that
was not."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import manifest
from . import messages as msg
from .render import CenterResult

STAGING = ".staging"
PATCH = "patch"  # one-file partial rebuilds: their staged files, and the journal patch.json
SPARE = ".previous"  # each center's site before its last swap, reused to stage the next one


class UnsafePath(ValueError):
    """A path that would land outside the site's folder."""


class WriteError(Exception):
    """Something in the output folder an editor must fix (a file where a center's folder goes).
    args: (message, hint, path, slug); `text` names the path as the editor should see it."""

    def text(self, shown: Callable[[str], str] = str) -> str:
        message, hint, path, slug = self.args
        return f"{message.format(path=shown(path), slug=slug)}: {hint.format(path=shown(path))}"


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
    """Finish every swap a killed build marked ready; throw away all other staging."""
    staging = output / STAGING
    if not staging.is_dir():
        return
    if (staging / f"{PATCH}.json").is_file():
        _patch(output)
    for ready in sorted(staging.glob("*.ready")):
        slug = ready.name.removesuffix(".ready")
        new, target = staging / slug, output / slug
        if _still_staged(new, ready):
            _swap(new, target, staging / f"{slug}.old", ready)
        else:  # swapped already: what is left in staging is the old site
            ready.unlink()
    for leftover in sorted(staging.iterdir()):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    staging.rmdir()


def _mark_ready(new: Path, ready: Path) -> None:
    """The marker holds the staged folder's inode: after an exchange, the folder left in staging
    (the old site) has another one, so recovery never swaps the old site back in."""
    tmp = ready.with_suffix(".tmp")
    tmp.write_text(str(os.stat(new).st_ino), encoding="utf-8")
    os.replace(tmp, ready)


def _still_staged(new: Path, ready: Path) -> bool:
    try:
        marked = ready.read_text(encoding="utf-8").strip()
        inode = os.stat(new).st_ino
    except (FileNotFoundError, NotADirectoryError):
        return False
    return new.is_dir() and (not marked.isdigit() or int(marked) == inode)


def _swap(new: Path, target: Path, old: Path, ready: Path) -> None:
    """Put the staged folder `new` in place of `target`: one atomic exchange where the system has
    it, else two renames (a kill between them is finished by `recover`)."""
    if target.is_dir() and _exchange(new, target):
        ready.unlink()
        _keep_spare(target.parent, target.name, new)  # the old site now
        return
    if os.path.lexists(target):
        if not target.is_dir():
            raise WriteError(msg.OUTPUT_BLOCKED, msg.OUTPUT_BLOCKED_HINT, str(target), target.name)
        if old.exists():
            shutil.rmtree(old)
        os.rename(target, old)
    os.rename(new, target)
    ready.unlink()
    if old.exists():
        _keep_spare(target.parent, target.name, old)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
#: False: not looked up yet; None: this system has no exchange
_renameat2: Callable[..., int] | None | bool = False if sys.platform == "linux" else None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE). False where the C
    library, the kernel or the filesystem cannot; then the caller renames twice."""
    global _renameat2
    if _renameat2 is None:
        return False
    import ctypes

    if _renameat2 is False:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2
        except (OSError, AttributeError):
            _renameat2 = None
            return False
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        fn.restype = ctypes.c_int
        _renameat2 = fn
    assert callable(_renameat2)
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        _renameat2 = None  # not here: two renames from now on
        return False
    raise OSError(err, os.strerror(err), str(b))


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
    target = _target(output, result.slug)
    if _unchanged(target, result):
        stats.unchanged_centers += 1
        return False
    new = _fresh(output, result.slug)
    # Plain strings and os calls: a cold build writes some 30 files a center, and pathlib's
    # objects cost more than the writes themselves.
    root, live_root = f"{new}/", f"{target}/"
    made = {""}
    has_live = target.is_dir()  # a first build has nothing to link to: no lookups then
    rel = ""
    try:
        for f in result.files:
            rel = safe_rel(f.path)
            folder = rel.rpartition("/")[0]
            if folder not in made:
                _mkdir(root + folder)
                while folder not in made:
                    made.add(folder)
                    folder = folder.rpartition("/")[0]
            dest = root + rel
            if has_live and _same_bytes(live_root + rel, f.data):
                os.link(live_root + rel, dest)
                stats.linked += 1
            else:
                _write(dest, f.data)
                stats.written += 1
    except OSError as exc:
        raise _named(exc, live_root + rel) from exc
    return True


def _mkdir(folder: str) -> None:
    """A folder whose parent usually exists already (the files come in path order): one call."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        pass


def _write(path: str, data: bytes) -> None:
    """A new file with these bytes, without a buffered file object (a cold build writes one per
    page: the object costs more than the write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _target(output: Path, slug: str) -> Path:
    """output/<slug>, refused when something other than a folder is in the way (never moved)."""
    target = safe_join(output, slug)
    if os.path.lexists(target) and not target.is_dir():
        raise WriteError(msg.OUTPUT_BLOCKED, msg.OUTPUT_BLOCKED_HINT, str(target), slug)
    return target


def _fresh(output: Path, slug: str) -> Path:
    """An empty output/.staging/<slug>/ to stage the center in."""
    new = output / STAGING / slug
    try:
        if new.exists():
            shutil.rmtree(new)
        new.mkdir(parents=True)
    except OSError as exc:
        raise _named(exc, str(output / slug)) from exc
    return new


def _named(exc: OSError, path: str) -> OSError:
    """The same error, naming the file the editor knows (a write to a full disk names none, and a
    staged file's name is a hidden work path)."""
    return OSError(exc.errno, exc.strerror or str(exc), path)


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb", buffering=0) as f:
            return f.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def stage_files(output: Path, result: CenterResult, stats: WriteStats) -> list[tuple[str, str]]:
    """Stage a partial rebuild (`result` holds only the files rendered again) so that it is
    all-or-nothing for the center. One changed file: staged alone and renamed over the live one
    (one rename is atomic) — the usual one-page edit, with nothing else to touch. More: the center
    is staged whole, hard links to every live file plus the changed ones, and swapped in like a
    full rebuild (a folder per page makes that cost a tree of links, so only when needed).
    Returns (path in the site, staged name) per changed file, the name WHOLE for a center staged
    whole; none: nothing changed."""
    target = _target(output, result.slug)
    live_root = f"{target}/"
    changed = {}
    for f in result.files:
        rel = safe_rel(f.path)
        if not _same_bytes(live_root + rel, f.data):
            changed[rel] = f.data
    if not changed:
        stats.unchanged_centers += 1
        return []
    if len(changed) == 1:
        ((rel, data),) = changed.items()
        name = f"{result.slug}.0"
        try:
            folder = output / STAGING / PATCH
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        except OSError as exc:
            raise _named(exc, live_root + rel) from exc
        stats.written += 1
        return [(rel, name)]
    _stage_copy(output, target, result.slug, changed, stats)
    return [(rel, WHOLE) for rel in changed]


WHOLE = ""  # stage_files: the center was staged whole in output/.staging/<slug>/


def _stage_copy(
    output: Path, target: Path, slug: str, changed: dict[str, bytes], stats: WriteStats
) -> None:
    """output/.staging/<slug>/: the live site as hard links, with the changed files written new.

    It starts from the center's spare (output/.previous/<slug>/, the site before the last swap)
    when there is one: its folders are reused and only the files that differ from the live ones
    are linked again. Making and removing a folder for every page of every center costs seconds
    at a few hundred centers (ext4 scans past recently freed inodes); linking costs little."""
    new = output / STAGING / slug
    spare = output / SPARE / slug
    try:
        if new.exists():
            shutil.rmtree(new)
        new.parent.mkdir(parents=True, exist_ok=True)
        if spare.is_dir():
            os.rename(spare, new)
        else:
            new.mkdir()
    except OSError as exc:
        raise _named(exc, str(target)) from exc
    rel = ""
    try:
        _mirror(str(target), str(new), "", changed, stats)
        root = f"{new}/"
        for rel, data in changed.items():  # new files: never written into a shared link
            if "/" in rel and not os.path.isdir(os.path.dirname(root + rel)):
                os.makedirs(os.path.dirname(root + rel))  # a folder the live site lacks
            with open(root + rel, "wb") as out:
                out.write(data)
            stats.written += 1
    except OSError as exc:
        raise _named(exc, f"{target}/{rel}") from exc


def _mirror(
    live: str, copy: str, prefix: str, changed: dict[str, bytes], stats: WriteStats
) -> None:
    """Make the folder `copy` hold what `live` holds, as hard links (the same inode: nothing to
    do), leaving out the changed files. One scandir of each folder; no stat calls."""
    have = {e.name: e for e in os.scandir(copy)}
    for entry in os.scandir(live):
        rel = prefix + entry.name
        old = have.pop(entry.name, None)
        if entry.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                os.unlink(old.path)
                old = None
            if old is None:
                os.mkdir(f"{copy}/{entry.name}")
            _mirror(entry.path, f"{copy}/{entry.name}", f"{rel}/", changed, stats)
        elif rel in changed:
            if old is not None:
                _remove(old)
        elif old is None or old.is_dir(follow_symlinks=False) or old.inode() != entry.inode():
            if old is not None:
                _remove(old)
            os.link(entry.path, f"{copy}/{entry.name}")
            stats.linked += 1
    for old in have.values():  # what the live site no longer has
        _remove(old)


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _keep_spare(output: Path, slug: str, old: Path) -> None:
    """After a swap: the old site becomes the center's spare, for its next partial rebuild."""
    spare = output / SPARE / slug
    if spare.exists():
        shutil.rmtree(spare)
    spare.parent.mkdir(exist_ok=True)
    os.rename(old, spare)


def commit(
    output: Path, slugs: list[str], patched: dict[str, list[tuple[str, str]]] | None = None
) -> None:
    """Swap the staged centers in: mark them all ready first (the journal of one-file centers
    and a marker per center staged whole), so a kill half way is finished by the next run.
    `patched`: the centers rebuilt in part, as stage_files staged them."""
    staging = output / STAGING
    patched = patched or {}
    whole = sorted({*slugs, *(s for s, files in patched.items() if files[0][1] == WHOLE)})
    journal = {s: files for s, files in sorted(patched.items()) if files[0][1] != WHOLE}
    try:
        if journal:
            tmp = staging / f"{PATCH}.tmp"
            tmp.write_text(json.dumps(journal), encoding="utf-8")
            os.replace(tmp, staging / f"{PATCH}.json")
        for slug in whole:
            _mark_ready(staging / slug, staging / f"{slug}.ready")
    except OSError as exc:
        raise _named(exc, str(output)) from exc
    if journal:
        _patch(output)
    for slug in whole:
        _swap(
            staging / slug,
            _target(output, slug),
            staging / f"{slug}.old",
            staging / f"{slug}.ready",
        )


def _patch(output: Path) -> None:
    """Move the one changed file of each center the journal lists over the live one (also what
    recovery does after a kill: a file moved already is skipped)."""
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


def abort(output: Path) -> None:
    staging = output / STAGING
    if staging.is_dir():
        shutil.rmtree(staging)


def write_center(output: Path, result: CenterResult, stats: WriteStats) -> None:
    if stage_center(output, result, stats):
        commit(output, [result.slug])


def finish(
    output: Path,
    staged: list[str],
    entries: dict[str, manifest.Entry],
    all_slugs: list[str],
    full: bool,
    stats: WriteStats,
    patched: dict[str, list[tuple[str, str]]] | None = None,
    previous: dict[str, manifest.Entry] | None = None,
) -> None:
    """Commit the staged centers, record them, and on a full build remove centers that are gone
    (only folders an earlier build recorded as its own). `previous`: the record as this build
    read it before rendering (read now when not given)."""
    commit(output, sorted(staged), patched)
    if previous is None:
        previous = manifest.read(output)
    known = len(previous)
    if full:
        for slug in sorted(previous):
            if (
                slug not in all_slugs
                and (output / slug).is_dir()
                and not slug.startswith((".", "_"))
            ):
                shutil.rmtree(safe_join(output, slug))
                if (output / SPARE / slug).is_dir():
                    shutil.rmtree(output / SPARE / slug)
                stats.removed_centers += 1
        previous = {k: v for k, v in previous.items() if k in all_slugs}
    record = output / manifest.MANIFEST
    if entries or len(previous) != known or not record.is_file():
        try:  # (else the record stands as is)
            manifest.write(output, {**previous, **entries})
        except OSError as exc:
            raise _named(exc, str(record)) from exc
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
    finish(output, staged, {r.slug: manifest.Entry() for r in results}, all_slugs, full, stats)
    return stats
