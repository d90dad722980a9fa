"""The one incremental engine, used by `build` and by `serve`: from the inputs that changed to the
planned entries (plan.py) that depend on them, rendered again with their problems kept beside them.

Its state is, per center, a `Pieces`: the key of what every entry of the center depends on (its
*frame*: settings, themes, date, every page's front matter, content files, the center's block),
the key of each content page's own source by its plan key ("faq", "es:faq"), and what each entry
left behind — its problems, its links into other pages' anchors, its title. `build` keeps it in
the manifest (output/.site-builder.json) from one process to the next; `serve` keeps it in memory
beside the generation it serves. Both ask the same question, `stale`, and render the answer with
the same call, `render`: a partial render is the changed entries plus the site files, checked
against the rest of the earlier site, and equals a fresh render byte for byte (tests/test_build.py,
tests/test_engine.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from . import cache, checks
from .centers import Center
from .content import Page
from .model import SiteModel
from .problems import Problem
from .render import GENERATED, SHARED_PARTIALS, Earlier, Renderer
from .rendered import AnchorRef, CenterResult

#: The plan key of a site's sitemap, robots.txt, _headers and listings (plan.site_files): made
#: from the frame and the git dates only, so an edit to a page's body leaves them as they are.
SITE_FILES = "site-files"
_PARTIALS = tuple(f"partials/{name}" for name in SHARED_PARTIALS)  # rendered once per center


@dataclass
class Pieces:
    """What a center's render leaves for the next one to render only the entries that changed."""

    frame: str
    page_keys: dict[str, str]
    page_problems: dict[str, list[Problem]]  # by plan key (or asset path)
    refs: dict[str, list[AnchorRef]]
    titles: list[tuple[str, str, str]]  # (path, title, page id)
    #: each page's links into anchors that are broken, by plan key: kept while neither the page
    #: nor a page it links into renders again
    anchor_problems: dict[str, list[Problem]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "frame": self.frame,
            "page_keys": self.page_keys,
            "page_problems": {
                k: [p.as_dict() for p in ps] for k, ps in sorted(self.page_problems.items()) if ps
            },
            "refs": {k: [list(r) for r in rs] for k, rs in sorted(self.refs.items()) if rs},
            "titles": [list(t) for t in self.titles],
            "anchor_problems": {
                k: [p.as_dict() for p in ps] for k, ps in sorted(self.anchor_problems.items())
            },
        }

    @classmethod
    def from_dict(cls, d: object) -> Pieces | None:
        if not isinstance(d, dict):
            return None
        try:
            return cls(
                str(d["frame"]),
                {str(k): str(v) for k, v in d["page_keys"].items()},
                {k: [Problem.from_dict(p) for p in ps] for k, ps in d["page_problems"].items()},
                {
                    k: [(str(f), int(n), str(t), str(a)) for f, n, t, a in rs]
                    for k, rs in d["refs"].items()
                },
                [(str(a), str(b), str(c)) for a, b, c in d["titles"]],
                {k: [Problem.from_dict(p) for p in ps] for k, ps in d["anchor_problems"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass
class Keys:
    """The keys of one render of the project: its frame (without the theme templates), each
    page's digest (once per page object: centers share their pages) and each layout's key (the
    templates it pulls in, once per theme and layout)."""

    model: SiteModel
    renderer: Renderer
    frame: str
    git: str = ""  # the git dates (the sitemap's lastmod): the site files' own input
    digests: dict[int, str] = field(default_factory=dict)
    centers: dict[int, tuple[str, dict[str, str]]] = field(default_factory=dict)
    layouts: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, model: SiteModel, renderer: Renderer, serving: bool) -> Keys:
        git = hashlib.sha256(repr(sorted(model.git_dates.items())).encode()).hexdigest()
        return cls(model, renderer, cache.frame_key(model, serving, templates=False), git)

    def digest(self, page: Page) -> str:
        d = self.digests.get(id(page))
        if d is None:
            d = self.digests[id(page)] = cache.page_digest(page)
        return d

    def layout(self, theme: str, layout: str) -> str:
        """The templates a page of `layout` is made with: its own, what it extends, includes and
        imports, and the partials every page shows; all of them when one is named by a value."""
        key = self.layouts.get((theme, layout))
        if key is None:
            themes = self.model.themes
            names = [themes.template_name(theme, n) for n in (layout, *_PARTIALS)]
            sources = themes.sources(names)
            if sources is None:
                sources = themes.sources(themes.template_names()) or {}
            h = hashlib.sha256()
            for name, text in sorted(sources.items()):
                h.update(f"{name}\0{text}\0".encode())
            key = self.layouts[(theme, layout)] = h.hexdigest()
        return key

    def center(self, center: Center) -> tuple[str, dict[str, str]]:
        """The center's frame key and the key of each entry made from a template, by plan key
        (every language): content pages (their source and layout), locations, generated pages,
        the 404 and the search page (their layout); and the site files (the git dates)."""
        known = self.centers.get(id(center))
        if known is None:
            frame = cache.center_frame(self.frame, center)
            theme, default = center.theme, self.model.config.language
            pages = self.renderer.source_keys(center)  # keys from the pages as written
            keys = {
                k: cache.page_key(frame, self.digest(p) + self.layout(theme, p.layout))
                for k, p in pages.items()
            }
            for lang in self.renderer.languages_of(center):
                prefix = "" if lang == default else f"{lang}:"
                for page_id, layout in (
                    *((f"locations/{loc.id}", "location") for loc in center.locations),
                    *((pid, lay) for pid, lay, _ in GENERATED),
                    ("404", "404"),
                    ("search", "search"),
                ):
                    keys[prefix + page_id] = cache.page_key(frame, self.layout(theme, layout))
            keys[SITE_FILES] = cache.page_key(frame, self.git)
            known = self.centers[id(center)] = (frame, keys)
        return known

    def stale(self, center: Center, earlier: Pieces | None) -> set[str] | None:
        return stale(earlier, *self.center(center))


def stale(earlier: Pieces | None, frame: str, page_keys: dict[str, str]) -> set[str] | None:
    """The plan keys to render again; None: the whole site (no earlier render, another frame, or
    an entry came or went — every menu and the sitemap change)."""
    if earlier is None or earlier.frame != frame or set(earlier.page_keys) != set(page_keys):
        return None
    return {k for k, v in page_keys.items() if earlier.page_keys[k] != v}


@dataclass
class Step:
    """One center rendered by the engine: the files rendered (all of them, or with `partial` the
    changed entries and the site files), every problem of the center's site (the entries not
    rendered again report theirs from `pieces`), and the pieces for the next render."""

    result: CenterResult
    problems: list[Problem]
    pieces: Pieces
    partial: bool

    @property
    def pages(self) -> int:
        """HTML files rendered (all of the site's when not partial)."""
        return sum(1 for f in self.result.files if f.path.endswith(".html"))


def render(
    keys: Keys,
    center: Center,
    base: str | None,
    earlier: Pieces | None,
    anchors: Callable[[str], set[str]],
) -> Step:
    """Render what changed of the center's site since `earlier` (everything without it), and check
    it. `anchors` reads the ids of a page the earlier render made (by its path in the site)."""
    frame, page_keys = keys.center(center)
    changed = stale(earlier, frame, page_keys)
    if changed is None:
        earlier = None
    result = keys.renderer.render_center(
        center,
        base,
        changed,
        None if earlier is None else Earlier(earlier.refs, anchors, earlier.anchor_problems),
    )
    per_file, titles = checks.page_checks(keys.model, result)
    in_pages = {id(p) for ps in result.page_problems.values() for p in ps}
    page_problems = {k: [*ps, *per_file.get(k, [])] for k, ps in result.page_problems.items()}
    page_problems |= {k: ps for k, ps in per_file.items() if k not in page_problems}
    refs = dict(result.refs)
    if earlier is not None and changed is not None:
        page_problems = {
            **{k: ps for k, ps in earlier.page_problems.items() if k not in changed},
            **page_problems,
        }
        refs = {**{k: r for k, r in earlier.refs.items() if k not in changed}, **refs}
        rendered = {f.path for f in result.files}
        titles = [t for t in earlier.titles if t[0] not in rendered] + titles
    problems = [p for p in result.problems if id(p) not in in_pages]
    problems += [p for _, ps in sorted(page_problems.items()) for p in ps]
    by_language = [(page_id.rpartition(":")[0], title) for _, title, page_id in titles]
    if len(set(by_language)) < len(by_language):  # (no title twice in a language: nothing to say)
        problems += checks.title_checks(keys.model, center.slug, titles)
    pieces = Pieces(frame, page_keys, page_problems, refs, sorted(titles), result.anchor_problems)
    return Step(result, problems, pieces, partial=earlier is not None)
