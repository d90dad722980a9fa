"""The dev server's builds: the project as `site-builder serve` sees it (DevSite), each finished
build a *generation* in a temporary folder (never output/). A save is "build the changed part of
the plan and swap it in": the incremental engine that `build` uses (engine.py), with its state kept
in memory instead of the manifest, says which entries of each center's plan render again; the new
generation is the current one's files plus those; serving switches to it in one assignment. A
mistake never replaces the last good generation: the problems are kept beside it.

The centers a browser shows are rendered first and published on their own (browsers reload then),
the other centers after; until they are, a request for one of them waits for them, so nothing
stale is served after a reload (Hugo's "fast render" idea, without its stale pages).

serve.py watches the files and runs the server (livereload); preview_app.py answers requests."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import cache, checks, engine, search, workers
from .centers import Center
from .checks import wording
from .content import collect
from .model import SiteModel, cross_check, load, today_from
from .problems import Mark, Problem, Problems, merge_duplicates
from .render import Renderer, anchors_in


@dataclass(frozen=True)
class _Kept:
    """A center's engine state: its pieces, every problem of the site served now, and the key of
    all its inputs the pieces answer to (cache.center_key; "" until the save is finished)."""

    pieces: engine.Pieces
    problems: list[Problem]
    key: str = ""


@dataclass(frozen=True)
class _Rendered:
    """A center's engine step as the dev server keeps it: its files stored (each by its path in
    the site, the blob holding it), its problems, and the pieces for the next render."""

    pieces: engine.Pieces
    problems: list[Problem]
    partial: bool
    files: dict[str, Path]


@dataclass
class Generation:
    """A finished build: every served file by its path ("slug/services/iop/index.html"), each
    stored once by content hash in the temporary folder. Switching generations is one assignment."""

    number: int
    files: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # slug -> page count
    #: centers still being rendered for this save: a request for one waits (DevSite.settled)
    pending: frozenset[str] = frozenset()
    #: built with errors (only the first build is published so: there is no good one before it)
    broken: bool = False


class DevSite:
    """The project as the dev server sees it: the model, the compiled renderer, the generation."""

    def __init__(self, root: Path, only: tuple[str, ...] = (), today: str | None = None) -> None:
        self.root = root
        self.only = only
        self.today = today
        self.tmp = Path(tempfile.mkdtemp(prefix="site-builder-serve-"))
        self.lock = threading.Lock()
        self._settle = threading.Condition(self.lock)  # a generation with fewer centers pending
        #: one render at a time: a rebuild, or the editor's preview of unsaved work
        self.render_lock = threading.Lock()
        #: called (from the rebuilding thread) after each rebuild, good or not
        self.listeners: list[Callable[[], None]] = []
        self.generation: Generation | None = None
        self.problems: list[Problem] = []
        self.model: SiteModel | None = None
        self.renderer: Renderer | None = None
        #: the engine's state of each center served (engine.py), beside the generation
        self.state: dict[str, _Kept] = {}
        self._shared = ""  # the inputs every center shares, as the state's keys saw them
        self._ids: dict[Path, set[str]] = {}  # the anchors in each stored file, by its path
        self._memo: dict = {}
        self._pages: dict = {}  # content file -> (stat, Page), for content-only saves
        self._center_problems: list[Problem] = []
        self._unapplied: set[str] = set()  # paths saved since the last publish without errors
        self._publishes = 0
        #: rebuilds begun, and for each watched file (resolved path) the last one that read it:
        #: the editor waits for the rebuild after its save to report that file's problems
        self.rebuilds_started = 0
        self.rebuilt: dict[str, int] = {}
        self._covering: tuple[int, set[str]] | None = None
        self.last_rebuild_ms = 0.0
        #: the slugs of the centers a browser shows now (serve.py: the pages connected to live
        #: reload); a save renders and publishes those first
        self.viewing: Callable[[], set[str]] = set
        #: told (centers rendered, centers) as a build from nothing renders (serve.py says it)
        self.progress: Callable[[int, int], None] | None = None
        self._shown = 0  # what browsers show changed this many times (state_token)
        #: each site's search index, made when its search page first asks for it
        self._indexes = search.PreviewIndexes()

    # --- search ----------------------------------------------------------------------------------

    def search_file(self, gen: Generation, slug: str, rel: str) -> bytes | None:
        """A file of the site's search index (`rel` under pagefind/), made from the pages of
        `gen` when a search first asks for it (search.PreviewIndexes); None: search is off, no
        such file, or Pagefind failed (the build reports that; the preview just finds nothing)."""
        model = self.model
        if model is None or not model.config.search:
            return None
        return self._indexes.file(gen.number, gen.files, slug, rel)

    # --- building ------------------------------------------------------------------------------

    def _load(
        self, paths: set[str] | None = None, check_wording: bool = True
    ) -> tuple[SiteModel | None, Renderer | None, list[Problem]]:
        """Load the project again, keeping what the changed paths cannot have touched: the
        compiled templates when no theme file changed, each unchanged page's compiled Jinja and
        converted Markdown, and (with `check_wording`) each unchanged page's wording checks."""
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
        center_problems = None
        if model is None:
            model = load(self.root, today_from(self.today), problems, themes=themes)
            center_problems = [p for p in problems.items if p.mark.file == "centers.yaml"]
        model.themes.fingerprint = False
        renderer = Renderer(model, previous=self.renderer if keep_themes else None)
        problems.extend(renderer.compile_problems(list(model.content.all_pages)))
        if problems.has_errors():
            return None, None, merge_duplicates(problems.items)
        if center_problems is not None:  # (a load that failed is not the one saves build on)
            self._center_problems = center_problems
        if check_wording:
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
        self.rebuild(set())

    def rebuild(self, paths: set[str]) -> None:
        """Rebuild what `paths` (changed, added or removed files) affect: load the project again
        (keeping what those files cannot have touched), then ask the engine which entries of each
        center's plan to render again, and swap them into a new generation."""
        started = time.perf_counter()
        fresh = self.generation is None or self.model is None
        # a save the last rebuild could not apply (an error) is still to apply: a phone changed
        # while a page was broken must not be lost when the page is fixed
        paths = self._unapplied = paths | self._unapplied  # (until a publish takes them)
        model, renderer, problems = self._load(None if fresh else paths, check_wording=not fresh)
        if model is None or renderer is None:
            self._fail(problems)
            return
        keys = engine.Keys.of(model, renderer, serving=True)
        shared = cache.shared_key(model, serving=True)
        if fresh:
            steps, worded = self._render_all(keys, self.centers(model))
            if self._publish(model, renderer, [*problems, *worded], steps, fresh, shared=shared):
                self._unapplied = set()
            self.last_rebuild_ms = (time.perf_counter() - started) * 1000
            return
        state = self.state
        same = shared == self._shared

        def changed(c: Center) -> bool:  # (keys are worked out once per center and rebuild)
            kept = state.get(c.slug)
            if kept is None:
                return True
            if same and kept.key == cache.center_key(shared, c):
                return False  # none of its inputs changed (a save of another center's block)
            return keys.stale(c, kept.pieces) != set()

        # the pages open in a browser now first (they reload then), the other centers after
        # them, each looked at only then: until they are, a page of one of them waits
        viewed = self.viewing()
        first = [c for c in self.centers(model) if c.slug in viewed and changed(c)]
        early = {c.slug for c in first}
        rest = [c for c in self.centers(model) if c.slug not in early]
        steps = self._render(keys, first, state)
        if first and rest and self._publish(model, renderer, problems, steps, fresh, pending=rest):
            steps, state = {}, self.state
        with workers.responsive(bool(first) and not steps):
            steps |= self._render(keys, [c for c in rest if changed(c)], state)
        if self._publish(model, renderer, problems, steps, fresh, shared=shared):
            self._unapplied = set()
        self.last_rebuild_ms = (time.perf_counter() - started) * 1000

    def _render(
        self, keys: engine.Keys, centers: list[Center], state: dict[str, _Kept]
    ) -> dict[str, _Rendered]:
        """The engine's step for each center: the entries of its plan whose inputs changed."""
        return {c.slug: self._step(keys, c, state) for c in centers}

    def _step(self, keys: engine.Keys, center: Center, state: dict[str, _Kept]) -> _Rendered:
        earlier = state.get(center.slug)
        step = engine.render(
            keys,
            center,
            f"/{center.slug}/",
            earlier.pieces if earlier is not None else None,
            self._anchors(self.generation, center.slug),
        )
        files = {f.path: self._blob(f.data) for f in step.result.files}
        return _Rendered(step.pieces, step.problems, step.partial, files)

    def _render_all(
        self, keys: engine.Keys, centers: list[Center]
    ) -> tuple[dict[str, _Rendered], list[Problem]]:
        """Every center from nothing, and the wording checks. Before the server runs (the first
        build), in forked workers as `build` does; once its threads run, or when a worker was
        killed (for lack of memory, perhaps: one process needs less), here."""
        jobs = keys.model.config.workers
        if workers.wanted(len(centers), jobs) and workers.single_threaded():
            done = self._render_in_workers(keys, centers, jobs)
            if done is not None:
                return done
        worded = checks.source_checks(keys.model, self._memo)
        steps: dict[str, _Rendered] = {}
        for c in centers:
            steps[c.slug] = self._step(keys, c, {})
            self._progressed(len(steps), len(centers))
        return steps, worded

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def _render_in_workers(
        self, keys: engine.Keys, centers: list[Center], jobs: int
    ) -> tuple[dict[str, _Rendered], list[Problem]] | None:
        """`_render_all` in workers: the wording checks in one while the others render, each
        storing its files in the blob folder itself (only the pieces and problems come back).
        None when a worker died."""
        global _FORKED
        share = keys.renderer.share = self.tmp / "skeletons"  # (bodies.py: converted once)
        share.mkdir(parents=True, exist_ok=True)
        _FORKED = (self, keys)
        try:
            slugs = [c.slug for c in centers]
            with workers.pool(jobs) as pool:
                checked = pool.submit(_wording_forked)
                done = pool.map(_render_forked, slugs, chunksize=workers.chunk(len(slugs), jobs))
                self._warm(keys, centers)  # (this process only waits for them meanwhile)
                steps: dict[str, _Rendered] = {}
                for slug, step in zip(slugs, done, strict=True):
                    steps[slug] = step
                    self._progressed(len(steps), len(slugs))
                worded, memo = checked.result()
        except BrokenProcessPool:
            return None
        finally:
            _FORKED = None
            keys.renderer.share = None
            shutil.rmtree(share, ignore_errors=True)
        self._memo = memo
        return steps, worded

    def _warm(self, keys: engine.Keys, centers: list[Center]) -> None:
        """Make here, while the workers render the first build, what they make for themselves and
        a save needs in this process: the themes' templates compiled, the templates each layout
        pulls in read (one center's keys per theme), the wording checks' dictionaries loaded.
        The first save's reload waited ~0.2 s for them (827 centers: 222 ms against 61)."""
        themes = {c.theme: c for c in centers}
        keys.model.themes.compile_all(set(themes))
        for center in themes.values():
            keys.center(center)
        wording.warm([keys.model.config.language, *keys.renderer.translated])

    def _anchors(self, gen: Generation | None, slug: str) -> Callable[[str], set[str]]:
        """The ids in a page of the generation served now (for links from the pages rendered);
        read once per stored file (its name is its content's hash)."""

        def read(path: str) -> set[str]:
            blob = gen.files.get(f"{slug}/{path}") if gen is not None else None
            if blob is None:
                return set()
            ids = self._ids.get(blob)
            if ids is None:
                ids = self._ids[blob] = anchors_in(blob.read_text(encoding="utf-8"))
            return ids

        return read

    def _fail(self, problems: list[Problem]) -> None:
        merged = merge_duplicates(problems)
        with self.lock:
            if merged != self.problems:
                self._shown += 1
            self.problems = merged
            gen = self.generation
            if gen is not None and gen.pending:  # those centers keep their last good pages
                self.generation = replace(gen, pending=frozenset())
                self._settle.notify_all()
        self._notify()

    def settled(self, slug: str, timeout: float = 60.0) -> tuple[Generation | None, list[Problem]]:
        """The generation to serve `slug` from, and the problems: the current one, or, while that
        center is still being rendered for a save, the next one that has it."""
        with self._settle:
            self._settle.wait_for(
                lambda: self.generation is None or slug not in self.generation.pending, timeout
            )
            return self.generation, list(self.problems)

    def _publish(
        self,
        model: SiteModel,
        renderer: Renderer,
        problems: list[Problem],
        steps: dict[str, _Rendered],
        fresh: bool,
        pending: list[Center] | None = None,
        shared: str = "",
    ) -> bool:
        """Make the next generation (the current one's files, each center rendered whole replaced,
        the entries rendered again swapped in) and switch to it; the engine's state with it. A
        rebuild with errors keeps the last good generation and state, the problems over them.

        With `pending` (the centers not rendered yet), publish only when nothing has an error so
        far, and tell browsers but not the editor (who waits for every center's problems).
        With `shared` (the last publish of a save: every center was looked at), each center's
        state is keyed with all its inputs, so the next save skips the centers none of whose
        inputs changed without working out their pages' keys."""
        served = {c.slug for c in self.centers(model)}
        state = {slug: s for slug, s in ({} if fresh else self.state).items() if slug in served}
        state |= {slug: _Kept(step.pieces, step.problems) for slug, step in steps.items()}
        if shared and pending is None:
            state = {
                c.slug: replace(state[c.slug], key=cache.center_key(shared, c))
                for c in self.centers(model)
                if c.slug in state
            }
        all_problems = merge_duplicates(
            [*problems, *(p for slug in sorted(state) for p in state[slug].problems)]
        )
        if any(p.is_error for p in all_problems) and self.generation is not None:
            if pending is None:
                self._fail(all_problems)  # keep serving the last good pages, problems over them
            return False
        old = self.generation
        whole = {slug for slug, step in steps.items() if not step.partial}
        files = {
            k: v
            for k, v in (old.files.items() if old is not None and not fresh else ())
            if (slug := k.split("/", 1)[0]) in served and slug not in whole
        }
        for slug, step in steps.items():
            files |= {f"{slug}/{path}": blob for path, blob in step.files.items()}
        pages: dict[str, int] = {}
        for key in files:
            if key.endswith("index.html") or key.endswith("/404.html"):
                slug = key.split("/", 1)[0]
                pages[slug] = pages.get(slug, 0) + 1
        later = frozenset(c.slug for c in pending or ())
        with self.lock:
            # after the centers a browser shows, the rest changes nothing a browser shows unless
            # the problems over the pages changed
            if old is None or not old.pending or all_problems != self.problems:
                self._shown += 1
            number, broken = (old.number + 1) if old else 1, any(p.is_error for p in all_problems)
            self.generation = Generation(number, files, pages, later, broken)
            self.model, self.renderer, self.state = model, renderer, state
            if shared and pending is None:
                self._shared = shared
            self.problems = all_problems
            self._settle.notify_all()
        self._collect_garbage(old)
        self._notify(final=pending is None)
        return True

    def _blob(self, data: bytes) -> Path:
        digest = hashlib.sha256(data).hexdigest()
        path = self.tmp / "blobs" / digest[:2] / digest
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{digest}.{os.getpid()}.{threading.get_ident()}.tmp")
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
        self._ids = {p: ids for p, ids in self._ids.items() if p in live}
        for path in (self.tmp / "blobs").rglob("*"):
            if path.is_file() and path not in live:
                path.unlink(missing_ok=True)

    def _notify(self, final: bool = True) -> None:
        if final and self._covering is not None:
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
            return f"{self._shown}:{len(self.problems)}:{sum(p.is_error for p in self.problems)}"

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


#: The dev server and its keys while its first build runs in workers (set before they fork).
_FORKED: tuple[DevSite, engine.Keys] | None = None


def _render_forked(slug: str) -> _Rendered:
    assert _FORKED is not None
    site, keys = _FORKED
    center = keys.model.center(slug)
    assert center is not None
    return site._step(keys, center, {})


def _wording_forked() -> tuple[list[Problem], dict[str, list[Problem]]]:
    """The wording checks, and the memo a save then checks only its changed pages against."""
    assert _FORKED is not None
    site, keys = _FORKED
    memo = dict(site._memo)
    return checks.source_checks(keys.model, memo), memo


def _under(path: str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
