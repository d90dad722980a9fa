"""Search in every site: a search page (planned in plan.py, rendered in render_kinds.py) and a Pagefind
index made at build time from the site's own pages.

Pagefind runs once per site on a copy of its pages cut to what is indexed (index_site); the
index files are read back and staged with the site's other files, in its own pagefind/ folder:
the page loads nothing from anywhere else, and the results are that center's pages only (one
index per site, one per <html lang> inside it). The theme marks <main> `data-pagefind-body` and the crisis strip, header
and footer `data-pagefind-ignore`, so results point at content; the search page and the 404 page
have no body to index.

An index is made again only when a page reads differently to Pagefind: a center whose pages did
not change is not rendered again and keeps its index; a partial rebuild (some pages' Markdown
changed) indexes the whole site again only when one of those pages' indexed part changed; a full
rebuild whose indexed parts are all the same (a theme, header or footer change) keeps the index.
`settings: search: false` switches all of it off."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
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


class PagefindError(Exception):
    """Pagefind did not make an index; the reason in its own words, shortened."""


def index_site(
    slug: str, files: list[RenderedPage], scratch: Path | None = None
) -> tuple[list[RenderedPage], list[Problem]]:
    """The search index of the site whose files are `files`: the files of its pagefind/ folder
    (only those the search page loads), or problems that say in our words what went wrong (the
    build then fails and writes nothing, like any other error).

    Pagefind reads a copy of each page cut to what it indexes — the <html> tag (its language)
    and <main> — in a work folder inside `scratch` (the build's staging folder under output/, so
    a killed build leaves nothing elsewhere; else the system's): it parses every byte it is given,
    and the head, crisis strip, header and footer are two thirds of a page. One Pagefind run per
    site: its long-lived `--service` mode, fed the pages in memory, was measured to cost more
    CPU per site than a run (benchmarks/pagefind_cost.py)."""
    exe = binary()
    if exe is None:
        return [], [Problem(Mark("centers.yaml"), msg.SEARCH_MISSING, msg.SEARCH_MISSING_HINT)]
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".search-", dir=scratch))
    try:
        for path, html in indexed_pages(files):
            dest = work / "site" / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html, "utf-8")
        out = work / FOLDER
        proc = subprocess.run(
            [exe, "--site", str(work / "site"), "--output-path", str(out), "--silent"],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
        if proc.returncode != 0:
            raise PagefindError(_reason(proc))
        bundle = _published(_read_tree(out))
    except (PagefindError, OSError, subprocess.TimeoutExpired, ValueError) as exc:
        return [], [
            Problem(
                Mark("centers.yaml"),
                msg.SEARCH_FAILED.format(reason=str(exc) or type(exc).__name__),
                msg.SEARCH_FAILED_HINT,
                centers=(slug,),
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return bundle, []


class PreviewIndexes:
    """Each site's search index in the dev server: made from a generation's pages when its search
    page first asks for a file of it (a save does not wait for Pagefind), and made again only when
    a page reads differently to Pagefind (`indexed_pages`)."""

    def __init__(self) -> None:
        #: slug -> (generation number, indexed pages' key, the index's files by path)
        self._made: dict[str, tuple[int, str, dict[str, bytes]]] = {}
        self._lock = threading.Lock()

    def file(self, number: int, served: dict[str, Path], slug: str, rel: str) -> bytes | None:
        """`rel` under the site's pagefind/ folder, from generation `number` (its files by path
        "slug/…" in `served`); None when there is no such file or Pagefind failed."""
        with self._lock:
            made = self._made.get(slug)
            if made is None or made[0] != number:
                prefix = f"{slug}/"
                files = [
                    RenderedPage(key[len(prefix) :], path.read_bytes())
                    for key, path in sorted(served.items())
                    if key.startswith(prefix) and key.endswith(".html")
                ]
                pages = indexed_pages(files)
                key = hashlib.sha256(repr(pages).encode("utf-8")).hexdigest()
                if made is None or made[1] != key:
                    bundle, failed = index_site(slug, files)
                    index = {} if failed else {f.path: f.data for f in bundle}
                else:
                    index = made[2]
                made = self._made[slug] = (number, key, index)
        return made[2].get(f"{FOLDER}/{rel}")


def _reason(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [ln.strip() for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
    return lines[-1][:200] if lines else f"exit code {proc.returncode}"


def _read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it; the unused UI files are not read."""
    out = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.name not in _UNUSED and path.is_file():
                out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def indexed_pages(files: list[RenderedPage]) -> list[tuple[str, str]]:
    """(path, what Pagefind reads) for each page with a body to index (`data-pagefind-body` on
    its <main>), in path order: the page's <html> tag and its <main>. Its path is where it is
    published (Pagefind makes each result's address from it)."""
    out = []
    for f in files:
        if f.path.endswith(".html"):
            cut = _cut(f.data)
            if cut is not None:
                out.append((f.path, cut))
    out.sort()
    return out


