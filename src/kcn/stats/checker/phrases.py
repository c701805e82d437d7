"""The phrasings the extractor knows (:mod:`kcn.stats.checker.extract`), as regular
expressions over *folded* text: lower case, no diacritics, "đ" → "d", one character for one
(so a match's span is also its span in the original text).

Numbers: Vietnamese style ("315.145", "311.986,8", "19,11") or English ("315,145.0",
"19.11"); ``NUM`` matches either, :func:`number` reads it in the text's style. A qualifier
(ước, khoảng, hơn, trên, gần, xấp xỉ, đạt; about, nearly, more than, over, estimated) may come
before a verb or a number; growth is "tăng/giảm X%" (up/down X %), "tăng N lần" (×N),
"bằng X% so với cùng kỳ" (an index: X − 100).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
QUAL = (
    r"(?:estimated at|uoc tinh|uoc dat|uoc|khoang|xap xi|hon|tren|gan|dat|about|nearly|"
    r"almost|more than|over|estimated|reached|around)"
)
QUALS = rf"(?P<qual>(?:\b{QUAL}\s+)*)"
UNIT = (
    r"(?P<unit>nghin ty dong|ngan ty dong|nghin ty|ngan ty|ty dong|ti dong|trieu dong|"
    r"trillion vnd|billion vnd|million vnd|vnd billion|trieu usd|million usd|ha|hectares?)"
)
VALUE = rf"{QUALS}(?P<value>{NUM})\s*{UNIT}"
GROWTH = (
    rf"(?P<gqual>(?:\b{QUAL}\s+)*)"
    r"\b(?P<verb>tang|giam|up|down|increased by|decreased by|rose|fell)"
    rf"\s+(?P<gqual2>(?:\b{QUAL}\s+)*)(?P<growth>{NUM})\s*(?P<gunit>%|lan|times)"
)
PLAN = (
    rf"(?:bang|dat|reached|equal to)\s+(?P<plan>{NUM})\s*%\s*(?:so voi\s+)?"
    r"(?:ke hoach|kh\b|of the (?:annual )?plan|plan)"
)
INDEX = rf"(?:bang|dat)\s+(?P<index>{NUM})\s*%\s*so (?:voi )?cung ky"

SECTIONS: tuple[tuple[str, str], ...] = (
    ("D+E", r"dien,?\s+nuoc\b(?!\s+nong)"),
    ("C", r"che bien|che tao|manufactur"),
    ("B", r"khai khoäng|khai thac|mining|quarrying"),
    ("D", r"\bdien\b|electricity|khi dot"),
    ("E", r"\bnuoc\b|rac thai|water|waste"),
)
"""VSIC sections by the words that name them, in the order they are tried."""

OWNERSHIP: tuple[tuple[str, str], ...] = (
    ("fdi", r"von dau tu nuoc ngoai|\bfdi\b|foreign[- ]invested"),
    ("non_state", r"ngoai nha nuoc|ngoai quoc doanh|non-state|\bprivate\b"),
    ("state", r"nha nuoc|quoc doanh|\bstate\b"),
)

QUALIFIER_NAMES = {
    "uoc": "estimate", "uoc tinh": "estimate", "uoc dat": "estimate", "estimated": "estimate",
    "estimated at": "estimate",
    "khoang": "about", "xap xi": "about", "about": "about", "around": "about",
    "hon": "more_than", "tren": "more_than", "more than": "more_than", "over": "more_than",
    "gan": "nearly", "nearly": "nearly", "almost": "nearly",
}  # fmt: skip


def fold_keep(text: str) -> str:
    """``text`` folded character by character: the result has the same length. "khoáng"
    (mineral, as in "khai khoáng") folds to "khoäng", kept apart from "khoảng" (about)."""
    text = re.sub(r"(?i)(?<=kho)á(?=ng)", "ä", text)
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        if ch == "ä":
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base.lower()) == 1 else ch)
    return "".join(out)


def number(text: str, style: str) -> Decimal | None:
    """The number written ``text`` in ``style`` (``vi``: '.' groups, ',' marks decimals)."""
    group, point = (".", ",") if style == "vi" else (",", ".")
    if style == "vi" and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) is None and "." in text:
        return None  # "3.37" in a Vietnamese text: neither a grouping nor a decimal comma
    plain = text.replace(group, "").replace(point, ".")
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def qualifier(words: str) -> str:
    """The strongest qualifier among ``words`` (one-sided ones win), "exact" if none."""
    found = {QUALIFIER_NAMES[w] for w in re.findall(QUAL, words) if w in QUALIFIER_NAMES}
    for name in ("more_than", "nearly", "about", "estimate"):
        if name in found:
            return name
    return "exact"


def section_of(name: str) -> str | None:
    for code, pattern in SECTIONS:
        if re.search(pattern, name):
            if code == "D+E" and "khi dot" in name:
                continue
            return code
    return None


def ownership_of(name: str) -> str | None:
    for code, pattern in OWNERSHIP:
        if re.search(pattern, name):
            return code
    return None
