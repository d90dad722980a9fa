"""The checks, one module per family; each returns Problems. Wording checks run once per source page;
theme checks once per theme; each site's facts (facts.py) once per center; its built files are
judged against them (pages.py), each distinct piece of a page read once (findings.py) and each
theme asset once (assets.py)."""

from __future__ import annotations

import hashlib
import re
import string
from pathlib import Path

from .. import __version__, cache, languages, yamlsrc
from .. import messages as msg
from ..centers import Center
from ..directory import THEME
from ..markdown import Converter
from ..model import SiteModel
from ..page import Page
from ..problems import Mark, Problem, Problems, did_you_mean
from ..render import CenterResult, RenderedPage
from . import contrast, facts, pages, wording


def source_checks(model: SiteModel, memo: dict[str, list[Problem]] | None = None) -> list[Problem]:
    """Wording checks, once per source page. `memo` (the dev server's, or the one a build keeps
    in output/) holds each page's result by a hash of the version, the page, the settings, the
    center names and the date; what this run did not look up is dropped from it."""
    converter = Converter()
    names = [c.name for c in model.centers]
    # (the version too: a page's result from a release with other checks is not this one's)
    context = repr((__version__, model.config, sorted(names), model.today))
    return cache.per_page(
        memo,
        model.content.all_pages,
        lambda page: hashlib.sha256(f"{page!r}|{context}".encode()).hexdigest(),
        lambda page: [
            _quoted(model, p)
            for p in wording.check_page(page, model.config, converter, names, model.today)
        ],
    )


def theme_checks(model: SiteModel) -> list[Problem]:
    out: list[Problem] = []
    for theme in sorted({c.theme for c in model.centers}):
        assets = [a for a in model.themes.assets(theme).values() if a.logical.endswith(".css")]
        out += contrast.check_theme(theme, assets)
    out += missing_strings(model)
    out += written_strings(model)
    return [_quoted(model, p) for p in out]


_T_CALL = re.compile(r"""\bt\(\s*["']([\w.-]+)["']""")


def _used_keys(model: SiteModel, theme: str) -> set[str]:
    """The theme texts asked for by name: in its templates and in our code (`t("home")`)."""
    sources = [f for t in model.themes.chains.get(theme, ()) for f in t.path.rglob("*.html")]
    sources += Path(__file__).resolve().parent.parent.glob("*.py")
    return {key for f in sources for key in _T_CALL.findall(f.read_text(encoding="utf-8"))}


def _misspelt(keys: set[str], used: set[str]) -> set[str]:
    """Keys nothing asks for that are a near spelling of one the theme asks for and lacks: the
    default file's misspelling, not a text the other languages must translate."""
    lacking = used - keys
    return {k for k in keys - used if did_you_mean(k, lacking)}


def written_strings(model: SiteModel) -> list[Problem]:
    """Each theme text as written, once per strings file: empty, or with braces that are not one
    value's name in one pair ({{ phone }}, a lone brace). A name the theme does not give is found
    when the text is used (themes.StringMistake), the same one problem."""
    out = []
    themes = {c.theme for c in model.centers} | ({THEME} if model.config.directory else set())
    files = {t.path / "strings" for theme in themes for t in model.themes.chains.get(theme, ())}
    for path in sorted(f for folder in files if folder.is_dir() for f in folder.glob("*.yaml")):
        rel = path.relative_to(model.root).as_posix()
        node = yamlsrc.load(path.read_text(encoding="utf-8"), rel, Problems())
        for k, v in node.value if isinstance(node, yamlsrc.MappingNode) else ():
            if not isinstance(v, yamlsrc.ScalarNode):
                continue
            text = str(v.value)
            if not text.strip():
                what, hint = msg.STRING_EMPTY, msg.STRING_EMPTY_HINT
            elif "{{" in text or "}}" in text or not _formats(text):
                what, hint = msg.STRING_BRACES, msg.STRING_BRACES_HINT
            else:
                continue
            message = msg.STRING_WRITTEN.format(key=k.value, what=what)
            out.append(Problem(Mark(rel, k.start_mark.line + 1), message, hint))
    return out


