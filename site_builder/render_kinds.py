"""One renderer per kind of plan entry (plan.py): a content page, a location, a generated page,
the search page, the 404, a file, an image, the site files. Kept apart from the loop that walks the
plan (render.py) so that adding a kind of output is adding a planner in plan.py and a method here;
the `Renderer` inherits these and dispatches to them by kind (`Renderer._kinds`)."""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import images, languages, search, seo, sitefiles, taglines
from . import plan as planning
from .centers import Center
from .content import Page
from .plan import Planned
from .render_checks import front_claims
from .rendered import CenterResult, RenderedPage
from .siteview import SiteView
from .urls import Urls

if TYPE_CHECKING:
    from .bodies import Bodies
    from .claims import Vocabulary
    from .frontmatter import FrontMatter
    from .model import SiteModel
    from .problems import Problem

_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class CenterPass:
    """One center's rendering in one language: what every entry of its plan shares."""

    center: Center
    urls: Urls
    site: SiteView
    pages: dict[str, Page]
    entries: list[Planned]
    t: Callable[..., str]
    ctx: dict[str, Any]  # the template context every page starts from
    common: list[dict | str]  # JSON-LD nodes on every page, encoded once
    home: tuple[str, str]
    out: CenterResult
    lang: str
    html_of: dict[str, str] = field(default_factory=dict)  # page id → HTML, for anchor checks
    #: the same page in each language of the site: page id → ((code, absolute URL, URL), …)
    twins: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)


