"""What the editor's config needs to know about the project: the service catalog, the centers
(slug and name) and the languages with a content folder."""

from __future__ import annotations

from pathlib import Path

from ..devsite import DevSite
from ..languages import DEFAULT, known
from .centers_store import index as centers_index
from .config import Project


def read_project(root: Path) -> Project:
    """As the files say (no build needed: the published editor, or a first build that failed)."""
    catalog = tuple(sorted(p.stem for p in (root / "content/services").glob("*.md")))
    try:
        idx = centers_index((root / "centers.yaml").read_text(encoding="utf-8"))
        centers = tuple(
            (b.slug, next((v.value for k, v in b.node.value if k.value == "name"), b.slug))
            for b in idx.blocks
        )
    except Exception:  # (centers.yaml cannot be read now: the preview says why)
        centers = ()
    langs = tuple(sorted(c for c in known() if c != DEFAULT and (root / "content" / c).is_dir()))
    return Project(catalog, centers, langs)


def of_site(site: DevSite) -> Project:
    """From the preview's last good build (its centers' real slugs), else from the files."""
    found = read_project(site.root)
    model = site.model
    if model is None:
        return found
    catalog = tuple(sorted(model.content.catalog))
    return Project(catalog, tuple((c.slug, c.name) for c in model.centers), found.languages)
