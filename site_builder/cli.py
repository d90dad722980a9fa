"""Argument parsing and terminal output only; the work is in build.py."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import importer, manifest, shards, workers
from . import messages as msg
from .build import BuildOptions, BuildResult, UsageError, build, list_centers
from .problems import Problem
from .write import WriteError, recover

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
PROJECT_FILE = "centers.yaml"
#: `import --output`'s default, told apart by identity: it means the project's centers.yaml
_IMPORT_DEFAULT = Path(PROJECT_FILE)
#: folders of a project the build reads: sites written into them would be published as content
SOURCES = ("content", "themes", "templates")


def _commands(p: argparse.ArgumentParser) -> str:
    """The short usage shown for `site-builder` alone: each command with its one line."""
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    rows = [(c.dest, c.help or "") for c in sub._choices_actions]
    width = max(len(name) for name, _ in rows)
    lines = [f"  {name:<{width}}  {text}" for name, text in rows]
    return msg.NO_COMMAND.format(commands="\n".join(lines)) + "\n"


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
            type=_jobs,
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
    s.add_argument(
        "--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    s.add_argument("--open", action="store_true", help="open the preview in a browser")
    importer.add_parser(sub).set_defaults(output=_IMPORT_DEFAULT)
    from .admin import publish

    publish.add_parser(sub)
    return p


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{msg.BAD_PORT.format(value=text)}: {msg.BAD_PORT_HINT}")
    return port


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{msg.BAD_JOBS.format(value=text)}: {msg.BAD_JOBS_HINT}")
    return jobs


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
        default=None,
        metavar="DIR",
        help="the project folder (default: the nearest folder holding centers.yaml, from here up)",
    )
    s.add_argument("--today", metavar="YYYY-MM-DD", help="the date used for expiry checks")
    s.add_argument(
        "--debug", action="store_true", help="show Python tracebacks for internal errors"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # argparse's "the following arguments are required: COMMAND" names no command
        print(_commands(parser()), file=sys.stderr, end="")
        return EXIT_USAGE
    args = parser().parse_args(argv)
    try:
        with workers.collecting_less():
            return run(args)
    except UsageError as exc:
        print(f"site-builder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _recover(args)
        kept = "; the last complete sites are still in place" if args.command == "build" else ""
        print(f"site-builder: stopped{kept}", file=sys.stderr)
        return 130
    except WriteError as exc:
        _recover(args)
        print(f"site-builder: {exc.text(_shown)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        if args.debug:
            raise
        _recover(args)
        print(f"site-builder: {_os_error(exc, args)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenProcessPool:
        if args.debug:
            raise
        _recover(args)
        print(f"site-builder: {msg.WORKER_DIED}", file=sys.stderr)
        return EXIT_INTERNAL
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


def _os_error(exc: OSError, args: argparse.Namespace) -> str:
    """One plain sentence naming the file: a write to a full disk carries no file name, so the
    folder being written stands in for it."""
    where = exc.filename or getattr(args, "output_dir", None) or getattr(args, "project", None)
    path = _shown(str(where)) if where else "the project folder"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{msg.DISK_FULL.format(path=path)}: {msg.DISK_FULL_HINT}"
    reason = exc.strerror or str(exc)
    return f"{msg.CANNOT_READ_WRITE.format(path=path, reason=reason)}: {msg.CANNOT_READ_WRITE_HINT}"


def _recover(args: argparse.Namespace) -> None:
    """After a build stopped part way (Ctrl+C, a full disk): finish every center swap marked
    ready and throw the rest of the staging away now, so each site is whole and the disk space
    the staging took is free again. The next run would do the same."""
    output = getattr(args, "output_dir", None)
    if output is None or getattr(args, "command", "") != "build":
        return
    with contextlib.suppress(OSError, WriteError):  # else the next run tries again
        recover(output)


def _shown(path: str) -> str:
    """A path as the editor typed it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def find_root(start: Path) -> Path | None:
    """The nearest folder holding centers.yaml: `start` or one above it."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def _project(args: argparse.Namespace) -> Path:
    """The project's folder: --project, else the nearest folder with centers.yaml from the current
    folder up (an editor often works inside content/). Never a folder without centers.yaml: the
    report and the sites would be written into it."""
    if args.project is None:
        try:
            here = Path.cwd()
        except OSError:
            here = Path(os.environ.get("PWD", "."))
        root = find_root(here)
        if root is None:
            raise UsageError(f"{msg.NO_PROJECT.format(folder=here)}: {msg.NO_PROJECT_HINT}")
        if root != here and not getattr(args, "quiet", False):
            print(
                f"site-builder: {msg.USING_PROJECT.format(root=_shown(str(root)))}", file=sys.stderr
            )
        return root
    given = args.project.expanduser()
    root = given.resolve()
    if not root.exists():
        raise UsageError(f"{msg.PROJECT_MISSING.format(path=given)}: {msg.PROJECT_MISSING_HINT}")
    if not root.is_dir():
        raise UsageError(
            f"{msg.PROJECT_NOT_FOLDER.format(path=given)}: {msg.PROJECT_NOT_FOLDER_HINT}"
        )
    if not os.access(root, os.R_OK | os.X_OK):
        raise UsageError(
            f"{msg.PROJECT_UNREADABLE.format(path=given)}: {msg.PROJECT_UNREADABLE_HINT}"
        )
    if not (root / PROJECT_FILE).is_file():
        above = find_root(root.parent)
        hint = (
            msg.PROJECT_ABOVE_HINT.format(root=_shown(str(above)))
            if above
            else msg.PROJECT_NO_CENTERS_HINT
        )
        raise UsageError(f"{msg.PROJECT_NO_CENTERS.format(path=given)}: {hint}")
    if not os.access(root / PROJECT_FILE, os.R_OK):
        path = given / PROJECT_FILE
        raise UsageError(
            f"{msg.PROJECT_UNREADABLE.format(path=path)}: {msg.PROJECT_UNREADABLE_HINT}"
        )
    return root


def _output(root: Path, given: Path | None) -> Path:
    """The folder the sites (and the report) go to, refused when it cannot be one: a file, a
    folder you may not write, or a folder inside the project's sources or holding the project."""
    out = (given.expanduser() if given else root / "output").resolve()
    shown = _shown(str(out))
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        blocker = _shown(str(existing))
        raise UsageError(f"{msg.OUTPUT_IS_FILE.format(path=blocker)}: {msg.OUTPUT_IS_FILE_HINT}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(
            f"{msg.OUTPUT_NOT_WRITABLE.format(path=shown)}: {msg.OUTPUT_NOT_WRITABLE_HINT}"
        )
    for part in SOURCES:
        if out.is_relative_to(root / part):
            raise UsageError(
                f"{msg.OUTPUT_IN_SOURCES.format(path=shown, part=part)}: "
                + msg.OUTPUT_IN_SOURCES_HINT.format(part=part)
            )
    if root.is_relative_to(out):
        raise UsageError(
            f"{msg.OUTPUT_HOLDS_PROJECT.format(path=shown)}: {msg.OUTPUT_HOLDS_PROJECT_HINT}"
        )
    for above in out.parents:  # another build's output: these sites would be published in its
        if (above / manifest.MANIFEST).is_file():
            outer = _shown(str(above))
            raise UsageError(
                f"{msg.OUTPUT_IN_OUTPUT.format(path=shown, outer=outer)}: "
                + msg.OUTPUT_IN_OUTPUT_HINT.format(outer=outer)
            )
    return out


