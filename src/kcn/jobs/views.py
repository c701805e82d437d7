"""The page of a job: its progress, refreshing itself (no script) until the job is over."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kcn.auth.deps import PAGE_DEPENDENCIES, ActorDep
from kcn.jobs import service
from kcn.kit.http import SessionDep
from kcn.kit.render import render

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
REFRESH_SECONDS = 2


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, session: SessionDep, actor: ActorDep, job_id: str) -> HTMLResponse:
    job = service.visible(session, job_id[:64], actor)
    running = job.state in ("queued", "running")
    percent = round(100 * job.done / job.total) if job.total else 0
    context = {"job": job, "running": running, "percent": percent, "refresh": REFRESH_SECONDS}
    response = render(request, "jobs/detail.html", context)
    if running:
        # The HTTP twin of <meta http-equiv="refresh">: the page reloads itself, no script.
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
