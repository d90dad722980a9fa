"""The reports of a build or check: JSON for CI and an HTML page an editor can open
(output/_report/index.html): a summary table, then the findings per page and per center."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, select_autoescape

from .problems import Problem

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>site_builder report – {{ summary.errors }} errors, {{ summary.warnings }} warnings</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem 1.25rem 3rem; color: #1d2a33; line-height: 1.5; }
h1 { font-size: 1.7rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #c9d6d3; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #c9d6d3; padding: .35rem .7rem; text-align: left; vertical-align: top; }
th { background: #f4f7f6; } .error { color: #a3150b; font-weight: 700; } .warning { color: #7a4a00; font-weight: 700; }
.ok { color: #1e6b34; font-weight: 700; }
pre { background: #f4f7f6; padding: .4rem .6rem; overflow-x: auto; margin: .3rem 0; }
.problem { margin: 0 0 1.2rem; } .where { font-family: ui-monospace, monospace; } .fix { margin: .2rem 0; }
a { color: #0b5f66; } :focus-visible { outline: 3px solid #c2410c; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>site_builder report</h1>
{% if not summary.errors and not summary.warnings %}<p class="ok">No problems found.</p>{% endif %}
<table>
<caption>Summary</caption>
<tr><th scope="row">Centers</th><td>{{ summary.centers }}</td></tr>
<tr><th scope="row">Pages</th><td>{{ summary.pages }}</td></tr>
<tr><th scope="row">Errors</th><td>{{ summary.errors }}</td></tr>
<tr><th scope="row">Warnings</th><td>{{ summary.warnings }}</td></tr>
<tr><th scope="row">Notes (pages not yet translated)</th><td>{{ summary.notes }}</td></tr>
<tr><th scope="row">Result</th><td>{{ "passed" if summary.ok else "failed" }}</td></tr>
</table>
{% if by_center %}
<h2>Per center</h2>
<table>
<thead><tr><th scope="col">Center</th><th scope="col">Errors</th><th scope="col">Warnings</th><th scope="col">Not translated</th><th scope="col">Site</th></tr></thead>
<tbody>
{% for slug, counts in by_center %}<tr><td>{{ slug }}</td><td>{{ counts.error }}</td><td>{{ counts.warning }}</td><td>{{ counts.note }}</td><td><a href="../{{ slug }}/index.html">open the {{ slug }} home page</a></td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% if by_file %}<h2>Per page and file</h2>{% endif %}
{% for file, problems in by_file %}
<section aria-labelledby="f{{ loop.index }}">
<h3 id="f{{ loop.index }}">{{ file }}</h3>
{% for p in problems %}
<div class="problem">
<p><span class="{{ p.severity.value }}">{{ p.severity.value }}</span> <span class="where">{{ p.mark }}</span>: {{ p.message }}</p>
{% if p.source_line.strip() %}<pre>{{ p.mark.line }} | {{ p.source_line }}</pre>{% endif %}
{% if p.hint %}<p class="fix">Fix: {{ p.hint }}</p>{% endif %}
{% set slugs = p.centers or built_in.get(file, []) %}
{% if slugs %}<p>{{ "Centers" if p.centers else "Open the page" }}: {% for slug in slugs %}{% set link = page_links.get((file, slug)) %}{% if link %}<a href="{{ link }}">{{ slug }}</a>{% else %}{{ slug }}{% endif %}{{ ", " if not loop.last }}{% endfor %}</p>{% endif %}
</div>
{% endfor %}
</section>
{% endfor %}
</main>
</body>
</html>
"""

_env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def summary(problems: list[Problem], centers: int, pages: int, ok: bool) -> dict:
    return {
        "centers": centers,
        "pages": pages,
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(p.is_warning for p in problems),
        "notes": sum(not p.is_error and not p.is_warning for p in problems),
        "ok": ok,
    }


def as_json(problems: list[Problem], centers: int, pages: int, ok: bool) -> dict:
    return {**summary(problems, centers, pages, ok), "problems": [p.as_dict() for p in problems]}


def as_html(
    problems: list[Problem],
    centers: int,
    pages: int,
    ok: bool,
    page_links: dict[tuple[str, str], str],
) -> str:
    built_in: dict[str, list[str]] = defaultdict(list)
    for file, slug in sorted(page_links):
        built_in[file].append(slug)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    by_center: dict[str, dict[str, int]] = defaultdict(
        lambda: {"error": 0, "warning": 0, "note": 0}
    )
    for p in problems:
        by_file[p.mark.file].append(p)
        for slug in p.centers:
            by_center[slug][p.severity.value] += 1
    return _env.from_string(_TEMPLATE).render(
        summary=summary(problems, centers, pages, ok),
        by_file=sorted(by_file.items()),
        by_center=sorted(by_center.items()),
        page_links=page_links,
        built_in=built_in,
    )


def write(output: Path, data: dict, html: str) -> None:
    folder = output / "_report"
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "report.json": json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        "index.html": html,
    }
    for name, text in files.items():
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
