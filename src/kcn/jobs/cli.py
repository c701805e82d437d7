"""The command line's view of jobs: follow one until it ends, with a progress bar."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from kcn.jobs import service
from kcn.kit.cli import cli_actor, cli_session, handle_errors, out
from kcn.kit.jobs import Progress, terminal_progress
from kcn.models import Job

app = typer.Typer(help="Background jobs (large imports): their progress and result.")


def follow(job_id: str, progress: Progress | None = None, interval: float = 0.5) -> Job:
    """Poll the job until it ends, showing its progress; the finished job."""
    show = progress or terminal_progress()
    with cli_session() as session:
        job = service.visible(session, job_id, cli_actor())
        while True:
            session.refresh(job)
            if job.total:
                show(job.done, job.total)
            if job.state in ("succeeded", "failed"):
                session.expunge(job)
                return job
            session.rollback()  # a fresh snapshot at the next look
            time.sleep(interval)


@app.command("show")
@handle_errors
def show(
    job_id: str,
    wait: Annotated[bool, typer.Option("--wait", help="Follow the job until it ends.")] = False,
) -> None:
    """Print a job's state and progress; with --wait, follow it with a progress bar."""
    if wait:
        job = follow(job_id)
    else:
        with cli_session() as session:
            job = service.visible(session, job_id, cli_actor())
    out(f"{job.id}  {job.kind}  {job.state}  {job.done}/{job.total}")
    if job.error:
        out(str(job.error.get("error", {}).get("message", "")))
    if job.result:
        out(", ".join(f"{k}={v}" for k, v in job.result.items() if not isinstance(v, list)))
    if job.state == "failed":
        raise typer.Exit(1)
