"""The API of screening: FTA partners, the policy, evaluation, land matching and leads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from kcn.auth.deps import get_actor
from kcn.kit.errors import NotFound
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.permissions import Actor
from kcn.kit.resource_router import build_router
from kcn.screening import leads, ruleset, service
from kcn.screening.policy import require_reader
from kcn.screening.resources import LEADS, RULES
from kcn.screening.schemas import (
    ActivityCreate,
    EvaluationRead,
    FunnelRead,
    LeadConvert,
    LeadRead,
    MatchRead,
    PartnersRead,
    PolicyVersionRead,
    ProposalIn,
    StageChange,
    ZoneKind,
)

ActorDep = Annotated[Actor, Depends(get_actor)]

router = APIRouter()
fta_router = APIRouter(prefix="/api/v1/fta", tags=["screening"])
screening_router = APIRouter(prefix="/api/v1/screening", tags=["screening"])
rules_router = build_router(RULES, get_actor)
leads_router = build_router(LEADS, get_actor)
LeadId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def need_query(description: str) -> Any:
    return Query(max_digits=12, decimal_places=2, description=description)


@fta_router.get(
    "/partners",
    response_model=PartnersRead,
    name="fta_partners",
    summary="Which free trade agreements link Viet Nam with a country on a date",
)
def fta_partners(
    lang: LangDep,
    on: Annotated[date | None, Query(alias="date", description="Default: today.")] = None,
    country: Annotated[
        str | None, Query(max_length=3, description="ISO 3166-1 alpha-2 or alpha-3 code.")
    ] = None,
) -> PartnersRead:
    return service.fta_partners(on or date.today(), country or None, lang)


@screening_router.post(
    "/evaluate",
    response_model=EvaluationRead,
    name="screening_evaluate",
    summary="Screen a proposal: verdict, score 0–100 and one line per rule",
)
def evaluate(session: SessionDep, lang: LangDep, data: ProposalIn) -> EvaluationRead:
    """Anyone may screen a proposal (investors check theirs before applying); the same input
    and ``policy_version`` always give the same result."""
    return service.evaluate(session, data, lang)


@screening_router.get(
    "/policy/versions",
    response_model=list[PolicyVersionRead],
    name="screening_policy_versions",
    summary="Every version of the screening policy, the latest first",
)
def policy_versions(session: SessionDep, actor: ActorDep) -> list[PolicyVersionRead]:
    require_reader(actor)
    return [PolicyVersionRead.model_validate(v) for v in ruleset.versions(session)]


@screening_router.get(
    "/policy/versions/{number}",
    response_model=PolicyVersionRead,
    name="screening_policy_version",
    summary="One version of the screening policy: every rule as it stood",
)
def policy_version(
    session: SessionDep, actor: ActorDep, number: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> PolicyVersionRead:
    require_reader(actor)
    found = next((v for v in ruleset.versions(session) if v.number == number), None)
    if found is None:
        raise NotFound("screening.unknown_version", value=number)
    return PolicyVersionRead.model_validate(found)


@screening_router.get(
    "/match",
    response_model=MatchRead,
    name="screening_match",
    summary="Zones that can host a project needing X ha, ranked, and why the others cannot",
)
def match(
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    ha: Annotated[Decimal, Query(max_digits=12, decimal_places=2, description="Land needed.")],
    sector: Annotated[str | None, Query(max_length=5, description="VSIC 2018 code.")] = None,
    kind: Annotated[ZoneKind | None, Query(description="Zone kind wanted.")] = None,
    district: Annotated[
        str | None, Query(max_length=60, description="Administrative unit key or GSO code.")
    ] = None,
    as_of: Annotated[date | None, Query(description="Default: today.")] = None,
    power_mva: Annotated[
        Decimal | None, need_query(description="Power the project needs, MVA.")
    ] = None,
    water_m3_day: Annotated[
        Decimal | None, need_query(description="Water the project needs, m³/day.")
    ] = None,
    wastewater_m3_day: Annotated[
        Decimal | None, need_query(description="Wastewater the project discharges, m³/day.")
    ] = None,
) -> MatchRead:
    """A zone is left out when its recorded capacity is below a need given; a zone that
    records no capacity stays in, its line saying "not recorded"."""
    needs = {
        "power_mva": power_mva,
        "water_m3_day": water_m3_day,
        "wastewater_m3_day": wastewater_m3_day,
    }
    return service.match_land(
        session, actor, lang, ha, sector or None, kind, district or None, as_of, needs
    )


@leads_router.get(
    "/funnel",
    response_model=FunnelRead,
    name="lead_funnel",
    summary="Conversion funnel of the investor pipeline: leads that reached each stage",
)
def lead_funnel(
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    country: Annotated[str | None, Query(max_length=3, description="ISO 3166-1 code.")] = None,
    sector: Annotated[
        str | None, Query(max_length=5, pattern=r"^\d{1,5}$", description="VSIC prefix.")
    ] = None,
) -> FunnelRead:
    require_reader(actor)
    return service.funnel(session, lang, country or None, sector or None)


@leads_router.post(
    "/{lead_id}/activities",
    response_model=LeadRead,
    status_code=201,
    name="add_lead_activity",
    summary="Record a dated activity with a lead (and its next action)",
)
def add_activity(
    session: SessionDep, actor: ActorDep, data: ActivityCreate, lead_id: LeadId
) -> LeadRead:
    leads.add_activity(session, lead_id, data, actor)
    session.expire_all()
    return leads.to_read(leads.get_lead(session, lead_id, actor))


@leads_router.post(
    "/{lead_id}/stage",
    response_model=LeadRead,
    name="change_lead_stage",
    summary="Move a lead forward, or to lost with a reason (409 backward or closed)",
)
def change_stage(
    session: SessionDep, actor: ActorDep, data: StageChange, lead_id: LeadId
) -> LeadRead:
    leads.change_stage(session, lead_id, data, actor)
    session.expire_all()
    return leads.to_read(leads.get_lead(session, lead_id, actor))


@leads_router.post(
    "/{lead_id}/convert",
    response_model=LeadRead,
    name="convert_lead",
    summary="Register the project a lead with an issued certificate became",
)
def convert(session: SessionDep, actor: ActorDep, data: LeadConvert, lead_id: LeadId) -> LeadRead:
    leads.convert(session, lead_id, data, actor)
    session.expire_all()
    return leads.to_read(leads.get_lead(session, lead_id, actor))


for _sub in (fta_router, rules_router, screening_router, leads_router):
    router.include_router(_sub)
