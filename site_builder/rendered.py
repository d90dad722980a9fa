"""What rendering produces: files for one center, and the problems found while making them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem


@dataclass(frozen=True)
class RenderedPage:
    path: str  # inside the center's folder, e.g. "services/iop/index.html"
    data: bytes
    page_id: str = ""


@dataclass
class CenterResult:
    slug: str
    files: list[RenderedPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
