"""Sequences the stages — load, check the sources, render and check each center, write — and
nothing else. Centers are independent, so they are rendered in worker processes; each worker
stages its centers under output/.staging/, and only a build with no errors swaps them in."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    __version__,
    cache,
    checks,
    directory,
    directory_render,
    engine,
    manifest,
    report,
    search,
    shards,
    workers,
)
from . import messages as msg
from .centers import Center
from .model import SiteModel, load, today_from
from .problems import Mark, Problem, Problems, Severity, did_you_mean, merge_duplicates
from .render import Renderer, anchors_in
from .write import (
    STAGING,
    UnsafePath,
    WriteStats,
    abort,
    check_paths,
    finish,
    recover,
    stage_center,
    stage_files,
)


class UsageError(Exception):
    """A mistake in the command line (exit code 2), not in the project."""


@dataclass
class BuildOptions:
    root: Path
    output: Path
    centers: tuple[str, ...] = ()
    shard: tuple[int, int] | None = None  # (K, N): build the K-th of N balanced shards
    strict: bool = False
    today: str | None = None
    write: bool = True
    jobs: int | None = None  # None: settings.jobs, else one per core
    base_path: Callable[[str], str] | None = None  # the dev server serves each center at /<slug>/


@dataclass
class Outcome:
    """What one center's job sends back: never the files themselves, only what the parent needs."""

    slug: str
    problems: list[Problem]
    pages: int
    staged: bool = False
    cached: bool = False
    key: str = ""
    stats: WriteStats = field(default_factory=WriteStats)
    pieces: engine.Pieces | None = None
    #: staged files of a partial rebuild, (path, staged name); None: the whole folder was staged
    patched: list[tuple[str, str]] | None = None


@dataclass
class BuildResult:
    problems: list[Problem]
    centers: int = 0
    pages: int = 0
    seconds: float = 0.0
    stats: WriteStats = field(default_factory=WriteStats)
    outcomes: list[Outcome] = field(default_factory=list)
    model: SiteModel | None = None
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.is_warning for p in self.problems)

    @property
    def notes(self) -> int:
        return sum(p.severity is Severity.NOTE for p in self.problems)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)


Progress = Callable[[int, int, str], None]


def build(opts: BuildOptions, progress: Progress | None = None) -> BuildResult:
    started = time.perf_counter()
    problems = Problems(root=opts.root)
    model = load(opts.root, today_from(opts.today), problems)
    selected = _select(model, opts, problems)
    previous: dict[str, manifest.Entry] = {}
    if opts.write and not problems.has_errors():
        opts.output.mkdir(parents=True, exist_ok=True)
        recover(opts.output)
        abort(opts.output)  # staging left by a build that failed or was killed before commit
        previous = manifest.read(opts.output)
    outcomes = (
        render_centers(model, selected, opts, progress, previous)
        if not problems.has_errors()
        else []
    )
    result = BuildResult(
        _collect(problems, outcomes), strict=opts.strict, outcomes=outcomes, model=model
    )
    result.centers = len(selected) if outcomes or not model.declared else model.declared
    result.pages = sum(o.pages for o in outcomes)
    for o in outcomes:
        result.stats.written += o.stats.written
        result.stats.linked += o.stats.linked
        result.stats.unchanged_centers += o.stats.unchanged_centers + o.cached
    if opts.write and outcomes:
        if result.failed:
            abort(opts.output)
        else:
            entries = {  # an unchanged center keeps the entry it has
                o.slug: manifest.Entry(o.key, o.pages, tuple(o.problems), o.pieces)
                for o in outcomes
                if not o.cached
            }
            full = not opts.centers and not opts.shard
            finish(
                opts.output,
                [o.slug for o in outcomes if o.staged and o.patched is None],
                entries,
                [c.slug for c in model.centers]
                + ([d.slug] if (d := model.config.directory) else []),
                full,
                result.stats,
                {o.slug: o.patched for o in outcomes if o.patched},
                previous,
            )
    result.seconds = time.perf_counter() - started
    report.write(opts.output, json_report(result), html_report(result))
    return result


def _select(model: SiteModel, opts: BuildOptions, problems: Problems) -> list[Center]:
    selected = select(model, opts.centers)
    if opts.shard:
        selected = shards.pick(selected, *opts.shard)
    if opts.strict:
        for c in selected:
            if c.draft:
                problems.add(c.mark, msg.DRAFT_STRICT.format(name=c.name), msg.DRAFT_STRICT_HINT)
    return selected


def list_centers(opts: BuildOptions) -> tuple[list, list[Problem]]:
    problems = Problems(root=opts.root)
    model = load(opts.root, today_from(opts.today), problems)
    if problems.has_errors():
        return [], merge_duplicates(problems.items)
    selected = select(model, opts.centers)
    return (shards.pick(selected, *opts.shard) if opts.shard else selected), []


