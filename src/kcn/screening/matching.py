"""Land matching: which zones can host a project needing X ha, ranked, with the reason each
other zone was left out.

A zone can host the project when it has land figures, its infrastructure is under way
(parks and clusters: ``infrastructure_started`` or ``operating``), its available leasable
land (metric ``screening.zone_available_ha``) is at least X, its kind fits the sector (the
policy's ``zone_fit`` rule for that kind, when a sector is given), and every registered
infrastructure check passes. Hosts are ranked: operating before under construction, then the
most available land, then the code.

Infrastructure (power, water, wastewater) is recorded by the zones domain in a later change;
:data:`INFRASTRUCTURE_CHECKS` is the hook where its criteria plug in, without this module
changing: each check takes the zone and the need and returns a reason key (with parameters)
to leave the zone out, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.i18n import translate
from kcn.kit.metrics import Context, compute_in
from kcn.kit.permissions import Actor
from kcn.models import Zone
from kcn.screening import metrics as _metrics  # noqa: F401  (registers the land metrics)
from kcn.screening import ruleset
from kcn.screening.evaluation import Proposal, Rule
from kcn.zones import pipeline
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
    # Filled by the infrastructure criteria when they exist (MW, m³/day…).
    infrastructure: dict[str, Any] = field(default_factory=dict)


Reason = tuple[str, dict[str, Any]]
InfrastructureCheck = Callable[[Zone, Need], Reason | None]
# The hook for power, water and wastewater criteria (see the module docstring).
INFRASTRUCTURE_CHECKS: list[InfrastructureCheck] = []


@dataclass(frozen=True)
class Candidate:
    zone: Zone
    stage: str | None
    available_ha: Decimal | None
    occupancy_pct: Decimal | None
    is_demo: bool
    reason: str | None = None  # None: the zone can host the project


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
        reason = _reason(zone, stage_index, available.value, need, rules, lang)
        candidate = Candidate(
            zone, stage, available.value, occupancy.value, available.is_demo or zone.is_demo, reason
        )
        (others if reason else hosts).append(candidate)
    hosts.sort(
        key=lambda c: (
            -(pipeline.MILESTONES[c.zone.kind].index(c.stage or READY)),
            -(c.available_ha or 0),
            c.zone.code,
        )
    )
    return hosts, others, number


def _reason(
    zone: Zone,
    stage_index: int | None,
    available: Decimal | None,
    need: Need,
    rules: list[Rule],
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
    for check in INFRASTRUCTURE_CHECKS:
        found = check(zone, need)
        if found is not None:
            key, params = found
            return translate(key, lang, **params)
    return None


def need_of(proposal: Proposal) -> Need:
    """What a screened proposal needs of a zone."""
    return Need(proposal.land_ha, proposal.sector, proposal.zone_kind, None, proposal.on)
