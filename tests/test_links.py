"""An independent link check of the built sample sites, written without our own checks: every
href, src and srcset of every HTML page resolves to a file of the same site (links to the site's own
base_url included), and every #fragment exists in its target page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from helpers import run_build, sample_project


def _broken(site: Path) -> list[tuple[str, str]]:
    ids: dict[Path, set[str]] = {}

    def ids_of(f: Path) -> set[str]:
        if f not in ids:
            ids[f] = set(re.findall(r'\sid="([^"]+)"', f.read_text(encoding="utf-8")))
        return ids[f]

    broken = []
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        canonical = soup.find("link", rel="canonical")
        own = urlsplit(canonical["href"]).netloc if canonical else None
        refs = [t[a] for t in soup.find_all(True) for a in ("href", "src") if t.get(a)]
        refs += [
            s.strip().split(" ")[0]
            for t in soup.find_all(srcset=True)
            for s in t["srcset"].split(",")
        ]
        for ref in refs:
            u = urlsplit(ref)
            if u.scheme in ("tel", "sms", "mailto") or (u.scheme and u.netloc != own):
                continue
            if ref.startswith("#"):
                if ref[1:] and ref[1:] not in ids_of(html):
                    broken.append((str(html.relative_to(site)), ref))
                continue
            here = "/" + str(html.parent.relative_to(site))
            path = u.path if u.path.startswith("/") else posixpath.join(here, u.path)
            target = site / unquote(path).lstrip("/")
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.exists() or (
                u.fragment and target.suffix == ".html" and u.fragment not in ids_of(target)
            ):
                broken.append((str(html.relative_to(site)), ref))
    return broken


def test_the_sample_sites_have_no_broken_links(tmp_path: Path) -> None:
    root = sample_project(tmp_path)
    result = run_build(root)
    assert not result.failed, [p.message for p in result.problems if p.is_error]
    sites = [
        p for p in (root / "output").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ]
    assert len(sites) >= 3
    for site in sites:
        assert _broken(site) == [], site.name
