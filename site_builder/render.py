"""(Page × Center) → RenderedPage: one loop over the center's page plan (plan.py), one renderer
per kind of entry. Page bodies are converted once for all centers (bodies.py); the theme
templates are compiled once per build and reused for every center."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import claims, images, languages, search, seo, sitefiles, taglines
from . import messages as msg
from . import plan as planning
from .bodies import Bodies, anchor, problem
from .centers import Center
from .claims import Vocabulary
from .content import Page
from .frontmatter import DYNAMIC, FrontMatter
from .model import SiteModel
from .numbers import NUMBERS
from .plan import Planned
from .problems import Mark, Problem, Severity
from .rendered import AnchorRef, CenterResult, RenderedPage
from .siteview import SiteView
from .themes import StringMistake
from .urls import Urls

#: Partials that do not depend on the page, rendered once per center (see base.html).
SHARED_PARTIALS = ("crisis", "footer", "cta")
#: (the dev server's name for them: page id, layout, title key of every theme-only page)
GENERATED = (*planning.GENERATED_PAGES, *planning.OPTIONAL_PAGES)
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Earlier:
    """What a partial rebuild knows of the pages it does not render: their links into anchors,
    and a way to read the anchors their built HTML holds."""

    refs: dict[str, list[AnchorRef]]
    anchors: Callable[[str], set[str]]  # output path → the ids in that built page


@dataclass
class _Center:
    """One center's rendering: what every entry of its plan shares."""

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


