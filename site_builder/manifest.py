"""The build's record in output/.site-builder.json: for each center the key of its inputs, its
problems, its page count and the engine's pieces (engine.py), so the next build renders only what
changed and reports the problems of what it skipped. Read once per build, written once at its end."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .engine import Pieces
from .problems import Problem

MANIFEST = ".site-builder.json"


@dataclass(frozen=True)
class Entry:
    """One site's record (a center's, or the directory's): the key of every input its folder was
    made from, the problems found then (reported again while the key holds), its page count, and
    the engine's pieces for rendering only what changes next time (the directory has none). An
    empty key matches no build: the site is made again, its folder still known as ours."""

    key: str = ""
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    pieces: Pieces | None = None

    def as_dict(self) -> dict:
        out: dict = {
            "key": self.key,
            "pages": self.pages,
            "problems": [p.as_dict() for p in self.problems],
        }
        if self.pieces is not None:
            out["pieces"] = self.pieces.as_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict) -> Entry:
        """The record as an earlier build wrote it; one this version cannot read in full is
        kept without its key (so its site is made again rather than reported from half a
        record)."""
        try:
            problems = tuple(Problem.from_dict(p) for p in d.get("problems", ()))
            return cls(
                str(d.get("key", "")),
                int(d.get("pages", 0)),
                problems,
                Pieces.from_dict(d.get("pieces")),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()


def read(output: Path) -> dict[str, Entry]:
    """What earlier builds wrote, by slug (nothing when there is no record or it is unreadable)."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    centers = data.get("centers", {}) if isinstance(data, dict) else {}
    if isinstance(centers, list):
        return {s: Entry() for s in centers if isinstance(s, str)}
    if not isinstance(centers, dict):
        return {}
    return {k: Entry.from_dict(v) for k, v in centers.items() if isinstance(v, dict)}


def write(output: Path, centers: dict[str, Entry]) -> None:
    """The record, replaced at once (a killed build leaves the old one or the new one)."""
    path = output / MANIFEST
    # one line: with `indent`, json encodes in Python, 10× slower for a big manifest (5 MB)
    record = {slug: entry.as_dict() for slug, entry in centers.items()}
    data = json.dumps({"centers": record}, separators=(",", ":"), sort_keys=True) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == data:
        return
    tmp = output / f"{MANIFEST}.tmp"
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)
