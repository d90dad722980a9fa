"""How long from saving a file to the browser reloading, with `site-builder serve`.

    python3 benchmarks/serve_latency.py [--centers 100] [--rounds 5]

Builds a project of N imported centers (each offering a deterministic set of services), starts a
real `site-builder serve` process, opens the event stream a browser would, then edits one Markdown
page (and, separately, one center's phone in centers.yaml) and times each save until the reload
event arrives. The numbers include the watcher's poll (50 ms) and debounce (80 ms)."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "facilities-mental-health-ca-nv-or.json"


def make_project(dest: Path, n: int) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "themes", dest / "themes")
    shutil.copytree(REPO / "content", dest / "content", ignore=shutil.ignore_patterns("centers"))
    records = json.loads(DATA.read_text())[:n]
    src = dest / "records.json"
    src.write_text(json.dumps(records))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "import",
            str(src),
            "--format",
            "samhsa-locator",
            "--output",
            str(dest / "centers.yaml"),
        ],
        check=False,
        capture_output=True,
    )
    services = sorted(p.stem for p in (REPO / "content/services").glob("*.md"))
    text = (dest / "centers.yaml").read_text()
    out, i = [], 0
    for line in text.splitlines():
        if line.strip() == "draft: true":
            picked = [s for j, s in enumerate(services) if (i + j) % 3 != 0]
            out.append(line.replace("draft: true", "services: [" + ", ".join(picked) + "]"))
            i += 1
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    text = re.sub(
        r"^defaults:.*?(?=^centers:)",
        "defaults:\n  base_url: https://{slug}.example.org/\n  privacy_notice_url: https://example.org/npp/\n\n",
        text,
        flags=re.S | re.M,
    )
    if "defaults:" not in text:
        text = text.replace(
            "centers:",
            "defaults:\n  base_url: https://{slug}.example.org/\n  privacy_notice_url: https://example.org/npp/\n\ncenters:",
            1,
        )
    (dest / "centers.yaml").write_text(text)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--centers", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
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
        url = re.search(r"(http://[^ ]+/)", line).group(1)
        print(f"{args.centers} centers: first build {time.perf_counter() - started:.1f} s")
        events = urllib.request.urlopen(url + "__site_builder/events", timeout=60)
        first = events.readline()
        events.readline()
        assert first.startswith(b"data:")
        results = {}
        page = root / "content/first-visit.md"
        centers = root / "centers.yaml"
        for name, path, make_edit in (
            (
                "one Markdown page, every center",
                page,
                lambda t, k: (
                    t.replace(
                        "It is normal to feel nervous", f"It is normal ({k}) to feel nervous", 1
                    )
                    if k == 0
                    else re.sub(r"normal \(\d+\)", f"normal ({k})", t, count=1)
                ),
            ),
            (
                "one center's phone in centers.yaml",
                centers,
                lambda t, k: t.replace("main: ", "main: " if k % 2 else "main:  ", 1),
            ),
        ):
            times = []
            for k in range(args.rounds):
                text = path.read_text()
                time.sleep(0.3)
                t0 = time.perf_counter()
                path.write_text(make_edit(text, k))
                while True:
                    msg = events.readline()
                    if msg.startswith(b"data:"):
                        break
                times.append((time.perf_counter() - t0) * 1000)
                events.readline()
            results[name] = times
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
