"""Throwaway projects for tests: the small base fixture plus the real themes, with edits applied."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from site_builder.build import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "fixtures" / "base"
TODAY = "2026-12-02"
#: Debian's chromium, as the browser tests launch it (never a downloaded browser; see DECISIONS.md).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def make_project(tmp_path: Path, files: dict[str, str] | None = None, base: Path = BASE) -> Path:
    """Copy a fixture project and the repo's themes into tmp_path/project, then write `files`."""
    root = tmp_path / "project"
    shutil.copytree(base, root)
    if not (root / "themes").exists():
        shutil.copytree(REPO / "themes", root / "themes")
    for rel, text in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def sample_project(tmp_path: Path) -> Path:
    """A copy of the shipped sample project (centers.yaml, content/, themes/)."""
    root = tmp_path / "sample"
    root.mkdir(parents=True)
    for name in ("centers.yaml", "content", "themes", "images"):
        src = REPO / name
        if not src.exists():
            continue
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_build(root: Path, write: bool = True, **kw: object) -> BuildResult:
    opts = BuildOptions(root=root, output=root / "output", today=TODAY, write=write, **kw)  # type: ignore[arg-type]
    return build(opts)


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(root: Path, *args: str) -> Run:
    """Run the real console entry point in a subprocess, as an editor or CI would."""
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", *args, "--project", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def read_site(output: Path, slug: str) -> dict[str, bytes]:
    site = output / slug
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }
