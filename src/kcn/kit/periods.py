"""Statistical periods: a month (2024-06), quarter (2024-Q2), half (2024-H1), year (2024) or
the first n months of a year (2024-01..05, "5 tháng đầu năm").

Cumulative periods that coincide with a quarter, half or year take that name, so
``2024-01..06`` and ``2024-H1`` are the same period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kcn.kit.i18n import month_name, translate

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-01\.\.(\d{2})$"), "ytd"),
)


class PeriodError(ValueError):
    """Not a period this system knows."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first_month: int
    last_month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            year = int(match.group(1))
            n = int(match.group(2)) if kind != "year" else 0
            span = {
                "month": (n, n),
                "quarter": (3 * n - 2, 3 * n),
                "half": (6 * n - 5, 6 * n),
                "year": (1, 12),
                "ytd": (1, n),
            }[kind]  # (all tuples are valid to build, unlike labels)
            if not (1 <= span[0] <= span[1] <= 12) or not 1900 <= year <= 2200:
                break
            return cls(year, *span)
        raise PeriodError(text)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, month, month)

    @property
    def kind(self) -> str:
        first, last = self.first_month, self.last_month
        if first == last:
            return "month"
        if (first, last) == (1, 12):
            return "year"
        if last - first == 5 and first in (1, 7):
            return "half"
        if last - first == 2 and first in (1, 4, 7, 10):
            return "quarter"
        if first == 1:
            return "ytd"
        raise PeriodError(f"{self.year}-{first:02d}..{last:02d}")

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    def __str__(self) -> str:
        kind, y, last = self.kind, self.year, self.last_month
        if kind == "month":
            return f"{y}-{last:02d}"
        if kind == "quarter":
            return f"{y}-Q{last // 3}"
        if kind == "half":
            return f"{y}-H{last // 6}"
        if kind == "year":
            return f"{y}"
        return f"{y}-01..{last:02d}"

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.first_month, self.last_month)

    def month_periods(self) -> list[Period]:
        return [Period.month(self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def label(self, lang: str) -> str:
        """``6 tháng đầu năm 2024`` / ``first half of 2024`` and the like (``period.*``)."""
        kind, y, last = self.kind, self.year, self.last_month
        if kind == "month":
            return translate("period.month", lang, month=month_name(last, lang), year=y)
        if kind == "quarter":
            return translate(f"period.quarter.{last // 3}", lang, year=y)
        if kind == "half":
            return translate(f"period.half_of.{last // 6}", lang, year=y)
        if kind == "year":
            return translate("period.year", lang, year=y)
        return translate("period.ytd", lang, last=month_name(last, lang), year=y)
