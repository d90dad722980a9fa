"""Sequences the stages — load, select, render, check paths, write — and nothing else."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, report
from . import messages as msg
from .model import SiteModel, load, today_from
from .problems import Mark, Problem, Problems, did_you_mean, merge_duplicates
from .render import CenterResult, Renderer
from .write import WriteStats, check_paths, write_sites


class UsageError(Exception):
    """A mistake in the command line (exit code 2), not in the project."""


@dataclass
class BuildOptions:
    root: Path
    output: Path
    centers: tuple[str, ...] = ()
    strict: bool = False
    today: str | None = None
    write: bool = True
    base_path: Callable[[str], str] | None = None  # the dev server serves each center at /<slug>/


@dataclass
class BuildResult:
    problems: list[Problem]
    centers: int = 0
    pages: int = 0
    seconds: float = 0.0
    stats: WriteStats = field(default_factory=WriteStats)
    results: list[CenterResult] = field(default_factory=list)
    model: SiteModel | None = None
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(not p.is_error for p in self.problems)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)


Progress = Callable[[int, int, str], None]


def build(opts: BuildOptions, progress: Progress | None = None) -> BuildResult:
    started = time.perf_counter()
    problems = Problems(root=opts.root)
    model = load(opts.root, today_from(opts.today), problems)
    selected = select(model, opts.centers)
    if opts.strict:
        for c in selected:
            if c.draft:
                problems.add(c.mark, msg.DRAFT_STRICT.format(name=c.name), msg.DRAFT_STRICT_HINT)
    results = render_centers(model, selected, opts, progress)
    result = BuildResult(
        _collect(problems, results), strict=opts.strict, results=results, model=model
    )
    result.centers = len(selected) if results or not model.declared else model.declared
    result.pages = sum(1 for r in results for f in r.files if f.path.endswith(".html"))
    if opts.write and not result.failed:
        unsafe = check_paths(results, opts.output)
        if unsafe:
            result.problems += [
                Problem(Mark(p), msg.ESCAPES_OUTPUT.format(value=p), msg.ESCAPES_OUTPUT_HINT)
                for p in unsafe
            ]
        else:
            result.stats = write_sites(
                opts.output, results, [c.slug for c in model.centers], full=not opts.centers
            )
    result.seconds = time.perf_counter() - started
    report.write(opts.output, json_report(result), html_report(result))
    return result


def select(model: SiteModel, slugs: tuple[str, ...]) -> list:
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


def render_centers(
    model: SiteModel, centers: list, opts: BuildOptions, progress: Progress | None
) -> list[CenterResult]:
    renderer = Renderer(model)  # compiling every page's Jinja is part of loading: report it too
    model.problems.extend(renderer.compile_problems)
    if model.problems.has_errors():
        return []  # load everything first: an invalid project renders nothing
    model.problems.extend(checks.source_checks(model))
    model.problems.extend(checks.theme_checks(model))
    results = []
    for i, center in enumerate(centers, 1):
        base = opts.base_path(center.slug) if opts.base_path else None
        result = renderer.render_center(center, base)
        result.problems += checks.center_checks(model, result)
        results.append(result)
        if progress:
            progress(i, len(centers), center.slug)
    return results


def _collect(problems: Problems, results: list[CenterResult]) -> list[Problem]:
    return merge_duplicates([*problems.items, *(p for r in results for p in r.problems)])


def json_report(result: BuildResult) -> dict:
    return report.as_json(result.problems, result.centers, result.pages, not result.failed)


def html_report(result: BuildResult) -> str:
    links: dict[tuple[str, str], str] = {}
    if result.model is not None:
        for center in result.model.centers:
            for page in result.model.content.pages_for(center.slug):
                links[(page.source, center.slug)] = f"../{center.slug}/{page.output_path}"
    return report.as_html(result.problems, result.centers, result.pages, not result.failed, links)
