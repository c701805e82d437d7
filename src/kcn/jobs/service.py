"""Jobs: created in the ``job`` table, run by the kit's thread pool, followed by their id.

The runner (``kcn.kit.jobs``) knows threads and callbacks; this module is its store: each
callback writes the job's row in a short transaction of its own, so that a page reload or
another process sees how far the work got.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from kcn.config import Settings
from kcn.jobs.schemas import JobRead
from kcn.kit.errors import DomainError, NotFound
from kcn.kit.http import error_body
from kcn.kit.jobs import JobRunner, Result, Work
from kcn.kit.permissions import Actor
from kcn.models import Job
from kcn.models.mixins import utcnow

log = logging.getLogger("kcn.jobs")
ADMIN_ROLE = "admin"


class SqlJobStore:
    """Persists the runner's callbacks to the ``job`` table."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def _set(self, job_id: str, **values: Any) -> None:
        with self.sessions() as session:
            session.execute(
                update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values)
            )
            session.commit()

    def started(self, job_id: str) -> None:
        self._set(job_id, state="running")

    def progressed(self, job_id: str, done: int, total: int) -> None:
        self._set(job_id, done=done, total=total)

    def succeeded(self, job_id: str, result: Result) -> None:
        self._set(job_id, state="succeeded", result=result, finished_at=utcnow())

    def failed(self, job_id: str, result: Result | None, error: BaseException | None) -> None:
        body = None
        if error is not None:
            body = describe_error(error, self._lang(job_id))
        self._set(job_id, state="failed", result=result, error=body, finished_at=utcnow())

    def _lang(self, job_id: str) -> str:
        with self.sessions() as session:
            job = session.get(Job, job_id)
            return job.lang if job is not None else "vi"


def describe_error(error: BaseException, lang: str) -> dict[str, Any]:
    """The error shape of the API, with the status the request would have had."""
    if isinstance(error, DomainError):
        body = error_body(error.code, error.key, lang, error.fields, **error.params)
        status = error.status_code
    else:
        log.error("job failed", exc_info=error)
        body = error_body("internal", "error.internal", lang, [])
        status = 500
    return {"status": status, **body}


def install(app: FastAPI, settings: Settings) -> JobRunner:
    """Give the app its job runner (``app.state.jobs``), stopped with the app."""
    runner = JobRunner(settings.job_workers, SqlJobStore(app.state.sessionmaker))
    app.state.jobs = runner
    app.router.on_shutdown.append(runner.shutdown)
    return runner


def start(app: FastAPI, session: Session, kind: str, actor: Actor, lang: str, work: Work) -> Job:
    """Record a queued job and hand ``work`` to the runner. The job is committed first (in the
    request's session, whose transaction ends here), so that it can be polled at once."""
    job = Job(
        id=secrets.token_urlsafe(24),
        kind=kind,
        state="queued",
        done=0,
        total=0,
        owner_id=actor.user_id,
        lang=lang,
    )
    session.add(job)
    session.commit()
    runner: JobRunner = app.state.jobs
    runner.submit(job.id, work)
    return job


def visible(session: Session, job_id: str, actor: Actor) -> Job:
    """The job, if ``actor`` may see it: its owner or an administrator; a job started
    without an account, whoever knows its id. Otherwise 404, saying nothing of it."""
    job = session.get(Job, job_id)
    if job is None or not (
        job.owner_id is None or job.owner_id == actor.user_id or actor.role == ADMIN_ROLE
    ):
        raise NotFound("job.not_found")
    return job


def api_url(job_id: str) -> str:
    return f"/api/v1/jobs/{job_id}"


def page_url(job_id: str) -> str:
    return f"/jobs/{job_id}"


def to_read(job: Job) -> JobRead:
    return JobRead(
        id=job.id,
        kind=job.kind,
        state=job.state,
        done=job.done,
        total=job.total,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
        result=job.result,
        error=job.error,
        url=api_url(job.id),
        page_url=page_url(job.id),
    )
