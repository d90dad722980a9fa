"""Page, the frozen record of one source page that every later stage reads, with the constants
that describe pages (layouts, service categories, content folders). Kept apart from reading them
(page_file.py, content.py) because rendering, checks and the site files need only the type."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass

from . import languages
from .problems import Mark

CATEGORIES = ("therapy", "program", "medical", "support", "specialized")
CATEGORY_NAMES = {
    "therapy": "Therapy",
    "program": "Programs",
    "medical": "Medical care",
    "support": "Support",
    "specialized": "Programs for specific groups",
}
LAYOUTS = ("home", "page", "service", "faq", "contact")
SERVICES_DIR = "services"
CENTERS_DIR = "centers"
DEFAULT_LANGUAGE = languages.DEFAULT
#: Text keys of front matter that are published as written (title, description, nav, summary
#: and FAQ questions may use Jinja: see frontmatter.py).
PLAIN_KEYS = ("acronym", "reviewed_by")
PAGE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TITLE_LONG = 70  # characters: longer titles are cut off in search results and browser tabs


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    line: int  # of the answer's first line
    question_line: int = 0


@dataclass(frozen=True)
class Page:
    """One source page. `id` is its stable key (path without .md), the same in every language."""

    id: str
    source: str
    body: str
    body_line: int
    title: str
    description: str
    summary: str
    nav: str
    order: int
    layout: str
    category: str
    acronym: str
    requires: str
    last_reviewed: dt.date | None
    reviewed_by: str
    updated: dt.date | None
    faq: tuple[FaqItem, ...]
    service: str
    center: str
    mark: Mark
    key_lines: tuple[tuple[str, int], ...] = ()
    #: A condition on the center's facts (`center.treats_substance_use`): the page is built only
    #: for centers where it holds (frontmatter.py evaluates it in the sandbox).
    when: str = ""
    terms: tuple[str, ...] = ()
    general: bool = False
    lang: str = DEFAULT_LANGUAGE  # a page in content/<code>/ is the same page in that language
    slug: str = ""  # a translated last part of its address (content/<code>/ only)

    def line_of(self, key: str) -> int:
        """The front-matter line of `key` (1 when it is not written), for problems about it."""
        return dict(self.key_lines).get(key, 1)

    @property
    def url(self) -> str:
        """Site-relative URL path: '' for the home page, 'services/iop/' for the rest;
        'es/servicios-x/' for a page in another language (its folder, then its own slug)."""
        path = "" if self.id == "index" else self.id.removesuffix("/index")
        if self.slug and path:
            parent = posixpath.dirname(path)
            path = f"{parent}/{self.slug}" if parent else self.slug
        prefix = "" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/"
        return prefix + (path + "/" if path else "")

    @property
    def output_path(self) -> str:
        return self.url + "index.html"

    @property
    def has_jinja(self) -> bool:
        return text_has_jinja(self.body) or any(text_has_jinja(f.answer) for f in self.faq)

    @property
    def health_page(self) -> bool:
        return self.last_reviewed is not None


def text_has_jinja(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text
