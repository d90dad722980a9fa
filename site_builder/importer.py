"""`site-builder import`: a treatment-locator listing (JSON or CSV) → draft centers in centers.yaml.

One center per listing record. The importer writes only what the listing says (name, operating
entity, phone, address, geocode) and marks every center `draft: true`; it never adds services,
hours, credentials or notice links. The rules for names, duplicates and slugs are in
docs/importing.md.

This module is the command and the import as a whole (duplicates, slugs, --force/--append). The
parts: locator_records.py reads the listing and maps each record; centers_yaml_writer.py writes
centers.yaml and reads an existing one; import_messages.py holds every sentence.

Wiring (cli.py): `importer.add_parser(subparsers)` adds the subcommand; `importer.run(args)` runs
it and returns the exit code."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from . import slugs

# `X as X`: re-exported, so `importer.quote`, `importer.split_name` … stay where callers find them
from .centers_yaml_writer import Existing as Existing
from .centers_yaml_writer import OldCenter as OldCenter
from .centers_yaml_writer import emit_center as emit_center
from .centers_yaml_writer import quote as quote
from .centers_yaml_writer import read_existing as read_existing
from .centers_yaml_writer import render_file as render_file
from .import_messages import (
    ALREADY_THERE,
    APPENDED,
    CANNOT_WRITE,
    DONE,
    DONE_ALREADY,
    DONE_NOTES,
    DRAFTS,
    DUPLICATE,
    EMPTY_LISTING,
    EXISTING_BAD,
    EXISTS,
    HELP,
    HELP_APPEND,
    HELP_DEBUG,
    HELP_FILE,
    HELP_FORCE,
    HELP_FORMAT,
    HELP_OUTPUT,
    KEPT,
    NO_INPUT,
    NOTHING_IMPORTED,
    NOTHING_NEW,
    RECORD_NOTE,
    RECORD_SKIPPED,
    REMOVED,
    WHERE,
    WHERE_NAMED,
)
from .locator_records import Imported as Imported
from .locator_records import _Number as _Number
from .locator_records import address_key as address_key
from .locator_records import clean as clean
from .locator_records import map_record as map_record
from .locator_records import read_listing as read_listing
from .locator_records import split_name as split_name
from .locator_records import state_code as state_code
from .locator_records import zip_code as zip_code

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
FORMATS = ("samhsa-locator",)

# --- the command ---------------------------------------------------------------------------------


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `import FILE --format samhsa-locator [--output centers.yaml] [--force | --append]`."""
    p = subparsers.add_parser("import", help=HELP, description=HELP)
    p.add_argument("file", type=Path, metavar="FILE", help=HELP_FILE)
    p.add_argument("--format", required=True, choices=FORMATS, help=HELP_FORMAT)
    p.add_argument(
        "--output", type=Path, default=Path("centers.yaml"), metavar="FILE", help=HELP_OUTPUT
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help=HELP_FORCE)
    mode.add_argument("--append", action="store_true", help=HELP_APPEND)
    p.add_argument("--debug", action="store_true", help=HELP_DEBUG)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Import `args.file` into `args.output`; report to `out` (stderr). Returns the exit code."""
    out = out or sys.stderr

    def say(line: str) -> None:
        print(line, file=out)

    src: Path = args.file
    dest: Path = args.output
    if not src.is_file():
        say(NO_INPUT.format(path=src, why="no such file"))
        return EXIT_USAGE
    listing = read_listing(src)
    if isinstance(listing, str):
        say(listing)
        return EXIT_PROBLEMS
    if not listing:
        say(EMPTY_LISTING.format(path=src))
        return EXIT_PROBLEMS

    existing: Existing | None = None
    if dest.exists():
        if not (args.force or args.append):
            say(EXISTS.format(path=dest))
            return EXIT_USAGE
        try:
            existing = read_existing(dest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            say(EXISTING_BAD.format(path=dest, why=exc))
            return EXIT_PROBLEMS
        if isinstance(existing, str):
            say(existing.format(path=dest))
            return EXIT_PROBLEMS

    result = import_records(listing, src.name, existing, append=bool(args.append), dest=dest)
    for line in result.lines:
        say(line)
    if not result.centers and not result.skipped and result.already:
        say(NOTHING_NEW.format(src=src, path=dest))
        return EXIT_OK
    if not result.centers:
        say(NOTHING_IMPORTED.format(path=src))
        return EXIT_PROBLEMS

    source = src.name
    if existing is not None and args.append:
        text = existing.appended(result.centers, APPENDED.format(fmt=args.format, source=source))
    else:
        text = render_file(result.centers, args.format, source, existing)
    try:
        _write_atomic(dest, text)
    except OSError as exc:
        say(CANNOT_WRITE.format(path=dest, why=exc.strerror or exc))
        return EXIT_PROBLEMS

    if existing is not None and args.force:
        if result.kept:
            say(KEPT.format(n=result.kept, s=_s(result.kept), path=dest))
        if result.removed:
            n = len(result.removed)
            say(
                REMOVED.format(
                    n=n,
                    s=_s(n),
                    path=dest,
                    verb="is" if n == 1 else "are",
                    pron="was" if n == 1 else "were",
                    slugs=", ".join(result.removed),
                )
            )
    notes = DONE_NOTES.format(n=result.notes, s=_s(result.notes)) if result.notes else ""
    if result.already:
        notes = DONE_ALREADY.format(n=result.already) + notes
    n = len(result.centers)
    say(
        DONE.format(
            verb="Added" if args.append and existing is not None else "Imported",
            to="to" if args.append and existing is not None else "into",
            count=n,
            s=_s(n),
            path=dest,
            read=len(listing),
            rs=_s(len(listing)),
            skipped=result.skipped,
            notes=notes,
        )
    )
    say(DRAFTS)
    return EXIT_PROBLEMS if result.skipped else EXIT_OK


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _write_atomic(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- slugs ---------------------------------------------------------------------------------------


def derive_slug(name: str, city: str, street: str, taken: set[str]) -> str:
    return slugs.derive(name, city, street, taken)


# --- the import as a whole -----------------------------------------------------------------------


@dataclass
class Result:
    centers: list[Imported] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    skipped: int = 0
    notes: int = 0
    already: int = 0  # --append: records whose center is in the file already
    kept: int = 0
    removed: list[str] = field(default_factory=list)


def import_records(
    records: list[object],
    source: str,
    existing: Existing | None = None,
    append: bool = False,
    dest: Path | None = None,
) -> Result:
    """Map every record, drop duplicates and give each center its slug."""
    result = Result()
    seen: dict[tuple[str, ...], int] = {}
    mapped: list[Imported] = []
    old = existing.centers if existing else []
    old_by_key: dict[tuple[str, ...], list[str]] = {}
    for c in old:
        old_by_key.setdefault(c.key, []).append(c.slug)
    for n, raw in enumerate(records, 1):
        center, reasons, notes = map_record(n, raw)
        name = clean(raw.get("name")) if isinstance(raw, dict) else ""
        where = (WHERE_NAMED if name else WHERE).format(file=source, n=n, name=name)
        if center is not None and center.key in seen:
            reasons = [DUPLICATE.format(n=seen[center.key])]
            center = None
        if center is not None and append and center.key in old_by_key:
            slug = old_by_key[center.key][0]
            why = ALREADY_THERE.format(path=dest or "centers.yaml", slug=slug)
            result.lines.append(RECORD_NOTE.format(where=where, why=why))
            result.already += 1
            seen[center.key] = n
            continue
        for note in notes:
            result.lines.append(RECORD_NOTE.format(where=where, why=note))
        result.notes += len(notes)
        if center is None:
            result.lines.append(RECORD_SKIPPED.format(where=where, why="; ".join(reasons)))
            result.skipped += 1
            continue
        seen[center.key] = n
        mapped.append(center)

    taken: set[str] = set()
    slugs: dict[int, str] = {}
    if append:
        taken.update(c.slug for c in old)
    elif old:  # --force: the same name and address keeps its slug
        for c in mapped:
            mine = old_by_key.get(c.key)
            if mine:
                slugs[c.record] = mine.pop(0)
                taken.add(slugs[c.record])
        result.kept = len(slugs)
        result.removed = [s for left in old_by_key.values() for s in left]
    for c in mapped:
        if c.record not in slugs:
            slugs[c.record] = derive_slug(c.name, c.city, c.street, taken)
            taken.add(slugs[c.record])
    result.centers = [replace(c, slug=slugs[c.record]) for c in mapped]
    return result
