"""Folding Vietnamese for search: case, diacritics, đ, and both tone-mark placements."""

from __future__ import annotations

import unicodedata

import pytest

from kcn.kit.text import fold, like_pattern, nfc


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Yên Lư", "yen lu"),
        ("Hoà Phú", "hoa phu"),
        ("Hòa Phú", "hoa phu"),
        ("Thuỷ", "thuy"),
        ("Thủy", "thuy"),
        ("Đình Trám", "dinh tram"),
        ("  Song Khê–Nội   Hoàng ", "song khe - noi hoang"),
        ("Song Khê - Nội Hoàng", "song khe - noi hoang"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_ignores_normalisation_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Khu công nghiệp Yên Lư")
    assert fold(decomposed) == fold("Khu công nghiệp Yên Lư")


def test_nfc_composes_and_trims() -> None:
    decomposed = unicodedata.normalize("NFD", " Việt  Yên ")
    assert nfc(decomposed) == "Việt Yên"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_x") == "%50\\%\\_x%"