class PageKinds:
    """The renderers of each kind of entry, for `Renderer` (render.py), which gives them the
    attributes below."""

    model: SiteModel
    bodies: Bodies
    front: FrontMatter
    claims: dict[str, Vocabulary]  # by language
    #: by language: the center's pages with their front matter rendered, and what went wrong there
    _front_of: dict[str, tuple[Center, dict[str, Page], dict[str, list[Problem]]]]
    _sites: list[CenterPass]  # while a center renders: its site in each language
    _template: Callable[[Center, str, dict[str, Any], str, CenterResult], str | None]

    def _page(self, entry: Planned, c: CenterPass) -> None:
        page = entry.page
        assert page is not None
        center, urls, out = c.center, c.urls, c.out
        out.problems += self._front_of[c.lang][2].get(page.id, [])
        out.problems += front_claims(self.front, self.claims, page, center, self.model)
        html, faq, refs = self.bodies.page_body(page, center, c.site, out, c.ctx["center"])
        trail = [c.home, *self._section(page, c.t, urls), (page.title, urls.absolute(page.id))]
        faq_text = [(q, seo.visible_text(str(a))) for q, a, _ in faq]
        graph = [*c.common, seo.web_page(page, urls, center, faq_text)]
        if page.id != "index":
            graph.append(seo.breadcrumbs(trail))
        ctx = {
            **c.ctx,
            "page": page,
            "body": Markup(html),
            "faq": faq,
            "description": page.description or _first_paragraph(html),
            "canonical": urls.absolute(page.id),
            "page_url": urls.page(page.id),
            "structured_data": seo.script(graph),
            **self._language_links(entry, c),
        }
        data = self._template(center, page.layout, ctx, page.source, out)
        if data is not None:
            c.html_of[page.id] = data
            out.files.append(RenderedPage(entry.path, data.encode("utf-8"), entry.key))
        out.refs[entry.key] = refs

    def _location(self, entry: Planned, c: CenterPass) -> None:
        loc = entry.location
        assert loc is not None
        center, urls, t = c.center, c.urls, c.t
        heading = loc.name or t("location_title", city=loc.city, state=loc.state)
        services = [p for sid in loc.services if (p := c.site.service_page(sid))]
        contact = c.pages.get("contact")
        crumbs = [c.home, *([(contact.title, urls.absolute("contact"))] if contact else [])]
        graph = [
            *c.common,
            seo.clinic(center, loc, urls, services),
            seo.breadcrumbs([*crumbs, (heading, urls.absolute(entry.id))]),
        ]
        extra = {
            "description": t("location_description", name=center.name, city=loc.city_state),
            "location": loc,
            "location_heading": heading,
            "location_services": services,
            "structured_data": seo.script(graph),
        }
        self._theme_page(entry, {**c.ctx, **extra}, c)

    def _generated_page(self, entry: Planned, c: CenterPass) -> None:
        title = c.t(entry.title_key)
        graph = [*c.common, seo.breadcrumbs([c.home, (title, c.urls.absolute(entry.id))])]
        extra = {
            "generated_title": title,
            "description": c.t(f"{entry.title_key}_description", name=c.center.name),
            "structured_data": seo.script(graph),
            **self._generated_facts(entry.layout, c.center),
        }
        self._theme_page(entry, {**c.ctx, **extra}, c)

    def _services_index(self, entry: Planned, c: CenterPass) -> None:
        """/services/: the center's services, grouped (the template reads `site.services`)."""
        self._generated_page(entry, c)

    def _team(self, entry: Planned, c: CenterPass) -> None:
        """/team/: a card for each person of the center's `staff:`."""
        self._generated_page(entry, c)

    def _search_page(self, entry: Planned, c: CenterPass) -> None:
        """/search/: a search box that reads the site's own Pagefind index (with JavaScript), and
        every page of the site by section (without it)."""
        title = c.t(entry.title_key)
        graph = [*c.common, seo.breadcrumbs([c.home, (title, c.urls.absolute(entry.id))])]
        extra = {
            "generated_title": title,
            "description": c.t("search_description", name=c.center.name),
            "structured_data": seo.script(graph),
            "search_sections": search.sections(c.entries, c.t, c.urls),
            "search_bundle": c.urls.file(f"{search.FOLDER}/pagefind.js"),
        }
        self._theme_page(entry, {**c.ctx, **extra}, c)

    def _not_found(self, entry: Planned, c: CenterPass) -> None:
        self._theme_page(entry, {**c.ctx, "description": "", "structured_data": ""}, c, False)

    def _file(self, entry: Planned, c: CenterPass) -> None:
        c.out.files.append(RenderedPage(entry.path, entry.data))

    def _image(self, entry: Planned, c: CenterPass) -> None:
        """A picture or an icon, made from its source by Pillow (images.py)."""
        assert entry.image is not None
        c.out.files.append(RenderedPage(entry.path, images.render(entry.image, self.model.root)))

    def _site_files(self, entry: Planned, c: CenterPass) -> None:
        """One sitemap for every language, each page with its twins (hreflang alternates)."""
        pages = []
        for site in self._sites or [c]:
            for e in site.entries:
                if e.kind in planning.LISTED:
                    twins = tuple((lang, url) for lang, url, _ in site.twins.get(e.id, ()))
                    pages.append((site.urls.absolute(e.id), e.page, twins))
        c.out.files += sitefiles.files(c.center, c.urls, c.pages, self.model, pages)

    def _language_links(self, entry: Planned, c: CenterPass) -> dict[str, Any]:
        """The page in the site's other languages: hreflang links (with x-default, the default
        language) and the switcher's links; nothing for a site in one language."""
        twins = c.twins.get(entry.id, ())
        if len(twins) < 2:
            return {"alternates": (), "switcher": ()}
        default = self.model.config.language
        alternates = [(lang, url) for lang, url, _ in twins]
        alternates += [("x-default", url) for lang, url, _ in twins if lang == default]
        switcher = [
            (lang, languages.get(lang).native, href) for lang, _, href in twins if lang != c.lang
        ]
        return {"alternates": tuple(alternates), "switcher": tuple(switcher)}

    def _theme_page(
        self, entry: Planned, ctx: dict[str, Any], c: CenterPass, canonical: bool = True
    ) -> None:
        """A page made by a theme template alone (locations, generated pages, the 404)."""
        ctx = {
            **ctx,
            "canonical": c.urls.absolute(entry.id) if canonical else "",
            "page_url": c.urls.page(entry.id),
            **self._language_links(entry, c),
        }
        data = self._template(c.center, entry.layout, ctx, c.center.mark.file, c.out)
        if data is not None:
            c.out.files.append(RenderedPage(entry.path, data.encode("utf-8"), entry.key))

    @staticmethod
    def _section(page: Page, t: Any, urls: Urls) -> list[tuple[str, str]]:
        if page.service:
            return [(t("services_title"), urls.absolute("services"))]
        return []

    def _generated_facts(self, layout: str, center: Center) -> dict[str, Any]:
        if layout == "language":
            return {"taglines": taglines.for_center(center)}
        return {}


def _first_paragraph(html: str) -> str:
    m = _FIRST_P.search(html)
    if not m:
        return ""
    text = " ".join(_TAGS.sub("", m.group(1)).split())
    text = _html.unescape(text)
    if len(text) <= 160:
        return text
    cut = text[:157].rsplit(" ", 1)[0]
    return cut + "…"
