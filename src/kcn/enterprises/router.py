"""The API of enterprises, projects (with their capital adjustments) and leases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from kcn.auth.deps import get_actor
from kcn.enterprises import projects
from kcn.enterprises.resources import ENTERPRISES, LEASES, PROJECTS
from kcn.enterprises.schemas import AdjustmentCreate, ProjectRead
from kcn.kit.http import LangDep, SessionDep
from kcn.kit.permissions import Actor
from kcn.kit.resource_router import build_router

ActorDep = Annotated[Actor, Depends(get_actor)]

router = APIRouter()
enterprises_router = build_router(ENTERPRISES, get_actor)
projects_router = build_router(PROJECTS, get_actor)
leases_router = build_router(LEASES, get_actor)


@projects_router.post(
    "/{project_id}/adjustments",
    response_model=ProjectRead,
    status_code=201,
    name="add_capital_adjustment",
    summary="Record a change of a project's registered capital",
)
def add_adjustment(
    session: SessionDep,
    lang: LangDep,
    actor: ActorDep,
    data: AdjustmentCreate,
    project_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
) -> ProjectRead:
    projects.add_adjustment(session, project_id, data, actor)
    session.expire_all()
    return projects.to_read(projects.get_project(session, project_id, actor), lang)


for _sub in (enterprises_router, projects_router, leases_router):
    router.include_router(_sub)
