"""Evaluating a proposal against a version of the screening policy: a pure function of the
proposal and the rules (no database, no clock), so the same input and policy version always
give the same verdict, score and lines.

Each rule kind:

- ``min_investment_rate``: capital (USD million) ÷ land (ha) ≥ threshold; of the rules whose
  scope (zone kind, VSIC prefix) fits, the most specific applies (sector before zone kind
  before neither);
- ``max_workers_per_ha``: workers ÷ land ≤ threshold (most specific, as above);
- ``priority_sectors``: the sector starts with one of the codes;
- ``restricted_sectors``: the sector starts with none of the codes;
- ``technology_class``: the proposal's class is one of the codes;
- ``environment_category``: the category is one of the codes (not given: not applicable);
- ``zone_fit``: for the rule of the zone kind asked for, the sector starts with one of the codes
  (no zone kind: not applicable);
- ``fta_partner``: an investor country is linked with Viet Nam by an FTA on the date;
- ``priority_score``: no line; the score from which an eligible proposal is ``priority``.

Score: 100 × Σ weight of the rules passed ÷ Σ weight of the rules that apply, rounded half up
to a whole number. Verdict: a failed ``required`` rule → ``not_eligible``; else a failed
``condition`` → ``conditional``; else ``priority`` when the score reaches the priority score,
else ``eligible``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kcn.kit.i18n import fmt_number, translate
from kcn.screening import fta

MILLION = Decimal(1_000_000)
VERDICTS = ("priority", "eligible", "conditional", "not_eligible")
THRESHOLD_KINDS = ("min_investment_rate", "max_workers_per_ha", "priority_score")
SECTOR_KINDS = ("priority_sectors", "restricted_sectors", "zone_fit")


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    effect: str
    title_vi: str
    title_en: str
    weight: int
    source: str
    zone_kind: str | None = None
    sector: str | None = None
    threshold: Decimal | None = None
    codes: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict[str, Any]) -> Rule:
        """From a snapshot dict (a policy version) or the shipped YAML."""
        threshold = data.get("threshold")
        return cls(
            code=str(data["code"]),
            kind=str(data["kind"]),
            effect=str(data["effect"]),
            title_vi=str(data["title_vi"]),
            title_en=str(data["title_en"]),
            weight=int(data.get("weight") or 0),
            source=str(data.get("source") or ""),
            zone_kind=data.get("zone_kind") or None,
            sector=data.get("sector") or None,
            threshold=None if threshold is None else Decimal(str(threshold)),
            codes=tuple(str(c) for c in data.get("codes") or ()),
        )

    def title(self, lang: str) -> str:
        return self.title_en if lang.startswith("en") else self.title_vi

    def fits(self, proposal: Proposal) -> bool:
        """Does the rule's scope (zone kind, sector) cover the proposal?"""
        if self.zone_kind is not None and self.zone_kind != proposal.zone_kind:
            return False
        return self.sector is None or proposal.sector.startswith(self.sector)

    def specificity(self) -> tuple[int, int]:
        return (len(self.sector or ""), 1 if self.zone_kind else 0)


@dataclass(frozen=True)
class Proposal:
    investor: str
    countries: tuple[str, ...]
    sector: str
    capital_usd: Decimal
    land_ha: Decimal
    workers: int
    technology_class: str
    on: date
    environment_category: str | None = None
    zone_kind: str | None = None
    zone: str | None = None

    @property
    def rate(self) -> Decimal:
        """Investment rate, USD million per ha."""
        return self.capital_usd / MILLION / self.land_ha

    @property
    def workers_per_ha(self) -> Decimal:
        return Decimal(self.workers) / self.land_ha


@dataclass(frozen=True)
class Line:
    code: str
    kind: str
    effect: str
    title: str
    value: str
    threshold: str
    passed: bool | None  # None: the rule does not apply to this proposal
    weight: int
    points: int
    why: str
    source: str


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    score: int
    policy_version: int
    lines: tuple[Line, ...]
    investment_rate: Decimal
    workers_per_ha: Decimal
    agreements: tuple[str, ...] = field(default_factory=tuple)


def _most_specific(rules: Sequence[Rule], proposal: Proposal) -> Rule | None:
    fitting = [r for r in rules if r.fits(proposal)]
    if not fitting:
        return None
    return max(fitting, key=lambda r: (r.specificity(), r.code))


def _starts(sector: str, codes: Sequence[str]) -> str | None:
    return next((c for c in codes if sector.startswith(c)), None)


def _n(value: Decimal, lang: str, decimals: int = 2) -> str:
    return fmt_number(value, lang, decimals)


Check = Callable[[Rule, Proposal, str], tuple[bool | None, str, str, str]]


