"""`site-builder admin`: the editor for publishing, built into `output/admin/` — its own folder,
never inside a center's site (`admin` is a reserved slug) — with Decap's GitHub back end and the
editorial workflow (each editor's change is a pull request that CI builds with --strict and a
reviewer merges), `noindex`, and a Content Security Policy that lets Decap reach GitHub and nothing
else.

Centers are not in the published editor: Decap's GitHub back end writes a whole file as Decap
serialises it, which would drop centers.yaml's comments and reorder its keys. Centers are edited in
`site-builder serve`, whose writer changes only the block of the center saved (store.py)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..build import UsageError
from . import bundle, config
from .project import read_project

FOLDER = "admin"
_GITHUB = re.compile(r"github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def add_parser(sub: Any) -> argparse.ArgumentParser:
    text = "write the editor for publishing into output/admin/ (Decap CMS, GitHub back end)"
    s = sub.add_parser("admin", help=text, description=text)
    s.add_argument("--project", type=Path, default=None, metavar="DIR", help="the project folder")
    s.add_argument(
        "--output", type=Path, default=None, metavar="DIR", help="default: PROJECT/output"
    )
    s.add_argument("--repo", metavar="OWNER/NAME", help="the GitHub repository (default: origin)")
    s.add_argument("--branch", default="main", help="the branch editors' changes go to")
    s.add_argument(
        "--auth-url",
        default="",
        metavar="URL",
        help="the OAuth service that signs editors in to GitHub (Decap's base_url)",
    )
    s.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return s


def run(args: argparse.Namespace, root: Path) -> int:
    out = (args.output or root / "output").resolve()
    repo = args.repo or _origin(root)
    if not repo or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        raise UsageError(
            "site-builder admin needs the GitHub repository the editor saves to: "
            "add --repo owner/name (or a GitHub 'origin' remote)"
        )
    if bundle.decap_dir() is None:
        raise UsageError(
            "Decap CMS is not installed: run 'npm ci --prefix tools/decap', then try again"
        )
    folder = write(root, out, repo, args.branch, args.auth_url)
    print(f"Wrote the editor to {folder} (GitHub {repo}, branch {args.branch})")
    return 0


def published_config(root: Path, repo: str, branch: str, auth_url: str = "") -> dict[str, Any]:
    project = read_project(root)
    cfg = config.decap_config(
        project, config.github_backend(repo, branch, auth_url), editorial=True
    )
    cfg["collections"] = [c for c in cfg["collections"] if c["name"] != "centers"]
    return cfg


def write(root: Path, out: Path, repo: str, branch: str, auth_url: str = "") -> Path:
    """output/admin/, replaced whole: index.html, admin.js, config.yml, decap/ (the bundle and
    its licenses) and _headers (the policy as a header, for hosts that read it)."""
    extra = dict(bundle.GITHUB_ORIGINS)
    if auth_url:
        extra["connect-src"] += " " + _origin_of(auth_url)
    files: dict[str, bytes] = {
        "index.html": bundle.index_html(
            live=False, meta_csp=bundle.csp(extra, frame_ancestors=False)
        ),
        "admin.js": bundle.static_file("admin.js")[0],  # type: ignore[index]
        "config.yml": config.dump(published_config(root, repo, branch, auth_url)).encode(),
        "_headers": (
            "/*\n"
            f"  Content-Security-Policy: {bundle.csp(extra)}\n"
            "  X-Robots-Tag: noindex, nofollow\n"
            "  Referrer-Policy: no-referrer\n"
            "  X-Content-Type-Options: nosniff\n"
        ).encode(),
    }
    for name, path in bundle.dist_files().items():
        files[f"decap/{name}"] = path.read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    target = out / FOLDER
    staging = Path(tempfile.mkdtemp(prefix=".admin-", dir=out))
    try:
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        staging.chmod(0o755)
        old = out / ".admin-old"
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _origin(root: Path) -> str:
    try:
        url = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    m = _GITHUB.search(url)
    return m.group(1) if m else ""


def _origin_of(url: str) -> str:
    m = re.match(r"(https?://[^/]+)", url)
    return m.group(1) if m else ""
