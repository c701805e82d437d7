"""The API of readiness: clearance tasks and reports, infrastructure works and reports, labour
supply observations (all from the resource kit)."""

from __future__ import annotations

from fastapi import APIRouter

from kcn.auth.deps import get_actor
from kcn.kit.resource_router import build_router
from kcn.readiness.resources import (
    CLEARANCE_REPORTS,
    CLEARANCE_TASKS,
    INFRA_REPORTS,
    INFRA_WORKS,
    LABOUR_SUPPLY,
)

RESOURCES = (CLEARANCE_TASKS, CLEARANCE_REPORTS, INFRA_WORKS, INFRA_REPORTS, LABOUR_SUPPLY)
# Only the province's staff read these: a token is required (401), other roles get 403.
PATHS = tuple(r.path for r in RESOURCES)

router = APIRouter()
for _resource in RESOURCES:
    router.include_router(build_router(_resource, get_actor))