def _formats(text: str) -> bool:
    try:
        return all(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return False


def missing_strings(model: SiteModel) -> list[Problem]:
    """Every piece of theme text in every language a site uses: a key the default language has
    and another lacks is an error naming the key and the file to add it to."""
    default = model.config.language
    used = {p.lang for p in model.content.translated if p.id == "index" and not p.center}
    out = []
    for theme in sorted({c.theme for c in model.centers}):
        wanted = set(model.themes.strings(theme, default))
        wanted -= _misspelt(wanted, _used_keys(model, theme))  # reported where the theme uses it
        for lang in sorted(
            used
            & {
                x
                for c in model.centers
                if c.theme == theme
                for x in languages.of_center(c, default)
            }
        ):
            missing = sorted(wanted - set(model.themes.strings(theme, lang)))
            chain = model.themes.chains.get(theme, ())
            files = [t.path / "strings" / f"{lang}.yaml" for t in chain]
            path = next((f for f in files if f.is_file()), files[-1] if files else None)
            rel = path.relative_to(model.root).as_posix() if path else f"themes/{theme}"
            for key in missing:
                out.append(
                    Problem(
                        Mark(rel),
                        msg.MISSING_STRING_IN.format(key=key, file=rel),
                        msg.MISSING_STRING_IN_HINT.format(key=key, default=default),
                    )
                )
    return out


def center_checks(model: SiteModel, result: CenterResult) -> list[Problem]:
    per_page, titles = page_checks(model, result)
    return [p for ps in per_page.values() for p in ps] + title_checks(model, result.slug, titles)


def page_checks(
    model: SiteModel, result: CenterResult
) -> tuple[dict[str, list[Problem]], list[pages.Title]]:
    """The checks of each built file (by page id) against the center's facts, and the pages'
    titles."""
    center = model.center(result.slug)
    if center is None:
        return {}, []
    sources = _sources(model, center)
    per_file, titles = pages.check_files(
        facts.of_center(center),
        result.files,
        _locator(center, sources),
        _typed(sources),
        result.own,
    )
    return {k: _ours(model, center.slug, ps) for k, ps in per_file.items()}, titles


def title_checks(model: SiteModel, slug: str, titles: list[tuple[str, str, str]]) -> list[Problem]:
    center = model.center(slug)
    if center is None:
        return []
    by_language: dict[str, list[tuple[str, str, str]]] = {}
    for t in titles:  # a page and its translation may share a title (a name, say)
        by_language.setdefault(t[2].rpartition(":")[0], []).append(t)
    locate = _locator(center, _sources(model, center))
    found = [p for ts in by_language.values() for p in pages.duplicate_titles(ts, locate)]
    return _ours(model, slug, found)


def directory_checks(model: SiteModel, result: CenterResult) -> list[Problem]:
    """The network directory's pages (directory.py): the output checks, with the numbers of
    every center it lists as its own, and unique titles."""
    cfg = model.config.directory
    site = facts.of_directory(model.centers, cfg.base_url if cfg else "")
    layouts = {"index.html": "home", "states/index.html": "states", "find/index.html": "find"}

    def locate(f: RenderedPage, needle: str) -> Mark:
        name = "404" if f.path == "404.html" else layouts.get(f.path, "group")
        return Mark(f"themes/default/templates/directory/{name}.html")

    per_file, titles = pages.check_files(site, result.files, locate)
    found = [p for ps in per_file.values() for p in ps]
    found += pages.duplicate_titles(titles, locate)
    return [_quoted(model, p) for p in found]


def _sources(model: SiteModel, center: Center) -> dict[str, Page]:
    """The source page of each of the center's built pages, by page key ("faq", "es:faq")."""
    pages = {p.id: p for p in model.content.pages_for(center.slug)}
    for p in model.content.translated:  # keys of other languages: "es:faq"
        if not p.center or p.center == center.slug:
            pages.setdefault(f"{p.lang}:{p.id}", p)
            if p.center:
                pages[f"{p.lang}:{p.id}"] = p
    return pages


def _typed(sources: dict[str, Page]) -> pages.Typed:
    """Whether a built page's text was typed into its shared source page (not a center's own):
    the wording check reads those once per source, where they are written."""

    def typed(f: RenderedPage, needle: str) -> bool:
        page = sources.get(f.page_id)
        return (
            page is not None
            and not page.center
            and any(needle in text for text in (page.body, *(i.answer for i in page.faq)))
        )

    return typed


def _locator(center: Center, pages: dict[str, Page]) -> facts.Locate:
    """Where a problem found in a built page is in its source (`pages`, by page key): the first
    line of the page's Markdown that holds the text, else the layout that made the page."""

    def locate(f: RenderedPage, needle: str) -> Mark:
        page = pages.get(f.page_id)
        if page is not None:
            for text, first in (
                (page.body, page.body_line),
                *((i.answer, i.line) for i in page.faq),
            ):
                at = text.find(needle)
                if at >= 0:
                    return Mark(page.source, first + text.count("\n", 0, at))
        if page is not None and page.title and needle.startswith(page.title):
            return Mark(page.source, page.line_of("title"))  # a title: its front matter line
        bare = f.page_id.rsplit(":", 1)[-1]
        layout = page.layout if page else ("404" if bare == "404" else "location")
        return Mark(f"themes/{center.theme}/templates/{layout}.html")

    return locate


def _ours(model: SiteModel, slug: str, problems: list[Problem]) -> list[Problem]:
    return [
        _quoted(model, Problem(p.mark, p.message, p.hint, p.severity, p.source_line, (slug,)))
        for p in problems
    ]


def _quoted(model: SiteModel, p: Problem) -> Problem:
    if p.source_line or not p.mark.line:
        return p
    return Problem(p.mark, p.message, p.hint, p.severity, model.quote(p.mark), p.centers)
