"""The checks, one module per family; each returns Problems. Wording checks run once per source page;
output checks run per center on what was built; theme checks once per theme."""

from __future__ import annotations

from ..markdown import Converter
from ..model import SiteModel
from ..problems import Mark, Problem
from ..render import CenterResult, RenderedPage
from . import contrast, output, wording


def source_checks(model: SiteModel, memo: dict | None = None) -> list[Problem]:
    """Wording checks, once per source page. `memo` (the dev server's) keeps each page's result
    while the page, the settings, the center names and the date are the same."""
    converter = Converter()
    names = [c.name for c in model.centers]
    pages = [*model.content.shared, *(p for ps in model.content.per_center.values() for p in ps)]
    context = repr((model.config, sorted(names), model.today))
    out: list[Problem] = []
    for page in pages:
        key = (repr(page), context)
        if memo is not None and key in memo:
            out += memo[key]
            continue
        found = [
            _quoted(model, p)
            for p in wording.check_page(page, model.config, converter, names, model.today)
        ]
        if memo is not None:
            memo[key] = found
        out += found
    return out


def theme_checks(model: SiteModel) -> list[Problem]:
    out: list[Problem] = []
    for theme in sorted({c.theme for c in model.centers}):
        assets = [a for a in model.themes.assets(theme).values() if a.logical.endswith(".css")]
        out += contrast.check_theme(theme, assets)
    return [_quoted(model, p) for p in out]


def center_checks(model: SiteModel, result: CenterResult) -> list[Problem]:
    center = model.center(result.slug)
    if center is None:
        return []
    pages = {p.id: p for p in model.content.pages_for(center.slug)}

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
        layout = page.layout if page else ("404" if f.page_id == "404" else "location")
        return Mark(f"themes/{center.theme}/templates/{layout}.html")

    problems = output.check_center(center, result.files, locate)
    return [
        _quoted(
            model, Problem(p.mark, p.message, p.hint, p.severity, p.source_line, (center.slug,))
        )
        for p in problems
    ]


def _quoted(model: SiteModel, p: Problem) -> Problem:
    if p.source_line or not p.mark.line:
        return p
    return Problem(p.mark, p.message, p.hint, p.severity, model.quote(p.mark), p.centers)
