"""What templates see as `site`: one center's pages, menus and services, all as URLs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .centers import Center, Location
from .content import CATEGORY_NAMES, Page
from .urls import Urls


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    page_id: str


class SiteView:
    """What templates see as `site`: this center's pages, menus and services, all as URLs."""

    def __init__(
        self,
        center: Center,
        pages: dict[str, Page],
        urls: Urls,
        fallback: dict[str, str] | None = None,
        t: Callable[..., str] | None = None,
    ) -> None:
        """`fallback`: in another language, the pages not translated, by id, with the URL of the
        default language's page (a link to one goes there rather than nowhere)."""
        self.center, self.pages, self.urls = center, pages, urls
        self.fallback = fallback or {}
        self.t = t
        ordered = sorted(pages.values(), key=lambda p: (p.order, p.id))
        self.nav = [NavItem(p.nav, urls.page(p.id), p.id) for p in ordered if p.nav]
        self.services = [p for p in ordered if p.service or p.category]
        self.footer_pages = [
            NavItem(p.title, urls.page(p.id), p.id) for p in ordered if p.order >= 90 and not p.nav
        ]

    def has(self, page_id: str) -> bool:
        return page_id in self.pages

    def service_groups(self) -> list[tuple[str, list[Page]]]:
        """(heading, pages) per category, the heading in the site's language (theme strings
        category_<name>; the English names otherwise)."""
        groups: dict[str, list[Page]] = {}
        for p in self.services:
            groups.setdefault(p.category or "therapy", []).append(p)
        return [(self._category(c), groups[c]) for c in CATEGORY_NAMES if c in groups]

    def _category(self, key: str) -> str:
        try:
            return self.t(f"category_{key}") if self.t is not None else CATEGORY_NAMES[key]
        except KeyError:
            return CATEGORY_NAMES[key]

    def service_page(self, service_id: str) -> Page | None:
        return self.pages.get(f"services/{service_id}")

    def location_url(self, loc: Location) -> str:
        return self.urls.page(f"locations/{loc.id}")
