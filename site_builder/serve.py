"""`site-builder serve`: a live preview editors can trust.

Every center is served at /<slug>/ from a *generation*: a finished build in a temporary folder
(never output/). A save triggers a rebuild of only what it affects — decided by comparing the old
and new project, not by guessing from file names — into a new generation made of hard links to the
current one plus the changed files; the server then switches to it and tells open browsers to
reload once. A mistake never stops the server: the last good pages stay up with the problems shown
over them, and the next good save brings the page back.

Why not livereload: its Server serves one static folder, so it cannot route /<slug>/ to the current
generation, show problems over the last good build, or answer a missing URL with the site's own 404
page, and its reload protocol needs a WebSocket. Its Watcher misses a renamed file (a new path whose
modification time is older than the watcher counts as unchanged) and stops looking at the first
changed file of a folder, so a save of several files or a rename was rebuilt late or not at all.
We poll a snapshot of the watched files instead, and serve with the standard library plus
Server-Sent Events."""

from __future__ import annotations

import errno
import hashlib
import html
import http.server
import mimetypes
import os
import shutil
import sys
import tempfile
import threading
import time
import webbrowser
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import checks
from . import messages as msg
from .build import UsageError
from .centers import Center
from .checks.output import Neutral
from .content import collect
from .model import SiteModel, cross_check, load, today_from
from .problems import Problem, Problems, merge_duplicates
from .render import GENERATED, Renderer
from .rendered import CenterResult

RELOAD_PATH = "/__site_builder/reload.js"
EVENTS_PATH = "/__site_builder/events"
RELOAD_JS = b"""// site-builder serve: reload this page once after each finished rebuild (never in built sites).
(function () {
  var generation = null;
  var source = new EventSource("/__site_builder/events");
  source.onmessage = function (e) {
    if (generation === null) { generation = e.data; return; }
    if (e.data !== generation) { source.close(); window.location.reload(); }
  };
})();
"""
DEBOUNCE = 0.04  # seconds of quiet after the last save before rebuilding: no reload storms
POLL = 0.025
METADATA = (
    "title",
    "nav",
    "order",
    "layout",
    "category",
    "summary",
    "requires",
    "service",
    "acronym",
)


@dataclass
class Generation:
    """A finished build: every served file by its path ("slug/services/iop/index.html"), each
    stored once by content hash in the temporary folder. Switching generations is one assignment."""

    number: int
    files: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # slug -> page count