class Renderer:
    """Holds what is computed once per build: the compiled bodies and front matter, the claims
    vocabulary, and (kept across dev-server rebuilds) each center's shared partials."""

    def __init__(self, model: SiteModel, previous: Renderer | None = None) -> None:
        """With `previous` (the dev server), unchanged pages keep their compiled Jinja and their
        converted Markdown, so a save costs only what it changed."""
        self.model = model
        self.env = model.themes.env
        same_themes = previous is not None and previous.env is self.env
        self.front = FrontMatter(list(model.content.all_pages), previous.front if previous else None)
        default = model.config.language
        #: languages with a home page in content/<code>/: the others cannot have a site
        self.translated = sorted(
            {p.lang for p in model.content.translated if p.id == "index" and not p.center}
        )
        self.claims = {
            lang: Vocabulary.of(
                (
                    (p.service or p.id.removeprefix("services/"), p.title, p.acronym, p.terms)
                    for p in model.content.pages_for("", lang)
                    if p.id.startswith("services/")
                ),
                lang,
            )
            for lang in (default, *self.translated)
        }
        self.bodies = Bodies(
            model, self.claims, previous.bodies if previous and same_themes else None
        )
        self._parts: dict[tuple, dict[str, Markup]] = (
            previous._parts if previous and same_themes else {}
        )
        #: each center's pages as written, by (center, language): asked for by the engine's keys,
        #: the plan and the checks
        self._sources: dict[tuple[int, str], tuple[Center, dict[str, Page]]] = {}
        #: each center's pages with their front matter rendered, by (center, language, page),
        #: kept across dev-server rebuilds for the pages and centers that are the same objects
        current = {id(c) for c in model.centers}
        self._fronts: dict[tuple[int, str, str, str], tuple[Center, Page, Page, list[Problem]]] = (
            {k: v for k, v in previous._fronts.items() if k[0] in current}
            if previous and same_themes
            else {}
        )
        #: the last center's pages with their front matter rendered, and what went wrong there
        self._front_of: dict[str, tuple[Center, dict[str, Page], dict[str, list[Problem]]]] = {}
        self._sites: list[_Center] = []  # while a center renders: its site in each language
        self._kinds: dict[str, Callable[[Planned, _Center], None]] = {
            planning.PAGE: self._page,
            planning.LOCATION: self._location,
            planning.GENERATED: self._generated_page,
            planning.SERVICES_INDEX: self._services_index,
            planning.TEAM: self._team,
            planning.NOT_FOUND: self._not_found,
            planning.FILE: self._file,
            planning.IMAGE: self._image,
            planning.SITE_FILES: self._site_files,
            planning.SEARCH: self._search_page,
        }

    def compile_problems(self, pages: list[Page]) -> list[Problem]:
        """The pages' Jinja that cannot be compiled (front matter, body, FAQ answers): each page
        is compiled when first checked or rendered, so the build checks the pages it has not
        checked before and the rendering compiles only what it renders."""
        return [
            p
            for page in pages
            for p in (
                *self.bodies.check(page),
                *(problem(i.mark, i.message, i.hint, self.model) for i in self.front.issues(page)),
            )
        ]

    @property
    def share(self) -> Path | None:
        """A folder where worker processes share converted skeletons (set by the build)."""
        return self.bodies.share

    @share.setter
    def share(self, folder: Path | None) -> None:
        self.bodies.share = folder

    def languages_of(self, center: Center) -> tuple[str, ...]:
        """The languages of the center's site: the default, then each its facts call for that the
        project has pages in (languages.py)."""
        default = self.model.config.language
        return tuple(
            lang
            for lang in languages.of_center(center, default)
            if lang == default or lang in self.translated
        )

    def source_pages_of(self, center: Center, lang: str = "") -> dict[str, Page]:
        """The content pages the center's site has, as written: a service page only where it is
        offered; in another language, the translated twins of those pages."""
        known = self._sources.get((id(center), lang))
        if known is not None and known[0] is center:
            return dict(known[1])
        ctx = {"center": center, "numbers": NUMBERS}
        own = {
            p.id: p
            for p in self.model.content.pages_for(center.slug)
            if (not p.requires or center.offers(p.requires)) and self.front.applies(p, ctx)
        }
        if lang and lang != self.model.config.language:
            own = {p.id: p for p in self.model.content.pages_for(center.slug, lang) if p.id in own}
        self._sources[(id(center), lang)] = (center, own)
        return dict(own)

    def source_keys(self, center: Center) -> dict[str, Page]:
        """Every content page of the center's site in every language, by its plan key."""
        out = {}
        for lang in self.languages_of(center):
            for page_id, page in self.source_pages_of(center, lang).items():
                key = page_id if lang == self.model.config.language else f"{lang}:{page_id}"
                out[key] = page
        return out

    def untranslated(self, center: Center, lang: str) -> list[Page]:
        """The center's pages with no twin in `lang` (not published in it; reported)."""
        there = self.source_pages_of(center, lang)
        return [p for pid, p in self.source_pages_of(center).items() if pid not in there]

    def pages_of(self, center: Center, lang: str = "") -> dict[str, Page]:
        """The center's pages with their front matter as this center reads it (frontmatter.py)."""
        lang = lang or self.model.config.language
        memo = self._front_of.get(lang)
        if memo is not None and memo[0] is center:
            return memo[1]
        pages = self.source_pages_of(center, lang)
        issues: dict[str, list[Problem]] = {}
        t = self.model.themes.translator(center.theme, lang)
        ctx = {"center": languages.reader(center, lang, t), "numbers": NUMBERS}
        for page_id, page in pages.items():
            if self.front.dynamic(page):
                key = (id(center), lang, page.source, page_id)
                kept = self._fronts.get(key)  # the same center and page object: the same result
                if kept is not None and kept[0] is center and kept[1] is page:
                    pages[page_id], found = kept[2], kept[3]
                else:
                    pages[page_id], raw = self.front.for_center(page, ctx)
                    found = [problem(i.mark, i.message, i.hint, self.model, center.slug) for i in raw]
                    self._fronts[key] = (center, page, pages[page_id], found)
                if found:
                    issues[page_id] = found
        self._front_of[lang] = (center, pages, issues)
        return pages

    def plan(self, center: Center, lang: str = "") -> list[Planned]:
        """The center's page plan in one language (plan.py)."""
        site = planning.Site(
            self.model,
            center,
            self.pages_of(center, lang),
            self.model.themes.assets(center.theme),
            lang or self.model.config.language,
            self.model.config.language,
        )
        return planning.plan(site)

    def render_center(
        self,
        center: Center,
        base_path: str | None = None,
        only: set[str] | None = None,
        earlier: Earlier | None = None,
    ) -> CenterResult:
        """Every file of the center's site; with `only`, just the entries with those plan keys
        ("faq", "es:faq", "site-files": the sitemap, listings and the like) — the engine's
        partial render (engine.py). With `earlier`, links from the pages not rendered are checked
        against the anchors of those that are, and the other way round."""
        out = CenterResult(center.slug)
        try:
            sites = [
                self._begin(center, base_path, lang, out) for lang in self.languages_of(center)
            ]
        except StringMistake as exc:  # one problem at the text's line, for every page alike
            out.problems.append(problem(exc.mark, exc.message, exc.hint, self.model, center.slug))
            return out
        except KeyError as exc:  # a theme text missing from its strings file (the theme's fault)
            out.problems.append(
                problem(
                    Mark(f"themes/{center.theme}/strings/"),
                    msg.THEME_ERROR.format(error=exc.args[0] if exc.args else exc),
                    msg.THEME_ERROR_HINT,
                    self.model,
                    center.slug,
                )
            )
            return out
        twins: dict[str, list[tuple[str, str, str]]] = {}
        for c in sites:
            for e in c.entries:
                if e.kind in planning.LISTED:  # (a 404 has no address of its own to switch to)
                    twins.setdefault(e.id, []).append(
                        (c.lang, c.urls.absolute(e.id), c.urls.page(e.id))
                    )
        for c in sites:
            c.twins = {k: tuple(v) for k, v in twins.items()} if len(sites) > 1 else {}
        self._sites = sites

        def wanted(entry: Planned) -> bool:
            if only is None:
                return True
            if entry.kind in planning.FILES:
                return False
            return entry.key in only  # a plan key: "faq", "es:faq"

        for c in sites:
            for entry in c.entries:
                if wanted(entry):
                    start = len(out.problems)
                    self._kinds[entry.kind](entry, c)
                    if entry.kind not in planning.FILES and entry.kind != planning.SITE_FILES:
                        out.page_problems[entry.key] = out.problems[start:]
        for c in sites:
            self._check_anchors(c, earlier)
            if c.lang != self.model.config.language:
                out.problems += self._untranslated(center, c.lang)
        pages = {
            (p.id if c.lang == sites[0].lang else f"{c.lang}:{p.id}"): p
            for c in sites
            for p in c.pages.values()
        }
        _check_duplicate_paths(out, self.model, pages)
        out.files.sort(key=lambda f: f.path)
        self._sites = []
        return out

    def _begin(
        self, center: Center, base_path: str | None, lang: str, out: CenterResult
    ) -> _Center:
        """What every entry of the center's plan in one language shares, made once."""
        default = self.model.config.language
        pages = self.pages_of(center, lang)
        prefix = "" if lang == default else lang
        paths = {pid: p.url.removeprefix(f"{lang}/") for pid, p in pages.items() if p.slug}
        urls = Urls(center.base_url, base_path, prefix, paths)
        fallback = {}
        if lang != default:  # a link to a page not translated goes to the default language's
            home_urls = Urls(center.base_url, base_path)
            fallback = {
                pid: home_urls.page(pid) for pid in self.pages_of(center) if pid not in pages
            }
        theme = self.model.themes
        assets = theme.assets(center.theme)
        t = theme.translator(center.theme, lang)
        site = SiteView(center, pages, urls, fallback, t)
        entries = self.plan(center, lang)
        planned = {e.id for e in entries if e.kind in planning.LISTED}
        ctx: dict[str, Any] = {
            "center": languages.reader(center, lang, t),
            "numbers": NUMBERS,
            "site": site,
            "t": t,
            "url": urls.page,
            "asset": lambda logical: urls.file(assets[logical].published),
            "has_asset": lambda logical: logical in assets,
            "has_page": planned.__contains__,  # a page the theme writes only for some centers
            "root_file": urls.file,  # a file at the site's root: favicon.ico
            "image": lambda img, role, **kw: images.picture(img, role, urls.file, **kw),
            "lang": lang,
            "fmt": languages.Formats(lang, t),
            "og_locale": languages.get(lang).locale,
            "page_anchor": anchor,
            "dhcs": [
                c for c in center.credentials if c.issuer.upper() == "DHCS" and center.state == "CA"
            ],
            "page": None,
            "body": Markup(""),
            "faq": [],
            "location": None,
            "alternates": (),
            "switcher": (),
        }
        # The crisis strip and the footer are the same on every page of a center: render them once.
        # (kept across dev-server rebuilds while the center and the menu pages are the same)
        parts_key = (
            center,
            lang,
            urls.base_path,
            tuple((n.label, n.url) for n in site.nav + site.footer_pages),
        )
        parts = self._parts.get(parts_key)
        if parts is None:
            parts = {name: self._partial(center, name, ctx, out) for name in SHARED_PARTIALS}
            if not out.problems:
                self._parts[parts_key] = parts
        ctx["shared_parts"] = parts
        root = Urls(center.base_url, base_path)  # the organization and the site: one each
        common: list[dict | str] = [
            seo.encode(seo.website(center, root, self.languages_of(center))),
            seo.encode(seo.organization(center, root)),
        ]
        home = (t("home"), urls.absolute("index"))
        return _Center(center, urls, site, pages, entries, t, ctx, common, home, out, lang)

    # --- one renderer per kind of entry ----------------------------------------------------------

    def _page(self, entry: Planned, c: _Center) -> None:
        page = entry.page
        assert page is not None
        center, urls, out = c.center, c.urls, c.out
        out.problems += self._front_of[c.lang][2].get(page.id, [])
        out.problems += self._front_claims(page, center)
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

    def _location(self, entry: Planned, c: _Center) -> None:
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

    def _generated_page(self, entry: Planned, c: _Center) -> None:
        title = c.t(entry.title_key)
        graph = [*c.common, seo.breadcrumbs([c.home, (title, c.urls.absolute(entry.id))])]
        extra = {
            "generated_title": title,
            "description": c.t(f"{entry.title_key}_description", name=c.center.name),
            "structured_data": seo.script(graph),
            **self._generated_facts(entry.layout, c.center),
        }
        self._theme_page(entry, {**c.ctx, **extra}, c)

    def _services_index(self, entry: Planned, c: _Center) -> None:
        """/services/: the center's services, grouped (the template reads `site.services`)."""
        self._generated_page(entry, c)

    def _team(self, entry: Planned, c: _Center) -> None:
        """/team/: a card for each person of the center's `staff:`."""
        self._generated_page(entry, c)

    def _search_page(self, entry: Planned, c: _Center) -> None:
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

    def _not_found(self, entry: Planned, c: _Center) -> None:
        self._theme_page(entry, {**c.ctx, "description": "", "structured_data": ""}, c, False)

    def _file(self, entry: Planned, c: _Center) -> None:
        c.out.files.append(RenderedPage(entry.path, entry.data))

    def _image(self, entry: Planned, c: _Center) -> None:
        """A picture or an icon, made from its source by Pillow (images.py)."""
        assert entry.image is not None
        c.out.files.append(RenderedPage(entry.path, images.render(entry.image, self.model.root)))

    def _site_files(self, entry: Planned, c: _Center) -> None:
        """One sitemap for every language, each page with its twins (hreflang alternates)."""
        pages = []
        for site in self._sites or [c]:
            for e in site.entries:
                if e.kind in planning.LISTED:
                    twins = tuple((lang, url) for lang, url, _ in site.twins.get(e.id, ()))
                    pages.append((site.urls.absolute(e.id), e.page, twins))
        c.out.files += sitefiles.files(c.center, c.urls, c.pages, self.model, pages)

    def _untranslated(self, center: Center, lang: str) -> list[Problem]:
        """Each page of the center with no twin in `lang`: not published in it, and reported
        (a note; `settings: untranslated:` can make it a warning or an error)."""
        severity = Severity(self.model.config.untranslated)
        name = languages.get(lang).name
        return [
            problem(
                Mark(page.source, 1),
                msg.UNTRANSLATED.format(language=name),
                msg.UNTRANSLATED_HINT.format(
                    path=f"content/{lang}/{page.source.removeprefix('content/')}"
                ),
                self.model,
                center.slug,
                severity,
            )
            for page in self.untranslated(center, lang)
        ]

    def _language_links(self, entry: Planned, c: _Center) -> dict[str, Any]:
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
        self, entry: Planned, ctx: dict[str, Any], c: _Center, canonical: bool = True
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

    # --- checks across the pages of a center --------------------------------------------------

    def _check_anchors(self, c: _Center, earlier: Earlier | None) -> None:
        """Links into another page's #anchor: checked once every page of the center is made (in a
        partial rebuild, against the anchors the earlier build wrote)."""

        def mine(key: str) -> bool:  # keys of other languages start with their code
            lang, _, rest = key.partition(":")
            return (lang == c.lang) if rest else c.lang == self.model.config.language

        refs = [r for key, page_refs in c.out.refs.items() if mine(key) for r in page_refs]
        if earlier is not None:
            refs += [
                r
                for key, rs in earlier.refs.items()
                if key not in c.out.refs and mine(key)
                for r in rs
            ]
        anchors: dict[str, set[str]] = {}
        for file, line, target, name in refs:
            if target not in anchors:
                if target in c.html_of:
                    anchors[target] = anchors_in(c.html_of[target])
                elif earlier is not None and target in c.pages:
                    anchors[target] = earlier.anchors(c.pages[target].output_path)
            if target in anchors and name not in anchors[target]:
                c.out.problems.append(
                    problem(
                        Mark(file, line),
                        msg.BROKEN_ANCHOR.format(anchor=name),
                        msg.BROKEN_ANCHOR_HINT,
                        self.model,
                        c.center.slug,
                    )
                )

    def _front_claims(self, page: Page, center: Center) -> list[Problem]:
        """The claims check on the page's front matter as this center reads it (its own values,
        like its name, left out: they are facts, not claims)."""
        if page.general:
            return []
        ctx = {"center": center, "numbers": NUMBERS}
        marked = self.front.claim_texts(page, ctx)
        texts = [(marked.get((key, 0), getattr(page, key)), page.line_of(key)) for key in DYNAMIC]
        texts += [
            (marked.get(("faq", i), item.question), item.question_line or item.line)
            for i, item in enumerate(page.faq)
        ]
        out = []
        for text, line in texts:
            for found in self.claims[page.lang].unsupported(text, center):
                message, hint = claims.message(found, front_matter=True)
                out.append(problem(Mark(page.source, line), message, hint, self.model, center.slug))
        return out

    @staticmethod
    def _section(page: Page, t: Any, urls: Urls) -> list[tuple[str, str]]:
        if page.service:
            return [(t("services_title"), urls.absolute("services"))]
        return []

    def _generated_facts(self, layout: str, center: Center) -> dict[str, Any]:
        if layout == "language":
            return {"taglines": taglines.for_center(center)}
        return {}

    def _partial(self, center: Center, name: str, ctx: dict[str, Any], out: CenterResult) -> Markup:
        html = self._template(center, f"partials/{name}", ctx, center.mark.file, out)
        return Markup(html or "")

    def _template(
        self, center: Center, layout: str, ctx: dict[str, Any], source: str, out: CenterResult
    ) -> str | None:
        name = self.model.themes.template_name(center.theme, layout)
        try:
            return self.env.get_template(name).render(ctx)
        except jinja2.TemplateNotFound as exc:
            error = f"template '{exc.name}' is missing"
        except jinja2.TemplateSyntaxError as exc:
            error = f"{exc.filename}:{exc.lineno}: {exc.message}"
        except StringMistake as exc:  # a theme text's own mistake, at its line
            out.problems.append(problem(exc.mark, exc.message, exc.hint, self.model, center.slug))
            return None
        except Exception as exc:  # the theme's fault, not the editor's: say where in the theme
            error = f"{_theme_location(exc)}{exc}"
        out.problems.append(
            problem(
                Mark(source),
                msg.THEME_ERROR.format(error=error),
                msg.THEME_ERROR_HINT,
                self.model,
                center.slug,
            )
        )
        return None