def _cut(data: bytes) -> str | None:
    text = data.decode("utf-8")
    start = text.find("<main")
    if start < 0 or "data-pagefind-body" not in text[start : text.find(">", start)]:
        return None
    tag = text.find("<html")
    head = text[tag : text.find(">", tag) + 1] if tag >= 0 else "<html>"
    end = text.rfind("</main>") + len("</main>")
    return f"{head}<body>{text[start:end]}</body></html>"


def _published(bundle: dict[str, bytes]) -> list[RenderedPage]:
    """Pagefind's files as the site's files under pagefind/: only what pagefind.js loads — its
    worker, the entry, each language's metadata, index, fragments and WebAssembly (the generic
    one only for a language Pagefind cannot stem) — and the entry with its languages in a fixed
    order (Pagefind writes them in none: the same site, the same bytes)."""
    bundle = {k: v for k, v in bundle.items() if k not in _UNUSED}
    entry_data = bundle.get("pagefind-entry.json")
    if entry_data is None or "pagefind.js" not in bundle:
        raise PagefindError("it wrote no index")
    entry = json.loads(entry_data)
    compact = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    bundle["pagefind-entry.json"] = compact.encode("utf-8")
    if all(lang.get("wasm") for lang in entry.get("languages", {}).values()):
        bundle.pop("wasm.unknown.pagefind", None)
    return [RenderedPage(f"{FOLDER}/{name}", data) for name, data in sorted(bundle.items())]


def add_index(
    slug: str, result: CenterResult, live: Path, partial: bool, scratch: Path
) -> tuple[bool, list[Problem]]:
    """Add the site's index to its files when its indexed pages changed; returns whether the site
    must now be staged whole, and what went wrong.

    A partial rebuild (`result` holds the pages rendered again) keeps the live index when no page
    rendered again reads differently to Pagefind; else the site is completed from the live one and
    indexed again. A full rebuild whose pages all read as the live ones (a theme, header or footer
    change) takes the live index as it is; else it is indexed."""
    if partial:
        if not changed(result, live):
            return False, []
        complete(result, live)
    else:
        bundle = kept(result, live)
        if bundle is not None:
            result.files.extend(bundle)
            return True, []
    bundle, problems = index_site(slug, result.files, scratch)
    result.files.extend(bundle)
    return True, problems


def kept(result: CenterResult, live: Path) -> list[RenderedPage] | None:
    """The live site's index, when it was made by this Pagefind from pages that read exactly as
    the pages in `result`; None when it must be made again."""
    folder = live / FOLDER
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("version") != _version():
        return None
    before = []
    root = str(live)
    for here, dirs, names in os.walk(root):
        rel_dir = here[len(root) + 1 :]
        if rel_dir == "":
            dirs[:] = [d for d in dirs if d != FOLDER]
        for name in names:
            if name.endswith(".html"):
                rel = f"{rel_dir}/{name}" if rel_dir else name
                try:
                    cut = _cut(Path(here, name).read_bytes())
                except (OSError, UnicodeDecodeError):
                    return None
                if cut is not None:
                    before.append((rel, cut))
    if sorted(before) != indexed_pages(result.files):
        return None
    bundle = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            bundle.append(RenderedPage(f"{FOLDER}/{rel}", path.read_bytes()))
    return bundle


_VERSIONS: dict[str, str | None] = {}


def _version() -> str | None:
    """The version of the Pagefind this build runs ("1.5.2"), asked once per process."""
    exe = binary()
    if exe is None:
        return None
    if exe not in _VERSIONS:
        try:
            out = subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=30, check=True
            ).stdout
            _VERSIONS[exe] = out.split()[-1] if out.split() else None
        except (OSError, subprocess.SubprocessError):
            _VERSIONS[exe] = None
    return _VERSIONS[exe]


def changed(result: CenterResult, live: Path) -> bool:
    """In a partial rebuild (`result` holds the pages rendered again): whether any of them reads
    differently to Pagefind than the page it replaces. If none does, the site keeps its index."""
    for f in result.files:
        if not f.path.endswith(".html"):
            continue
        try:
            before = _cut((live / f.path).read_bytes())
        except (OSError, UnicodeDecodeError):
            return True
        if _cut(f.data) != before:
            return True
    return False


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
