"""Preview as a center: the entry being edited (not saved yet), rendered as one chosen center's
site renders it — the real theme, the center's facts, the same renderer as `serve` — with the
problems it would have shown over it. A page with errors shows the last good page under them."""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from .. import center_load
from ..config import read_settings
from ..content import CENTERS_DIR, parse_page
from ..devsite import DevSite
from ..languages import DEFAULT, known
from ..model import SiteModel, center_facts
from ..preview_app import _overlay
from ..problems import Problem, Problems, merge_duplicates
from ..render import Renderer
from ..schema import Reader
from . import centers_store
from .config import CENTERS_FOLDER

KEEP = 50  # previews kept for their frames (the latest of each open editor, with room)
_NOT_BUILT = "This page is not part of {name}'s site: {why}. Choose another center to see it."


class Previews:
    def __init__(self, site: DevSite) -> None:
        self.site = site
        self.pages: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def page(self, token: str) -> bytes | None:
        with self.lock:
            return self.pages.get(token.strip("/"))

    def make(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """{url of the rendered page, its problems, the centers to choose from, the one shown}."""
        with self.site.lock:
            model, renderer = self.site.model, self.site.renderer
        if model is None or renderer is None:
            return 200, {"url": "/", "problems": [], "centers": [], "center": ""}
        path = str(body.get("path") or "")
        collection = str(body.get("collection") or "")
        data = body.get("data") or {}
        choice = str(body.get("center") or "")
        with self.site.render_lock:
            if collection == "centers" or path.startswith(CENTERS_FOLDER + "/"):
                html, problems, slug = self._center(model, renderer, path, data)
            else:
                html, problems, slug = self._page(model, renderer, path, body, data, choice)
        token = secrets.token_urlsafe(12)
        with self.lock:
            self.pages[token] = html
            while len(self.pages) > KEEP:
                self.pages.popitem(last=False)
        return 200, {
            "url": f"/admin/preview/{token}",
            "problems": [_brief(p) for p in problems],
            "centers": [[c.slug, c.name] for c in model.centers],
            "center": slug,
        }

    # --- a page ----------------------------------------------------------------------------------

    def _page(
        self,
        model: SiteModel,
        renderer: Renderer,
        path: str,
        body: dict[str, Any],
        data: dict[str, Any],
        choice: str,
    ) -> tuple[bytes, list[Problem], str]:
        folder = str(body.get("folder") or "content").strip("/")
        rel = path or f"{folder}/{slugify(str(data.get('title') or 'new-page')) or 'new-page'}.md"
        parts = rel.split("/")[1:]
        lang = DEFAULT
        if len(parts) > 1 and parts[0] in known() and parts[0] != DEFAULT:
            lang, parts = parts[0], parts[1:]
        owner = ""
        if len(parts) > 2 and parts[0] == CENTERS_DIR:
            owner, parts = parts[1], parts[2:]
        problems = Problems(root=model.root)
        page = parse_page(_page_text(data), rel, "/".join(parts), owner, problems, lang)
        center = model.center(owner) or model.center(choice) or _first(model, page)
        if center is None:
            return _message("There is no center to show this page for yet."), problems.items, ""
        if page is None or problems.has_errors():
            return self._last_good(center.slug, rel, problems.items), problems.items, center.slug
        content = _with_page(model, page)
        trial = replace(model, content=content)
        try:
            key = page.id if page.lang == model.config.language else f"{page.lang}:{page.id}"
            result = Renderer(trial, previous=renderer).render_center(
                center, f"/{center.slug}/", {key}  # its plan key (plan.py)
            )
        except Exception as exc:  # never lose the editor's form to a bug here
            return _message(f"The preview could not render this page ({exc})."), [], center.slug
        found = next((f for f in result.files if f.path == page.output_path), None)
        mine = [p for p in [*problems.items, *result.problems] if p.mark.file == rel]
        if found is None:
            why = (
                f"it is built only for centers offering {page.requires}"
                if page.requires and not center.offers(page.requires)
                else f"it is built only where {page.when}"
                if page.when
                else "the center's site has no such page"
            )
            return _message(_NOT_BUILT.format(name=center.name, why=why)), mine, center.slug
        if any(p.is_error for p in mine):
            return self._last_good(center.slug, rel, mine), mine, center.slug
        return _with_overlay(found.data, mine), mine, center.slug

    def _last_good(self, slug: str, rel: str, problems: list[Problem]) -> bytes:
        """The page as last built without errors, with the problems over it."""
        url = _page_url(rel)
        with self.site.lock:
            gen = self.site.generation
        target = gen.files.get(f"{slug}/{url}index.html") if gen else None
        data = target.read_bytes() if target is not None else _message("This page is new.")
        return _with_overlay(data, problems)

    # --- a center --------------------------------------------------------------------------------

    def _center(
        self, model: SiteModel, renderer: Renderer, path: str, data: dict[str, Any]
    ) -> tuple[bytes, list[Problem], str]:
        """The center's home page as its unsaved block would make it."""
        root = model.root
        text = (root / "centers.yaml").read_text(encoding="utf-8")
        try:
            idx = centers_store.index(text)
            slug = path.rsplit("/", 1)[-1].removesuffix(".json") if path else ""
            block = idx.find(slug) if slug else None
            trial_text = centers_store.updated(idx, block, data)
        except (centers_store.CannotEdit, ValueError) as exc:
            return _message(str(exc)), [], ""
        problems = Problems(root=root)
        with tempfile.TemporaryDirectory() as tmp:
            trial = Path(tmp) / "centers.yaml"
            trial.write_text(trial_text, encoding="utf-8")
            cf = center_load.read_file(trial, "centers.yaml", problems)
        if cf is None:
            return _message("centers.yaml cannot be read."), problems.items, ""
        config = read_settings(cf.settings, Reader("centers.yaml", problems))
        facts = center_facts(model.content, model.themes, model.today, config)
        centers = center_load.read_centers(cf, Reader("centers.yaml", problems, facts))
        want = str(data.get("slug") or "") or (
            block.slug if block else slugify(str(data.get("name", "")))
        )
        center = next((c for c in centers if c.slug == want), None)
        lines = _block_lines(trial_text, want)
        mine = [p for p in problems.items if p.mark.file == "centers.yaml" and _within(p, lines)]
        if center is None or any(p.is_error for p in mine):
            return self._last_good(want, "content/index.md", mine), mine, want
        trial_model = replace(model, centers=tuple(centers), config=config)
        result = Renderer(trial_model, previous=renderer).render_center(
            center, f"/{center.slug}/", {"index"}
        )
        home = next((f for f in result.files if f.path == "index.html"), None)
        if home is None:
            return _message("The center's home page could not be made."), mine, want
        return _with_overlay(home.data, mine), mine, want


def _page_text(data: dict[str, Any]) -> str:
    front = {k: v for k, v in data.items() if k != "body" and v not in (None, "", [], {})}
    return (
        "---\n"
        + yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
        + "---\n"
        + str(data.get("body") or "")
    )


def _with_page(model: SiteModel, page: Any) -> Any:
    content = model.content
    if page.lang != DEFAULT:
        others = tuple(p for p in content.translated if p.source != page.source)
        return replace(content, translated=(*others, page))
    if page.center:
        per = dict(content.per_center)
        own = tuple(p for p in per.get(page.center, ()) if p.id != page.id)
        per[page.center] = (*own, page)
        return replace(content, per_center=per)
    shared = tuple(p for p in content.shared if p.id != page.id)
    return replace(content, shared=(*shared, page))


def _first(model: SiteModel, page: Any) -> Any:
    """The first center whose site has the page (one offering its service), else the first."""
    if page is not None and page.requires:
        for c in model.centers:
            if c.offers(page.requires):
                return c
    return model.centers[0] if model.centers else None


def _page_url(rel: str) -> str:
    parts = rel.removesuffix(".md").split("/")[1:]
    if len(parts) > 2 and parts[0] == CENTERS_DIR:
        parts = parts[2:]
    path = "/".join(parts)
    return "" if path == "index" else path + "/"


def _block_lines(text: str, slug: str) -> tuple[int, int] | None:
    try:
        block = centers_store.index(text).find(slug)
    except centers_store.CannotEdit:
        return None
    return (block.start + 1, block.end) if block else None


def _within(p: Problem, lines: tuple[int, int] | None) -> bool:
    return lines is None or lines[0] <= p.mark.line <= lines[1]


def _with_overlay(data: bytes, problems: list[Problem]) -> bytes:
    if not problems:
        return data
    text = data.decode("utf-8")
    at = text.rfind("</body>")
    extra = _overlay(merge_duplicates(problems))
    return (text[:at] + extra + text[at:] if at >= 0 else text + extra).encode("utf-8")


def _message(text: str) -> bytes:
    import html

    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head>'
        '<body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">'
        f"<p>{html.escape(text)}</p></body></html>"
    ).encode()


def _brief(p: Problem) -> dict[str, Any]:
    return {
        "severity": p.severity.value,
        "where": str(p.mark),
        "message": p.message,
        "fix": p.hint,
    }
