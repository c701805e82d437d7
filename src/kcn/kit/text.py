"""Vietnamese text: store NFC, fold for search and matching.

Folding lowers the case, strips every diacritic (so the old and new tone-mark placements
"Hoà"/"Hòa" and "Thuỷ"/"Thủy" become equal), maps "đ" to "d" and collapses whitespace, so
"yen lu" finds "Yên Lư" and "hoa phu" finds both "Hoà Phú" and "Hòa Phú".
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-–—]\s*")


def nfc(text: str) -> str:
    """Normalise to NFC and trim surrounding and repeated whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """The search key of ``text``: lower case, no diacritics, "đ"→"d", single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _DASHES.sub(" - ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def ascii_name(text: str) -> str:
    """``text`` without diacritics, case kept ("Hiệp Hòa" → "Hiep Hoa"): how Vietnamese
    names are written in English."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return nfc("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def like_pattern(query: str, folded: bool = True) -> str:
    """A LIKE pattern matching ``query`` anywhere (folded, or only lower-cased for codes),
    with the LIKE wildcards escaped."""
    text = fold(query) if folded else query.strip().lower()
    text = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{text}%"
