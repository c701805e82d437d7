"""Free trade agreements (FTAs) in force for Viet Nam, as data (``data/fta.yaml``): every
agreement, the date it entered into force for Viet Nam, and each partner's start (and end)
date, each with its source. :func:`agreements_on` answers "on date D, which agreements link
Viet Nam with country X?" (the UK in CPTPP from 15/12/2024, in EVFTA only until 31/12/2020,
Israel from 17/11/2024, …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Membership:
    country: str
    start: date | None  # None: not in force for this partner yet
    end: date | None = None
    note: str = ""

    def active_on(self, day: date) -> bool:
        return (
            self.start is not None and self.start <= day and (self.end is None or day <= self.end)
        )


@dataclass(frozen=True)
class Agreement:
    code: str
    name_vi: str
    name_en: str
    vn_from: date | None  # None: signed, not in force for Viet Nam
    source: str
    partners: tuple[Membership, ...]

    def name(self, lang: str) -> str:
        return self.name_en if lang.startswith("en") else self.name_vi

    def in_force_on(self, day: date) -> bool:
        return self.vn_from is not None and self.vn_from <= day

    def links(self, day: date, country: str) -> Membership | None:
        """The partner's membership that links it with Viet Nam on ``day``, if any."""
        if not self.in_force_on(day):
            return None
        for m in self.partners:
            if m.country == country and m.active_on(day):
                return m
        return None


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def agreements() -> tuple[Agreement, ...]:
    """Every agreement in the shipped file, in its order."""
    text = resources.files("kcn.screening").joinpath("data/fta.yaml").read_text("utf-8")
    out = []
    for item in yaml.safe_load(text)["agreements"]:
        partners = tuple(
            Membership(p["country"], _date(p.get("from")), _date(p.get("to")), p.get("note", ""))
            for p in item["partners"]
        )
        out.append(
            Agreement(
                item["code"],
                item["name_vi"],
                item["name_en"],
                _date(item.get("vn_from")),
                item["source"],
                partners,
            )
        )
    return tuple(out)


def agreements_on(day: date, country: str) -> list[Agreement]:
    """The agreements that link Viet Nam with ``country`` (ISO 3166-1 alpha-2) on ``day``."""
    code = country.upper()
    return [a for a in agreements() if a.links(day, code) is not None]


def partners_on(day: date) -> dict[str, list[str]]:
    """Every partner country on ``day`` → the codes of the agreements linking it."""
    out: dict[str, list[str]] = {}
    for agreement in agreements():
        if not agreement.in_force_on(day):
            continue
        for m in agreement.partners:
            if m.active_on(day):
                out.setdefault(m.country, []).append(agreement.code)
    return dict(sorted(out.items()))


def has_fta(day: date, countries: list[str]) -> bool:
    return any(agreements_on(day, c) for c in countries)
