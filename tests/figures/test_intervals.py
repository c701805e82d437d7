"""What a published figure allows, by qualifier and by the digits it was given with."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kcn.figures.intervals import classify, interval


def test_exact_figure_allows_its_rounding() -> None:
    assert interval(D("2238"), "exact", 0) == (D("2237.5"), D("2238.5"))
    assert interval(D("19.11"), "exact", 2) == (D("19.105"), D("19.115"))


@pytest.mark.parametrize(
    ("value", "qualifier", "decimals", "derived", "status"),
    [
        (D("9"), "exact", 0, D("9"), "match"),
        (D("9"), "exact", 0, D("10"), "differs"),
        (D("70"), "about", 0, D("70.28"), "match"),
        (D("70"), "about", 0, D("71.5"), "within"),
        (D("70"), "about", 0, D("75"), "differs"),
        (D("2238"), "about", 0, D("2250"), "within"),
        (D("1000"), "more_than", 0, D("1001"), "within"),
        (D("1000"), "more_than", 0, D("999"), "differs"),
        (D("100"), "nearly", 0, D("97"), "within"),
        (D("100"), "nearly", 0, D("90"), "differs"),
    ],
)
def test_classify(value: D, qualifier: str, decimals: int, derived: D, status: str) -> None:
    assert classify(value, qualifier, decimals, derived) == status
