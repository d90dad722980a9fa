"""What a site's pages are checked against, worked out once per center (or once for the network
directory) from its data, never read back from its pages: the numbers it may show, the origins
it may load from, where its forms may send."""

from __future__ import annotations

import functools
import html as html_lib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..centers import Center
from ..numbers import PUBLIC_E164
from ..problems import Mark
from ..rendered import RenderedPage

#: Where a problem found in a built file is in the sources (checks/__init__.py: the first line of
#: the page's Markdown that holds the text, else the layout that made the page).
Locate = Callable[[RenderedPage, str], Mark]


@dataclass(frozen=True)
class SiteFacts:
    numbers: frozenset[str]  # E.164 numbers a page may show: the site's own and the public table
    origins: frozenset[str]  # origins a page may load from besides its own (allowed_origins)
    site_origin: str  # the site's own origin ("" without a base URL)
    #: where a form may send: the center's HIPAA-covered HTTPS endpoint ("" when it has none)
    form_endpoint: str = ""
    #: the directory: its one form lists centers by state, a GET form to its own page
    own_get_forms: bool = False


@functools.lru_cache(maxsize=4096)
def of_center(center: Center) -> SiteFacts:
    """Once per center (the dev server asks again on every save: kept while the center is the
    same)."""
    ep = center.form_endpoint
    return SiteFacts(
        numbers=center.own_numbers | PUBLIC_E164,
        origins=frozenset(origin(u) for u in center.allowed_origins),
        site_origin=origin(center.base_url) if center.base_url else "",
        form_endpoint=(
            ep.url if ep is not None and ep.hipaa_covered and ep.url.startswith("https://") else ""
        ),
    )


def of_directory(centers: list[Center], base_url: str) -> SiteFacts:
    """The network directory: every number of a center it lists is its own; it loads nothing
    from elsewhere."""
    own = frozenset(n for c in centers if not c.draft for n in c.own_numbers)
    return SiteFacts(
        numbers=own | PUBLIC_E164,
        origins=frozenset(),
        site_origin=origin(base_url) if base_url else "",
        own_get_forms=True,
    )


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def foreign(url: str, facts: SiteFacts) -> bool:
    """The URL loads from an origin that is neither the site's nor one it allows."""
    url = html_lib.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return False
    if parts.scheme in ("data",):
        return False
    at = origin(url)
    return at != facts.site_origin and at not in facts.origins
