"""The admin page and the files it loads: the pinned Decap CMS bundle that `npm ci --prefix
tools/decap` installs (never a CDN), its licenses, our admin.js, and the Content Security Policy
that lets Decap work and nothing else. `site-builder admin` writes the same files into
`output/admin/` for publishing (publish.py)."""

from __future__ import annotations

import mimetypes
import os
from importlib.resources import files
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DECAP_DIR = "tools/decap"
DIST = "node_modules/decap-cms/dist"
BUNDLE = "decap-cms.js"
LICENSES = ("LICENSE", "decap-cms.js.LICENSE.txt")

#: What Decap needs: its scripts from here ('unsafe-eval': it compiles its config schema with
#: `new Function` and will not start without it; that also lets its image tools' WebAssembly
#: run), the styles it writes into the page, pictures it shows from memory (blob:, data:),
#: requests to our own server and the preview frames. Nothing from any other site; never framed.
CSP = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "media-src": "'self' blob:",
    "font-src": "'self' data:",
    "connect-src": "'self' blob: data:",
    "frame-src": "'self' blob:",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
#: Publishing adds GitHub's API (the back end) and its sign-in, and the editors' avatars.
GITHUB_ORIGINS = {
    "connect-src": "https://api.github.com",
    "img-src": "https://avatars.githubusercontent.com",
}


def csp(extra: dict[str, str] | None = None, frame_ancestors: bool = True) -> str:
    policy = dict(CSP)
    for key, value in (extra or {}).items():
        policy[key] = f"{policy.get(key, '')} {value}".strip()
    if frame_ancestors:  # (a header only: a <meta> policy cannot say it)
        policy["frame-ancestors"] = "'none'"
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def headers() -> list[tuple[str, str]]:
    return [
        ("Content-Security-Policy", csp()),
        ("X-Robots-Tag", "noindex, nofollow"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]


def index_html(live: bool, meta_csp: str = "") -> bytes:
    """The admin page: our admin.js, then Decap's bundle (in `serve`, `live` makes admin.js add
    the versions to saves, the problems beside the form and the preview as a center; published,
    it does nothing)."""
    mode = "serve" if live else "publish"
    meta = f'<meta http-equiv="Content-Security-Policy" content="{meta_csp}">\n' if meta_csp else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"{meta}"
        "<title>Edit the sites</title>\n"
        '<link rel="cms-config-url" type="text/yaml" href="config.yml">\n'
        "</head>\n<body>\n"
        f'<script src="admin.js" data-mode="{mode}"></script>\n'
        f'<script src="decap/{BUNDLE}"></script>\n'
        "</body>\n</html>\n"
    ).encode()


def decap_dir() -> Path | None:
    """Where npm installed Decap: $SITE_BUILDER_DECAP, else tools/decap/ beside site_builder (a
    clone), else in the current folder's tools/decap/."""
    for base in (os.environ.get("SITE_BUILDER_DECAP"), REPO / DECAP_DIR, Path.cwd() / DECAP_DIR):
        if base and (Path(base) / DIST / BUNDLE).is_file():
            return Path(base)
    return None


def dist_files() -> dict[str, Path]:
    """Every file the bundle loads (its chunks and WebAssembly) and the licenses, by name."""
    base = decap_dir()
    if base is None:
        return {}
    dist = base / DIST
    out = {
        p.name: p
        for p in sorted(dist.iterdir())
        if p.name.startswith(BUNDLE) or p.name.endswith((f".{BUNDLE}", ".wasm"))
    }
    out.pop(f"{BUNDLE}.map", None)
    out["LICENSE"] = base / "LICENSE"
    return out


def static_file(name: str) -> tuple[bytes, str] | None:
    """(bytes, content type) of /admin/<name>: our admin.js, or decap/<file>."""
    if name == "admin.js":
        return files("site_builder.admin").joinpath("admin.js").read_bytes(), _ctype(name)
    if name.startswith("decap/") and "/" not in name[6:]:
        path = dist_files().get(name[6:])
        if path is not None and path.is_file():
            return path.read_bytes(), _ctype(name)
    return None


def _ctype(name: str) -> str:
    if name.endswith(".wasm"):
        return "application/wasm"
    if name.endswith(".js"):
        return "text/javascript; charset=utf-8"
    ctype = mimetypes.guess_type(name)[0] or "text/plain"
    return ctype + ("; charset=utf-8" if ctype.startswith("text/") else "")


def missing_message(path: str) -> str:
    if path.startswith("/admin/decap/") and decap_dir() is None:
        return (
            "The editor is not installed on this computer yet. In the project folder, run:\n\n"
            "    npm ci --prefix tools/decap\n\nthen reload this page.\n"
        )
    return "Not found\n"
