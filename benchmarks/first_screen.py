"""What a visitor sees first: measure every page type of built sites in Debian's chromium, and take
screenshots at 390 and 1280 px.

    site-builder build --today 2026-12-06
    python3 benchmarks/first_screen.py                       # measures output/*, prints a table
    python3 benchmarks/first_screen.py --output /tmp/before/output --shots /tmp/shots/before

For each center folder and each page type (the body class `layout-…` the theme writes), one page
is measured:
- main@390: where `<main>` starts on a 390×844 phone (px from the top of the page);
- h1@320: where the h1 ends on a 320×568 phone (it must end above 568 to be wholly on screen);
- page@390, footer@390: the whole page's height and the footer's height on the 390 px phone;
- main@1280: where `<main>` starts on a 1280×900 screen.
Not part of the test suite (tests/test_mobile_layout.py asserts the rules)."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

MEASURE = """() => {
  const top = (el) => el ? Math.round(el.getBoundingClientRect().top + scrollY) : null;
  const bottom = (el) => el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null;
  const footer = document.querySelector("footer.site-footer, body > footer");
  return {
    main: top(document.querySelector("main")),
    h1: bottom(document.querySelector("h1")),
    page: document.documentElement.scrollHeight,
    footer: footer ? Math.round(footer.getBoundingClientRect().height) : null,
  };
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page_types(folder: Path) -> dict[str, str]:
    """One URL path per layout: the first page (sorted) that uses it; English pages only."""
    chosen: dict[str, str] = {}
    for f in sorted(folder.rglob("*.html")):
        rel = f.relative_to(folder).as_posix()
        if rel.startswith(("es/", "_")):
            continue
        m = re.search(r'<body class="layout-([\w-]+)', f.read_text("utf-8"))
        path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if m and m.group(1) not in chosen:
            chosen[m.group(1)] = path
    return chosen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=Path("output"))
    ap.add_argument("--shots", type=Path, help="write full-page screenshots here")
    ap.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, dict]] = {}
    folders = [
        d for d in sorted(args.output.iterdir()) if d.is_dir() and not d.name.startswith((".", "_"))
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        views = {
            390: browser.new_page(viewport={"width": 390, "height": 844}),
            320: browser.new_page(viewport={"width": 320, "height": 568}),
            1280: browser.new_page(viewport={"width": 1280, "height": 900}),
        }
        for folder in folders:
            if not (folder / "index.html").is_file():
                continue
            server, base = serve(folder)
            results[folder.name] = {}
            for layout, path in page_types(folder).items():
                row: dict[str, object] = {"path": path}
                for width, page in views.items():
                    page.goto(base + path, wait_until="load")
                    m = page.evaluate(MEASURE)
                    if width == 390:
                        row.update(main390=m["main"], page390=m["page"], footer390=m["footer"])
                    elif width == 320:
                        row["h1_320"] = m["h1"]
                    else:
                        row["main1280"] = m["main"]
                    if args.shots and width in (390, 1280):
                        out = args.shots / folder.name
                        out.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(out / f"{layout}-{width}.png"), full_page=True)
                results[folder.name][layout] = row
            server.shutdown()
            server.server_close()
        browser.close()
    head = f"{'center':16} {'page type':14} {'main@390':>8} {'h1@320':>7} {'page@390':>8} {'footer@390':>10} {'main@1280':>9}  path"
    print(head)
    for slug, rows in results.items():
        for layout, r in rows.items():
            print(
                f"{slug:16} {layout:14} {r['main390']!s:>8} {r['h1_320']!s:>7} "
                f"{r['page390']!s:>8} {r['footer390']!s:>10} {r['main1280']!s:>9}  {r['path']}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
