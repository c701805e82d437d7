"""A job as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from kcn.kit.schemas import Schema


class JobRead(Schema):
    id: str
    kind: str
    state: Literal["queued", "running", "succeeded", "failed"]
    done: int
    total: int
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    url: str
    page_url: str


class JobAccepted(Schema):
    """The answer (HTTP 202) to a request whose work runs as a job."""

    job_id: str
    state: str
    url: str
    page_url: str
