"""REST API of published figures and their reconciliation with the registry."""

from __future__ import annotations

from fastapi import APIRouter, Query

from kcn.figures import service
from kcn.figures.schemas import PublishedFigureRead, Reconciliation
from kcn.kit.http import LangDep, SessionDep

router = APIRouter(prefix="/api/v1/published-figures", tags=["published figures"])


@router.get("", response_model=list[PublishedFigureRead], summary="List published figures")
def list_figures(
    session: SessionDep, prefix: str | None = Query(None, description="Key prefix")
) -> list[PublishedFigureRead]:
    return [PublishedFigureRead.model_validate(f) for f in service.list_figures(session, prefix)]


@router.get("/reconciliation", response_model=Reconciliation, summary="Published vs derived")
def reconciliation(session: SessionDep, lang: LangDep) -> Reconciliation:
    return service.reconcile(session, lang)
