"""Language-assistance taglines (ACA §1557, 45 CFR 92.11): the 15 most common languages of the
center's state, from data/taglines.yaml, each with its own `lang` and `dir`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .centers import Center

DATA = Path(__file__).parent / "data" / "taglines.yaml"
PER_STATE = 15


@dataclass(frozen=True)
class Tagline:
    lang: str
    name: str
    native: str
    dir: str
    before: str  # the sentence around the center's number, which the template isolates in <bdi>
    after: str
    reviewed: bool

    @property
    def text(self) -> str:
        return f"{self.before}{{phone}}{self.after}"


@cache
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def review_note() -> str:
    return str(_data().get("review_note", ""))


def source() -> str:
    return str(_data().get("source", ""))


def for_center(center: Center) -> list[Tagline]:
    """The center's states' languages in order (a multi-state center aggregates, first come first),
    with the center's own number filled in."""
    data = _data()
    codes: list[str] = []
    for state in dict.fromkeys(loc.state for loc in center.locations):
        for code in data["states"].get(state, []):
            if code not in codes:
                codes.append(code)
    out = []
    for code in codes:  # 15 per state; a center in several states lists the union
        lang = data["languages"][code]
        out.append(
            Tagline(
                code,
                lang["name"],
                lang["native"],
                lang.get("dir", "ltr"),
                *lang["tagline"].split("{phone}", 1),
                bool(lang.get("reviewed", False)),
            )
        )
    return out
