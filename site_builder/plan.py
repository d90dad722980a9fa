"""The page plan: for each center, one list of everything its site holds — content pages,
location pages, generated pages, the 404, theme assets, content files, the site files — each
entry with its id, language, layout and the inputs it is made from. One loop renders the plan
(render.py); adding a kind of output is adding a planner here and its renderer in render_kinds.py,
not a branch in the loop. A language is a dimension of the plan, not a second build.

`inputs` names what an entry is made from, in the words of the project: a source file
("content/faq.md", "centers.yaml"), a theme template ("layout:service"), "menus" (every page's
front matter: titles and menus show on every page), "settings", "today" and "git" (dates)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from . import images, languages
from .centers import Center, Location
from .content import Page
from .model import SiteModel
from .themes import Asset

#: Kinds of entries; each has one renderer (render_kinds.py).
PAGE, LOCATION, GENERATED, NOT_FOUND, FILE, SITE_FILES = (
    "page",
    "location",
    "generated",
    "not-found",
    "file",
    "site-files",
)
SERVICES_INDEX, TEAM, IMAGE = "services-index", "team", "image"
#: The pages a site lists (sitemap) and links between: every kind with its own address.
LISTED = frozenset({PAGE, LOCATION, GENERATED, SERVICES_INDEX, TEAM})
#: The site's search page (search.py): listed like the pages it lists.
SEARCH = "search"
LISTED = LISTED | {SEARCH}
#: Kinds that are files, not pages: never checked or rebuilt as pages.
FILES = frozenset({FILE, IMAGE})
#: Pages every site gets from the theme, not from Markdown: (page id, layout, title string key).
GENERATED_PAGES = (
    ("credentials", "credentials", "credentials_title"),
    ("language-assistance", "language", "language_title"),
)
#: Pages the theme writes only for a center whose facts call for them (the planners below):
#: the services index (a center with services) and the team page (a center with `staff:`).
OPTIONAL_PAGES = (
    ("services", "services", "services_title"),
    ("team", "team", "team_title"),
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
    image: images.Variant | None = None  # images: what the file is made from, and how
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


def _optional(site: Site, kind: str, page_id: str) -> list[Planned]:
    layout, title_key = next((lay, key) for pid, lay, key in OPTIONAL_PAGES if pid == page_id)
    return [
        Planned(
            page_id,
            kind,
            f"{site.prefix}{page_id}/index.html",
            site.lang,
            layout,
            (f"layout:{layout}", *_EVERY_PAGE),
            title_key=title_key,
        )
    ]


def services_index(site: Site) -> list[Planned]:
    """/services/: every service the center offers, grouped, with its summary (the menu's
    Services). Only for a center with at least one service page."""
    if not any(p.service or p.category for p in site.pages.values()):
        return []
    return _optional(site, SERVICES_INDEX, "services")


def team_page(site: Site) -> list[Planned]:
    """/team/: the center's `staff:`, one card each. Only for a center that names its staff."""
    if not site.center.staff:
        return []
    return _optional(site, TEAM, "team")


def search_page(site: Site) -> list[Planned]:
    """/search/ in each language of the site (search.py); none with `settings: search: false`."""
    if not site.model.config.search:
        return []
    path = f"{site.prefix}search/index.html"
    inputs = ("layout:search", *_EVERY_PAGE)
    return [Planned("search", SEARCH, path, site.lang, "search", inputs, title_key="search_title")]


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


def pictures(site: Site) -> list[Planned]:
    """The center's logo, hero, location and staff photos, each in the sizes and formats its
    use needs (images.py); once per site, whatever its languages."""
    if site.translated:
        return []
    c = site.center
    uses = [(c.logo, "logo"), (c.hero, "hero")]
    uses += [(loc.photo, "photo") for loc in c.locations]
    uses += [(person.photo, "portrait") for person in c.staff]
    out: dict[str, Planned] = {}
    for img, role in uses:
        for v in images.variants(img, role) if img else ():
            out.setdefault(
                v.path, Planned(v.path, IMAGE, v.path, site.lang, inputs=(img.src,), image=v)
            )
    return list(out.values())


def icons(site: Site) -> list[Planned]:
    """favicon.ico and apple-touch-icon.png at the site's root, from the center's logo, else the
    theme's icon.png, else a drawn one: browsers ask for /favicon.ico whatever a page says."""
    if site.translated:
        return []
    chain = [t.path for t in site.model.themes.chains.get(site.center.theme, ())]
    source = site.center.logo or images.theme_icon(chain, site.model.root)
    inputs = (source.src,) if source else ()
    return [
        Planned(v.path, IMAGE, v.path, site.lang, inputs=inputs, image=v)
        for v in images.icon_variants(source)
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
    services_index,
    team_page,
    search_page,
    not_found,
    theme_assets,
    pictures,
    icons,
    content_files,
    site_files,
)


def plan(site: Site) -> list[Planned]:
    """Everything the center's site holds in one language, in the order the planners give it."""
    return [
        entry
        if entry.default_lang == site.default_lang  # (replace() costs more than the planning)
        else replace(entry, default_lang=site.default_lang)
        for planner in PLANNERS
        for entry in planner(site)
    ]


def listed(entries: list[Planned]) -> list[str]:
    """The ids of the pages a site lists (the sitemap)."""
    return [e.id for e in entries if e.kind in LISTED]
