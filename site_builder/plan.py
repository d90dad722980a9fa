"""The page plan: for each center, one list of everything its site holds — content pages,
location pages, generated pages, the 404, theme assets, content files, the site files — each
entry with its id, language, layout and the inputs it is made from. One loop renders the plan
(render.py); adding a kind of output is adding a planner here and its renderer there, not a
branch in the loop. A language is a dimension of the plan, not a second build.

`inputs` names what an entry is made from, in the words of the project: a source file
("content/faq.md", "centers.yaml"), a theme template ("layout:service"), "menus" (every page's
front matter: titles and menus show on every page), "settings", "today" and "git" (dates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from . import languages
from .centers import Center, Location
from .content import Page
from .model import SiteModel
from .themes import Asset

#: Kinds of entries; each has one renderer (render.py).
PAGE, LOCATION, GENERATED, NOT_FOUND, FILE, SITE_FILES = (
    "page",
    "location",
    "generated",
    "not-found",
    "file",
    "site-files",
)
#: The pages a site lists (sitemap) and links between: every kind with its own address.
LISTED = frozenset({PAGE, LOCATION, GENERATED})
#: Pages every site gets from the theme, not from Markdown: (page id, layout, title string key).
GENERATED_PAGES = (
    ("credentials", "credentials", "credentials_title"),
    ("language-assistance", "language", "language_title"),
)
#: What every page of a center is made from besides its own source.
_EVERY_PAGE = ("centers.yaml", "menus", "settings", "today")


@dataclass(frozen=True)
class Planned:
    """One output of a center's site and what it is made from."""

    id: str  # the page id ("services/iop", "locations/pasadena", "404") or the file's path
    kind: str
    path: str  # where it is written in the center's folder ("" for the site files: several)
    lang: str
    layout: str = ""
    inputs: tuple[str, ...] = ()
    page: Page | None = None
    location: Location | None = None
    title_key: str = ""  # generated pages: the theme string of their title
    data: bytes = b""  # files: their bytes
    default_lang: str = languages.DEFAULT

    @property
    def key(self) -> str:
        """Unique in the center's plan: the id, after its language when that is not the default
        ("es:faq"). Problems, anchor links and rebuild keys are kept by it."""
        return self.id if self.lang == self.default_lang else f"{self.lang}:{self.id}"


@dataclass(frozen=True)
class Site:
    """What a planner needs to know of one center's site."""

    model: SiteModel
    center: Center
    pages: dict[str, Page]  # the content pages it has, front matter as this center reads it
    assets: dict[str, Asset]
    lang: str
    default_lang: str = languages.DEFAULT

    @property
    def translated(self) -> bool:
        return self.lang != self.default_lang

    @property
    def prefix(self) -> str:
        """The folder of the site's pages in this language: "" or "es/"."""
        return f"{self.lang}/" if self.translated else ""


Planner = Callable[[Site], list[Planned]]


def content_pages(site: Site) -> list[Planned]:
    return [
        Planned(
            p.id,
            PAGE,
            p.output_path,
            site.lang,
            p.layout,
            (p.source, f"layout:{p.layout}", *_EVERY_PAGE),
            page=p,
        )
        for p in site.pages.values()
    ]


def location_pages(site: Site) -> list[Planned]:
    return [
        Planned(
            f"locations/{loc.id}",
            LOCATION,
            f"{site.prefix}locations/{loc.id}/index.html",
            site.lang,
            "location",
            ("layout:location", *_EVERY_PAGE),
            location=loc,
        )
        for loc in site.center.locations
    ]


def generated_pages(site: Site) -> list[Planned]:
    return [
        Planned(
            page_id,
            GENERATED,
            f"{site.prefix}{page_id}/index.html",
            site.lang,
            layout,
            (f"layout:{layout}", *_EVERY_PAGE),
            title_key=title_key,
        )
        for page_id, layout, title_key in GENERATED_PAGES
    ]


def not_found(site: Site) -> list[Planned]:
    path = f"{site.prefix}404.html"
    return [Planned("404", NOT_FOUND, path, site.lang, "404", ("layout:404", *_EVERY_PAGE))]


def theme_assets(site: Site) -> list[Planned]:
    """Once per site, whatever its languages: every language's pages link the same files."""
    if site.translated:
        return []
    return [
        Planned(a.published, FILE, a.published, site.lang, inputs=(a.source,), data=a.data)
        for a in site.assets.values()
    ]


def content_files(site: Site) -> list[Planned]:
    if site.translated:
        return []
    return [
        Planned(rel, FILE, rel, site.lang, inputs=(f"content/{rel}",), data=data)
        for rel, data in site.model.content.files
    ]


def site_files(site: Site) -> list[Planned]:
    """The sitemap (every language, with alternates), robots.txt, _headers and the listings
    export: once per site, made from the whole plan."""
    if site.translated:
        return []
    return [Planned("site-files", SITE_FILES, "", site.lang, inputs=(*_EVERY_PAGE, "git"))]


PLANNERS: tuple[Planner, ...] = (
    content_pages,
    location_pages,
    generated_pages,
    not_found,
    theme_assets,
    content_files,
    site_files,
)


def plan(site: Site) -> list[Planned]:
    """Everything the center's site holds in one language, in the order the planners give it."""
    return [
        replace(entry, default_lang=site.default_lang)
        for planner in PLANNERS
        for entry in planner(site)
    ]


def listed(entries: list[Planned]) -> list[str]:
    """The ids of the pages a site lists (the sitemap)."""
    return [e.id for e in entries if e.kind in LISTED]