def select(model: SiteModel, slugs: tuple[str, ...]) -> list[Center]:
    if not slugs or not model.centers:
        return list(model.centers)
    known = {c.slug for c in model.centers}
    for slug in slugs:
        if slug not in known:
            hint = did_you_mean(slug, known) or msg.UNKNOWN_CENTER_ARG_HINT.format(
                choices=", ".join(sorted(known))
            )
            raise UsageError(f"{msg.UNKNOWN_CENTER_ARG.format(value=slug)}: {hint}")
    return [c for c in model.centers if c.slug in slugs]


# --- rendering, in this process or in workers ---------------------------------------------------


@dataclass
class _Job:
    model: SiteModel
    renderer: Renderer
    opts: BuildOptions
    shared_key: str
    keys: engine.Keys
    previous: dict[str, manifest.Entry]
    directory: tuple[str, str] = ("", "")  # the directory's (slug, input key) when built


_JOB: _Job | None = None  # set before workers fork, so they inherit the compiled build


def render_centers(
    model: SiteModel,
    centers: list[Center],
    opts: BuildOptions,
    progress: Progress | None,
    previous: dict[str, manifest.Entry],
) -> list[Outcome]:
    """Render the centers (and the directory) that changed since the build recorded in
    `previous`, in worker processes from two sites on, and stage them."""
    global _JOB
    shared_key = cache.shared_key(model, opts.base_path is not None)
    slugs = [c.slug for c in centers]
    done = _unchanged(centers, opts, shared_key, previous)
    site = _directory(model, opts, previous, done)
    if site[0]:
        slugs = [site[0], *slugs]  # first: the largest job starts first
    todo = [slug for slug in slugs if slug not in done]
    renderer = None
    if todo:  # (all unchanged: the same sources as a build that succeeded, nothing to compile)
        renderer = Renderer(model)
        model.problems.extend(_compile_problems(model, renderer, opts, shared_key))
        if model.problems.has_errors():
            return []  # load everything first: an invalid project renders nothing
        keys = engine.Keys.of(model, renderer, opts.base_path is not None)
        _JOB = _Job(model, renderer, opts, shared_key, keys, previous, directory=site)
    jobs = opts.jobs or model.config.workers

    def finished(outcome: Outcome) -> None:
        done[outcome.slug] = outcome
        if progress:
            progress(len(done), len(slugs), outcome.slug)

    try:
        if renderer is not None and workers.wanted(len(todo), jobs):
            if opts.write:
                renderer.share = opts.output / STAGING / "skeletons"
                renderer.share.mkdir(parents=True, exist_ok=True)
            with workers.pool(jobs) as pool:
                # The wording checks (and their pronouncing dictionary) run first in one worker
                # while the others render: not in every worker's memory, and not in this
                # process, where they would starve the thread that collects rendered centers
                # (the workers then wait on a full pipe).
                sources = pool.submit(_job_source_problems)
                chunk = workers.chunk(len(todo), jobs)
                for outcome in pool.map(_render_one, todo, chunksize=chunk):
                    finished(outcome)
                model.problems.extend(sources.result())
            if renderer.share is not None:
                shutil.rmtree(renderer.share, ignore_errors=True)
                renderer.share = None
        else:
            model.problems.extend(_source_problems(model, opts, shared_key))
            for slug in todo:
                finished(_render_one(slug))
    finally:
        _JOB = None
    return [done[slug] for slug in slugs]


def _source_problems(model: SiteModel, opts: BuildOptions, shared_key: str) -> list[Problem]:
    """The checks once per source page (wording) and per theme; an unchanged page's from the
    build folder (cache.source_problems)."""
    return cache.source_problems(
        opts.output,
        shared_key,
        opts.write,
        lambda memo: [*checks.source_checks(model, memo), *checks.theme_checks(model)],
    )


def _job_source_problems() -> list[Problem]:
    """_source_problems in a worker (forked with the build's job)."""
    job = _JOB
    assert job is not None
    return _source_problems(job.model, job.opts, job.shared_key)


def _compile_problems(
    model: SiteModel, renderer: Renderer, opts: BuildOptions, shared_key: str
) -> list[Problem]:
    """Every page's Jinja that cannot be compiled, found before anything renders (load
    everything first). A page is compiled here only when its source is new to the build folder
    (output/.site-builder-compiled.json keeps each page's result, like the wording checks');
    the rest are compiled when a center renders them."""

    def compute(memo: dict[str, list[Problem]]) -> list[Problem]:
        return cache.per_page(
            memo,
            model.content.all_pages,
            lambda page: hashlib.sha256(f"{__version__}|{page!r}".encode()).hexdigest(),
            lambda page: renderer.compile_problems([page]),
        )

    return cache.source_problems(opts.output, shared_key, opts.write, compute, cache.COMPILED)


def _unchanged(
    centers: list[Center],
    opts: BuildOptions,
    shared_key: str,
    previous: dict[str, manifest.Entry],
) -> dict[str, Outcome]:
    """The centers whose inputs are those of the site on disk: their problems are reported
    again and nothing else is done for them."""
    out: dict[str, Outcome] = {}
    if not opts.write:
        return out
    for center in centers:
        key = cache.center_key(shared_key, center)
        hit = cache.reuse(previous.get(center.slug), key, opts.output / center.slug)
        if hit is not None:
            out[center.slug] = Outcome(
                center.slug, list(hit.problems), hit.pages, cached=True, key=key, pieces=hit.pieces
            )
    return out


