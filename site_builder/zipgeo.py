"""Where a ZIP code is, for the directory's "find the nearest center": the `zipcodes` package's
offline table (it ships its data; nothing is fetched), cut at build time to the states the centers
are in and split by the ZIP's first three digits, so the page's script loads one small file."""

from __future__ import annotations

import functools
import json

from .centers import Location

#: Places are rounded to this many decimals: about 100 m, closer than a ZIP's centre means.
DECIMALS = 3


@functools.lru_cache(maxsize=1)
def _all() -> dict[str, tuple[str, float, float]]:
    """Every ZIP code: (state, latitude, longitude). The package's Rust core builds the list once."""
    import zipcodes  # type: ignore[import-untyped]

    out = {}
    for z in zipcodes.list_all():
        try:
            out[z["zip_code"]] = (z["state"], float(z["lat"]), float(z["long"]))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def place(loc: Location) -> tuple[float, float] | None:
    """The location's own geo:, else the centre of its ZIP code; None when neither is known."""
    if loc.geo is not None:
        return (round(loc.geo.latitude, DECIMALS), round(loc.geo.longitude, DECIMALS))
    found = _all().get(loc.zip[:5])
    return (round(found[1], DECIMALS), round(found[2], DECIMALS)) if found else None


def tables(states: set[str]) -> dict[str, bytes]:
    """`zip/<first three digits>.json` → {"91106": [34.144, -118.127], …} for every ZIP code of
    `states`, as compact, sorted JSON (the same bytes for the same data)."""
    parts: dict[str, dict[str, list[float]]] = {}
    for code, (state, lat, lon) in _all().items():
        if state in states:
            parts.setdefault(code[:3], {})[code] = [round(lat, DECIMALS), round(lon, DECIMALS)]
    return {
        f"zip/{prefix}.json": json.dumps(part, sort_keys=True, separators=(",", ":")).encode()
        for prefix, part in sorted(parts.items())
    }
