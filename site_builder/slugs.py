"""Slugs: the folder and web-address name of a center, derived once from its name."""

from __future__ import annotations

from collections.abc import Container

from slugify import slugify


def derive(name: str, city: str, street: str, taken: Container[str]) -> str:
    """The name; on a clash add the city, then the street, then -2, -3 … (DECISIONS: slugs)."""
    candidates = [slugify(name), slugify(f"{name} {city}"), slugify(f"{name} {city} {street}")]
    for slug in candidates:
        if slug and slug not in taken:
            return slug
    n = 2
    while f"{candidates[-1]}-{n}" in taken:
        n += 1
    return f"{candidates[-1]}-{n}"
