"""REST API of jobs: poll a job by its id."""

from __future__ import annotations

from fastapi import APIRouter, Path

from kcn.auth.deps import ActorDep
from kcn.jobs import service
from kcn.jobs.schemas import JobRead
from kcn.kit.http import SessionDep

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
JobId = Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


@router.get("/{job_id}", response_model=JobRead, summary="A background job and its progress")
def job_detail(session: SessionDep, actor: ActorDep, job_id: str = JobId) -> JobRead:
    """Its owner, an administrator, or (for a job started without an account) whoever holds
    its id may read it. Poll until ``state`` is ``succeeded`` or ``failed``."""
    job = service.visible(session, job_id, actor)
    return service.to_read(job)
