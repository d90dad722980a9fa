"""The preview as a WSGI application: /<slug>/… from the current generation, the centers' index at
/, the problems over the last good page, each site's own 404 page, and /admin/ (the editor).

It runs inside livereload's server (serve.py), whose script it adds to every served page: built
sites never carry it."""

from __future__ import annotations

import html
import mimetypes
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, unquote

from . import search
from .devsite import DevSite, Generation
from .problems import Problem

StartResponse = Callable[..., Any]
Response = Iterable[bytes]
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


class PreviewApp:
    """`admin` (optional) answers /admin/…; `script` is the live-reload tag for served pages."""

    def __init__(
        self, site: DevSite, script: str = "", admin: Callable[..., Response] | None = None
    ) -> None:
        self.site, self.script, self.admin = site, script, admin

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        raw = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        path = _decode(raw)
        if path is None:
            return _send(start, 403, b"Forbidden: that path leaves the site.\n", TEXT, method)
        if self.admin is not None and (path == "/admin" or path.startswith("/admin/")):
            return self.admin(environ, start)
        if method not in ("GET", "HEAD"):
            return _send(
                start, 405, b"Only GET and HEAD here.\n", TEXT, method, [("Allow", "GET, HEAD")]
            )
        site = self.site
        with site.lock:
            gen, problems = site.generation, list(site.problems)
        if path == "/":
            return _send(start, 200, _index(site, gen, problems, self.script), HTML, method)
        if gen is None:
            return _send(start, 200, _problems_page(problems, self.script), HTML, method)
        parts = [p for p in path.split("/") if p]
        slug = parts[0]
        if slug in gen.pending:  # rendered again for the last save, right now: wait for it
            gen, problems = site.settled(slug)
            assert gen is not None
        if f"{slug}/index.html" not in gen.files:
            return _send(start, 404, _index(site, gen, problems, self.script), HTML, method)
        key = "/".join(parts)
        if path.endswith("/"):
            key += "/index.html"
        elif key not in gen.files and f"{key}/index.html" in gen.files:
            # (from the parts: "//slug/team" as a Location would name a host "slug")
            where = quote("/" + key + "/")
            return _send(start, 301, b"", TEXT, method, [("Location", where)])
        status, target = 200, gen.files.get(key)
        name = parts[-1] if not path.endswith("/") else "index.html"
        if target is None and len(parts) > 2 and parts[1] == search.FOLDER:
            found = site.search_file(gen, slug, "/".join(parts[2:]))
            if found is not None:
                ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if ctype in ("application/javascript", "text/javascript", "application/json"):
                    ctype += "; charset=utf-8"
                return _send(start, 200, found, ctype, method)
        if target is None or name.startswith((".", "_")):
            status, target = 404, gen.files.get(f"{slug}/404.html")
            name = "404.html"
            if target is None:
                return _send(start, 404, b"Not found\n", TEXT, method)
        data = target.read_bytes()
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = _inject(data, problems, self.script, gen.broken)
            ctype = HTML
        elif ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return _send(start, status, data, ctype, method)


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
}


def _send(
    start: StartResponse,
    status: int,
    data: bytes,
    ctype: str,
    method: str = "GET",
    extra: list[tuple[str, str]] | None = None,
) -> Response:
    """Every answer is uncached (the preview changes on each save) and never sniffed."""
    start(
        f"{status} {_REASONS.get(status, 'OK')}",
        [
            ("Content-Type", ctype),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            *(extra or []),
        ],
    )
    return [] if method == "HEAD" else [data]


def _decode(raw: str) -> str | None:
    """The request path, fully percent-decoded; None when any form of it climbs out (`..`)."""
    path = raw
    for _ in range(5):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    if "\\" in path or "\x00" in path or any(seg in ("..", ".") for seg in path.split("/")):
        return None
    return path


def _inject(data: bytes, problems: list[Problem], script: str, broken: bool = False) -> bytes:
    """The live-reload script (and any problems) go into served pages only, never into builds.
    `broken`: the page was built with the errors (there was no good build to keep)."""
    extra = script
    if problems:
        extra = _overlay(problems, broken) + extra
    text = data.decode("utf-8")
    at = text.rfind("</body>")
    return (text[:at] + extra + text[at:] if at >= 0 else text + extra).encode("utf-8")


def _problem_items(problems: list[Problem]) -> str:
    items = []
    for p in problems[:200]:
        quote = (
            f"<pre>{p.mark.line} | {html.escape(p.source_line)}</pre>"
            if p.source_line.strip()
            else ""
        )
        fix = f"<p><strong>Fix:</strong> {html.escape(p.hint)}</p>" if p.hint else ""
        where = html.escape(str(p.mark))
        items.append(
            f'<li class="sb-{p.severity.value}"><p><strong>{p.severity.value}</strong> <code>{where}</code>: {html.escape(p.message)}</p>{quote}{fix}</li>'
        )
    return "\n".join(items)


_OVERLAY_CSS = (
    "position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;z-index:2147483647;"
    "background:#fff8e6;color:#1d2a33;border-top:4px solid #a3150b;padding:.75rem 1.25rem;"
    "font:15px/1.45 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)"
)


def _overlay(problems: list[Problem], broken: bool = False) -> str:
    errors = sum(p.is_error for p in problems)
    shown = (
        "this page was built with them and may be wrong"
        if broken
        else "this page is the last good build"
    )
    title = f"{errors} error(s) — {shown}" if errors else f"{len(problems)} warning(s)"
    return (
        f'<aside id="site-builder-problems" role="region" aria-label="Problems found by site-builder" style="{_OVERLAY_CSS}">'
        f'<h2 style="font-size:1.1rem;margin:0 0 .5rem">{title}</h2><ul style="margin:0;padding-left:1.2rem">{_problem_items(problems)}</ul></aside>'
    )


def _problems_page(problems: list[Problem], script: str) -> bytes:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Problems – site-builder</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem">'
        "<main><h1>The site could not be built yet</h1><p>Fix these and save: the page will come back by itself.</p>"
        f"<ul>{_problem_items(problems)}</ul></main>"
        f"{script}</body></html>"
    ).encode()


def _index(site: DevSite, gen: Generation | None, problems: list[Problem], script: str) -> bytes:
    rows = []
    model = site.model
    if model is not None and gen is not None:
        for c in site.centers(model):
            count = sum(1 for p in problems if c.slug in p.centers or not p.centers)
            rows.append(
                f'<tr><td><a href="/{c.slug}/">{html.escape(c.name)}</a></td><td>{html.escape(c.city)}</td>'
                f"<td>{gen.pages.get(c.slug, 0)}</td><td>{count}</td></tr>"
            )
    body = (
        '<table><thead><tr><th scope="col">Center</th><th scope="col">City</th><th scope="col">Pages</th>'
        f'<th scope="col">Problems</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview – site-builder</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><style>'
        "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1d2a33}"
        "table{border-collapse:collapse}th,td{border:1px solid #c9d6d3;padding:.35rem .7rem;text-align:left}"
        "a{color:#0b5f66}</style></head><body><main><h1>Preview</h1>"
        f"<p>Every center's site, rebuilt as you save.</p>{body}</main></body></html>"
    ).encode()
    return _inject(page, problems, script, gen is None or gen.broken)
