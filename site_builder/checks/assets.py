"""A theme's CSS and JavaScript: what each file loads and any tracking code in it, read once per
distinct file (every center of a theme publishes the same files), then judged against each site's
origins."""

from __future__ import annotations

import functools

from .. import messages as msg
from ..problems import Problem
from ..rendered import RenderedPage
from .facts import Locate, SiteFacts, foreign
from .findings import CSS_URL, trackers


def is_asset(path: str) -> bool:
    return path.endswith((".css", ".js"))


@functools.lru_cache(maxsize=256)
def read(data: bytes, css: bool) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(the URLs a stylesheet loads, the tracking code in the file), once per distinct file."""
    text = data.decode("utf-8", "replace")
    urls = tuple(u.group(1) or u.group(2) for u in CSS_URL.finditer(text)) if css else ()
    return urls, trackers(text, text.lower(), html=False)


def problems(f: RenderedPage, facts: SiteFacts, locate: Locate) -> list[Problem]:
    urls, found = read(f.data, f.path.endswith(".css"))
    out = [
        Problem(locate(f, url), msg.THIRD_PARTY.format(url=url), msg.THIRD_PARTY_HINT)
        for url in urls
        if foreign(url, facts)
    ]
    return out + [
        Problem(locate(f, code), msg.TRACKER.format(what=what), msg.TRACKER_HINT)
        for what, code in found
    ]
