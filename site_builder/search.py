"""Search in every site: a search page (planned in plan.py, rendered in render.py) and a Pagefind
index made at build time from the site's own pages.

Pagefind runs once per center on the center's staged folder (output/.staging/<slug>/), after its
pages are staged and before the site is swapped in, and writes its index and script into the
site's own pagefind/ folder: the page loads nothing from anywhere else, and the results are that
center's pages only (one index per site, one per <html lang> inside it). The theme marks <main>
`data-pagefind-body` and the crisis strip, header and footer `data-pagefind-ignore`, so results
point at content; the search page and the 404 page have no body to index.

A center whose pages did not change is not rendered again, so its index is not made again. A
partial rebuild (some pages' Markdown changed) stages the whole site and indexes it again.
`settings: search: false` switches all of it off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import messages as msg
from .problems import Mark, Problem
from .rendered import CenterResult, RenderedPage

FOLDER = "pagefind"
#: Pagefind's own UI files: the search page uses pagefind.js through its own small script
#: (themes/default/static/js/search.js), so these are never loaded and are not published.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
_TIMEOUT = 120  # seconds for one site; Pagefind takes well under one


def binary() -> str | None:
    """The Pagefind executable the `pagefind[bin]` package ships, else one on PATH."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    from shutil import which

    return which("pagefind")


def index_site(folder: Path, slug: str, files: list[RenderedPage]) -> list[Problem]:
    """Index the site staged in `folder` (its `files`) into `folder/pagefind/`; problems say what
    went wrong in our words (the build then fails and writes nothing, like any other error).

    Pagefind reads a copy of each page cut to what it indexes — the <html> tag (its language)
    and <main> — in a temporary folder: it parses every byte it is given, and the head, crisis
    strip, header and footer are two thirds of a page (a third less time per site)."""
    exe = binary()
    if exe is None:
        return [Problem(Mark("centers.yaml"), msg.SEARCH_MISSING, msg.SEARCH_MISSING_HINT)]
    out = folder / FOLDER
    shm = Path("/dev/shm")
    work = Path(tempfile.mkdtemp(prefix="site-builder-search-", dir=shm if shm.is_dir() else None))
    try:
        _cut_pages(files, work)
        proc = subprocess.run(
            [exe, "--site", str(work), "--output-path", str(out.resolve()), "--silent"],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
        reason = _reason(proc) if proc.returncode != 0 else ""
    except (OSError, subprocess.TimeoutExpired) as exc:
        reason = str(exc)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not reason and not (out / "pagefind.js").is_file():
        reason = "it wrote no index"
    if reason:
        return [
            Problem(
                Mark("centers.yaml"),
                msg.SEARCH_FAILED.format(reason=reason),
                msg.SEARCH_FAILED_HINT,
                centers=(slug,),
            )
        ]
    _prune(out)
    return []


def _cut_pages(files: list[RenderedPage], work: Path) -> None:
    """Each page with a body to index (`data-pagefind-body` on <main>), as <html lang> and <main>
    only, at its own path (Pagefind makes each result's address from it)."""
    for f in files:
        if not f.path.endswith(".html"):
            continue
        text = f.data.decode("utf-8")
        start = text.find("<main")
        if start < 0 or "data-pagefind-body" not in text[start : text.find(">", start)]:
            continue
        tag = text.find("<html")
        head = text[tag : text.find(">", tag) + 1] if tag >= 0 else "<html>"
        end = text.rfind("</main>") + len("</main>")
        dest = work / f.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f"{head}<body>{text[start:end]}</body></html>", "utf-8")


def _reason(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [ln.strip() for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
    return lines[-1][:200] if lines else f"exit code {proc.returncode}"


def _prune(out: Path) -> None:
    """Leave only what pagefind.js loads: its worker, the entry, each language's metadata, index,
    fragments and WebAssembly (the generic one only for a language Pagefind cannot stem)."""
    for name in _UNUSED:
        (out / name).unlink(missing_ok=True)
    entry_file = out / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        stemmed = all(lang.get("wasm") for lang in entry.get("languages", {}).values())
        # Pagefind writes the languages in no fixed order: the same site, the same bytes
        entry_file.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), "utf-8")
    except (OSError, ValueError):
        stemmed = False
    if stemmed:
        (out / "wasm.unknown.pagefind").unlink(missing_ok=True)


def complete(result: CenterResult, live: Path) -> None:
    """A partial rebuild holds only the pages rendered again: add every other file of the live
    site (but its old index) so the site can be staged whole and indexed again."""
    have = {f.path for f in result.files}
    root = str(live)
    for folder, dirs, files in os.walk(root):
        rel_dir = folder[len(root) + 1 :]
        if rel_dir == "":
            dirs[:] = [d for d in dirs if d != FOLDER]
        prefix = f"{rel_dir}/" if rel_dir else ""
        for name in files:
            rel = prefix + name
            if rel not in have:
                with open(os.path.join(folder, name), "rb") as f:
                    result.files.append(RenderedPage(rel, f.read()))
    result.files.sort(key=lambda f: f.path)


def sections(entries: list, t, urls) -> list[tuple[str, list[tuple[str, str]]]]:  # type: ignore[no-untyped-def]
    """The search page without JavaScript: every page of the site in this language, by section
    (services, locations, everything else), as (title, URL)."""
    from . import plan

    services, places, other = [], [], []
    for e in entries:
        if e.kind not in plan.LISTED or e.id == "search":
            continue
        if e.page is not None:
            title = e.page.title
        elif e.location is not None:
            loc = e.location
            title = loc.name or t("location_title", city=loc.city, state=loc.state)
        else:
            title = t(e.title_key) if e.title_key else e.id
        item = (title, urls.page(e.id))
        if e.location is not None:
            places.append(item)
        elif e.page is not None and e.page.service:
            services.append((e.page.order, title, item))
        else:
            order = e.page.order if e.page is not None else 1000
            other.append((order, title, item))
    out = [
        (t("search_section_pages"), [i for _, _, i in sorted(other)]),
        (t("search_section_services"), [i for _, _, i in sorted(services)]),
        (t("search_section_locations"), places),
    ]
    return [(heading, items) for heading, items in out if items]
