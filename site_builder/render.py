"""(Page × Center) → RenderedPage: one loop over the center's page plan (plan.py), in each language
of its site, with the languages, front matter and templates every entry shares. The renderer of
each kind of entry is in render_kinds.py, the checks across a center's pages in render_checks.py.
Page bodies are converted once for all centers (bodies.py); the theme templates are compiled once
per build and reused for every center."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import images, languages, seo
from . import messages as msg
from . import plan as planning
from .bodies import Bodies, anchor, problem
from .centers import Center
from .claims import Vocabulary
from .content import Page
from .frontmatter import FrontMatter
from .model import SiteModel
from .numbers import NUMBERS
from .plan import Planned
from .problems import Mark, Problem
from .render_checks import Earlier, anchors_in, check_anchors, check_duplicate_paths, untranslated
from .render_kinds import CenterPass, PageKinds
from .rendered import CenterResult, RenderedPage
from .siteview import SiteView
from .themes import StringMistake
from .urls import Urls

#: Partials that do not depend on the page, rendered once per center (see base.html).
SHARED_PARTIALS = ("crisis", "footer", "cta")
#: (the dev server's name for them: page id, layout, title key of every theme-only page)
GENERATED = (*planning.GENERATED_PAGES, *planning.OPTIONAL_PAGES)


class Renderer(PageKinds):
    """Holds what is computed once per build: the compiled bodies and front matter, the claims
    vocabulary, and (kept across dev-server rebuilds) each center's shared partials."""

    def __init__(self, model: SiteModel, previous: Renderer | None = None) -> None:
        """With `previous` (the dev server), unchanged pages keep their compiled Jinja and their
        converted Markdown, so a save costs only what it changed."""
        self.model = model
        self.env = model.themes.env
        same_themes = previous is not None and previous.env is self.env
        self.front = FrontMatter(
            list(model.content.all_pages), previous.front if previous else None
        )
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
        self._sites: list[CenterPass] = []  # while a center renders: its site in each language
        self._kinds: dict[str, Callable[[Planned, CenterPass], None]] = {
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
                    found = [
                        problem(i.mark, i.message, i.hint, self.model, center.slug) for i in raw
                    ]
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
        root = Urls(center.base_url, base_path)
        out = CenterResult(center.slug, own=(root.site_root(), root.base_path))
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
            check_anchors(c, earlier, self.model)
            if c.lang != self.model.config.language:
                out.problems += untranslated(
                    self.model, center, c.lang, self.untranslated(center, c.lang)
                )
        pages = {
            (p.id if c.lang == sites[0].lang else f"{c.lang}:{p.id}"): p
            for c in sites
            for p in c.pages.values()
        }
        check_duplicate_paths(out, self.model, pages)
        out.files.sort(key=lambda f: f.path)
        self._sites = []
        return out

    def _begin(
        self, center: Center, base_path: str | None, lang: str, out: CenterResult
    ) -> CenterPass:
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
        return CenterPass(center, urls, site, pages, entries, t, ctx, common, home, out, lang)

    # --- the theme's templates ------------------------------------------------------------------

    def _partial(self, center: Center, name: str, ctx: dict[str, Any], out: CenterResult) -> Markup:
        html = self._template(center, f"partials/{name}", ctx, center.mark.file, out)
        return Markup(html or "")

    def _template(
        self, center: Center, layout: str, ctx: dict[str, Any], source: str, out: CenterResult
    ) -> str | None:
        name = self.model.themes.template_name(center.theme, layout)
        mark = Mark(source)
        try:
            return self.env.get_template(name).render(ctx)
        except jinja2.TemplateNotFound as exc:
            error = f"template '{exc.name}' is missing"
        except jinja2.TemplateSyntaxError as exc:  # one problem at its line, for every center
            where = Path(exc.filename or name)
            shown = (
                where.relative_to(self.model.root)
                if where.is_relative_to(self.model.root)
                else where
            )
            out.problems.append(
                problem(
                    Mark(shown.as_posix(), exc.lineno or 0),
                    msg.THEME_SYNTAX.format(error=exc.message),
                    msg.THEME_ERROR_HINT,
                    self.model,
                    center.slug,
                )
            )
            return None
        except StringMistake as exc:  # a theme text's own mistake, at its line
            out.problems.append(problem(exc.mark, exc.message, exc.hint, self.model, center.slug))
            return None
        except Exception as exc:  # the theme's fault, not the editor's: at its line in the theme
            mark, error = _theme_location(exc, self.model.root) or mark, str(exc)
        out.problems.append(
            problem(
                mark,
                msg.THEME_ERROR.format(error=error),
                msg.THEME_ERROR_HINT,
                self.model,
                center.slug,
            )
        )
        return None


def _theme_location(exc: BaseException, root: Path) -> Mark | None:
    """The line of the innermost template the error came from, in the project's terms."""
    tb = exc.__traceback__
    where = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            path = Path(name)
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else name
            where = Mark(shown, tb.tb_lineno)
        tb = tb.tb_next
    return where


__all__ = ["CenterResult", "Earlier", "RenderedPage", "Renderer", "SiteView", "anchors_in"]