def _known_centers(root: Path, slugs: tuple[str, ...], today: str | None) -> None:
    """`serve --center` names centers of the project, as `build --center` must: a UsageError with
    the closest slug, before anything is served (a project with errors is left to serve's
    report)."""
    from .build import select
    from .model import load, today_from
    from .problems import Problems

    problems = Problems()
    model = load(root, today_from(today), problems)
    if not problems.has_errors():
        select(model, slugs)


def run(args: argparse.Namespace) -> int:
    if args.command == "import":
        if args.output is _IMPORT_DEFAULT:  # beside the project's own centers.yaml, if any
            root = find_root(Path.cwd())
            args.output = (root or Path.cwd()) / PROJECT_FILE
        return importer.run(args)
    today = getattr(args, "today", None)
    if today:
        import datetime as dt

        try:
            dt.date.fromisoformat(today)
        except ValueError as exc:
            from .schema import date_hint

            raise UsageError(f"--today '{today}' is not a date: {date_hint(today)}") from exc
    if args.command == "serve":
        from .serve import serve

        only = tuple(s for group in args.center for s in group)
        root = _project(args)
        if only:
            _known_centers(root, only, args.today)
        return serve(root, args.host, args.port, only, args.open, args.today)
    root = _project(args)
    if args.command == "admin":
        from .admin import publish

        return publish.run(args, root)
    args.output_dir = _output(root, args.output)  # for the messages and recovery of main()
    opts = BuildOptions(
        root=root,
        output=args.output_dir,
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
    notes = f", {r.notes} not yet translated" if r.notes else ""
    return (
        f"{verb} {r.centers} center{'s' * (r.centers != 1)}, {r.pages} pages, "
        f"{r.warnings} warning{'s' * (r.warnings != 1)}{errors}{notes} in {r.seconds:.1f} s{status}"
    )