def anchors_in(html: str) -> set[str]:
    return set(_ID_ATTR.findall(html))


def _check_duplicate_paths(out: CenterResult, model: SiteModel, pages: dict[str, Page]) -> None:
    """Two files at one path: named by the files an editor wrote (content/faq.md), not ids, and
    blamed on the `slug:` that chose the address when a page has one."""

    def name(f: RenderedPage) -> str:
        if f.page_id in pages:
            return pages[f.page_id].source
        return f"the built-in page '{f.page_id}'" if f.page_id else f"content/{f.path}"

    seen: dict[str, str] = {}
    for f in out.files:
        if f.path in seen:
            page = pages.get(f.page_id)
            slug = page is not None and page.slug
            out.problems.append(
                problem(
                    Mark(page.source, page.line_of("slug")) if page else Mark("centers.yaml", 1),
                    msg.DUPLICATE_URL.format(url=f.path, other=seen[f.path]),
                    msg.DUPLICATE_SLUG_HINT if slug else msg.DUPLICATE_URL_HINT,
                    model,
                    out.slug,
                )
            )
        seen[f.path] = name(f)


def _first_paragraph(html: str) -> str:
    m = _FIRST_P.search(html)
    if not m:
        return ""
    text = " ".join(_TAGS.sub("", m.group(1)).split())
    import html as _html

    text = _html.unescape(text)
    if len(text) <= 160:
        return text
    cut = text[:157].rsplit(" ", 1)[0]
    return cut + "…"


def _theme_location(exc: BaseException) -> str:
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            where = f"{name}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


__all__ = ["CenterResult", "Earlier", "RenderedPage", "Renderer", "SiteView", "anchors_in"]
