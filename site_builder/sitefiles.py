"""The non-page files of each site: sitemap.xml, robots.txt, _headers and the listings export."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from . import seo
from .centers import Center
from .content import CATEGORY_NAMES, Page
from .rendered import RenderedPage
from .urls import Urls

LISTINGS_JSON = "listings.json"
LISTINGS_CSV = "listings.csv"


def files(
    center: Center,
    urls: Urls,
    pages: dict[str, Page],
    model,  # type: ignore[no-untyped-def]
    listed: list[tuple[str, Page | None, tuple[tuple[str, str], ...]]],
) -> list[RenderedPage]:
    """`listed`: every page of the site in every language, as (absolute URL, its source page or
    None, its twins in the site's languages)."""
    entries = [
        seo.SitemapEntry(url, _lastmod(page, model.git_dates), twins)
        for url, page, twins in sorted(listed, key=lambda e: e[0])
    ]
    categories = ["Mental health clinic"]
    if center.treats_substance_use:
        categories.append("Addiction treatment center")
    categories += [
        pages[f"services/{s}"].title for s in center.services if f"services/{s}" in pages
    ]
    listings_json, listings_csv = seo.listings(center, urls, categories)
    return [
        RenderedPage("sitemap.xml", seo.sitemap(entries)),
        RenderedPage("robots.txt", seo.robots(center, urls)),
        RenderedPage("_headers", seo.headers_file(center, urls)),
        RenderedPage(LISTINGS_JSON, listings_json),
        RenderedPage(LISTINGS_CSV, listings_csv),
    ]


def _lastmod(page: Page | None, git_dates: dict[str, dt.date]) -> dt.date | None:
    """Front matter first (updated, last_reviewed), then the file's last commit; never the clock."""
    if page is None:
        return None
    return page.updated or page.last_reviewed or git_dates.get(page.source)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)


def git_dates(root: Path) -> dict[str, dt.date]:
    """Last commit date of every file under content/, from one `git log` — only with full history
    (a shallow clone would date every file to the clone's single commit)."""
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository")
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return {}
        top = _git(root, "rev-parse", "--show-toplevel").stdout.strip()
        log = _git(root, "log", "--format=%x00%cs", "--name-only", "--", "content")
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix() if top else ""
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            rel = (
                line[len(prefix) + 1 :]
                if prefix not in ("", ".") and line.startswith(prefix + "/")
                else line
            )
            dates.setdefault(rel, current)
    return dates


__all__ = ["CATEGORY_NAMES", "files", "git_dates"]
