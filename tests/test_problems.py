"""did_you_mean: a hint must never lead an editor to a different real value by a near tie."""

from __future__ import annotations

import pytest

from site_builder.problems import did_you_mean

CATALOG = [
    "adolescents", "case-management", "cbt", "co-occurring", "crisis-stabilization", "dbt",
    "family-therapy", "group-therapy", "holistic", "individual-therapy", "iop", "lgbtq",
    "medication-management", "peer-support", "php", "psychoeducation", "veterans",
]  # fmt: skip


@pytest.mark.parametrize(
    "typed, hint",
    [
        ("group-therpy", "did you mean 'group-therapy'?"),  # a typo
        ("CBT", "did you mean 'cbt'?"),  # capitals
        ("Group Therapy", "did you mean 'group-therapy'?"),  # words as on the page
        ("family_therapy", "did you mean 'family-therapy'?"),
        ("individual", "did you mean 'individual-therapy'?"),  # the start of the id
        ("medication", "did you mean 'medication-management'?"),
        ("iopp", "did you mean 'iop'?"),
        ("xbt", ""),  # as close to cbt as to dbt, and short: naming either could mislead
        ("teens", ""),  # not 'veterans' (the catalog's terms suggest 'adolescents' instead)
        ("abc", ""),
    ],
)
def test_near_misses_editors_make(typed: str, hint: str) -> None:
    assert did_you_mean(typed, CATALOG) == hint


def test_a_tie_names_both() -> None:
    assert did_you_mean("aetna plan", ["Aetna plans", "Aetna plant"]) == (
        "did you mean 'Aetna plans' or 'Aetna plant'?"
    )
