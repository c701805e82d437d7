"""The administrative unit an observation belongs to, as it stood at the end of its period.

:class:`Units` resolves many references with one query, by the rule of
:func:`kcn.geo.service.resolve` (a unit key first, else the unit with that code valid on the
day, else the latest one with that code), so that an import of any size reads the units once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kcn.kit.periods import Period
from kcn.models import AdminUnit

PROVINCE_CODE = "24"  # Bắc Giang until 30 June 2025, Bắc Ninh (merged) since


def period_end(period: Period) -> date:
    return date(period.year, period.last_month, 28)


class Units:
    """The units that ``refs`` (keys or codes) and the province may name, loaded at once."""

    def __init__(self, session: Session, refs: Iterable[str]) -> None:
        wanted = {PROVINCE_CODE, *refs}
        stmt = select(AdminUnit).where(or_(AdminUnit.key.in_(wanted), AdminUnit.code.in_(wanted)))
        self._by_key: dict[str, AdminUnit] = {}
        self._by_code: dict[str, list[AdminUnit]] = {}
        for unit in session.scalars(stmt):
            self._by_key[unit.key] = unit
            self._by_code.setdefault(unit.code, []).append(unit)

    def resolve(self, ref: str, on: date) -> AdminUnit | None:
        """The unit with key ``ref``, else the unit with code ``ref`` valid ``on`` (else the
        latest one with that code)."""
        unit = self._by_key.get(ref)
        if unit is not None:
            return unit
        candidates = self._by_code.get(ref, [])
        candidates = [u for u in candidates if u.valid_on(on)] or candidates
        candidates = sorted(candidates, key=lambda u: u.valid_from or date.min, reverse=True)
        return candidates[0] if candidates else None

    def province_on(self, day: date) -> AdminUnit:
        unit = self.resolve(PROVINCE_CODE, day)
        assert unit is not None, "administrative units are not loaded"
        return unit

    def at_end_of(self, ref: str | None, period: Period) -> AdminUnit | None:
        """The unit ``ref`` (default: the province) as it stood at the end of ``period``;
        None when there is no such unit then (a 2024 district for a period after July 2025)."""
        day = period_end(period)
        if not ref:
            return self.province_on(day)
        unit = self.resolve(ref, day)
        return unit if unit is not None and unit.valid_on(day) else None
