"""Figures read from a report's text, rule by rule: ``kcn stats extract`` and ``kcn stats
check REPORT.txt``.

Rule-based and offline: each sentence is folded (:func:`~kcn.stats.checker.phrases.fold_keep`,
so spans stay those of the original) and matched against the phrasings of
:mod:`kcn.stats.checker.phrases`: production value (total, by VSIC section, by ownership),
its growth and share of plan; value added, its growth and contribution; the IIP; districts
that grew and their growths; counts and areas of parks and clusters; occupancy. Each figure
keeps its qualifier, unit, period and sentence. A number no rule reads is listed in
``unread`` with its sentence, never guessed (years, "6 tháng", "10/10" are not figures).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kcn.stats.checker.extract_rules import rules
from kcn.stats.checker.phrases import NUM, fold_keep, number, qualifier

PERIOD = re.compile(
    r"(\d+) thang(?: dau nam)?|quy (?:iv|iii|ii|i)\b|thang \d+(?:/\d{4})?|"
    r"first (?:half|six months)|(\d+) months|6 thang qua|sau thang"
)
OTHER_BASE = re.compile(
    r"^[^,;]{0,25}so voi (?:thang|ke hoach|binh quan)|^[^,;]{0,25}(?:month|plan)"
)
NOT_FIGURES = re.compile(
    r"\b(?:19|20)\d{2}\b|\d+\s*thang|thang \d+|\d+/\d+|quy \w+|\d+ months|\d+-\d+"
)


@dataclass(frozen=True)
class Found:
    """A figure read from the text: its key in the facts layout, value, how it was written."""

    key: str
    value: Decimal
    written: str
    qualifier: str
    unit: str
    period: str
    sentence: str
    start: int  # span of the number in the whole text
    end: int
    sentence_start: int = 0  # where the sentence starts in the whole text


@dataclass
class Extraction:
    figures: list[Found] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (number as written, sentence)

    def get(self, key: str) -> Found | None:
        return next((f for f in self.figures if f.key == key), None)

    def to_mapping(self) -> dict[str, Any]:
        """The figures in the layout ``kcn stats check`` reads (every scalar a string)."""
        root: dict[str, Any] = {}
        for found in self.figures:
            *path, name = found.key.split(".")
            node = root
            for part in path:
                node = node.setdefault(part, {})
            node[name] = str(found.value)
            if found.qualifier != "exact":
                node.setdefault("qualifier", {})[name] = found.qualifier
            if found.unit and name in ("value", "plan"):
                node["unit"] = found.unit
            node.setdefault("sentence", found.sentence)
            if found.period:
                node.setdefault("period", found.period)
        return root


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, sentence)``: lines, cut after '.', '!' or '?' before a capital letter."""
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for piece in re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ])", line.group()):
            offset = text.find(piece, start)
            if piece.strip():
                yield offset, piece
            start = offset + len(piece)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.style = "vi" if re.search(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạ]", text) else "en"
        self.out = Extraction()
        self.period = ""
        self.production_base = ""  # the last production-value sentence's key, for its parts

    def add(
        self, key: str, m: re.Match[str], group: str, qual: str = "exact", *,
        unit: bool = False, sign: int = 1,
    ) -> None:  # fmt: skip
        """The number of ``group`` in ``m`` (a match on the folded sentence) under ``key``."""
        written = m.group(group)
        value = number(written, self.style)
        start, end = m.span(group)
        if value is None:
            return  # left for the unread list
        value = value * sign
        if any(f.key == key for f in self.out.figures):
            self.consumed.append((start, end))
            return  # the same figure again (a repeat, a headline): the first stands
        unit_text = self.sentence[m.start("unit") : m.end("unit")] if unit else ""
        self.out.figures.append(
            Found(
                key,
                value,
                written,
                qual,
                unit_text,
                self.period,
                self.sentence,
                self.offset + start,
                self.offset + end,
                self.offset,
            )
        )
        self.consumed.append((start, end))

    def growth(self, key: str, m: re.Match[str]) -> bool:
        """A growth match: % with its sign, "N lần" as (N − 1) × 100; False (and left unread)
        when it compares with another base than the same period a year earlier."""
        after = self.folded[m.end() : m.end() + 60]
        if OTHER_BASE.search(after.lstrip(" ,")):
            return False  # compared with a month or a plan
        qual = qualifier(m.group("gqual") + " " + m.group("gqual2"))
        falls = m.group("verb") in ("giam", "down", "decreased by", "fell")
        if m.group("gunit") in ("lan", "times"):
            times = number(m.group("growth"), self.style)
            if falls or times is None:
                return False
            self.add(key, m, "growth", qual)
            last = self.out.figures[-1]
            if last.key == key and last.written == m.group("growth"):
                self.out.figures[-1] = Found(**{**vars(last), "value": (times - 1) * 100})
            return True
        self.add(key, m, "growth", qual, sign=-1 if falls else 1)
        return True

    def read(self) -> Extraction:
        for offset, sentence in sentences(self.text):
            self.offset, self.sentence, self.folded = offset, sentence, fold_keep(sentence)
            self.consumed: list[tuple[int, int]] = []
            if (p := PERIOD.search(self.folded)) is not None:
                self.period = sentence[p.start() : p.end()]
            rules(self)
            self._unread()
        return self.out

    def _unread(self) -> None:
        skip = [m.span() for m in NOT_FIGURES.finditer(self.folded)]
        for m in re.finditer(NUM, self.folded):
            spans = [*self.consumed, *skip]
            if not any(a <= m.start() < b for a, b in spans):
                self.out.unread.append((m.group(), self.sentence))


def extract(text: str) -> Extraction:
    """Every figure the rules read in ``text``, and the numbers they could not."""
    return _Reader(text).read()
