"""Argument parsing and terminal output only; the work is in build.py."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import importer, shards
from .build import BuildOptions, BuildResult, UsageError, build, list_centers
from .problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="site-builder", description="Build one static site per center."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (
        ("build", "build every center's site into output/<slug>/"),
        ("check", "load, validate and render everything; write no site"),
    ):
        s = sub.add_parser(name, help=help_text, description=help_text)
        _common(s)
        add = s.add_argument
        add(
            "--output",
            type=Path,
            default=None,
            metavar="DIR",
            help="where to write the sites (default: PROJECT/output)",
        )
        add("--strict", action="store_true", help="treat warnings as errors (for publishing)")
        add("--quiet", action="store_true", help="print only problems and the closing line")
        add("--format", choices=("text", "json"), default="text", help="problem output format")
        add(
            "--jobs",
            type=int,
            metavar="N",
            help="worker processes (default: settings.jobs, else one per core)",
        )
        add("--shard", metavar="K/N", help="build only the K-th of N balanced shards (CI)")
        add(
            "--list-centers",
            action="store_true",
            help="print the centers (of the shard) as JSON and stop",
        )
    s = sub.add_parser(
        "serve",
        help="preview every center, rebuilt as you save",
        description="preview every center at http://127.0.0.1:8000/<slug>/, rebuilt as you save",
    )
    _common(s)
    s.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    s.add_argument("--open", action="store_true", help="open the preview in a browser")
    importer.add_parser(sub)
    return p


def _common(s: argparse.ArgumentParser) -> None:
    """The options build, check and serve share."""
    s.add_argument(
        "--center",
        action="append",
        default=[],
        metavar="SLUG",
        nargs="+",
        help="only these centers (repeatable)",
    )
    s.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder (default: the current folder)",
    )
    s.add_argument("--today", metavar="YYYY-MM-DD", help="the date used for expiry checks")
    s.add_argument(
        "--debug", action="store_true", help="show Python tracebacks for internal errors"
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"site-builder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("site-builder: stopped; the last complete sites are still in place", file=sys.stderr)
        return 130
    except OSError as exc:
        if args.debug:
            raise
        print(
            f"site-builder: could not read or write {exc.filename or ''}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    except Exception as exc:  # never a traceback for an editor; --debug shows it
        if args.debug:
            raise
        print(
            f"site-builder: internal error ({type(exc).__name__}: {exc}). This is a bug in "
            "site-builder, not in your content. Run again with --debug and send the output to "
            "the developers.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run(args: argparse.Namespace) -> int:
    if args.command == "import":
        return importer.run(args)
    if args.command == "serve":
        from .serve import serve

        only = tuple(s for group in args.center for s in group)
        return serve(args.project.resolve(), args.host, args.port, only, args.open, args.today)
    root = args.project.resolve()
    if args.today:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.today)
        except ValueError as exc:
            raise UsageError(
                f"--today '{args.today}' is not a date: write it like 2026-12-02"
            ) from exc
    opts = BuildOptions(
        root=root,
        output=(args.output or root / "output").resolve(),
        centers=tuple(s for group in args.center for s in group),
        strict=args.strict,
        today=args.today,
        write=args.command == "build",
        shard=_shard(args.shard),
        jobs=args.jobs,
    )
    if args.list_centers:
        return _list_centers(opts)
    progress = None if args.quiet or args.format == "json" else _progress
    result = build(opts, progress)
    if args.format == "json":
        from .build import json_report

        print(json.dumps(json_report(result), indent=2, ensure_ascii=False))
    else:
        _print_problems(result.problems)
        print(_closing_line(result, args.command), file=sys.stderr)
    return EXIT_PROBLEMS if result.failed else EXIT_OK


def _shard(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        return shards.parse(text)
    except shards.ShardError as exc:
        raise UsageError(str(exc)) from exc


def _list_centers(opts: BuildOptions) -> int:
    """JSON for a CI matrix: the centers this build (or shard) would write."""
    centers, problems = list_centers(opts)
    if problems:
        _print_problems(problems)
        return EXIT_PROBLEMS
    print(
        json.dumps(
            [{"slug": c.slug, "name": c.name} for c in centers], indent=2, ensure_ascii=False
        )
    )
    return EXIT_OK


def _progress(done: int, total: int, slug: str) -> None:
    print(f"  [{done}/{total}] {slug}", file=sys.stderr)


def _print_problems(problems: list[Problem]) -> None:
    current = None
    for p in problems:
        if p.mark.file != current:
            current = p.mark.file
            print(f"\n{current}", file=sys.stderr)
        print(p.render(), file=sys.stderr)
    if problems:
        print(file=sys.stderr)


def _closing_line(r: BuildResult, command: str) -> str:
    verb = "Built" if command == "build" and not r.failed else "Checked"
    status = "" if not r.failed else " — nothing was written" if command == "build" else ""
    errors = f", {r.errors} error{'s' * (r.errors != 1)}" if r.errors else ""
    return (
        f"{verb} {r.centers} center{'s' * (r.centers != 1)}, {r.pages} pages, "
        f"{r.warnings} warning{'s' * (r.warnings != 1)}{errors} in {r.seconds:.1f} s{status}"
    )
