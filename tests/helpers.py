"""Throwaway projects for tests: the small base fixture plus the real themes, with edits applied."""

from __future__ import annotations

import errno
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

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
    """A build in this process; one process unless `jobs` is given (a test that patches a
    function, or counts its calls, sees them all)."""
    kw.setdefault("jobs", 1)
    opts = BuildOptions(root=root, output=root / "output", today=TODAY, write=write, **kw)  # type: ignore[arg-type]
    return build(opts)


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(root: Path, *args: str) -> Run:
    """Run the real console entry point in a subprocess, as an editor or CI would."""
    return run_in(root, *args, "--project", str(root))


def run_in(cwd: Path, *args: str) -> Run:
    """The real entry point run from `cwd` with no --project added, as an editor types it; the
    code is this checkout's, whatever copy of site_builder is installed."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def full_disk(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> None:
    """Make every file `module` opens for writing fail as a full disk does: write(2) raises
    ENOSPC and, like the system call, names no file."""
    real_open = open

    class Full:
        def __init__(self, f: Any) -> None:
            self.f = f

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def full_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        f = real_open(path, mode, *args, **kwargs)
        return Full(f) if "w" in mode else f

    monkeypatch.setattr(module, "open", full_open, raising=False)
    # …and every file it writes through os.open/os.write (write.py: one call per page)
    real_os_open, real_os_write = os.open, os.write
    writing: set[int] = set()

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_os_open(path, flags, *args, **kwargs)
        if flags & (os.O_WRONLY | os.O_RDWR):
            writing.add(fd)
        return fd

    def os_write(fd: int, data: Any) -> int:
        if fd in writing:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_os_write(fd, data)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "write", os_write)


# --- the browser tests: Debian's chromium, and built sites served from a folder ------------------


def needs_browser(reason: str) -> None:
    """Skip a browser test that cannot run here; under CI=true, fail it instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium launched through Playwright (skipped when either is missing)."""
    if not CHROMIUM.exists():
        needs_browser("Debian's chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        needs_browser("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served_folders(folders: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each folder served on its own local port, quietly: name -> base URL."""
    servers, urls = [], {}
    for name, folder in folders.items():
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield urls
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def read_site(output: Path, slug: str) -> dict[str, bytes]:
    site = output / slug
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }
