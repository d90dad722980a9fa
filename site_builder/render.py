"""(Page × Center) → RenderedPage. Markdown work is shared across centers (see markdown.py); the
theme templates are compiled once per build and reused for every center."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from slugify import slugify

from . import claims, seo, sitefiles, taglines
from . import messages as msg
from .centers import Center, Location
from .claims import Vocabulary
from .content import CATEGORY_NAMES, Page
from .frontmatter import DYNAMIC, FrontMatter
from .markdown import (
    Converter,
    Fragment,
    Slots,
    compile_fragment,
    inline_safe,
    render_direct,
    render_skeleton,
    skeleton_environment,
    substitute,
)
from .model import SiteModel
from .numbers import NUMBERS
from .postprocess import LINK_TOKEN, Processed, process
from .problems import Mark, Problem, Severity, did_you_mean
from .rendered import AnchorRef, CenterResult, RenderedPage
from .sandbox import Refused, content_environment, is_refusal
from .urls import Urls

#: Partials that do not depend on the page, rendered once per center (see base.html).
SHARED_PARTIALS = ("crisis", "footer", "cta")
#: Pages every site gets from the theme, not from Markdown: (page id, layout, title string key).
GENERATED = (
    ("credentials", "credentials", "credentials_title"),
    ("language-assistance", "language", "language_title"),
)
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Earlier:
    """What a partial rebuild knows of the pages it does not render: their links into anchors,
    and a way to read the anchors their built HTML holds."""

    refs: dict[str, list[AnchorRef]]
    anchors: Callable[[str], set[str]]  # output path → the ids in that built page


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    page_id: str


class SiteView:
    """What templates see as `site`: this center's pages, menus and services, all as URLs."""

    def __init__(self, center: Center, pages: dict[str, Page], urls: Urls) -> None:
        self.center, self.pages, self.urls = center, pages, urls
        ordered = sorted(pages.values(), key=lambda p: (p.order, p.id))
        self.nav = [NavItem(p.nav, urls.page(p.id), p.id) for p in ordered if p.nav]
        self.services = [p for p in ordered if p.service or p.category]
        self.footer_pages = [
            NavItem(p.title, urls.page(p.id), p.id) for p in ordered if p.order >= 90 and not p.nav
        ]

    def has(self, page_id: str) -> bool:
        return page_id in self.pages

    def service_groups(self) -> list[tuple[str, list[Page]]]:
        groups: dict[str, list[Page]] = {}
        for p in self.services:
            groups.setdefault(p.category or "therapy", []).append(p)
        return [(CATEGORY_NAMES[c], groups[c]) for c in CATEGORY_NAMES if c in groups]

    def service_page(self, service_id: str) -> Page | None:
        return self.pages.get(f"services/{service_id}")

    def location_url(self, loc: Location) -> str:
        return self.urls.page(f"locations/{loc.id}")


class Renderer:
    """Holds what is computed once per build: compiled fragments and their converted skeletons."""

    def __init__(self, model: SiteModel, previous: Renderer | None = None) -> None:
        """With `previous` (the dev server), unchanged pages keep their compiled Jinja and their
        converted Markdown, so a save costs only what it changed."""
        self.model = model
        self.env = model.themes.env
        self.content_env = content_environment()  # the sandbox: content is untrusted
        self.skel_env = skeleton_environment(self.content_env)
        self.converter = Converter()
        self.fragments: dict[tuple[str, int], Fragment] = {}
        self._processed: dict[tuple[str, int, str], tuple[str, Processed, Slots]] = {}
        self._previous = previous.fragments if previous and previous.env is self.env else {}
        self._parts: dict[tuple, dict[str, Markup]] = {}
        if previous is not None and previous.env is self.env:
            self._processed = previous._processed
            self._parts = previous._parts
        self.known_ids = frozenset(
            [p.id for p in model.content.shared]
            + [p.id for pages in model.content.per_center.values() for p in pages]
        )
        self.compile_problems: list[Problem] = []
        everything = [
            *model.content.shared,
            *(p for ps in model.content.per_center.values() for p in ps),
        ]
        self.front = FrontMatter(everything)
        self.claims = Vocabulary.of(
            (sid, p.title, p.acronym, p.terms) for sid, p in model.content.catalog.items()
        )
        self.compile_problems += [
            _problem(i.mark, i.message, i.hint, self.model) for i in self.front.issues
        ]
        #: the last center's pages with their front matter rendered, and what went wrong there
        self._front_of: tuple[Center, dict[str, Page], dict[str, list[Problem]]] | None = None
        #: a folder where worker processes share converted skeletons (set by the build)
        self.share: Path | None = None
        self.content_files = dict(model.content.files)
        for page in [
            *model.content.shared,
            *(p for ps in model.content.per_center.values() for p in ps),
        ]:
            self._fragment(page.source, page.body_line, page.body)
            for item in page.faq:
                self._fragment(page.source, item.line, item.answer)

    # --- fragments -----------------------------------------------------------------------------

    def _fragment(self, file: str, line: int, source: str) -> Fragment:
        key = (file, line)
        frag = self.fragments.get(key)
        old = self._previous.get(key) if frag is None else None
        if old is not None and old.source == source and not old.failed:
            self.fragments[key] = frag = old
        if frag is None:
            frag = Fragment(source, file, line)
            try:
                compile_fragment(frag, self.content_env, self.skel_env)
            except Refused as exc:
                self.compile_problems.append(
                    _problem(Mark(file, line + exc.line - 1), exc.message, exc.hint, self.model)
                )
                frag.source, frag.direct, frag.skeleton, frag.failed = "", None, None, True
            except jinja2.TemplateSyntaxError as exc:
                unclosed = _unclosed_block(source)
                if unclosed and "Unexpected end of template" in (exc.message or ""):
                    tag, at = unclosed
                    mark = Mark(file, line + at - 1)
                    message, hint = (
                        msg.JINJA_UNCLOSED.format(tag=tag),
                        msg.JINJA_UNCLOSED_HINT.format(tag=tag),
                    )
                else:
                    mark = Mark(file, line + (exc.lineno or 1) - 1)
                    message, hint = (
                        msg.JINJA_SYNTAX.format(error=exc.message),
                        msg.JINJA_SYNTAX_HINT,
                    )
                self.compile_problems.append(_problem(mark, message, hint, self.model))
                frag.source, frag.direct, frag.skeleton, frag.failed = "", None, None, True
            self.fragments[key] = frag
        return frag

    def fragment_html(
        self, frag: Fragment, page: Page, center: Center, ctx: dict[str, Any], out: CenterResult
    ) -> tuple[str, Processed]:
        """The fragment's HTML for this center, with link tokens still in it."""
        try:
            skel = render_skeleton(frag, ctx)
        except Exception as exc:  # a Jinja runtime error is the editor's, reported at its line
            out.problems.append(self._runtime_problem(exc, frag, center))
            return "", Processed("", (), ())
        if not page.general:
            for found in self.claims.unsupported(skel.marked, center):
                line = claims.source_line(frag.source, frag.line, skel.marked, found)
                message, hint = claims.message(found)
                out.problems.append(
                    _problem(Mark(frag.file, line), message, hint, self.model, center.slug)
                )
        html, processed, slots = self._convert(frag, page.id, skel.text)
        for line, message, hint in processed.unsafe:
            out.problems.append(
                _problem(Mark(frag.file, line), message, hint, self.model, center.slug)
            )
        if inline_safe(html, skel.values, processed.dynamic, slots):
            return substitute(processed.html, skel.values, processed.dynamic), processed
        try:
            text = render_direct(frag, ctx)
        except Exception as exc:
            out.problems.append(self._runtime_problem(exc, frag, center))
            return "", Processed("", (), ())
        processed = self._convert(frag, page.id, text)[1]
        return processed.html, processed

    def _convert(self, frag: Fragment, page_id: str, text: str) -> tuple[str, Processed, Slots]:
        key = (frag.file, frag.line, text)
        hit = self._processed.get(key)
        if hit is None:
            hit = self._shared(key, page_id) if self.share else None
            if hit is None:
                html = self.converter.convert(text)
                processed = process(html, frag.source, frag.line, page_id, self.known_ids)
                hit = (html, processed, Slots.of(html))
                if self.share:
                    self._publish(key, page_id, hit)
            self._processed[key] = hit
        return hit

    # Worker processes meet mostly the same skeletons; converting one costs ~5 ms, so each is
    # converted once and published in this build's staging folder for the other workers.

    def _share_path(self, key: tuple[str, int, str], page_id: str) -> Path:
        assert self.share is not None
        digest = hashlib.sha256(f"{key[0]}\0{key[1]}\0{page_id}\0{key[2]}".encode()).hexdigest()
        return self.share / digest

    def _shared(self, key: tuple[str, int, str], page_id: str) -> tuple | None:
        try:
            return pickle.loads(self._share_path(key, page_id).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def _publish(self, key: tuple[str, int, str], page_id: str, hit: tuple) -> None:
        path = self._share_path(key, page_id)
        tmp = path.with_name(f"{path.name}.{os.getpid()}")
        try:
            tmp.write_bytes(pickle.dumps(hit, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # sharing is an optimisation: a worker that cannot publish converts alone

    def _runtime_problem(self, exc: Exception, frag: Fragment, center: Center) -> Problem:
        line = frag.line + _template_lineno(exc) - 1
        if is_refusal(exc):
            limit = str(exc) == msg.SANDBOX_LIMIT
            return _problem(
                Mark(frag.file, line),
                msg.SANDBOX_LIMIT if limit else msg.SANDBOX_REACH,
                msg.SANDBOX_LIMIT_HINT if limit else msg.SANDBOX_REACH_HINT,
                self.model,
                center.slug,
            )
        if isinstance(exc, jinja2.UndefinedError):
            owner, name = _undefined_name(str(exc))
            hint = msg.JINJA_UNDEFINED_HINT
            if not owner:
                hint = did_you_mean(name, ("center", "numbers")) or hint
            if owner:
                choices = [
                    a
                    for a in dir(center if owner == "center" else NUMBERS)
                    if not a.startswith("_")
                ]
                hint = did_you_mean(name, choices) or hint
                name = f"{owner}.{name}"
            return _problem(
                Mark(frag.file, line),
                msg.JINJA_UNDEFINED.format(name=name),
                hint,
                self.model,
                center.slug,
            )
        return _problem(
            Mark(frag.file, line),
            msg.JINJA_ERROR.format(center=center.name, error=exc),
            msg.JINJA_ERROR_HINT,
            self.model,
            center.slug,
        )

    def resolve_links(
        self,
        html: str,
        processed: Processed,
        page: Page,
        frag: Fragment,
        site: SiteView,
        out: CenterResult,
    ) -> str:
        def sub(m: re.Match[str]) -> str:
            ref = processed.links[int(m.group(1))]
            if ref.kind == "file":
                from_root = posixpath.normpath(ref.href.split("#")[0].lstrip("/"))
                for target in (ref.target, from_root):
                    if target in self.content_files:
                        return site.urls.file(target)
                out.problems.append(
                    _problem(
                        Mark(frag.file, ref.line),
                        msg.MISSING_FILE.format(target=ref.href),
                        msg.MISSING_FILE_HINT,
                        self.model,
                        site.center.slug,
                    )
                )
                return ref.href
            if ref.kind == "anchor" or ref.target in site.pages:
                return (
                    site.urls.page(ref.target, ref.anchor)
                    if ref.kind == "page"
                    else f"#{ref.anchor}"
                )
            service = ref.target.split("/", 1)[1] if ref.target.startswith("services/") else ""
            if service and service in self.model.content.catalog:
                message = msg.LINK_NOT_OFFERED.format(target=ref.href)
                hint = msg.LINK_NOT_OFFERED_HINT.format(service=service)
            else:
                message, hint = msg.BROKEN_LINK.format(target=ref.href), msg.BROKEN_LINK_HINT
            out.problems.append(
                _problem(Mark(frag.file, ref.line), message, hint, self.model, site.center.slug)
            )
            return ref.href

        return LINK_TOKEN.sub(sub, html)

    # --- pages ---------------------------------------------------------------------------------

    def source_pages_of(self, center: Center) -> dict[str, Page]:
        """The content pages the center's site has, as written: a service page only where it is
        offered."""
        ctx = {"center": center, "numbers": NUMBERS}
        return {
            p.id: p
            for p in self.model.content.pages_for(center.slug)
            if (not p.requires or center.offers(p.requires)) and self.front.applies(p, ctx)
        }

    def pages_of(self, center: Center) -> dict[str, Page]:
        """The center's pages with their front matter as this center reads it (frontmatter.py)."""
        if self._front_of is not None and self._front_of[0] is center:
            return self._front_of[1]
        pages = self.source_pages_of(center)
        issues: dict[str, list[Problem]] = {}
        ctx = {"center": center, "numbers": NUMBERS}
        for page_id, page in pages.items():
            if self.front.dynamic(page):
                pages[page_id], found = self.front.for_center(page, ctx)
                if found:
                    issues[page_id] = [
                        _problem(i.mark, i.message, i.hint, self.model, center.slug) for i in found
                    ]
        self._front_of = (center, pages, issues)
        return pages

    def render_center(
        self,
        center: Center,
        base_path: str | None = None,
        only: set[str] | None = None,
        earlier: Earlier | None = None,
    ) -> CenterResult:
        """Every file of the center's site; with `only`, just those page ids (the dev server's
        incremental rebuild: one edited page for every center, or the pages one template feeds).
        With `earlier` (a build that re-renders only changed pages), links from the pages not
        rendered are checked against the anchors of those that are, and the other way round, and
        the site-wide files (sitemap, listings) are made too."""
        out = CenterResult(center.slug)
        urls = Urls(center.base_url, base_path)
        pages = self.pages_of(center)
        site = SiteView(center, pages, urls)
        theme = self.model.themes
        assets = theme.assets(center.theme)
        t = theme.translator(center.theme, self.model.config.language)
        base_ctx: dict[str, Any] = {
            "center": center,
            "numbers": NUMBERS,
            "site": site,
            "t": t,
            "url": urls.page,
            "asset": lambda logical: urls.file(assets[logical].published),
            "has_asset": lambda logical: logical in assets,
            "lang": self.model.config.language,
            "page_anchor": _anchor,
            "dhcs": [
                c for c in center.credentials if c.issuer.upper() == "DHCS" and center.state == "CA"
            ],
            "page": None,
            "body": Markup(""),
            "faq": [],
            "location": None,
        }
        # The crisis strip and the footer are the same on every page of a center: render them once.
        # (kept across dev-server rebuilds while the center and the menu pages are the same)
        parts_key = (
            center,
            urls.base_path,
            tuple((n.label, n.url) for n in site.nav + site.footer_pages),
        )
        parts = self._parts.get(parts_key)
        if parts is None:
            parts = {name: self._partial(center, name, base_ctx, out) for name in SHARED_PARTIALS}
            if not out.problems:
                self._parts[parts_key] = parts
        base_ctx["shared_parts"] = parts
        common: list[dict | str] = [
            seo.encode(seo.website(center, urls)),
            seo.encode(seo.organization(center, urls)),
        ]
        home = (t("home"), urls.absolute("index"))
        html_of: dict[str, str] = {}  # page id → its HTML, for the anchor checks below
        self._pending: list[tuple[Fragment, str, str, int]] = []
        wanted = (lambda page_id: True) if only is None else only.__contains__
        for page in pages.values():
            if not wanted(page.id):
                continue
            start, pending = len(out.problems), len(self._pending)
            assert self._front_of is not None
            out.problems += self._front_of[2].get(page.id, [])
            out.problems += self._front_claims(page, center)
            html, faq = self._page_body(page, center, site, out)
            trail = [
                home,
                *self._section(page, site, t, urls),
                (page.title, urls.absolute(page.id)),
            ]
            faq_text = [(q, seo.visible_text(str(a))) for q, a, _ in faq]
            graph = [*common, seo.web_page(page, urls, center, faq_text)]
            if page.id != "index":
                graph.append(seo.breadcrumbs(trail))
            ctx = {
                **base_ctx,
                "page": page,
                "body": Markup(html),
                "faq": faq,
                "description": page.description or _first_paragraph(html),
                "canonical": urls.absolute(page.id),
                "page_url": urls.page(page.id),
                "structured_data": seo.script(graph),
            }
            data = self._template(center, page.layout, ctx, page.source, out)
            if data is not None:
                html_of[page.id] = data
                out.files.append(RenderedPage(page.output_path, data.encode("utf-8"), page.id))
            out.page_problems[page.id] = out.problems[start:]
            out.refs[page.id] = [(f.file, line, t, a) for f, t, a, line in self._pending[pending:]]
        for loc in center.locations:
            page_id = f"locations/{loc.id}"
            if not wanted(page_id):
                continue
            heading = loc.name or t("location_title", city=loc.city, state=loc.state)
            services = [p for sid in loc.services if (p := site.service_page(sid))]
            crumbs = [
                home,
                *(
                    [(pages["contact"].title, urls.absolute("contact"))]
                    if "contact" in pages
                    else []
                ),
            ]
            graph = [
                *common,
                seo.clinic(center, loc, urls, services),
                seo.breadcrumbs([*crumbs, (heading, urls.absolute(page_id))]),
            ]
            extra = {
                "description": t("location_description", name=center.name, city=loc.city_state),
                "location": loc,
                "location_heading": heading,
                "location_services": services,
                "structured_data": seo.script(graph),
            }
            start = len(out.problems)
            self._generated(center, page_id, "location", {**base_ctx, **extra}, urls, out)
            out.page_problems[page_id] = out.problems[start:]
        for page_id, layout, title_key in GENERATED:
            if not wanted(page_id):
                continue
            title = t(title_key)
            graph = [*common, seo.breadcrumbs([home, (title, urls.absolute(page_id))])]
            extra = {
                "generated_title": title,
                "description": t(f"{title_key}_description", name=center.name),
                "structured_data": seo.script(graph),
                **self._generated_facts(layout, center),
            }
            start = len(out.problems)
            self._generated(center, page_id, layout, {**base_ctx, **extra}, urls, out)
            out.page_problems[page_id] = out.problems[start:]
        if wanted("404"):
            not_found = {**base_ctx, "description": "", "structured_data": ""}
            start = len(out.problems)
            self._generated(center, "404", "404", not_found, urls, out, canonical=False)
            out.page_problems["404"] = out.problems[start:]
        if only is None:
            for asset in assets.values():
                out.files.append(RenderedPage(asset.published, asset.data))
            for rel, data in self.model.content.files:
                out.files.append(RenderedPage(rel, data))
        if only is None or earlier is not None:
            listed = [f.page_id for f in out.files if f.path.endswith("index.html")]
            if earlier is not None:  # the pages not rendered were built by the earlier build
                listed = [*pages, *(f"locations/{loc.id}" for loc in center.locations)]
                listed += [page_id for page_id, _, _ in GENERATED]
            out.files += sitefiles.files(center, urls, pages, self.model, listed)
        refs = [r for page_refs in out.refs.values() for r in page_refs]
        if earlier is not None:
            refs += [
                r for page_id, rs in earlier.refs.items() if page_id not in out.refs for r in rs
            ]
        anchors: dict[str, set[str]] = {}
        for file, line, target, anchor in refs:
            if target not in anchors:
                if target in html_of:
                    anchors[target] = anchors_in(html_of[target])
                elif earlier is not None and target in pages:
                    anchors[target] = earlier.anchors(pages[target].output_path)
            if target in anchors and anchor not in anchors[target]:
                out.problems.append(
                    _problem(
                        Mark(file, line),
                        msg.BROKEN_ANCHOR.format(anchor=anchor),
                        msg.BROKEN_ANCHOR_HINT,
                        self.model,
                        center.slug,
                    )
                )
        _check_duplicate_paths(out, self.model, {pid: p.source for pid, p in pages.items()})
        out.files.sort(key=lambda f: f.path)
        return out

    def _front_claims(self, page: Page, center: Center) -> list[Problem]:
        """The claims check on the page's front matter as this center reads it."""
        if page.general:
            return []
        texts = [(getattr(page, key), page.line_of(key)) for key in DYNAMIC]
        texts += [(item.question, item.question_line or item.line) for item in page.faq]
        out = []
        for text, line in texts:
            for found in self.claims.unsupported(text, center):
                message, hint = claims.message(found, front_matter=True)
                out.append(
                    _problem(Mark(page.source, line), message, hint, self.model, center.slug)
                )
        return out

    def _page_body(
        self, page: Page, center: Center, site: SiteView, out: CenterResult
    ) -> tuple[str, list]:
        """The page's Markdown and FAQ answers as HTML for this center, links resolved."""
        md_ctx = {"center": center, "numbers": NUMBERS}
        pieces = [(self._fragment(page.source, page.body_line, page.body), None)]
        pieces += [
            (self._fragment(page.source, item.line, item.answer), item.question)
            for item in page.faq
        ]
        body, faq = "", []
        for frag, question in pieces:
            html, processed = self.fragment_html(frag, page, center, md_ctx, out)
            html = self.resolve_links(html, processed, page, frag, site, out)
            for ref in processed.links:
                if ref.anchor and (ref.kind == "anchor" or ref.target in site.pages):
                    self._pending.append((frag, ref.target, ref.anchor, ref.line))
            if question is None:
                body = html
            else:
                faq.append((question, Markup(html), _anchor(question)))
        return body, faq

    @staticmethod
    def _section(page: Page, site: SiteView, t: Any, urls: Urls) -> list[tuple[str, str]]:
        if page.service:
            return [(t("our_services"), urls.absolute("index") + "#services")]
        return []

    def _generated_facts(self, layout: str, center: Center) -> dict[str, Any]:
        if layout == "language":
            return {"taglines": taglines.for_center(center)}
        return {}

    def _generated(
        self,
        center: Center,
        page_id: str,
        layout: str,
        ctx: dict[str, Any],
        urls: Urls,
        out: CenterResult,
        canonical: bool = True,
    ) -> None:
        ctx = {
            **ctx,
            "canonical": urls.absolute(page_id) if canonical else "",
            "page_url": urls.page(page_id),
        }
        data = self._template(center, layout, ctx, center.mark.file, out)
        if data is not None:
            path = "404.html" if page_id == "404" else f"{page_id}/index.html"
            out.files.append(RenderedPage(path, data.encode("utf-8"), page_id))

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
        except Exception as exc:  # the theme's fault, not the editor's: say where in the theme
            error = f"{_theme_location(exc)}{exc}"
        out.problems.append(
            _problem(
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


def _check_duplicate_paths(out: CenterResult, model: SiteModel, sources: dict[str, str]) -> None:
    """Two files at one path: named by the files an editor wrote (content/faq.md), not ids."""

    def name(f: RenderedPage) -> str:
        if f.page_id in sources:
            return sources[f.page_id]
        return f"the built-in page '{f.page_id}'" if f.page_id else f"content/{f.path}"

    seen: dict[str, str] = {}
    for f in out.files:
        if f.path in seen:
            out.problems.append(
                _problem(
                    Mark(sources.get(f.page_id, "centers.yaml"), 1),
                    msg.DUPLICATE_URL.format(url=f.path, other=seen[f.path]),
                    msg.DUPLICATE_URL_HINT,
                    model,
                    out.slug,
                )
            )
        seen[f.path] = name(f)


def _problem(
    mark: Mark,
    message: str,
    hint: str,
    model: SiteModel,
    center: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(mark, message, hint, severity, model.quote(mark), (center,) if center else ())


@functools.lru_cache(maxsize=8192)
def _anchor(text: str) -> str:
    """An id from a heading or question; the same few hundred texts come back for every center."""
    return slugify(text)


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


_BLOCK_TAG = re.compile(r"{%-?\s*(\w+)")
_OPENERS = ("if", "for", "with", "block", "macro", "filter", "call", "raw")


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost {% if/for … %} left open, with its 1-based line (Jinja only says 'end of file')."""
    stack: list[tuple[str, int]] = []
    for m in _BLOCK_TAG.finditer(source):
        word, line = m.group(1), source.count("\n", 0, m.start()) + 1
        if word in _OPENERS:
            stack.append((word, line))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1] if stack else None


def _template_lineno(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _theme_location(exc: BaseException) -> str:
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            where = f"{name}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where


def _undefined_name(text: str) -> tuple[str, str]:
    """('center', 'nmae') from Jinja's "'…Center object' has no attribute 'nmae'"."""
    m = re.search(r"'[\w.]*\.(\w+) object' has no attribute '([^']+)'", text)
    if m:
        owner = {"Center": "center", "Numbers": "numbers"}.get(m.group(1), "")
        return owner, m.group(2)
    m = re.search(r"'([^']+)' is undefined", text)
    return "", m.group(1) if m else text


__all__ = ["CenterResult", "Earlier", "RenderedPage", "Renderer", "SiteView", "anchors_in"]