class DevSite:
    """The project as the dev server sees it: the model, the compiled renderer, the generation."""

    def __init__(self, root: Path, only: tuple[str, ...] = (), today: str | None = None) -> None:
        self.root = root
        self.only = only
        self.today = today
        self.tmp = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
        self.lock = threading.Lock()
        self.changed = threading.Condition()
        self.generation: Generation | None = None
        self.problems: list[Problem] = []
        self.model: SiteModel | None = None
        self.renderer: Renderer | None = None
        self._template_sources: dict[str, str] = {}
        self._memo: dict = {}
        self._pages: dict = {}  # content file -> (stat, Page), for content-only saves
        self._center_problems: list[Problem] = []
        #: each center's output-check stand-ins, kept while the center is the same (a save
        #: rebuilds one page per center; its other lines were read on the last rebuild)
        self._neutrals: dict[Center, Neutral] = {}
        self._publishes = 0
        self.last_rebuild_ms = 0.0

    # --- building ------------------------------------------------------------------------------

    def _load(
        self, paths: set[str] | None = None
    ) -> tuple[SiteModel | None, Renderer | None, list[Problem]]:
        """Load the project again, keeping what the changed paths cannot have touched: the
        compiled templates when no theme file changed, each unchanged page's compiled Jinja and
        converted Markdown, and each unchanged page's wording checks."""
        problems = Problems(root=self.root)
        keep_themes = (
            self.model is not None
            and paths is not None
            and "?" not in paths
            and not any(
                _under(p, self.root / "themes") or _under(p, self.root / "templates") for p in paths
            )
        )
        themes = self.model.themes if keep_themes and self.model else None
        content_only = (
            keep_themes
            and paths is not None
            and all(_under(p, self.root / "content") for p in paths)
        )
        model = self._content_reload(problems) if content_only else None
        if model is None:
            model = load(self.root, today_from(self.today), problems, themes=themes)
            self._center_problems = [p for p in problems.items if p.mark.file == "centers.yaml"]
        model.themes.fingerprint = False
        renderer = Renderer(model, previous=self.renderer if keep_themes else None)
        problems.extend(renderer.compile_problems)
        if problems.has_errors():
            return None, None, merge_duplicates(problems.items)
        problems.extend(checks.source_checks(model, self._memo))
        return model, renderer, problems.items

    def _content_reload(self, problems: Problems) -> SiteModel | None:
        """Only pages changed: keep the validated centers (and their warnings) when the service
        catalog is the same, so a save in content/ does not parse centers.yaml again."""
        old = self.model
        if old is None:
            return None
        content = collect(self.root / "content", self.root, problems, self._pages)
        if set(content.catalog) != set(old.content.catalog):
            return None
        problems.extend(self._center_problems)
        cross_check(content, list(old.centers), content.catalog, problems)
        return replace(old, content=content, problems=problems)

    def centers(self, model: SiteModel) -> list[Center]:
        return [c for c in model.centers if not self.only or c.slug in self.only]

    def build_all(self) -> None:
        started = time.perf_counter()
        model, renderer, problems = self._load()
        if model is None or renderer is None:
            self._fail(problems)
            return
        results = [self._render(renderer, model, c, None) for c in self.centers(model)]
        self._changed_layouts(model)  # the first snapshot of the templates
        self._publish(model, renderer, problems, results, full=True)
        self.last_rebuild_ms = (time.perf_counter() - started) * 1000

    def rebuild(self, paths: set[str]) -> None:
        """Rebuild what `paths` (changed, added or removed files) affect."""
        started = time.perf_counter()
        old_model, old_renderer = self.model, self.renderer
        model, renderer, problems = self._load(paths)
        if model is None or renderer is None:
            self._fail(problems)
            return
        if len(self._neutrals) > 2 * len(model.centers):  # centers edited since: drop the old
            current = set(model.centers)
            self._neutrals = {c: n for c, n in self._neutrals.items() if c in current}
        if old_model is None or old_renderer is None or self.generation is None:
            results = [self._render(renderer, model, c, None) for c in self.centers(model)]
            self._publish(model, renderer, problems, results, full=True)
        else:
            scope = self._scope(old_model, model)
            results = [
                self._render(renderer, model, c, scope.get(c.slug, set()) or None)
                for c in self.centers(model)
                if c.slug in scope
            ]
            before = dict(old_model.content.files)
            self._publish(
                model,
                renderer,
                problems,
                results,
                full=False,
                removed=self._removed(old_model, model),
                rendered_whole={slug for slug, ids in scope.items() if not ids},
                replaced={  # the same files with new bytes: no page changes, only the file
                    rel: data
                    for rel, data in model.content.files
                    if rel in before and before[rel] != data
                },
            )
        self.last_rebuild_ms = (time.perf_counter() - started) * 1000

    def _render(
        self, renderer: Renderer, model: SiteModel, center: Center, only: set[str] | None
    ) -> CenterResult:
        result = renderer.render_center(center, f"/{center.slug}/", only)
        result.problems += checks.center_checks(model, result, self._neutrals)
        return result

    def _scope(self, old: SiteModel, new: SiteModel) -> dict[str, set[str]]:
        """slug -> page ids to render again (an empty set: the whole center)."""
        whole: set[str] = set()
        pages: set[str] = set()
        old_centers = {c.slug: c for c in old.centers}
        for c in new.centers:
            if repr(old_centers.get(c.slug)) != repr(c):
                whole.add(c.slug)
        if repr(old.config) != repr(new.config) or self._theme_changed(old, new):
            whole |= {c.slug for c in new.centers}
        if {rel for rel, _ in old.content.files} != {rel for rel, _ in new.content.files}:
            # an image or document added or removed: every page linking to it changes (a link to
            # a missing file is an error), and only a whole render publishes the files
            whole |= {c.slug for c in new.centers}
        for slug in {"", *new.content.per_center, *old.content.per_center}:
            before = {
                p.id: p
                for p in (old.content.shared if not slug else old.content.per_center.get(slug, ()))
            }
            after = {
                p.id: p
                for p in (new.content.shared if not slug else new.content.per_center.get(slug, ()))
            }
            for pid in before.keys() | after.keys():
                a, b = before.get(pid), after.get(pid)
                if a == b:
                    continue
                if a is None or b is None or any(getattr(a, k) != getattr(b, k) for k in METADATA):
                    # a page appeared, went or changed its title/menu entry: every page's menu changes
                    whole |= {c.slug for c in new.centers} if not slug else {slug}
                else:
                    pages.add(pid)
        if old.content.translated != new.content.translated:  # a page in another language
            whole |= {c.slug for c in new.centers}
        layouts = self._changed_layouts(new)
        scope: dict[str, set[str]] = {}
        for c in new.centers:
            if c.slug in whole:
                scope[c.slug] = set()
                continue
            ids = {
                p.id for p in new.content.pages_for(c.slug) if p.id in pages or p.layout in layouts
            }
            ids |= {f"locations/{loc.id}" for loc in c.locations if "location" in layouts}
            ids |= {pid for pid, layout, _ in GENERATED if layout in layouts}
            if "404" in layouts:
                ids.add("404")
            if ids:
                scope[c.slug] = ids
        return scope

    def _theme_changed(self, old: SiteModel, new: SiteModel) -> bool:
        """Strings, theme.yaml or static files changed: every page may change."""
        themes = sorted({c.theme for c in new.centers})
        for t in themes:
            if old.themes.strings(t) != new.themes.strings(t):
                return True
            if [t2.parent for t2 in old.themes.chains.get(t, ())] != [
                t2.parent for t2 in new.themes.chains.get(t, ())
            ]:
                return True
            old_assets = {k: a.data for k, a in old.themes.assets(t).items()}
            new_assets = {k: a.data for k, a in new.themes.assets(t).items()}
            if old_assets.keys() != new_assets.keys():
                return True
        return False

    def _changed_layouts(self, model: SiteModel) -> set[str]:
        """Layouts whose template, or a partial it pulls in, changed since the last rebuild."""
        sources = {}
        for folder in (self.root / "themes", self.root / "templates"):
            for f in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
                sources[f.as_posix()] = f.read_text(encoding="utf-8")
        changed = {
            p
            for p in sources.keys() | self._template_sources.keys()
            if sources.get(p) != self._template_sources.get(p)
        }
        self._template_sources = sources
        if not changed:
            return set()
        names = {Path(p).name for p in changed} | {"/".join(Path(p).parts[-2:]) for p in changed}
        layouts = set()
        for theme in {c.theme for c in model.centers}:
            for layout in (
                "home",
                "page",
                "service",
                "faq",
                "contact",
                "location",
                "credentials",
                "language",
                "404",
            ):
                deps = model.themes.dependencies(model.themes.template_name(theme, layout))
                if any(d.split("/", 1)[1] in names or d.rsplit("/", 1)[-1] in names for d in deps):
                    layouts.add(layout)
        return layouts

    @staticmethod
    def _removed(old: SiteModel, new: SiteModel) -> dict[str, set[str]]:
        """Pages that are gone, per center, so their files leave the generation (their URL 404s)."""
        out: dict[str, set[str]] = {}
        for c in new.centers:
            oc = old.center(c.slug)
            before = {
                p.id
                for p in old.content.pages_for(c.slug)
                if not p.requires or (oc and oc.offers(p.requires))
            }
            after = {
                p.id
                for p in new.content.pages_for(c.slug)
                if not p.requires or c.offers(p.requires)
            }
            gone_locs = (
                {f"locations/{loc.id}" for loc in oc.locations}
                - {f"locations/{loc.id}" for loc in c.locations}
                if oc
                else set()
            )
            if (before - after) or gone_locs:
                out[c.slug] = (before - after) | gone_locs
        return out

    def _fail(self, problems: list[Problem]) -> None:
        with self.lock:
            self.problems = merge_duplicates(problems)
        self._notify()

    def _publish(
        self,
        model: SiteModel,
        renderer: Renderer,
        problems: list[Problem],
        results: list[CenterResult],
        full: bool,
        removed: dict[str, set[str]] | None = None,
        replaced: dict[str, bytes] | None = None,
        rendered_whole: set[str] | None = None,
    ) -> None:
        """Make the next generation (the current one's files plus the new ones) and switch to it.
        `replaced`: content files (images, documents) whose bytes changed, for every center.
        `rendered_whole`: centers whose results hold all their files (a file gone is gone)."""
        all_problems = merge_duplicates([*problems, *(p for r in results for p in r.problems)])
        if any(p.is_error for p in all_problems) and self.generation is not None:
            self._fail(
                all_problems
            )  # keep serving the last good pages, with the problems over them
            return
        old = self.generation
        files = dict(old.files) if old is not None and not full else {}
        for slug, ids in (removed or {}).items():
            for pid in ids:
                files.pop(f"{slug}/{pid}/index.html", None)
        served = {c.slug for c in self.centers(model)}
        keep = served - (rendered_whole or set())  # the others' results hold all their files
        for key in [k for k in files if k.split("/", 1)[0] not in keep]:
            del files[key]
        for rel, data in (replaced or {}).items():
            blob = self._blob(data)
            for slug in served:
                if f"{slug}/{rel}" in files:
                    files[f"{slug}/{rel}"] = blob
        for r in results:
            for f in r.files:
                files[f"{r.slug}/{f.path}"] = self._blob(f.data)
        pages: dict[str, int] = {}
        for key in files:
            if key.endswith("index.html") or key.endswith("/404.html"):
                slug = key.split("/", 1)[0]
                pages[slug] = pages.get(slug, 0) + 1
        with self.lock:
            self.generation = Generation((old.number + 1) if old else 1, files, pages)
            self.model, self.renderer = model, renderer
            self.problems = all_problems
        self._collect_garbage(old)
        self._notify()

    def _blob(self, data: bytes) -> Path:
        digest = hashlib.sha256(data).hexdigest()
        path = self.tmp / "blobs" / digest[:2] / digest
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{digest}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return path

    def _collect_garbage(self, previous: Generation | None) -> None:
        """Remove files no generation in use needs (the previous one may still be streaming)."""
        self._publishes += 1
        if self._publishes % 20:
            return
        with self.lock:
            live = set(self.generation.files.values()) if self.generation else set()
        live |= set(previous.files.values()) if previous else set()
        for path in (self.tmp / "blobs").rglob("*"):
            if path.is_file() and path not in live:
                path.unlink(missing_ok=True)

    def _notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    def state_token(self) -> str:
        with self.lock:
            gen = self.generation.number if self.generation else 0
            return f"{gen}:{len(self.problems)}:{sum(p.is_error for p in self.problems)}"

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _under(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


# --- watching ------------------------------------------------------------------------------------


WATCHED = ("content", "themes", "templates", "centers.yaml")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every watched file with its modification time and size."""
    out: dict[str, tuple[int, int]] = {}
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
            out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


def diff(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Paths added, changed or removed (a rename is one of each)."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def watch(
    site: DevSite, stop: threading.Event, known: dict[str, tuple[int, int]] | None = None
) -> None:
    """Poll a snapshot of the watched files; once a burst of saves has been quiet for DEBOUNCE,
    rebuild once for every file added, changed or removed in it. `known` is the snapshot taken
    before the first build, so a save made while it ran is not missed."""
    known = known if known is not None else snapshot(site.root)
    pending: set[str] = set()
    last_change = 0.0
    while not stop.is_set():
        current = snapshot(site.root)
        changed = diff(known, current)
        if changed:
            pending |= changed
            known, last_change = current, time.monotonic()
        if pending and time.monotonic() - last_change >= DEBOUNCE:
            batch, pending = pending, set()
            try:
                site.rebuild(batch)
            except Exception as exc:  # never let a bug in one rebuild stop the preview
                message = f"the preview could not rebuild: {exc}"
                hint = "save again; if it keeps happening, restart site-builder serve"
                site._fail([Problem(_mark("site-builder"), message, hint)])
        stop.wait(POLL)


def _mark(file: str):  # type: ignore[no-untyped-def]
    from .problems import Mark

    return Mark(file)


# --- serving -------------------------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    site: DevSite  # set on the subclass made per server
    server_version = "site-builder-serve"

    def log_message(self, format: str, *args: object) -> None:  # quiet: editors watch the page
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        raw = urlsplit(self.path).path
        path = _decode(raw)
        if path is None:
            return self._send(
                403, b"Forbidden: that path leaves the site.\n", "text/plain; charset=utf-8", head
            )
        if path == RELOAD_PATH:
            return self._send(200, RELOAD_JS, "text/javascript; charset=utf-8", head)
        if path == EVENTS_PATH:
            return self._events()
        site = self.site
        with site.lock:
            gen, problems = site.generation, list(site.problems)
        if path == "/":
            return self._send(200, _index(site, gen, problems), "text/html; charset=utf-8", head)
        if gen is None:
            return self._send(200, _problems_page(problems), "text/html; charset=utf-8", head)
        parts = [p for p in path.split("/") if p]
        slug = parts[0]
        if f"{slug}/index.html" not in gen.files:
            return self._send(404, _index(site, gen, problems), "text/html; charset=utf-8", head)
        key = "/".join(parts)
        if path.endswith("/"):
            key += "/index.html"
        elif key not in gen.files and f"{key}/index.html" in gen.files:
            self.send_response(301)
            self.send_header("Location", raw + "/")
            self.end_headers()
            return None
        status, target = 200, gen.files.get(key)
        name = parts[-1] if not path.endswith("/") else "index.html"
        if target is None or name.startswith((".", "_")):
            status, target = 404, gen.files.get(f"{slug}/404.html")
            name = "404.html"
            if target is None:
                return self._send(404, b"Not found\n", "text/plain; charset=utf-8", head)
        data = target.read_bytes()
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if ctype == "text/html":
            data = _inject(data, problems)
            ctype = "text/html; charset=utf-8"
        elif ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self._send(status, data, ctype, head)
        return None

    def _send(self, status: int, data: bytes, ctype: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self) -> None:
        """Server-Sent Events: the current state now, then again after each rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        site = self.site
        try:
            last = site.state_token()
            self.wfile.write(f"data: {last}\n\n".encode())
            self.wfile.flush()
            while not getattr(self.server, "stopping", False):
                with site.changed:
                    site.changed.wait(timeout=15)
                token = site.state_token()
                if token != last:
                    last = token
                    self.wfile.write(f"data: {token}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


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


def _inject(data: bytes, problems: list[Problem]) -> bytes:
    """The live-reload script (and any problems) go into served pages only, never into builds."""
    extra = f'<script src="{RELOAD_PATH}"></script>'
    if problems:
        extra = _overlay(problems) + extra
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


def _overlay(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    title = (
        f"{errors} error(s) — this page is the last good build"
        if errors
        else f"{len(problems)} warning(s)"
    )
    return (
        f'<aside id="site-builder-problems" role="region" aria-label="Problems found by site-builder" style="{_OVERLAY_CSS}">'
        f'<h2 style="font-size:1.1rem;margin:0 0 .5rem">{title}</h2><ul style="margin:0;padding-left:1.2rem">{_problem_items(problems)}</ul></aside>'
    )


def _problems_page(problems: list[Problem]) -> bytes:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Problems – site-builder</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem">'
        "<main><h1>The site could not be built yet</h1><p>Fix these and save: the page will come back by itself.</p>"
        f"<ul>{_problem_items(problems)}</ul></main>"
        f'<script src="{RELOAD_PATH}"></script></body></html>'
    ).encode()


def _index(site: DevSite, gen: Generation | None, problems: list[Problem]) -> bytes:
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
    return _inject(page, problems) if problems else _inject(page, [])


class Server(http.server.ThreadingHTTPServer):
    """The standard threading server with a listen queue deep enough for a burst of clients
    (its default of 5 drops connections under load: a reload of many open tabs, a link checker),
    and quiet about browsers that hang up mid-response."""

    request_queue_size = 1024  # the kernel caps it at net.core.somaxconn
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away (closed the tab, reloaded, timed out): nothing to say
        print(f"site-builder: {msg.SERVE_REQUEST_FAILED.format(error=exc)}", file=sys.stderr)


def make_server(site: DevSite, host: str, port: int) -> Server:
    """Bind the preview's address; a port in use or an address this computer lacks is a mistake
    in the command line (UsageError), not an internal error."""
    handler = type("BoundHandler", (Handler,), {"site": site})
    try:
        return Server((host, port), handler)
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


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    only: tuple[str, ...] = (),
    open_browser: bool = False,
    today: str | None = None,
) -> int:
    site = DevSite(root, only, today)
    try:
        server = make_server(site, host, port)  # first: a port in use is said before a build
    except UsageError:
        site.close()
        raise
    stop = threading.Event()
    try:
        before = snapshot(root)
        site.build_all()
        watcher = threading.Thread(target=watch, args=(site, stop, before), daemon=True)
        watcher.start()
        url = f"http://{host}:{server.server_address[1]}/"
        print(
            f"Serving {len(site.centers(site.model)) if site.model else 0} centers at {url} (Ctrl+C stops)",
            flush=True,
        )
        if site.problems:
            print(
                f"{sum(p.is_error for p in site.problems)} errors, {sum(not p.is_error for p in site.problems)} warnings: see the browser",
                flush=True,
            )
        if open_browser:
            webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping = True  # type: ignore[attr-defined]
        site._notify()
        server.server_close()
        site.close()
    return 0
