"""Load and validate the whole project into one immutable model before anything is rendered."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from . import center_load, languages
from . import messages as msg
from .centers import Center
from .config import SiteConfig, read_settings
from .content import Content, collect
from .problems import Mark, Problems, Severity, did_you_mean, fold
from .schema import Reader
from .sitefiles import git_dates
from .themes import ThemeSet

CENTERS_FILE = "centers.yaml"
_OFFERS = re.compile(r"offers\(\s*[\"']([^\"']+)[\"']\s*\)")
_SPEAKS = re.compile(r"speaks\(\s*[\"']([^\"']+)[\"']\s*\)")


@dataclass(frozen=True)
class SiteModel:
    root: Path
    config: SiteConfig
    centers: tuple[Center, ...]
    content: Content
    themes: ThemeSet
    today: dt.date
    problems: Problems
    declared: int = 0  # centers written in centers.yaml, valid or not
    git_dates: dict[str, dt.date] = field(default_factory=dict)  # content file -> last commit

    def quote(self, mark: Mark) -> str:
        return self.problems.quote(mark)

    def center(self, slug: str) -> Center | None:
        return self._by_slug.get(slug)

    @functools.cached_property
    def _by_slug(self) -> dict[str, Center]:
        """Every worker and every dev-server rebuild looks centers up by slug, per page."""
        return {c.slug: c for c in self.centers}


def today_from(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH, else the clock: date checks must be reproducible."""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def load(
    root: Path, today: dt.date, problems: Problems | None = None, themes: ThemeSet | None = None
) -> SiteModel:
    """`themes` lets the dev server keep its compiled templates while no theme file changed."""
    problems = problems or Problems(root=root)
    problems.root = root
    themes = themes or ThemeSet(root / "themes", root / "templates", root, problems)
    content = collect(root / "content", root, problems)
    # Theme texts are read now, so a mistake in a strings file is reported with the others
    # before anything renders (they are read lazily, and in worker processes, otherwise).
    for theme in themes.themes:
        for lang in {"en", *(p.lang for p in content.translated)}:
            themes.strings(theme, lang)
    catalog = content.catalog
    config = SiteConfig()
    centers: list[Center] = []
    cf = center_load.read_file(root / CENTERS_FILE, CENTERS_FILE, problems)
    if cf is not None:
        config = read_settings(cf.settings, Reader(CENTERS_FILE, problems))
        facts = center_facts(content, themes, today, config)
        centers = center_load.read_centers(cf, Reader(CENTERS_FILE, problems, facts))
        from .directory import check_slugs  # (directory.py reads the model)

        check_slugs(config, centers, problems)
    declared = len(cf.centers) if cf else 0
    known = {**catalog, **{sid: None for sid in content.failed_services}}
    cross_check(content, centers, known, problems, all_loaded=len(centers) == declared)
    dates = git_dates(root)
    return SiteModel(
        root, config, tuple(centers), content, themes, today, problems, declared, dates
    )


def center_facts(
    content: Content, themes: ThemeSet, today: dt.date, config: SiteConfig
) -> dict[str, object]:
    """What reading a center needs to know about the rest of the project (also the editor's
    preview of a center not saved yet)."""
    catalog = content.catalog
    return {
        # a service page that failed to load is still a service: no cascade of errors
        "services": tuple(sorted({*catalog, *content.failed_services})),
        "service_terms": {
            fold(term): sid
            for sid, page in catalog.items()
            for term in (*page.terms, page.acronym)
            if term
        },
        "themes": tuple(sorted(themes.themes)),
        "today": today,
        "warning_days": config.credential_warning_days,
    }


