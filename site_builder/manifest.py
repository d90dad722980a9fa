"""The build's record in output/.site-builder.json: for each center the key of its inputs, its
problems, its page count and the engine's pieces (engine.py), so the next build renders only what
changed and reports the problems of what it skipped. Read once per build, written once at its end."""

from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = ".site-builder.json"


def read(output: Path) -> dict[str, dict]:
    """What earlier builds wrote: slug -> {"key": input hash, "problems": [...], "pages": n}."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    centers = data.get("centers", {}) if isinstance(data, dict) else {}
    if isinstance(centers, list):
        return {s: {} for s in centers if isinstance(s, str)}
    if not isinstance(centers, dict):
        return {}
    return {k: v for k, v in centers.items() if isinstance(v, dict)}


def write(output: Path, centers: dict[str, dict]) -> None:
    """The record, replaced at once (a killed build leaves the old one or the new one)."""
    path = output / MANIFEST
    # one line: with `indent`, json encodes in Python, 10× slower for a big manifest (5 MB)
    data = json.dumps({"centers": centers}, separators=(",", ":"), sort_keys=True) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == data:
        return
    tmp = output / f"{MANIFEST}.tmp"
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)
