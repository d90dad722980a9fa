"""The checks the render makes on what only rendering knows: links into another page's #anchor
(once every page of a center is made), two files at one path, pages with no twin in a language,
and the claims in front matter as each center reads it. Apart from the render loop (render.py) so
that loop reads as a loop; each check returns or appends Problems at the editor's file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import claims, languages
from . import messages as msg
from .bodies import problem
from .centers import Center
from .claims import Vocabulary
from .content import Page
from .frontmatter import DYNAMIC, FrontMatter
from .model import SiteModel
from .numbers import NUMBERS
from .problems import Mark, Problem, Severity
from .rendered import AnchorRef, CenterResult, RenderedPage

if TYPE_CHECKING:
    from .render_kinds import CenterPass

_ID_ATTR = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class Earlier:
    """What a partial rebuild knows of the pages it does not render: their links into anchors,
    what was wrong with those links, and a way to read the anchors their built HTML holds."""

    refs: dict[str, list[AnchorRef]]
    anchors: Callable[[str], set[str]]  # output path → the ids in that built page
    anchor_problems: dict[str, list[Problem]]  # by the plan key of the page with the links


def anchors_in(html: str) -> set[str]:
    return set(_ID_ATTR.findall(html))


def check_anchors(c: CenterPass, earlier: Earlier | None, model: SiteModel) -> None:
    """Links into another page's #anchor: checked once every page of the center is made. In a
    partial rebuild a page's links are checked again when it or a page it links into was
    rendered again (against the anchors the earlier build wrote for the others); the links of the
    rest found what they found before."""

    def mine(key: str) -> bool:  # keys of other languages start with their code
        lang, _, rest = key.partition(":")
        return (lang == c.lang) if rest else c.lang == model.config.language

    every = dict(earlier.refs) if earlier is not None else {}
    every.update(c.out.refs)
    anchors: dict[str, set[str]] = {}
    for key in sorted(k for k in every if mine(k)):
        refs = every[key]
        if (
            earlier is not None
            and key not in c.out.refs
            and not any(target in c.html_of for _, _, target, _ in refs)
        ):
            found = earlier.anchor_problems.get(key, [])
        else:
            found = []
            for file, line, target, name in refs:
                if target not in anchors:
                    if target in c.html_of:
                        anchors[target] = anchors_in(c.html_of[target])
                    elif earlier is not None and target in c.pages:
                        anchors[target] = earlier.anchors(c.pages[target].output_path)
                if target in anchors and name not in anchors[target]:
                    found.append(
                        problem(
                            Mark(file, line),
                            msg.BROKEN_ANCHOR.format(anchor=name),
                            msg.BROKEN_ANCHOR_HINT,
                            model,
                            c.center.slug,
                        )
                    )
        if found:
            c.out.anchor_problems[key] = found
            c.out.problems += found


def check_duplicate_paths(out: CenterResult, model: SiteModel, pages: dict[str, Page]) -> None:
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
                    msg.DUPLICATE_PAGE_SLUG_HINT if slug else msg.DUPLICATE_URL_HINT,
                    model,
                    out.slug,
                )
            )
        seen[f.path] = name(f)


def untranslated(model: SiteModel, center: Center, lang: str, pages: list[Page]) -> list[Problem]:
    """Each page of the center with no twin in `lang`: not published in it, and reported
    (a note; `settings: untranslated:` can make it a warning or an error)."""
    severity = Severity(model.config.untranslated)
    name = languages.get(lang).name
    return [
        problem(
            Mark(page.source, 1),
            msg.UNTRANSLATED.format(language=name),
            msg.UNTRANSLATED_HINT.format(
                path=f"content/{lang}/{page.source.removeprefix('content/')}"
            ),
            model,
            center.slug,
            severity,
        )
        for page in pages
    ]


def front_claims(
    front: FrontMatter,
    vocabularies: dict[str, Vocabulary],
    page: Page,
    center: Center,
    model: SiteModel,
) -> list[Problem]:
    """The claims check on the page's front matter as this center reads it (its own values,
    like its name, left out: they are facts, not claims)."""
    if page.general:
        return []
    ctx = {"center": center, "numbers": NUMBERS}
    marked = front.claim_texts(page, ctx)
    texts = [(marked.get((key, 0), getattr(page, key)), page.line_of(key)) for key in DYNAMIC]
    texts += [
        (marked.get(("faq", i), item.question), item.question_line or item.line)
        for i, item in enumerate(page.faq)
    ]
    out = []
    for text, line in texts:
        for found in vocabularies[page.lang].unsupported(text, center):
            message, hint = claims.message(found, front_matter=True)
            out.append(problem(Mark(page.source, line), message, hint, model, center.slug))
    return out