def _rate(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    assert rule.threshold is not None
    ok = p.rate >= rule.threshold
    value, limit = _n(p.rate, lang), _n(rule.threshold, lang)
    key = "screening.why.rate_ok" if ok else "screening.why.rate_low"
    return ok, value, f"≥ {limit}", translate(key, lang, value=value, threshold=limit)


def _workers(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    assert rule.threshold is not None
    ok = p.workers_per_ha <= rule.threshold
    value, limit = _n(p.workers_per_ha, lang, 1), _n(rule.threshold, lang, 0)
    key = "screening.why.workers_ok" if ok else "screening.why.workers_high"
    return ok, value, f"≤ {limit}", translate(key, lang, value=value, threshold=limit)


def _priority(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    found = _starts(p.sector, rule.codes)
    key = "screening.why.priority_sector" if found else "screening.why.not_priority_sector"
    return (
        bool(found),
        p.sector,
        ", ".join(rule.codes),
        translate(key, lang, sector=p.sector, code=found or ""),
    )


def _restricted(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    found = _starts(p.sector, rule.codes)
    key = "screening.why.restricted_sector" if found else "screening.why.not_restricted"
    return (
        not found,
        p.sector,
        ", ".join(rule.codes),
        translate(key, lang, sector=p.sector, code=found or ""),
    )


def _technology(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    ok = p.technology_class in rule.codes
    label = translate(f"screening.technology.{p.technology_class}", lang)
    key = "screening.why.technology_ok" if ok else "screening.why.technology_other"
    wanted = ", ".join(translate(f"screening.technology.{c}", lang) for c in rule.codes)
    return ok, label, wanted, translate(key, lang, value=label)


def _environment(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    wanted = ", ".join(rule.codes)
    if p.environment_category is None:
        return None, "–", wanted, translate("screening.why.environment_missing", lang)
    ok = p.environment_category in rule.codes
    key = "screening.why.environment_ok" if ok else "screening.why.environment_high"
    return ok, p.environment_category, wanted, translate(key, lang, value=p.environment_category)


def _zone_fit(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    found = _starts(p.sector, rule.codes)
    kind = translate(f"kind.{rule.zone_kind}", lang)
    key = "screening.why.zone_fit" if found else "screening.why.zone_misfit"
    return (
        bool(found),
        p.sector,
        ", ".join(rule.codes),
        translate(key, lang, sector=p.sector, kind=kind),
    )


def _fta(rule: Rule, p: Proposal, lang: str) -> tuple[bool | None, str, str, str]:
    links = sorted({a.code for c in p.countries for a in fta.agreements_on(p.on, c)})
    value = ", ".join(p.countries)
    if links:
        why = translate("screening.why.fta", lang, agreements=", ".join(links), date=p.on)
    else:
        why = translate("screening.why.no_fta", lang, countries=value, date=p.on)
    return bool(links), value, "FTA", why


CHECKS: dict[str, Check] = {
    "min_investment_rate": _rate,
    "max_workers_per_ha": _workers,
    "priority_sectors": _priority,
    "restricted_sectors": _restricted,
    "technology_class": _technology,
    "environment_category": _environment,
    "zone_fit": _zone_fit,
    "fta_partner": _fta,
}
SINGLE = ("min_investment_rate", "max_workers_per_ha")


def applicable(rules: Sequence[Rule], proposal: Proposal) -> list[Rule]:
    """The rules that make a line, in policy order: one per threshold kind (the most specific
    that fits), every fitting rule of the other kinds."""
    chosen: dict[str, Rule | None] = {
        kind: _most_specific([r for r in rules if r.kind == kind], proposal) for kind in SINGLE
    }
    out = []
    for rule in rules:
        if rule.kind in SINGLE:
            if chosen[rule.kind] is rule:
                out.append(rule)
        elif rule.kind in CHECKS and rule.fits(proposal):
            out.append(rule)
    return out


def score_of(lines: Sequence[Line]) -> int:
    """100 × points ÷ weight of the lines that apply, half up (0 when nothing weighs)."""
    weight = sum(line.weight for line in lines if line.passed is not None)
    if weight == 0:
        return 0
    points = sum(line.points for line in lines)
    return int((Decimal(100 * points) / weight).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def verdict_of(lines: Sequence[Line], score: int, priority_score: Decimal | None) -> str:
    failed = {line.effect for line in lines if line.passed is False}
    if "required" in failed:
        return "not_eligible"
    if "condition" in failed:
        return "conditional"
    if priority_score is not None and score >= priority_score:
        return "priority"
    return "eligible"


def evaluate(proposal: Proposal, rules: Sequence[Rule], version: int, lang: str) -> Evaluation:
    lines = []
    for rule in applicable(rules, proposal):
        passed, value, threshold, why = CHECKS[rule.kind](rule, proposal, lang)
        points = rule.weight if passed else 0
        lines.append(
            Line(
                rule.code,
                rule.kind,
                rule.effect,
                rule.title(lang),
                value,
                threshold,
                passed,
                rule.weight,
                points,
                why,
                rule.source,
            )
        )
    score = score_of(lines)
    bar = _most_specific([r for r in rules if r.kind == "priority_score"], proposal)
    links = sorted({a.code for c in proposal.countries for a in fta.agreements_on(proposal.on, c)})
    return Evaluation(
        verdict=verdict_of(lines, score, bar.threshold if bar else None),
        score=score,
        policy_version=version,
        lines=tuple(lines),
        investment_rate=proposal.rate,
        workers_per_ha=proposal.workers_per_ha,
        agreements=tuple(links),
    )
