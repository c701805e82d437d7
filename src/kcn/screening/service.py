"""Screening services shared by the API, the pages and the CLI."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises import checks
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.i18n import in_language, translate
from kcn.kit.metrics import compute_many, round_to
from kcn.kit.permissions import Actor
from kcn.models import Zone
from kcn.models.screening import LEAD_STAGES
from kcn.screening import evaluation, fta, matching, ruleset
from kcn.screening import metrics as _metrics  # noqa: F401  (registers the lead metrics)
from kcn.screening.evaluation import Evaluation, Proposal
from kcn.screening.schemas import (
    AgreementRead,
    EvaluationRead,
    FunnelRead,
    FunnelStep,
    InfraLineRead,
    LineRead,
    MatchRead,
    MatchZone,
    PartnersRead,
    ProposalIn,
)


def country_code(value: str, field: str = "country") -> str:
    code = checks.country(value)
    if code is None:
        raise ValidationFailed(
            fields=[FieldError(field, "screening.bad_country", {"value": value})]
        )
    return code


def fta_partners(day: date, country: str | None, lang: str) -> PartnersRead:
    """The agreements linking Viet Nam with ``country`` on ``day`` (or every partner)."""
    if country is None:
        items = [
            AgreementRead(
                code=a.code, name=a.name(lang), in_force_for_vietnam=a.vn_from, source=a.source
            )
            for a in fta.agreements()
            if a.in_force_on(day)
        ]
        return PartnersRead(date=day, country=None, agreements=items, partners=fta.partners_on(day))
    code = country_code(country)
    items = []
    for a in fta.agreements_on(day, code):
        m = a.links(day, code)
        assert m is not None
        items.append(
            AgreementRead(
                code=a.code,
                name=a.name(lang),
                in_force_for_vietnam=a.vn_from,
                partner_from=m.start,
                partner_to=m.end,
                source=a.source,
            )
        )
    return PartnersRead(date=day, country=code, agreements=items)


def verdict_label(verdict: str, lang: str) -> str:
    return translate(f"screening.verdict.{verdict}", lang)


def proposal_of(session: Session, data: ProposalIn) -> Proposal:
    """The proposal to evaluate; a zone code must exist and fits the zone kind if both given."""
    zone_kind: str | None = data.zone_kind
    if data.zone:
        zone = session.scalar(select(Zone).where(Zone.code == data.zone))
        if zone is None:
            raise ValidationFailed(
                fields=[FieldError("zone", "screening.unknown_zone", {"value": data.zone})]
            )
        if zone_kind and zone_kind != zone.kind:
            raise ValidationFailed(fields=[FieldError("zone_kind", "screening.zone_kind_mismatch")])
        zone_kind = zone.kind
    return Proposal(
        investor=data.investor,
        countries=tuple(data.countries),
        sector=data.sector,
        capital_usd=data.capital_usd,
        land_ha=data.land_ha,
        workers=data.workers,
        technology_class=data.technology_class,
        on=data.date or date.today(),
        environment_category=data.environment_category,
        zone_kind=zone_kind,
        zone=data.zone,
    )


def to_read(proposal: Proposal, result: Evaluation, lang: str) -> EvaluationRead:
    return EvaluationRead(
        investor=proposal.investor,
        date=proposal.on,
        verdict=result.verdict,
        verdict_label=verdict_label(result.verdict, lang),
        score=result.score,
        policy_version=result.policy_version,
        investment_rate=round_to(result.investment_rate, 2) or Decimal(0),
        workers_per_ha=round_to(result.workers_per_ha, 1) or Decimal(0),
        agreements=list(result.agreements),
        lines=[LineRead.model_validate(line) for line in result.lines],
    )


def evaluate(session: Session, data: ProposalIn, lang: str) -> EvaluationRead:
    """Screen one proposal with the policy version asked for (default: the latest)."""
    proposal = proposal_of(session, data)
    number, rules = ruleset.version(session, data.policy_version)
    return to_read(proposal, evaluation.evaluate(proposal, rules, number, lang), lang)


def _match_zone(c: matching.Candidate, lang: str) -> MatchZone:
    unit = c.zone.admin_unit
    return MatchZone(
        code=c.zone.code,
        name=in_language(lang, vi=c.zone.name, en=c.zone.name_en),
        kind=c.zone.kind,
        district=unit.name if unit is not None else None,
        stage=c.stage,
        available_ha=c.available_ha,
        occupancy_pct=c.occupancy_pct,
        is_demo=c.is_demo,
        reason=c.reason,
        infrastructure=[
            InfraLineRead(
                need=line.need,
                needed=line.needed,
                capacity=line.capacity,
                passed=line.passed,
                is_demo=line.is_demo,
                as_of=line.as_of,
                text=line.text(lang),
            )
            for line in c.infrastructure
        ],
    )


def match_land(
    session: Session,
    actor: Actor,
    lang: str,
    land_ha: Decimal,
    sector: str | None = None,
    kind: str | None = None,
    district: str | None = None,
    as_of: date | None = None,
    infrastructure: Mapping[str, Decimal | None] | None = None,
) -> MatchRead:
    """The zones that can host a project needing ``land_ha`` ha (and, if given, power MVA,
    water and wastewater m³/day: ``infrastructure`` by the names of ``matching.NEEDS``),
    ranked, and the others with their reason; 422 for land ≤ 0, a negative need or an
    unknown sector."""
    errors = []
    if land_ha <= 0:
        errors.append(FieldError("ha", "field.min", {"ge": "0.01"}))
    needs = {k: v for k, v in (infrastructure or {}).items() if v is not None}
    for name, value in needs.items():
        if name not in matching.NEEDS:
            raise ValueError(f"unknown infrastructure need {name!r}")
        if value < 0:
            errors.append(FieldError(name, "field.min", {"ge": "0"}))
    if sector is not None and checks.sector(sector) is None:
        errors.append(FieldError("sector", "project.bad_vsic"))
    if errors:
        raise ValidationFailed(fields=errors)
    need = matching.Need(land_ha, sector, kind, district, as_of or date.today(), needs)
    hosts, others, number = matching.match(session, need, actor, lang)
    return MatchRead(
        land_ha=land_ha,
        sector=sector,
        kind=kind,
        district=district,
        as_of=need.as_of,
        infrastructure=needs,
        policy_version=number,
        zones=[_match_zone(c, lang) for c in hosts],
        left_out=[_match_zone(c, lang) for c in others],
    )


def funnel(
    session: Session, lang: str, country: str | None = None, sector: str | None = None
) -> FunnelRead:
    """The conversion funnel from the registry's lead metrics."""
    if country is not None:
        country = country_code(country)
    base = {"country": country, "sector": sector}
    forward = [s for s in LEAD_STAGES if s != "lost"]
    results = compute_many(
        session,
        [("leads.reached", {**base, "stage": s}) for s in forward]
        + [("leads.lost", base), ("leads.conversion_pct", base), ("leads.overdue", base)],
    )
    reached = [int(r.value or 0) for r in results[: len(forward)]]
    first = reached[0]
    steps = [
        FunnelStep(
            stage=stage,
            label=translate(f"lead.stage.{stage}", lang),
            reached=n,
            pct_of_first=round_to(Decimal(n) * 100 / first, 2) if first else None,
        )
        for stage, n in zip(forward, reached, strict=True)
    ]
    lost, conversion, overdue = results[len(forward) :]
    return FunnelRead(
        country=country,
        sector=sector,
        steps=steps,
        lost=int(lost.value or 0),
        conversion_pct=conversion.value,
        overdue=int(overdue.value or 0),
    )
