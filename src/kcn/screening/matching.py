"""Land matching: which zones can host a project needing X ha, ranked, with the reason each
other zone was left out.

A zone can host the project when it has land figures, its infrastructure is under way
(parks and clusters: ``infrastructure_started`` or ``operating``), its available leasable
land (metric ``screening.zone_available_ha``) is at least X, its kind fits the sector (the
policy's ``zone_fit`` rule for that kind, when a sector is given), and every infrastructure
check passes. Hosts are ranked: operating before under construction, then the most available
land, then the code.

Infrastructure: the project may say how much power (MVA), water and wastewater treatment
(m³/day) it needs. Each need is compared with the capacity on the zone's latest facts sheet on
the date (``kcn.zones.service.infrastructure``): the zone is left out when its recorded
capacity is below the need (equal is enough); when the zone records no capacity the zone stays
in and its line says "not recorded". The recorded figure is the zone's whole capacity (its
substation, water supply, treatment plant), not what its tenants leave free, so passing is a
first screen, not a promise. :data:`INFRASTRUCTURE_CHECKS` holds one check per need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from kcn.kit.i18n import translate
from kcn.kit.metrics import Context, compute_in
from kcn.kit.permissions import Actor
from kcn.models import Zone
from kcn.screening import metrics as _metrics  # noqa: F401  (registers the land metrics)
from kcn.screening import ruleset
from kcn.screening.evaluation import Proposal, Rule
from kcn.zones import pipeline
from kcn.zones import service as zones
from kcn.zones.facts_schemas import Infrastructure
from kcn.zones.filters import ZoneFilter

READY = "infrastructure_started"  # the first milestone from which a zone can take tenants


@dataclass(frozen=True)
class Need:
    """What the project needs of a zone."""

    land_ha: Decimal
    sector: str | None = None
    kind: str | None = None
    district: str | None = None
    as_of: date = field(default_factory=date.today)
    # What the project needs, by the name of the zone's capacity: power_mva, water_m3_day,
    # wastewater_m3_day (a need not given is not checked).
    infrastructure: dict[str, Decimal] = field(default_factory=dict)


# The needs a project can state, named as the zone's capacities.
NEEDS = ("power_mva", "water_m3_day", "wastewater_m3_day")


@dataclass(frozen=True)
class InfraLine:
    """One need against the zone's recorded capacity; ``passed`` None: not recorded."""

    need: str
    needed: Decimal
    capacity: Decimal | None
    passed: bool | None
    is_demo: bool
    as_of: date | None  # the date of the facts sheet read

    def text(self, lang: str) -> str:
        what = translate(f"screening.infra.{self.need}", lang)
        unit = translate(f"screening.infra.unit.{self.need}", lang)
        params = {"what": what, "unit": unit, "needed": self.needed}
        if self.passed is None:
            return translate("screening.infra.not_recorded", lang, **params)
        key = "screening.infra.enough" if self.passed else "screening.infra.short"
        return translate(key, lang, capacity=self.capacity, **params)


InfrastructureCheck = Callable[[Need, Infrastructure | None], InfraLine | None]


def capacity_check(need: str) -> InfrastructureCheck:
    """The check of one need against the capacity of the same name; None when not needed."""

    def check(wanted: Need, infra: Infrastructure | None) -> InfraLine | None:
        needed = wanted.infrastructure.get(need)
        if needed is None:
            return None
        capacity: Decimal | None = getattr(infra, need) if infra is not None else None
        if capacity is None:
            return InfraLine(need, needed, None, None, False, infra.as_of if infra else None)
        assert infra is not None
        return InfraLine(need, needed, capacity, needed <= capacity, infra.is_demo, infra.as_of)

    return check


INFRASTRUCTURE_CHECKS: list[InfrastructureCheck] = [capacity_check(n) for n in NEEDS]


@dataclass(frozen=True)
class Candidate:
    zone: Zone
    stage: str | None
    available_ha: Decimal | None
    occupancy_pct: Decimal | None
    is_demo: bool
    reason: str | None = None  # None: the zone can host the project
    infrastructure: tuple[InfraLine, ...] = ()


def _fit_rule(rules: list[Rule], kind: str) -> Rule | None:
    return next((r for r in rules if r.kind == "zone_fit" and r.zone_kind == kind), None)


def _sector_fits(rule: Rule | None, sector: str) -> bool:
    return rule is None or any(sector.startswith(c) for c in rule.codes)


def match(
    session: Session, need: Need, actor: Actor, lang: str
) -> tuple[list[Candidate], list[Candidate], int]:
    """(hosts ranked, zones left out with their reason, policy version read)."""
    number, rules = ruleset.version(session)
    zones = ZoneFilter(kind=need.kind, admin_unit=need.district, as_of=need.as_of)
    rows = session.execute(zones.query(session, actor).order_by(Zone.code)).all()
    context = Context(session)
    hosts: list[Candidate] = []
    others: list[Candidate] = []
    for zone, stage_index in rows:
        stage = pipeline.stage_name(zone.kind, stage_index)
        params = {"zone": zone.code, "as_of": need.as_of}
        available = compute_in(context, "screening.zone_available_ha", params)
        occupancy = compute_in(context, "screening.zone_occupancy_pct", params)
        lines = _infrastructure(session, zone, need)
        reason = _reason(zone, stage_index, available.value, need, rules, lines, lang)
        is_demo = available.is_demo or zone.is_demo or any(line.is_demo for line in lines)
        candidate = Candidate(zone, stage, available.value, occupancy.value, is_demo, reason, lines)
        (others if reason else hosts).append(candidate)
    hosts.sort(
        key=lambda c: (
            -(pipeline.MILESTONES[c.zone.kind].index(c.stage or READY)),
            -(c.available_ha or 0),
            c.zone.code,
        )
    )
    return hosts, others, number


def _infrastructure(session: Session, zone: Zone, need: Need) -> tuple[InfraLine, ...]:
    """One line per need stated, against the zone's facts on the date."""
    if not need.infrastructure:
        return ()
    infra = zones.infrastructure(session, zone.id, need.as_of)
    found = (check(need, infra) for check in INFRASTRUCTURE_CHECKS)
    return tuple(line for line in found if line is not None)


def _reason(
    zone: Zone,
    stage_index: int | None,
    available: Decimal | None,
    need: Need,
    rules: list[Rule],
    lines: tuple[InfraLine, ...],
    lang: str,
) -> str | None:
    ready = pipeline.index(zone.kind, READY)
    if stage_index is None or stage_index < ready:
        stage = pipeline.stage_name(zone.kind, stage_index)
        label = translate(f"milestone.{stage}", lang) if stage else "–"
        return translate("screening.match.not_ready", lang, stage=label)
    if available is None:
        return translate("screening.match.no_land", lang)
    if available < need.land_ha:
        return translate(
            "screening.match.too_small", lang, available=available, wanted=need.land_ha
        )
    if need.sector and not _sector_fits(_fit_rule(rules, zone.kind), need.sector):
        kind = translate(f"kind.{zone.kind}", lang)
        return translate("screening.why.zone_misfit", lang, sector=need.sector, kind=kind)
    short = [line.text(lang) for line in lines if line.passed is False]
    return " ".join(short) or None


def need_of(proposal: Proposal) -> Need:
    """What a screened proposal needs of a zone."""
    return Need(proposal.land_ha, proposal.sector, proposal.zone_kind, None, proposal.on)
