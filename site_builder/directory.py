"""The network directory (`settings: directory:`): one more site, built with the centers into its
own folder output/<slug>/, that helps a person find the right center near them.

Its page plan (plan.Planned entries, like a center's): a home page listing every published center
(drafts never appear) with its cities, services, insurance, languages and phone; a page per
service, per city and per staff language listing exactly the centers that offer it; the centers by
state (where the no-JavaScript form goes); "find the nearest center" by ZIP code, whose script reads
a small ZIP → place table made here from the `zipcodes` package (zipgeo.py) — no request to
another company; the 404 page, the theme's files and the site files. Rendering is
directory_render.py; the build stages the result like a center's (write.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from slugify import slugify

from . import images
from . import messages as msg
from . import plan as planning
from .centers import Center
from .config import Directory, SiteConfig
from .model import SiteModel
from .plan import Planned
from .problems import Mark, Problem, Problems, Severity

#: Kinds of the directory's entries (the file, 404 and site-file kinds are plan.py's).
HOME, GROUP, STATES, FIND = (
    "directory-home",
    "directory-group",
    "directory-states",
    "directory-find",
)
THEME = "default"
#: The groups a listing page is made for, and the folder of their pages.
SERVICE, CITY, LANGUAGE = "services", "cities", "languages"
_INPUTS = ("centers.yaml", "menus", "settings", "today")


@dataclass(frozen=True)
class Group:
    """One listing page: the centers that offer a service, have a place in a city, or whose
    staff speak a language."""

    id: str  # "services/iop", "cities/pasadena-ca", "languages/spanish"
    kind: str  # SERVICE, CITY or LANGUAGE
    title: str  # "Intensive outpatient program (IOP)", "Pasadena, CA", "Spanish"
    slugs: tuple[str, ...]  # the centers listed, in the directory's order


def settings(model: SiteModel) -> Directory | None:
    return model.config.directory


def published(model: SiteModel) -> list[Center]:
    """Every center the directory lists: none that is a draft; by name."""
    return sorted((c for c in model.centers if not c.draft), key=lambda c: (c.name.lower(), c.slug))


def service_titles(model: SiteModel) -> dict[str, str]:
    """Service id → its page's title, from the catalog (content/services/<id>.md)."""
    return {sid: page.title for sid, page in model.content.catalog.items()}


def groups(model: SiteModel, centers: list[Center]) -> list[Group]:
    titles = service_titles(model)
    by: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def add(kind: str, key: str, title: str, slug: str) -> None:
        listed = by.setdefault((kind, key), (title, []))[1]
        if slug not in listed:
            listed.append(slug)

    for c in centers:
        for sid in c.services:
            if sid in titles:
                add(SERVICE, sid, titles[sid], c.slug)
        for loc in c.locations:
            add(CITY, slugify(f"{loc.city} {loc.state}"), f"{loc.city}, {loc.state}", c.slug)
        for language in c.languages:
            add(LANGUAGE, slugify(language), language, c.slug)
    out = [
        Group(f"{kind}/{key}", kind, title, tuple(slugs))
        for (kind, key), (title, slugs) in by.items()
        if key
    ]
    order = {SERVICE: 0, CITY: 1, LANGUAGE: 2}
    return sorted(out, key=lambda g: (order[g.kind], g.title.lower(), g.id))


def states(centers: list[Center]) -> dict[str, list[str]]:
    """State → the centers with a place there, states in alphabetical order."""
    out: dict[str, list[str]] = {}
    for c in centers:
        for state in sorted({loc.state for loc in c.locations}):
            out.setdefault(state, []).append(c.slug)
    return dict(sorted(out.items()))


def plan(model: SiteModel, centers: list[Center], zip_files: dict[str, bytes]) -> list[Planned]:
    """Everything the directory holds, in the order it is rendered."""
    lang = model.config.language
    pages = [
        Planned("index", HOME, "index.html", lang, "directory/home", _INPUTS),
        *(
            Planned(g.id, GROUP, f"{g.id}/index.html", lang, "directory/group", _INPUTS)
            for g in groups(model, centers)
        ),
        Planned("states", STATES, "states/index.html", lang, "directory/states", _INPUTS),
        Planned("find", FIND, "find/index.html", lang, "directory/find", _INPUTS),
        Planned("404", planning.NOT_FOUND, "404.html", lang, "directory/404", _INPUTS),
    ]
    assets = model.themes.assets(THEME)
    files = [
        Planned(a.published, planning.FILE, a.published, lang, inputs=(a.source,), data=a.data)
        for a in assets.values()
    ]
    files += [
        Planned(path, planning.FILE, path, lang, inputs=("zipcodes",), data=data)
        for path, data in zip_files.items()
    ]
    chain = [t.path for t in model.themes.chains.get(THEME, ())]
    icon = images.theme_icon(chain, model.root)  # browsers ask for /favicon.ico on every site
    files += [
        Planned(v.path, planning.IMAGE, v.path, lang, inputs=(icon.src,) if icon else (), image=v)
        for v in images.icon_variants(icon)
    ]
    site = Planned("site-files", planning.SITE_FILES, "", lang, inputs=_INPUTS)
    return [*pages, *files, site]


def check_slugs(config: SiteConfig, centers: list[Center], problems: Problems) -> None:
    """The directory's slug is reserved: a center with it is an error at the center's slug."""
    cfg = config.directory
    if cfg is None:
        return
    for c in centers:
        if c.slug == cfg.slug:
            problems.add(
                c.slug_mark or c.mark,
                msg.DIRECTORY_SLUG_TAKEN.format(value=c.slug),
                msg.DIRECTORY_SLUG_TAKEN_HINT,
            )


def key(model: SiteModel, frame: str) -> str:
    """What the directory is made from: the settings, themes, date and every page's front matter
    (`frame`, cache.frame_key) and every published center. Page bodies are not in it."""
    h = hashlib.sha256(f"{frame}|{model.config.directory!r}".encode())
    for c in published(model):
        h.update(repr(c).encode())
    return h.hexdigest()


def no_centers(model: SiteModel) -> list[Problem]:
    if published(model):
        return []
    return [
        Problem(
            Mark("centers.yaml"),
            msg.DIRECTORY_NO_CENTERS,
            msg.DIRECTORY_NO_CENTERS_HINT,
            Severity.WARNING,
        )
    ]
