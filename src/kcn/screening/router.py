"""The API of screening: FTA partners, the policy, evaluation, land matching and leads."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from kcn.kit.http import LangDep
from kcn.screening import service
from kcn.screening.schemas import PartnersRead

router = APIRouter()
fta_router = APIRouter(prefix="/api/v1/fta", tags=["screening"])


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


router.include_router(fta_router)
