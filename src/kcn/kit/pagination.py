"""One pagination contract for every list of the API: ``limit`` and ``offset`` in, ``items``,
``total``, ``limit`` and ``offset`` out, and RFC 8288 ``Link`` headers to the first, previous,
next and last pages. The largest ``limit`` is the same everywhere (``KCN_MAX_PAGE_SIZE``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, ValidationFailed

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class Window:
    """Which rows of a list: ``limit`` rows from ``offset``."""

    limit: int
    offset: int


def window(
    request: Request,
    limit: int | None = Query(None, ge=1, description="Rows per page; default KCN_PAGE_SIZE."),
    offset: int = Query(0, ge=0, le=2**31 - 1, description="Rows to skip."),
) -> Window:
    """FastAPI dependency: the requested window, capped by the settings (422 beyond)."""
    settings = request.app.state.settings
    if limit is not None and limit > settings.max_page_size:
        raise ValidationFailed(
            fields=[FieldError("limit", "field.max", {"le": settings.max_page_size})]
        )
    return Window(limit or settings.page_size, offset)


def paginate(
    session: Session, stmt: Select[Any], limit: int, offset: int = 0
) -> tuple[list[Any], int]:
    """Rows ``offset`` … ``offset + limit`` of ``stmt`` and the total row count."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = list(session.execute(stmt.limit(limit).offset(offset)).all())
    return rows, int(total)


def links(request: Request, win: Window, total: int) -> str:
    """The ``Link`` header of a page: first, prev, next and last, keeping the other query
    parameters."""

    def url(offset: int) -> str:
        return str(request.url.include_query_params(limit=win.limit, offset=offset))

    last = max(0, (math.ceil(total / win.limit) - 1) * win.limit)
    parts = [f'<{url(0)}>; rel="first"']
    if win.offset > 0:
        parts.append(f'<{url(max(0, win.offset - win.limit))}>; rel="prev"')
    if win.offset + win.limit < total:
        parts.append(f'<{url(win.offset + win.limit)}>; rel="next"')
    parts.append(f'<{url(last)}>; rel="last"')
    return ", ".join(parts)


def page_count(total: int, per_page: int) -> int:
    """Pages of ``per_page`` rows (the HTML lists number their pages)."""
    return max(1, math.ceil(total / per_page))
