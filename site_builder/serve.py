"""`site-builder serve`: a live preview editors can trust, on livereload.

The server is `livereload.Server` with our WSGI app (preview_app.py: routing /<slug>/ to the current
generation, the problems over the last good page, each site's own 404, the editor at /admin/) and
livereload's own reload protocol and script (its WebSocket handler and livereload.js). Builds are
devsite.py's.

What we do differently from livereload's defaults, and why:

- The watcher is ours (SnapshotWatcher, livereload's Watcher interface): livereload's misses a
  renamed file (a new path whose modification time is older than the watcher counts as unchanged)
  and stops looking at the first changed file of a folder, so a save of several files or a rename
  was rebuilt late or not at all. Ours compares a snapshot of every watched file, waits until a
  burst of saves is quiet, and rebuilds once for all of it, off the server's thread.
- Browsers are told to reload when a rebuild is finished (LiveReloadHandler.reload_waiters), not
  when a file changes: livereload's own poll would reload before the new pages exist, and it drops
  any reload within 3 seconds of the last one, which would lose the second of two quick saves.
- Each open page says its address to the reload socket (livereload.js's `info`); a save renders
  the centers of those pages first and reloads them, then renders the others (devsite.py).
- We bind the socket ourselves (a listen queue of 1024, not 128; port 0 resolved before the first
  build; a port in use said plainly) and run the app on a thread pool, so a slow request never
  holds up the others or the reload messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import livereload
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import httpserver, ioloop, netutil, web, wsgi
from tornado.iostream import StreamClosedError

from . import messages as msg
from .build import UsageError
from .devsite import DevSite, _under
from .preview_app import PreviewApp
from .problems import Problem

DEBOUNCE = 0.04  # seconds of quiet after the last save before rebuilding: no reload storms
POLL = 0.025
BACKLOG = 1024  # the kernel caps it at net.core.somaxconn
THREADS = 16
PROGRESS_EVERY = 3.0  # seconds between lines while the first build runs (827 centers: ~13 s)


# --- watching ------------------------------------------------------------------------------------


#: What a build reads: the project's files (images/ is the pictures' source folder).
WATCHED = ("content", "themes", "templates", "images", "centers.yaml")


def snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every watched file with its modification time, size and mode (a file made unreadable, or
    readable again, is a change too)."""
    out: dict[str, tuple[int, int, int]] = {}
    for name in WATCHED:
        top = root / name
        paths = (
            [top]
            if top.is_file()
            else (p for p in top.rglob("*") if p.is_file())
            if top.is_dir()
            else []
        )
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            out[str(p)] = (st.st_mtime_ns, st.st_size, st.st_mode)
    return out


def diff(
    before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]
) -> set[str]:
    """Paths added, changed or removed (a rename is one of each)."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class SnapshotWatcher(Watcher):
    """livereload's Watcher, driven by a snapshot of the watched files (`snapshot` above) in a
    thread of its own. A task added with `watch(folder, func)` is called with every path under
    the folder added, changed or removed in a burst of saves (a rename is one of each)."""

    def __init__(self, root: Path, known: dict[str, tuple[int, int, int]] | None = None) -> None:
        super().__init__()
        self.root = root
        self.known = known  # the snapshot taken before the first build: no save is missed
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, callback: Callable[[], None]) -> bool:
        """livereload: True means "I report changes myself; do not poll me"."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="watcher", daemon=True)
            self._thread.start()
        return True

    def examine(self) -> tuple[str | None, float | None]:
        return None, None  # (only called when start() returns False)

    def stop(self) -> None:
        self.stopping.set()

    def _run(self) -> None:
        known = self.known if self.known is not None else snapshot(self.root)
        pending: set[str] = set()
        last_change = 0.0
        while not self.stopping.is_set():
            current = snapshot(self.root)
            changed = diff(known, current)
            if changed:
                pending |= changed
                known, last_change = current, time.monotonic()
            if pending and time.monotonic() - last_change >= DEBOUNCE:
                batch, pending = pending, set()
                self.filepath = min(batch)
                for path, task in self._tasks.items():
                    mine = {p for p in batch if _under(p, Path(path))}
                    if mine and task["func"]:
                        task["func"](mine)
            self.stopping.wait(POLL)


