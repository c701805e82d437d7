"""VSIC 2018 (Hệ thống ngành kinh tế Việt Nam, Decision 27/2018/QĐ-TTg): the code list that
project sectors are checked against.

``data/vsic2018.csv`` holds the 21 sections' 88 divisions (level 2, complete) and the level-4
classes most common in industrial parks (not complete). A 2-digit code must be a division; a
4- or 5-digit code must lie in a known division, and is named when its class is in the file
(docs/enterprises.md).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    code: str
    section: str
    name_vi: str
    name_en: str


@cache
def codes() -> dict[str, Code]:
    text = resources.files("kcn.enterprises").joinpath("data/vsic2018.csv").read_text("utf-8")
    return {row["code"]: Code(**row) for row in csv.DictReader(io.StringIO(text))}


def is_valid(code: str) -> bool:
    """Is ``code`` a VSIC 2018 division (2 digits) or a class or subclass (4 or 5 digits) of a
    division in the list?"""
    if not code.isdigit() or len(code) not in (2, 4, 5):
        return False
    known = codes()
    if len(code) == 2:
        return code in known
    return code[:2] in known


def section(code: str) -> str | None:
    """The section letter (``C``: manufacturing) of a valid code."""
    entry = codes().get(code[:2])
    return entry.section if entry else None


def name(code: str, lang: str) -> str:
    """The name of the most precise level the list knows."""
    known = codes()
    for prefix in (code[:4], code[:2]):
        if prefix in known:
            entry = known[prefix]
            return entry.name_en if lang.startswith("en") else entry.name_vi
    return ""
