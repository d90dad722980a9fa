"""The dev server's builds: the project as `site-builder serve` sees it (DevSite), each finished
build a *generation* in a temporary folder (never output/). A save rebuilds only what it affects —
decided by comparing the old and new project, not by guessing from file names — into a new
generation made of the current one's files plus the changed ones; serving switches to it in one
assignment. A mistake never replaces the last good generation: the problems are kept beside it.

serve.py watches the files and runs the server (livereload); preview_app.py answers requests."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import checks, search
from .centers import Center
from .content import collect
from .model import SiteModel, cross_check, load, today_from
from .problems import Mark, Problem, Problems, merge_duplicates
from .render import GENERATED, Renderer
from .rendered import CenterResult, RenderedPage

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
        #: one render at a time: a rebuild, or the editor's preview of unsaved work
        self.render_lock = threading.Lock()
        #: called (from the rebuilding thread) after each rebuild, good or not
        self.listeners: list[Callable[[], None]] = []
        self.generation: Generation | None = None
        self.problems: list[Problem] = []
        self.model: SiteModel | None = None
        self.renderer: Renderer | None = None
        self._template_sources: dict[str, str] = {}
        self._memo: dict = {}
        self._pages: dict = {}  # content file -> (stat, Page), for content-only saves
        self._center_problems: list[Problem] = []
        self._publishes = 0
        #: rebuilds begun, and for each watched file (resolved path) the last one that read it:
        #: the editor waits for the rebuild after its save to report that file's problems
        self.rebuilds_started = 0
        self.rebuilt: dict[str, int] = {}
        self._covering: tuple[int, set[str]] | None = None
        self.last_rebuild_ms = 0.0
        #: each site's search index, made when the search page first asks for it (a save does
        #: not wait for it): slug -> (generation number, indexed pages' key, files by path)
        self._search: dict[str, tuple[int, str, dict[str, bytes]]] = {}
        self._search_lock = threading.Lock()

    # --- search ----------------------------------------------------------------------------------

    def search_file(self, gen: Generation, slug: str, rel: str) -> bytes | None:
        """A file of the site's search index (`rel` under pagefind/), made from the pages of
        `gen` when a search first asks for it, and again only when a page reads differently to
        Pagefind (search.py). None: search is off, no such file, or Pagefind failed (the build
        reports that; the preview just finds nothing)."""
        model = self.model
        if model is None or not model.config.search:
            return None
        with self._search_lock:
            made = self._search.get(slug)
            if made is None or made[0] != gen.number:
                prefix = f"{slug}/"
                files = [
                    RenderedPage(key[len(prefix) :], path.read_bytes())
                    for key, path in sorted(gen.files.items())
                    if key.startswith(prefix) and key.endswith(".html")
                ]
                pages = search.indexed_pages(files)
                key = hashlib.sha256(repr(pages).encode("utf-8")).hexdigest()
                if made is None or made[1] != key:
                    bundle, failed = search.index_site(slug, files)
                    index = {} if failed else {f.path: f.data for f in bundle}
                else:
                    index = made[2]
                made = self._search[slug] = (gen.number, key, index)
        return made[2].get(f"{search.FOLDER}/{rel}")

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
        result.problems += checks.center_checks(model, result)
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
        if self._covering is not None:
            number, paths = self._covering
            self._covering = None
            self.rebuilt.update(dict.fromkeys(paths, number))
        for listener in self.listeners:
            listener()

    def rebuild_safely(self, paths: set[str]) -> None:
        """`rebuild`, where a bug in site_builder becomes a problem on the page, never the end of
        the preview."""
        self.rebuilds_started += 1
        self._covering = (self.rebuilds_started, {str(Path(p).resolve()) for p in paths})
        try:
            with self.render_lock:
                self.rebuild(paths)
        except Exception as exc:
            message = f"the preview could not rebuild: {exc}"
            hint = "save again; if it keeps happening, restart site-builder serve"
            self._fail([Problem(Mark("site-builder"), message, hint)])

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


#: What a build reads: the project's files (images/ is the pictures' source folder).
WATCHED = ("content", "themes", "templates", "images", "centers.yaml")


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
