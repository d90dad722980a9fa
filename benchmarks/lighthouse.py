"""Lighthouse scores of the sample sites: the home page, a service page and the FAQ of every sample
center, on a phone (Lighthouse's mobile default) and a desktop, in Debian's chromium.

    npm install --prefix tools/lighthouse                    # Lighthouse 12.2.3 (Node 20)
    site-builder build --today 2026-12-06
    python3 benchmarks/lighthouse.py                         # prints the table, writes the JSON

Each site folder is served on 127.0.0.1 by Python's http.server, as a static host would. Lighthouse
runs with CHROME_PATH=/usr/bin/chromium and never downloads a browser. Not part of the test suite
(a run takes a few minutes); the figures of the last run are in benchmarks/lighthouse.json."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/", "service", "/faq/")  # "service": the center's first service page


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # Lighthouse hangs up on some requests when a page is done: not an error here


def run(url: str, form: str, out: Path) -> dict[str, float]:
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--max-wait-for-load=30000",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(args, check=True, env=env, timeout=300, capture_output=True)
    report = json.loads(out.read_text("utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failed = [
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return {**scores, "failed_audits": failed}  # type: ignore[dict-item]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=ROOT / "output")
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "lighthouse.json")
    ap.add_argument("--center", action="append", help="only these slugs")
    args = ap.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: npm install --prefix tools/lighthouse", file=sys.stderr)
        return 2
    import yaml

    slugs = args.center or [
        c["slug"] for c in yaml.safe_load((ROOT / "centers.yaml").read_text())["centers"]
    ]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs:
            folder = args.output / slug
            handler = functools.partial(_Quiet, directory=str(folder))
            server = _Server(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}"
            service = sorted(p.parent.name for p in (folder / "services").glob("*/index.html"))[0]
            for page in PAGES:
                path = f"/services/{service}/" if page == "service" else page
                for form in ("mobile", "desktop"):
                    key = f"{slug} {path} {form}"
                    results[key] = run(base + path, form, Path(tmp) / "report.json")
                    s = results[key]
                    print(
                        f"{key:58} "
                        + " ".join(f"{c[:4]} {s[c]:3}" for c in CATEGORIES)
                        + (
                            f"  failed: {', '.join(s['failed_audits'])}"
                            if s["failed_audits"]
                            else ""
                        ),
                        flush=True,
                    )
            server.shutdown()
            server.server_close()
    args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
