"""The API of screening: FTA partners, the policy, evaluation, land matching and leads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from kcn.auth.deps import get_actor
from kcn.kit.errors import NotFound
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.permissions import Actor
from kcn.kit.resource_router import build_router
from kcn.screening import ruleset, service
from kcn.screening.policy import require_reader
from kcn.screening.resources import RULES
from kcn.screening.schemas import (
    EvaluationRead,
    MatchRead,
    PartnersRead,
    PolicyVersionRead,
    ProposalIn,
    ZoneKind,
)

ActorDep = Annotated[Actor, Depends(get_actor)]

router = APIRouter()
fta_router = APIRouter(prefix="/api/v1/fta", tags=["screening"])
screening_router = APIRouter(prefix="/api/v1/screening", tags=["screening"])
rules_router = build_router(RULES, get_actor)


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
) -> MatchRead:
    return service.match_land(
        session, actor, lang, ha, sector or None, kind, district or None, as_of
    )


for _sub in (fta_router, rules_router, screening_router):
    router.include_router(_sub)
