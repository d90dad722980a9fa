"""Deterministic, balanced shards of the centers, so a CI matrix of N jobs builds a network in
parallel and the N shards together are exactly the full build."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .centers import Center


class ShardError(ValueError):
    pass


def parse(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ShardError(f"--shard '{text}' should be K/N with 1 ≤ K ≤ N, like 2/4")
    return int(m.group(1)), int(m.group(2))


def cost(center: Center) -> int:
    """About how many pages the center has: the shared pages plus one per service and location."""
    return 20 + len(center.services) + len(center.locations)


def assign(centers: Sequence[Center], n: int) -> list[list[Center]]:
    """Longest-processing-time first: biggest centers first, each to the lightest shard so far
    (ties to the lowest shard). Depends only on the centers, never on the order they are listed."""
    shards: list[list[Center]] = [[] for _ in range(n)]
    loads = [0] * n
    for c in sorted(centers, key=lambda c: (-cost(c), c.slug)):
        i = min(range(n), key=lambda k: (loads[k], k))
        shards[i].append(c)
        loads[i] += cost(c)
    return [sorted(s, key=lambda c: c.slug) for s in shards]


def pick(centers: Sequence[Center], k: int, n: int) -> list[Center]:
    chosen = {c.slug for c in assign(centers, n)[k - 1]}
    return [c for c in centers if c.slug in chosen]
