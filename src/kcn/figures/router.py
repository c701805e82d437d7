"""REST API of published figures and their reconciliation with the registry."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from kcn.auth.deps import ActorDep
from kcn.figures import service
from kcn.figures.schemas import (
    PublishedFigureCreate,
    PublishedFigureRead,
    PublishedFigureUpdate,
    Reconciliation,
)
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


@router.post("", response_model=PublishedFigureRead, status_code=201, summary="Add a figure")
def create_figure(
    session: SessionDep, actor: ActorDep, data: PublishedFigureCreate
) -> PublishedFigureRead:
    return PublishedFigureRead.model_validate(service.create_figure(session, data, actor))


@router.get("/{figure_id}", response_model=PublishedFigureRead, summary="Read a figure")
def read_figure(session: SessionDep, figure_id: int) -> PublishedFigureRead:
    return PublishedFigureRead.model_validate(service.get_figure(session, figure_id))


@router.patch("/{figure_id}", response_model=PublishedFigureRead, summary="Correct a figure")
def update_figure(
    session: SessionDep, actor: ActorDep, figure_id: int, data: PublishedFigureUpdate
) -> PublishedFigureRead:
    figure = service.update_figure(session, figure_id, data, actor)
    return PublishedFigureRead.model_validate(figure)


@router.delete("/{figure_id}", status_code=204, summary="Delete a figure")
def delete_figure(session: SessionDep, actor: ActorDep, figure_id: int) -> Response:
    service.delete_figure(session, figure_id, actor)
    return Response(status_code=204)