# --- serving -------------------------------------------------------------------------------------


class _Container(wsgi.WSGIContainer):
    """Tornado's WSGI container on a thread pool, quiet when a browser hangs up mid-response."""

    async def handle_request(self, request: Any) -> None:
        with contextlib.suppress(StreamClosedError):  # the browser went away: nothing to say
            await super().handle_request(request)


class _Handler(LiveReloadHandler):
    """livereload's socket handler, keeping the address of the page each browser shows."""

    shown: dict[int, str] = {}  # id(handler) -> the page's path
    lock = threading.Lock()

    def on_message(self, message: Any) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("command") == "info":
            url = data.get("url")
            if isinstance(url, str):
                with _Handler.lock:
                    _Handler.shown[id(self)] = unquote(urlsplit(url).path)
        super().on_message(message)

    def on_close(self) -> None:
        with _Handler.lock:
            _Handler.shown.pop(id(self), None)
        super().on_close()

    @staticmethod
    def viewing() -> set[str]:
        """The first folder of each open page's path: the slug of the center it shows."""
        with _Handler.lock:
            paths = list(_Handler.shown.values())
        return {part for path in paths if (part := path.strip("/").split("/", 1)[0])}


class LiveServer(livereload.Server):
    """livereload's Server with our app, our watcher and sockets we bound ourselves."""

    def __init__(self, app: Any, watcher: Watcher, sockets: list[Any]) -> None:
        super().__init__(app=app, watcher=watcher)
        self.sockets = sockets
        self.http: httpserver.HTTPServer | None = None

    @property
    def port(self) -> int:
        return int(self.sockets[0].getsockname()[1])

    def get_web_handlers(self, script: Any) -> list[Any]:
        pool = ThreadPoolExecutor(THREADS, thread_name_prefix="preview")
        return [(r".*", web.FallbackHandler, {"fallback": _Container(self.app, executor=pool)})]

    def application(  # type: ignore[override]
        self,
        port: int = 0,
        host: str = "",
        liveport: Any = None,
        debug: Any = None,
        live_css: bool = False,
    ) -> None:
        """livereload's routes (/livereload, /livereload.js) and ours, on our sockets; never
        Tornado's debug mode (it restarts the process when a Python file changes)."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css  # whole pages: a problem overlay may come or go
        handlers = [
            (r"/livereload", _Handler),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(b""),
        ]
        self.http = httpserver.HTTPServer(web.Application(handlers=handlers, debug=False))
        self.http.add_sockets(self.sockets)

    def reload_when_rebuilt(self, site: DevSite) -> None:
        """After each rebuild that changed what a browser shows (a new generation, problems that
        came or went), tell every open page to reload, once."""
        loop = ioloop.IOLoop.current()
        last = [site.state_token()]

        def on_loop() -> None:
            token = site.state_token()
            if token != last[0]:
                last[0] = token
                LiveReloadHandler.reload_waiters("*")

        site.listeners.append(lambda: loop.add_callback(on_loop))

    def run(self) -> None:
        """livereload's serve(), without its logging set-up and its reload on start."""
        self.application()
        LiveReloadHandler.start_tasks()
        ioloop.IOLoop.current().start()


def bind(host: str, port: int) -> list[Any]:
    """The preview's listening sockets; a port in use or an address this computer lacks is a
    mistake in the command line (UsageError), not an internal error."""
    try:
        return netutil.bind_sockets(port, host, backlog=BACKLOG)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message, hint = msg.PORT_IN_USE, msg.PORT_IN_USE_HINT
        elif exc.errno in (errno.EACCES, errno.EPERM):
            message, hint = msg.PORT_DENIED, msg.PORT_DENIED_HINT
        else:  # EADDRNOTAVAIL, or a name that does not resolve (socket.gaierror)
            message, hint = msg.BAD_HOST, msg.BAD_HOST_HINT
        raise UsageError(
            f"{message.format(port=port, host=host)}: {hint.format(port=port, host=host)}"
        ) from exc


class _Failures(logging.Handler):
    """Tornado's errors, in our words; a browser that hung up is not one."""

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, (ConnectionError, TimeoutError, StreamClosedError)):
            return
        error = exc if exc is not None else record.getMessage()
        print(f"site-builder: {msg.SERVE_REQUEST_FAILED.format(error=error)}", file=sys.stderr)


