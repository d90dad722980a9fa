"""Skipping unchanged work. A center is rebuilt only when one of its inputs changed: its own block,
any page, template, theme file or setting, the date used for date checks, the git dates. The key
of every input is kept in output/.site-builder.json with the problems found, so a skipped center
reports them again and `--strict` never depends on the cache."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .centers import Center
from .content import Page
from .model import SiteModel
from .problems import Problem

if TYPE_CHECKING:
    from .manifest import Entry

SOURCES = ".site-builder-sources.json"
COMPILED = ".site-builder-compiled.json"  # each page's Jinja compile problems (build.py)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def shared_key(model: SiteModel, serving: bool) -> str:
    """Everything every center depends on, hashed once per build."""
    h = hashlib.sha256()
    h.update(
        f"{__version__}|{model.today}|{serving}|{model.config!r}|{sorted(model.git_dates.items())!r}".encode()
    )
    h.update(repr(model.content).encode())
    for folder in (model.root / "themes", model.root / "templates"):
        for f in _files(folder):
            h.update(f.relative_to(model.root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def center_key(shared: str, center: Center) -> str:
    return hashlib.sha256(f"{shared}|{center!r}".encode()).hexdigest()


def frame_key(model: SiteModel, serving: bool, templates: bool = True) -> str:
    """What every page of every center depends on besides its own Markdown: the settings, the
    themes, the date, and every page's front matter (titles and menus show on all pages). A
    page's body is not in it, nor are the git dates (they feed the sitemap only). While a
    center's frame is the same, only entries whose own key changed are rendered again.
    `templates=False`: without the theme templates (the engine keys each entry by the templates
    its layout pulls in instead)."""
    h = hashlib.sha256(f"{__version__}|{model.today}|{serving}|{model.config!r}".encode())
    reads_bodies = False
    for folder in (model.root / "themes", model.root / "templates"):
        for f in _files(folder):
            data = f.read_bytes()
            rel = f.relative_to(model.root)
            if f.suffix == ".html" and _OTHER_BODY.search(data.decode("utf-8", "replace")):
                reads_bodies = True
            if not templates and f.suffix == ".html" and "templates" in rel.parts:
                continue
            h.update(rel.as_posix().encode())
            h.update(data)
    pages = model.content.all_pages
    for page in pages:  # a template that reads other pages' Markdown depends on all of it
        h.update(repr(page if reads_bodies else _front_matter(page)).encode())
    for rel, data in model.content.files:
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


#: A template reading a page's Markdown other than through `body` and `faq`, the rendered page's
#: own (say `site.pages["faq"].body`): then no page can be rebuilt alone.
_OTHER_BODY = re.compile(r"\.(?:body|faq|answer)\b|\[\s*['\"](?:body|faq|answer)['\"]\s*\]")


def center_frame(frame: str, center: Center) -> str:
    return hashlib.sha256(f"{frame}|{center!r}".encode()).hexdigest()


def page_digest(page: Page) -> str:
    return hashlib.sha256(repr(page).encode()).hexdigest()


def page_key(center_frame_key: str, digest: str) -> str:
    """A page's key in one center: the center's frame and the page's own digest."""
    return hashlib.sha256(f"{center_frame_key}|{digest}".encode()).hexdigest()[:32]


def _front_matter(page: Page) -> Page:
    return replace(page, body="", faq=tuple(replace(i, answer="") for i in page.faq))


def reuse(previous: Entry | None, key: str, folder: Path) -> Entry | None:
    """The earlier record of a site whose inputs are those of its folder on disk."""
    if previous is None or not previous.key or previous.key != key or not folder.is_dir():
        return None
    return previous


def per_page(
    memo: dict[str, list[Problem]] | None,
    pages: Iterable[Page],
    key: Callable[[Page], str],
    compute: Callable[[Page], list[Problem]],
) -> list[Problem]:
    """Each page's problems: kept in `memo` under the page's key, else computed. `memo` is left
    holding this run's pages only (a page that changed or went away is dropped from it)."""
    out: list[Problem] = []
    used: dict[str, list[Problem]] = {}
    for page in pages:
        k = key(page)
        found = memo[k] if memo is not None and k in memo else compute(page)
        used[k] = found
        out += found
    if memo is not None:
        memo.clear()
        memo.update(used)
    return out


def source_problems(
    output: Path,
    key: str,
    write: bool,
    compute: Callable[[dict[str, list[Problem]]], list[Problem]],
    name: str = SOURCES,
) -> list[Problem]:
    """The checks that run once per source page or theme. While nothing they read changed (`key`)
    the whole list is reused; otherwise `compute` gets each page's earlier result by its own key,
    so an edit to one page checks that page only. `check` reads this cache but never writes it
    (check changes nothing but the report)."""
    path = output / name
    memo: dict[str, list[Problem]] = {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return [Problem.from_dict(d) for d in data["problems"]]
        memo = {k: [Problem.from_dict(d) for d in ps] for k, ps in data.get("pages", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        memo = {}
    problems = compute(memo)
    if write and path.parent.is_dir():
        tmp = path.with_suffix(".tmp")
        pages = {k: [p.as_dict() for p in ps] for k, ps in memo.items()}
        doc = {"key": key, "problems": [p.as_dict() for p in problems], "pages": pages}
        tmp.write_text(json.dumps(doc, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    return problems
