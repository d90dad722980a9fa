"""What rendering produces: files for one center, and the problems found while making them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem


@dataclass(frozen=True)
class RenderedPage:
    path: str  # inside the center's folder, e.g. "services/iop/index.html"
    data: bytes
    page_id: str = ""


#: A link into another page's anchor, kept so the anchor can be checked again when only the target
#: page is rebuilt: (file, line, target page id, anchor).
AnchorRef = tuple[str, int, str, str]


@dataclass
class CenterResult:
    slug: str
    files: list[RenderedPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The problems of each page rendered (also in `problems`), so a later build that renders
    #: only some pages can report the others' again.
    page_problems: dict[str, list[Problem]] = field(default_factory=dict)
    refs: dict[str, list[AnchorRef]] = field(default_factory=dict)
    #: how the pages write an address of their own site ("https://example.org/clinic/" and
    #: "/clinic/"): the checks read those links the same for every site (checks/findings.py)
    own: tuple[str, ...] = ()
    #: the problems of each page's links into anchors, by its plan key (render_checks.py)
    anchor_problems: dict[str, list[Problem]] = field(default_factory=dict)