def _quiet_logs() -> None:
    """Editors watch the page, not the terminal: no access log, no livereload chatter."""
    for name in ("tornado.access", "tornado.general", "livereload"):
        log = logging.getLogger(name)
        log.propagate = False
        log.handlers = [logging.NullHandler()]
    app_log = logging.getLogger("tornado.application")
    app_log.propagate = False
    app_log.handlers = [_Failures(logging.ERROR)]


def _every(seconds: float) -> Callable[[int, int], None]:
    """Prints how far the first build is, at most once every `seconds` (a small project is built
    before the first line is due, and prints none)."""
    last = time.monotonic()

    def say(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last >= seconds:
            last = now
            print(f"  {done} of {total} centers", flush=True)

    return say


#: At most this many problems printed for one save (the browser shows them all).
PRINTED = 10


def _report(problems: list[Problem], before: list[Problem]) -> None:
    """Print the problems not printed for the last save, each as `build` prints it, and say when
    the last error is gone: an editor who watches the terminal, not the browser, sees them too."""
    known = {p.key() for p in before}
    new = [p for p in problems if p.key() not in known]
    for p in new[:PRINTED]:
        print(f"\n{p.render()}", flush=True)
    if len(new) > PRINTED:
        print(f"\n… and {len(new) - PRINTED} more: see the browser", flush=True)
    errors = sum(p.is_error for p in problems)
    if new or (not errors and any(p.is_error for p in before)):
        shown = "the pages shown are the last that built without one" if errors else "all saved"
        print(f"{errors} errors, {len(problems) - errors} warnings: {shown}", flush=True)


def _reporting(site: DevSite) -> Callable[[set[str]], None]:
    """site.rebuild_safely, then _report of what the save changed (the problems before it were
    printed at the start, or for the save before)."""

    def rebuild(paths: set[str]) -> None:
        before = list(site.problems)
        site.rebuild_safely(paths)
        _report(list(site.problems), before)

    return rebuild


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # a terminated preview cleans up like one stopped with Ctrl+C


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    only: tuple[str, ...] = (),
    open_browser: bool = False,
    today: str | None = None,
) -> int:
    site = DevSite(root, only, today)
    on_term = signal.signal(signal.SIGTERM, _interrupt)
    sockets: list[Any] = []
    watcher: SnapshotWatcher | None = None
    server: LiveServer | None = None
    try:
        sockets = bind(host, port)  # first: a port in use is said before a build
        _quiet_logs()
        asyncio.set_event_loop(asyncio.new_event_loop())  # the loop livereload's server runs on
        bound = int(sockets[0].getsockname()[1])
        script = f'<script src="/livereload.js?port={bound}"></script>'
        watcher = SnapshotWatcher(root, snapshot(root))
        from .admin.app import AdminApp  # (ruamel.yaml and the editor load only for serve)

        app = PreviewApp(site, script, AdminApp(site, host))
        server = LiveServer(app, watcher, sockets)
        server.watch(str(root), _reporting(site))
        site.viewing = _Handler.viewing
        # (hundreds of centers take a while: say that something is happening, and how far)
        print("Building the preview …", flush=True)
        site.progress = _every(PROGRESS_EVERY)
        site.build_all()
        site.progress = None
        server.reload_when_rebuilt(site)
        url = f"http://{host}:{bound}/"
        count = len(site.centers(site.model)) if site.model else 0
        print(f"Serving {count} centers at {url} (Ctrl+C stops)", flush=True)
        _report(site.problems, [])
        if open_browser:
            webbrowser.open(url)
        server.run()
    except KeyboardInterrupt:
        print("site-builder: stopped", file=sys.stderr, flush=True)
    finally:
        # The temporary folder goes whatever stopped the preview (a port in use included), and a
        # second signal must not cut that short (the folder would stay, and the message would be
        # `build`'s): Ctrl+C pressed twice, or `timeout`, which signals the process, then its group.
        on_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            if watcher is not None:
                watcher.stop()
            if server is not None and server.http is not None:
                server.http.stop()
            for s in sockets:
                s.close()
            site.close()
        finally:
            signal.signal(signal.SIGINT, on_int)
            signal.signal(signal.SIGTERM, on_term)
    return 0
