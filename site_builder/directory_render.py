"""The network directory's pages (directory.py plans them): one loop over its plan, one renderer
per kind, the theme's templates in templates/directory/. Each center's card and its clinics'
JSON-LD are made once and reused on every page that lists the center."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from . import directory as d
from . import images, languages, seo, zipgeo
from . import messages as msg
from . import plan as planning
from .centers import Center
from .model import SiteModel
from .numbers import NUMBERS
from .plan import Planned
from .problems import Mark, Problem, Severity
from .rendered import CenterResult, RenderedPage
from .themes import StringMistake
from .urls import Urls


@dataclass(frozen=True)
class Card:
    """One center as the directory shows it (templates/directory/card.html)."""

    center: Center
    url: str  # its own site
    places: tuple[str, ...]  # "Pasadena, CA"
    services: tuple[tuple[str, str], ...]  # (id, title)
    insurance: tuple[str, ...]
    languages: tuple[str, ...]
    points: tuple[tuple[float, float, str], ...]  # (latitude, longitude, "City, ST")


class DirectoryRenderer:
    def __init__(self, model: SiteModel, base_path: str | None = None) -> None:
        cfg = d.settings(model)
        assert cfg is not None
        self.model, self.cfg = model, cfg
        self.lang = model.config.language
        self.urls = Urls(cfg.base_url, base_path)
        self.t = model.themes.translator(d.THEME, self.lang)
        self.env = model.themes.env
        self.centers = d.published(model)
        self.titles = d.service_titles(model)
        self.groups = {g.id: g for g in d.groups(model, self.centers)}
        self.states = d.states(self.centers)
        self.out = CenterResult(cfg.slug)
        self.cards = {c.slug: self._card(c) for c in self.centers}
        assets = model.themes.assets(d.THEME)
        self.ctx: dict[str, Any] = {
            "t": self.t,
            "lang": self.lang,
            "numbers": NUMBERS,
            "center": None,
            "directory": cfg,
            "fmt": languages.Formats(self.lang, self.t),
            "og_locale": languages.get(self.lang).locale,
            "url": self.urls.page,
            "asset": lambda logical: self.urls.file(assets[logical].published),
            "has_asset": lambda logical: logical in assets,
            "root_file": self.urls.file,
            "alternates": (),
            "switcher": (),
            "groups": list(self.groups.values()),
            "state_names": self.states,
        }
        self.ctx["card_html"] = {c.slug: self._card_html(c) for c in self.centers}
        self._clinics: dict[str, list[str]] = {}
        self._kinds: dict[str, Callable[[Planned], None]] = {
            d.HOME: self._home,
            d.GROUP: self._group,
            d.STATES: self._states,
            d.FIND: self._find,
            planning.NOT_FOUND: self._not_found,
            planning.FILE: lambda e: self.out.files.append(RenderedPage(e.path, e.data)),
            planning.IMAGE: self._image,
            planning.SITE_FILES: self._site_files,
        }

    def render(self) -> CenterResult:
        states = {loc.state for c in self.centers for loc in c.locations}
        self.entries = d.plan(self.model, self.centers, zipgeo.tables(states))
        for entry in self.entries:
            start = len(self.out.problems)
            self._kinds[entry.kind](entry)
            if entry.kind not in (planning.FILE, planning.IMAGE, planning.SITE_FILES):
                self.out.page_problems[entry.key] = self.out.problems[start:]
        self.out.problems += self._unplaced()
        self.out.files.sort(key=lambda f: f.path)
        return self.out

    # --- facts, once per center -------------------------------------------------------------

    def _card(self, c: Center) -> Card:
        ins, t = c.insurance, self.t
        insurance = [*ins.plans]
        insurance += [c.medicaid_name] if ins.medicaid else []
        insurance += [t("medicare")] if ins.medicare else []
        insurance += [t("sliding_scale")] if ins.sliding_scale else []
        insurance += [t("self_pay")] if ins.self_pay else []
        points = []
        for loc in c.locations:
            where = zipgeo.place(loc)
            if where is not None:
                points.append((*where, f"{loc.city}, {loc.state}"))
        return Card(
            c,
            Urls(c.base_url).absolute("index"),
            tuple(dict.fromkeys(f"{loc.city}, {loc.state}" for loc in c.locations)),
            tuple((s, self.titles[s]) for s in c.services if s in self.titles),
            tuple(insurance),
            c.languages,
            tuple(points),
        )

    def _card_html(self, c: Center) -> Markup:
        card = self.cards[c.slug]
        return Markup(self._template("directory/card", {**self.ctx, "card": card}) or "")

    def _clinic_nodes(self, c: Center) -> list[str]:
        """The center's MedicalClinic nodes, with the same @id as on its own location pages."""
        if c.slug not in self._clinics:
            urls = Urls(c.base_url)
            catalog = self.model.content.catalog
            self._clinics[c.slug] = [
                seo.encode(
                    seo.clinic(c, loc, urls, [catalog[s] for s in loc.services if s in catalog])
                )
                for loc in c.locations
            ]
        return self._clinics[c.slug]

    def _item_list(self, slugs: list[str] | tuple[str, ...], whole: bool) -> str:
        """An ItemList of the listed clinics: the nodes themselves on the home page (`whole`),
        on the other pages each by its @id, name and address on its own site."""
        items = []
        for slug in slugs:
            c = self.cards[slug].center
            for node in self._clinic_nodes(c):
                if whole:
                    items.append(node)
                else:
                    full = json.loads(node)
                    items.append(seo.encode({k: full[k] for k in ("@id", "name", "url")}))
        elements = ",".join(
            f'{{"@type":"ListItem","position":{i},"item":{node}}}'
            for i, node in enumerate(items, 1)
        )
        return f'{{"@type":"ItemList","numberOfItems":{len(items)},"itemListElement":[{elements}]}}'

    def _website(self) -> str:
        root = self.urls.site_root()
        node = {
            "@type": "WebSite",
            "@id": root + "#website",
            "url": root,
            "name": self.cfg.name,
            "inLanguage": self.lang,
        }
        return seo.encode(node)

    # --- one renderer per kind -------------------------------------------------------------

    def _page(self, entry: Planned, extra: dict[str, Any], graph: list[str]) -> None:
        ctx = {
            **self.ctx,
            "canonical": self.urls.absolute(entry.id),
            "page_url": self.urls.page(entry.id),
            "structured_data": seo.script([self._website(), *graph]) if graph else "",
            **extra,
        }
        html = self._template(entry.layout, ctx)
        if html is not None:
            self.out.files.append(RenderedPage(entry.path, html.encode("utf-8"), entry.key))

    def _crumbs(self, title: str, page_id: str) -> str:
        trail = [
            (self.t("home"), self.urls.absolute("index")),
            (title, self.urls.absolute(page_id)),
        ]
        return seo.encode(seo.breadcrumbs(trail))

    def _home(self, entry: Planned) -> None:
        slugs = [c.slug for c in self.centers]
        extra = {
            "title": self.cfg.name,
            "description": self.t("directory_description", count=len(slugs)),
            "listed": slugs,
            "services": [g for g in self.groups.values() if g.kind == d.SERVICE],
        }
        self._page(entry, extra, [self._item_list(slugs, True)])

    def _group(self, entry: Planned) -> None:
        g = self.groups[entry.id]
        title = self.t(f"directory_{g.kind}_title", name=g.title)
        extra = {
            "title": title,
            "description": self.t(f"directory_{g.kind}_description", name=g.title),
            "group": g,
            "listed": g.slugs,
        }
        self._page(entry, extra, [self._item_list(g.slugs, False), self._crumbs(title, g.id)])

    def _states(self, entry: Planned) -> None:
        title = self.t("directory_states_title")
        extra = {"title": title, "description": self.t("directory_states_description")}
        self._page(entry, extra, [self._crumbs(title, "states")])

    def _find(self, entry: Planned) -> None:
        title = self.t("directory_find_title")
        places = [
            {"slug": card.center.slug, "points": [list(p) for p in card.points]}
            for card in self.cards.values()
            if card.points
        ]
        extra = {
            "title": title,
            "description": self.t("directory_find_description"),
            "listed": [c.slug for c in self.centers],
            "places": Markup(seo.encode(places)),  # type: ignore[arg-type]
            "zip_base": self.urls.file("zip/"),
        }
        self._page(entry, extra, [self._crumbs(title, "find")])

    def _not_found(self, entry: Planned) -> None:
        ctx = {"title": self.t("not_found_title"), "description": "", "canonical": ""}
        self._page(entry, ctx, [])

    def _image(self, entry: Planned) -> None:
        assert entry.image is not None
        self.out.files.append(RenderedPage(entry.path, images.render(entry.image, self.model.root)))

    def _site_files(self, entry: Planned) -> None:
        pages = [
            seo.SitemapEntry(self.urls.absolute(e.id), None)
            for e in self.entries
            if e.kind in (d.HOME, d.GROUP, d.STATES, d.FIND)
        ]
        sitemap = self.urls.absolute("index") + "sitemap.xml"
        self.out.files += [
            RenderedPage("sitemap.xml", seo.sitemap(pages)),
            RenderedPage("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()),
            RenderedPage("_headers", seo.headers_file(None, self.urls)),
        ]

    def _unplaced(self) -> list[Problem]:
        """A location the directory cannot place (no geo:, a ZIP code it does not know): a note
        at the location, since it is still listed by state."""
        out = []
        for c in self.centers:
            for loc in c.locations:
                if zipgeo.place(loc) is None:
                    out.append(
                        Problem(
                            loc.mark,
                            msg.DIRECTORY_NO_PLACE.format(value=loc.zip),
                            msg.DIRECTORY_NO_PLACE_HINT,
                            Severity.WARNING,
                            centers=(c.slug,),
                        )
                    )
        return out

    def _template(self, layout: str, ctx: dict[str, Any]) -> str | None:
        name = self.model.themes.template_name(d.THEME, layout)
        try:
            return self.env.get_template(name).render(ctx)
        except jinja2.TemplateError as exc:
            error = f"{getattr(exc, 'filename', '') or name}: {exc}"
        except StringMistake as exc:  # a theme text's own mistake, at its line
            self.out.problems.append(Problem(exc.mark, exc.message, exc.hint))
            return None
        except Exception as exc:  # the theme's fault, not the editor's: say where
            error = f"{name}: {exc}"
        self.out.problems.append(
            Problem(Mark("centers.yaml"), msg.THEME_ERROR.format(error=error), msg.THEME_ERROR_HINT)
        )
        return None


def render(model: SiteModel, base_path: str | None = None) -> CenterResult:
    return DirectoryRenderer(model, base_path).render()
