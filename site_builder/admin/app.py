"""/admin/ in `site-builder serve`: the Decap editor, its generated config, the local back end and
the preview of unsaved work as a chosen center's site renders it — all from the preview's own
address. Nothing here is ever published with a center's site."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from ..devsite import DevSite
from ..problems import Problem
from . import api, bundle, config, preview
from .centers_store import index as centers_index
from .project import of_site
from .store import Store

StartResponse = Callable[..., Any]
Response = Iterable[bytes]
MAX_BODY = 40_000_000  # bytes: a 10 MB picture, base64-encoded, with room to spare
REBUILD_WAIT = 15.0  # seconds a save waits for the preview's rebuild, to report its problems
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class AdminApp:
    def __init__(self, site: DevSite, host: str = "127.0.0.1") -> None:
        self.site = site
        self.store = Store(site.root)
        self.host = host
        self.previews = preview.Previews(site)
        self._rebuilt = threading.Condition()
        site.listeners.append(self._notify)

    def _notify(self) -> None:
        with self._rebuilt:
            self._rebuilt.notify_all()

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Response:
        path = environ.get("PATH_INFO", "/")
        method = environ.get("REQUEST_METHOD", "GET")
        if not self._trusted(environ):
            return _send(start, 403, b"This editor answers only on this computer's address.\n")
        if path == "/admin":
            return _send(start, 301, b"", extra=[("Location", "/admin/")])
        if method == "POST":
            if not self._same_origin(environ):
                return _json(start, 403, {"error": "requests from other sites are refused"})
            body = _read_json(environ)
            if body is None:
                return _json(start, 415, {"error": "send JSON (Content-Type: application/json)"})
            if path == config.API_PATH:
                status, answer = api.handle(self.store, body, self.after_write)
                return _json(start, status, answer)
            if path == "/admin/preview":
                return _json(start, *self.previews.make(body))
            return _json(start, 404, {"error": "no such action"})
        if method not in ("GET", "HEAD"):
            return _send(start, 405, b"Only GET, HEAD and POST here.\n")
        if path == "/admin/" and bundle.decap_dir() is None:
            return _send(start, 503, bundle.missing_message("/admin/decap/").encode())
        if path == "/admin/":
            page = bundle.index_html(live=True)
            return _send(start, 200, page, "text/html; charset=utf-8", bundle.headers())
        if path == "/admin/config.yml":
            text = config.dump(self.config(environ))
            return _send(start, 200, text.encode(), "text/yaml; charset=utf-8")
        if path == "/admin/site.json":
            names = [c["name"] for c in config.collections(of_site(self.site))]
            return _json(start, 200, {"collections": names})
        if path == "/admin/problems.json":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return _json(start, 200, self.problems_for((query.get("path") or [""])[0]))
        if path.startswith("/admin/preview/"):
            page = self.previews.page(path.removeprefix("/admin/preview/"))
            if page is None:
                return _send(
                    start, 404, b"That preview has expired: edit the page to make another.\n"
                )
            return _send(start, 200, page, "text/html; charset=utf-8")
        found = bundle.static_file(path.removeprefix("/admin/"))
        if found is None:
            return _send(start, 404, bundle.missing_message(path).encode())
        data, ctype = found
        return _send(start, 200, data, ctype, [("Cache-Control", "no-cache")])

    # --- the project, as the config and the problems need it -----------------------------------

    def config(self, environ: dict[str, Any]) -> dict[str, Any]:
        host = environ.get("HTTP_HOST") or f"{self.host}"
        return config.decap_config(
            of_site(self.site), config.local_backend(), site_url=f"http://{host}/"
        )

    def after_write(self, paths: list[str], written: list[str]) -> list[dict[str, Any]]:
        """Wait (a while) for the rebuild that read the written files, then the problems in all."""
        watched = {str((self.site.root / _file_of(p)).resolve()) for p in written}
        started = self.site.rebuilds_started
        deadline = time.monotonic() + REBUILD_WAIT
        with self._rebuilt:
            while not all(self.site.rebuilt.get(w, 0) > started for w in watched):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._rebuilt.wait(min(left, 0.5))
        out: list[dict[str, Any]] = []
        for p in paths:
            out += self.problems_for(p)["problems"]
        return out

    def problems_for(self, rel: str) -> dict[str, Any]:
        """The preview's problems in one file (a center: the lines of its block)."""
        with self.site.lock:
            problems = list(self.site.problems)
        file, lines = _file_of(rel), None
        if rel.startswith(config.CENTERS_FOLDER + "/"):
            try:
                text = (self.site.root / "centers.yaml").read_text(encoding="utf-8")
                block = centers_index(text).find(rel.rsplit("/", 1)[-1].removesuffix(".json"))
            except Exception:  # (unreadable now: the file's problems say why)
                block = None
            lines = (block.start + 1, block.end) if block else None
        mine = [
            p
            for p in problems
            if p.mark.file == file and (lines is None or lines[0] <= p.mark.line <= lines[1])
        ]
        return {"path": rel, "problems": [_problem(p) for p in mine]}

    # --- who may ask ---------------------------------------------------------------------------

    def _trusted(self, environ: dict[str, Any]) -> bool:
        """A page on another site can make the browser ask 127.0.0.1, or rebind its own name to
        it: only requests addressed to this computer by name are answered."""
        host = (environ.get("HTTP_HOST") or "").rsplit(":", 1)[0]
        return host in (*_LOCAL_HOSTS, self.host)

    def _same_origin(self, environ: dict[str, Any]) -> bool:
        origin = environ.get("HTTP_ORIGIN")
        return origin is None or origin == f"http://{environ.get('HTTP_HOST', '')}"


def _file_of(rel: str) -> str:
    return "centers.yaml" if rel.startswith(config.CENTERS_FOLDER + "/") else rel


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "severity": p.severity.value,
        "where": str(p.mark),
        "line": p.mark.line,
        "message": p.message,
        "source": p.source_line,
        "fix": p.hint,
        "centers": list(getattr(p, "centers", ()) or ()),
    }


def _read_json(environ: dict[str, Any]) -> dict[str, Any] | None:
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        return None  # a cross-site form cannot send JSON without asking first (CORS)
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length > MAX_BODY:
        return None
    try:
        data = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    403: "Forbidden",
    404: "Not Found",
    503: "Service Unavailable",
}


def _send(
    start: StartResponse,
    status: int,
    data: bytes,
    ctype: str = "text/plain; charset=utf-8",
    extra: list[tuple[str, str]] | None = None,
) -> Response:
    headers = {
        "Content-Type": ctype,
        "Content-Length": str(len(data)),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "X-Robots-Tag": "noindex, nofollow",
    }
    headers.update(dict(extra or []))
    start(f"{status} {_REASONS.get(status, 'Error')}", list(headers.items()))
    return [data]


def _json(start: StartResponse, status: int, obj: Any) -> Response:
    data = json.dumps(obj).encode("utf-8")
    return _send(start, status, data, "application/json; charset=utf-8")
