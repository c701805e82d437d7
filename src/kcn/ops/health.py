"""``/healthz``: the process answers (no database). ``/readyz``: the database answers and its
schema is at the code's migration head; 503 otherwise, for a load balancer or orchestrator."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from kcn import __version__
from kcn.kit.http import error_body, get_lang
from kcn.ops import schema

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is up (the database is not checked)")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get(
    "/readyz",
    summary="Ready: the database answers and is migrated to the head",
    responses={503: {"description": "Not ready: database unreachable or not migrated"}},
)
def readyz(request: Request) -> Any:
    head = schema.head()
    try:
        with request.app.state.engine.connect() as connection:
            revision = schema.current(connection)
    except SQLAlchemyError:
        return _not_ready(request, "ops.database_unreachable", {})
    if revision != head:
        return _not_ready(request, "ops.not_migrated", {"revision": revision or "-", "head": head})
    return {"status": "ready", "revision": revision, "version": __version__}


def _not_ready(request: Request, key: str, params: dict[str, str]) -> JSONResponse:
    body = error_body("not_ready", key, get_lang(request), [], **params)
    body["error"]["request_id"] = getattr(request.state, "request_id", "")
    retry = str(request.app.state.settings.retry_after_seconds)
    return JSONResponse(body, status_code=503, headers={"Retry-After": retry})