def cross_check(
    content: Content,
    centers: list[Center],
    catalog: dict,
    problems: Problems,
    all_loaded: bool = True,
) -> None:
    """`all_loaded`: every center of centers.yaml loaded; a center with a mistake is reported
    once, not again as an unknown owner of its pages in content/centers/<slug>/."""
    slugs = {c.slug for c in centers}
    folders: dict[tuple[str, str], str] = {}  # (language, slug) → the first page's source
    for slug, pages in content.per_center.items():
        folders.setdefault(("", slug), pages[0].source)
    for page in content.translated:  # content/es/centers/<slug>/ too: a rename leaves it behind
        if page.center:
            folders.setdefault((page.lang, page.center), page.source)
    for (lang, slug), source in sorted(folders.items()):
        if slug not in slugs and centers and all_loaded:
            close = did_you_mean(slug, slugs)
            folder = f"content/{lang}/centers/" if lang else "content/centers/"
            problems.add(
                Mark(source, 1, 1),
                msg.OVERRIDE_UNKNOWN_CENTER.format(folder=folder, value=slug),
                f"{close} {msg.OVERRIDE_UNKNOWN_CENTER_HINT}"
                if close
                else msg.OVERRIDE_UNKNOWN_CENTER_HINT,
            )
    shared_ids = {p.id for p in content.shared}
    for slug, pages in content.per_center.items():  # a page of its own, or a misspelt override?
        for page in pages:
            if page.id in shared_ids:
                continue
            ratios = ((SequenceMatcher(None, page.id, i).ratio(), i) for i in sorted(shared_ids))
            near = [i for r, i in sorted(ratios, key=lambda x: -x[0]) if r >= 0.85]  # closest
            if near:
                problems.add(
                    Mark(page.source, 1),
                    msg.OWN_PAGE_NEAR_SHARED.format(slug=slug, shared=near[0]),
                    msg.OWN_PAGE_NEAR_SHARED_HINT.format(slug=slug, shared=near[0]),
                    Severity.WARNING,
                )
    english = {("", p.id) for p in content.shared}
    english |= {(slug, p.id) for slug, ps in content.per_center.items() for p in ps}
    english |= {("", f"services/{sid}") for sid in content.failed_services}  # reported already
    for page in content.translated:  # a twin is published only beside its English page
        if ("", page.id) not in english and (page.center, page.id) not in english:
            english_path = page.source.replace(f"content/{page.lang}/", "content/", 1)
            if english_path in content.failed_pages or (page.center and page.center not in slugs):
                continue  # it is there, with its own mistake reported; or its folder's is
            problems.add(
                Mark(page.source, 1),
                msg.NO_ENGLISH_TWIN.format(path=english_path),
                msg.NO_ENGLISH_TWIN_HINT.format(path=english_path),
                Severity.WARNING,
            )
    known_languages = {*languages.language_names(), *(n for c in centers for n in c.languages)}
    spoken = {n.casefold() for n in known_languages}
    for page in content.all_pages:
        for text, first in ((page.body, page.body_line), *((i.answer, i.line) for i in page.faq)):
            for m in _SPEAKS.finditer(text):  # a misspelt language is never true, and silent
                value = m.group(1)
                if value.strip().casefold() in spoken:
                    continue
                named = languages.language_name(value)  # "Español" is listed as "Spanish"
                problems.add(
                    Mark(page.source, first + text.count("\n", 0, m.start()), 0),
                    msg.UNKNOWN_SPEAKS.format(value=value),
                    msg.UNKNOWN_SPEAKS_AS.format(name=named)
                    if named.casefold() in spoken
                    else did_you_mean(value, sorted(known_languages)) or msg.UNKNOWN_SPEAKS_HINT,
                )
            for m in _OFFERS.finditer(text):
                if m.group(1) not in catalog:
                    problems.add(
                        Mark(page.source, first + text.count("\n", 0, m.start()), 0),
                        msg.UNKNOWN_OFFERS.format(value=m.group(1)),
                        did_you_mean(m.group(1), catalog)
                        or msg.UNKNOWN_SERVICE_HINT_NONE.format(choices=", ".join(sorted(catalog))),
                    )
        if page.requires and page.requires not in catalog and "requires" in dict(page.key_lines):
            problems.add(
                Mark(page.source, page.line_of("requires"), 10),
                msg.REQUIRES_UNKNOWN.format(value=page.requires),
                did_you_mean(page.requires, catalog)
                or msg.UNKNOWN_SERVICE_HINT_NONE.format(choices=", ".join(sorted(catalog))),
            )