def _directory(
    model: SiteModel,
    opts: BuildOptions,
    previous: dict[str, manifest.Entry],
    done: dict[str, Outcome],
) -> tuple[str, str]:
    """The directory's (slug, input key) when this build makes it (not with --center; in the
    first shard only); cached like a center while its inputs are the same."""
    cfg = model.config.directory
    if cfg is None or opts.centers or (opts.shard and opts.shard[0] != 1):
        return ("", "")
    key = directory.key(model, cache.frame_key(model, opts.base_path is not None))
    hit = cache.reuse(previous.get(cfg.slug), key, opts.output / cfg.slug) if opts.write else None
    if hit is not None:
        done[cfg.slug] = Outcome(cfg.slug, list(hit.problems), hit.pages, cached=True, key=key)
    return (cfg.slug, key)


def _render_directory(job: _Job) -> Outcome:
    """The network directory, rendered, checked and staged like a center (directory.py)."""
    slug, key = job.directory
    opts = job.opts
    result = directory_render.render(job.model, opts.base_path(slug) if opts.base_path else None)
    problems = [*directory.no_centers(job.model), *result.problems]
    problems += checks.directory_checks(job.model, result)
    pages = sum(1 for f in result.files if f.path.endswith(".html"))
    outcome = Outcome(slug, problems, pages, key=key)
    if (
        opts.write
        and not any(p.is_error for p in problems)
        and not check_paths([result], opts.output)
    ):
        outcome.staged = stage_center(opts.output, result, outcome.stats)
    return outcome


def _render_one(slug: str) -> Outcome:
    job = _JOB
    assert job is not None
    if slug == job.directory[0]:
        return _render_directory(job)
    center = job.model.center(slug)
    assert center is not None
    opts = job.opts
    previous = job.previous.get(slug) if opts.write else None
    folder = opts.output / slug
    earlier = previous.pieces if previous else None
    if not folder.is_dir():
        earlier = None  # the whole site again
    step = engine.render(
        job.keys,
        center,
        opts.base_path(slug) if opts.base_path else None,
        earlier,
        _anchors_reader(folder),
    )
    result, problems = step.result, step.problems
    pages_built = previous.pages if step.partial and previous else step.pages
    key = cache.center_key(job.shared_key, center)
    outcome = Outcome(slug, problems, pages_built, key=key, pieces=step.pieces)
    partial = step.partial
    if opts.write and not any(p.is_error for p in problems):
        bad = check_paths([result], opts.output)
        if bad:
            outcome.problems += [
                Problem(Mark(p), msg.ESCAPES_OUTPUT.format(value=p), msg.ESCAPES_OUTPUT_HINT)
                for p in bad
            ]
            return outcome
        try:
            if job.model.config.search:
                whole, failed = search.add_index(
                    slug, result, folder, partial, opts.output / STAGING
                )
                if failed:
                    outcome.problems += failed
                    return outcome
                if whole:
                    partial = False
            if not partial:
                outcome.staged = stage_center(opts.output, result, outcome.stats)
            else:
                outcome.patched = stage_files(opts.output, result, outcome.stats)
                outcome.staged = bool(outcome.patched)
        except UnsafePath as exc:  # pragma: no cover - check_paths refuses these first
            outcome.problems.append(
                Problem(
                    Mark(str(exc)), msg.ESCAPES_OUTPUT.format(value=exc), msg.ESCAPES_OUTPUT_HINT
                )
            )
    return outcome


def _anchors_reader(folder: Path) -> Callable[[str], set[str]]:
    """The ids in a page the earlier build wrote, for links from the pages rebuilt now."""

    def read(path: str) -> set[str]:
        try:
            return anchors_in((folder / path).read_text(encoding="utf-8"))
        except OSError:
            return set()

    return read


def _collect(problems: Problems, outcomes: list[Outcome]) -> list[Problem]:
    return merge_duplicates([*problems.items, *(p for o in outcomes for p in o.problems)])


def json_report(result: BuildResult) -> dict:
    return report.as_json(result.problems, result.centers, result.pages, not result.failed)


def html_report(result: BuildResult) -> str:
    """The report's page, each file with a problem linked to the pages it builds."""
    links: dict[tuple[str, str], str] = {}
    files = {p.mark.file for p in result.problems}
    if result.model is not None and files:
        for center in result.model.centers:
            for page in result.model.content.pages_for(center.slug):
                if page.source in files:
                    links[(page.source, center.slug)] = f"../{center.slug}/{page.output_path}"
    return report.as_html(result.problems, result.centers, result.pages, not result.failed, links)


__all__ = [
    "STAGING",
    "BuildOptions",
    "BuildResult",
    "UsageError",
    "build",
    "list_centers",
    "select",
]
