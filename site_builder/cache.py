"""Skipping unchanged work. A center is rebuilt only when one of its inputs changed: its own block,
any page, template, theme file or setting, the date used for date checks, the git dates. The key
of every input is kept in output/.site-builder.json with the problems found, so a skipped center
reports them again and `--strict` never depends on the cache."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .centers import Center
from .model import SiteModel
from .problems import Mark, Problem, Severity

SOURCES = ".site-builder-sources.json"


@dataclass(frozen=True)
class Hit:
    problems: list[Problem]
    pages: int


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def shared_key(model: SiteModel, serving: bool) -> str:
    """Everything every center depends on, hashed once per build."""
    h = hashlib.sha256()
    h.update(
        f"{__version__}|{model.today}|{serving}|{model.config!r}|{sorted(model.git_dates.items())!r}".encode()
    )
    h.update(repr(model.content).encode())
    for folder in (model.root / "themes", model.root / "templates"):
        for f in _files(folder):
            h.update(f.relative_to(model.root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def center_key(shared: str, center: Center) -> str:
    return hashlib.sha256(f"{shared}|{center!r}".encode()).hexdigest()


def entry(key: str, problems: list[Problem], pages: int) -> dict:
    return {"key": key, "pages": pages, "problems": [p.as_dict() for p in problems]}


def reuse(previous: dict | None, key: str, folder: Path) -> Hit | None:
    if not previous or previous.get("key") != key or not folder.is_dir():
        return None
    return Hit([from_dict(d) for d in previous.get("problems", [])], int(previous.get("pages", 0)))


def from_dict(d: dict) -> Problem:
    return Problem(
        Mark(d["file"], d.get("line", 0), d.get("col", 0)),
        d["message"],
        d.get("hint", ""),
        Severity(d.get("severity", "error")),
        d.get("source", ""),
        tuple(d.get("centers", ())),
    )


def source_problems(
    output: Path, key: str, write: bool, compute: Callable[[], list[Problem]]
) -> list[Problem]:
    """The checks that run once per source page or theme, reused while nothing they read changed.
    `check` reads this cache but never writes it (check changes nothing but the report)."""
    path = output / SOURCES
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return [from_dict(d) for d in data["problems"]]
    except (OSError, ValueError, KeyError):
        pass
    problems = compute()
    if write and path.parent.is_dir():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"key": key, "problems": [p.as_dict() for p in problems]}, sort_keys=True),
            encoding="utf-8",
        )
        os.replace(tmp, path)
    return problems
