"""How long from saving a file to the browser reloading, with `site-builder serve`.

    python3 benchmarks/serve_latency.py [--centers 100] [--rounds 5]

Builds a project of N imported centers (each offering a deterministic set of services), starts a
real `site-builder serve` process, connects to its livereload socket as livereload.js in a browser
showing the first center's first-visit page does (the hello/info handshake), then edits one
Markdown page (and, separately, one center's phone in centers.yaml) and times each save until the
reload message arrives. It then asks for the last center's first-visit page and times the save
until that answer too: the server renders the centers a browser shows first and reloads them, and a
page of a center not rendered yet waits for it, so the second time is that of every center. The
numbers include the watcher's poll (25 ms) and debounce (40 ms).

With `--browser`, a real Chromium (Playwright) shows the first center's first-visit page instead,
and each Markdown save is timed until that page, reloaded, shows the new sentence: what an editor
waits for, the server's answers to the reloading browser included."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"  # Debian's
sys.path.insert(0, str(REPO / "benchmarks"))
import projects  # noqa: E402

DATA = projects.LISTING


def make_project(dest: Path, n: int) -> Path:
    """The benchmark project of benchmarks/run.py (projects.py): the first N imported centers,
    made publishable, with the sample content and themes."""
    work = dest.parent / "import"
    work.mkdir(parents=True, exist_ok=True)
    builder = [sys.executable, "-m", "site_builder"]
    centers = projects.import_listing(builder, DATA, work)[:n]
    projects.write_project(dest, projects.with_services(centers, projects.service_catalog()))
    return dest


async def measure(url: str, shown: str, other: str, edits, rounds: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Milliseconds from each save to livereload's reload message for a browser showing `shown`,
    and to the answer for `other` (a page of the last center) asked for after it, per edit."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url.replace("http://", "ws://") + "livereload")
    hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
    await ws.write_message(json.dumps(hello))
    assert json.loads(await ws.read_message())["command"] == "hello"
    await ws.write_message(json.dumps({"command": "info", "url": url + shown}))
    results: dict[str, list[float]] = {}
    for name, make_edit in edits:
        times = results.setdefault(name, [])
        everything = results.setdefault(f"{name}: the last center's page", [])
        for k in range(rounds):
            await asyncio.sleep(0.3)
            t0 = time.perf_counter()
            make_edit(k)
            message = json.loads(await asyncio.wait_for(ws.read_message(), 60))
            assert message["command"] == "reload", message
            times.append((time.perf_counter() - t0) * 1000)
            await asyncio.to_thread(lambda: urllib.request.urlopen(url + other, timeout=60).read())
            everything.append((time.perf_counter() - t0) * 1000)
    ws.close()
    return results


def measure_browser(url: str, shown: str, page: Path, rounds: int) -> list[float]:
    """Milliseconds from each save of `page` to the open page showing the sentence it added."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page()
        tab.goto(url + shown)
        time.sleep(1.0)  # livereload.js connects and says which page it shows
        for k in range(rounds):
            mark = f"We saved this page, round {k}."
            t0 = time.perf_counter()
            page.write_text(page.read_text() + f"\n{mark}\n")
            tab.wait_for_function(
                f"document.body && document.body.innerText.includes({mark!r})",
                timeout=60_000,
                polling=10,
            )
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(1.5)  # the other centers finish
        browser.close()
    return times


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--centers", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="time the page in a real Chromium")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    root = make_project(tmp / "project", args.centers)
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--project", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = time.perf_counter()
        line = proc.stdout.readline()
        while line and "http://" not in line:  # ("Building the preview …" first)
            line = proc.stdout.readline()
        url = re.search(r"(http://[^ ]+/)", line).group(1)
        # what it prints after starting (a save's problems) is read as it comes: a full pipe
        # would make the server wait
        threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
        print(f"{args.centers} centers: first build {time.perf_counter() - started:.1f} s")
        results = {}
        page = root / "content/first-visit.md"
        slugs = [
            line.split(": ", 1)[1]
            for line in (root / "centers.yaml").read_text().splitlines()
            if line.startswith("  slug: ")
        ]
        slug = slugs[0]

        def markdown_edit(k: int) -> None:
            text = page.read_text()
            if k == 0:
                text = text.replace(
                    "It is normal to feel nervous", "It is normal (0) to feel nervous", 1
                )
            else:
                text = re.sub(r"normal \(\d+\)", f"normal ({k})", text, count=1)
            page.write_text(text)

        edits = (
            ("one Markdown page all centers show", markdown_edit),
            ("one center's phone in centers.yaml", lambda k: projects.edit_phone(root, slug)),
        )
        shown, other = f"{slug}/first-visit/", f"{slugs[-1]}/first-visit/"
        if args.browser:
            results = {
                "one Markdown page all centers show, to the open page showing it": measure_browser(
                    url, shown, page, args.rounds
                )
            }
        else:
            results = asyncio.run(measure(url, shown, other, edits, args.rounds))
        for name, times in results.items():
            print(
                f"  {name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms ({', '.join(f'{t:.0f}' for t in times)})"
            )
        return 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
