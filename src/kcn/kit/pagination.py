"""Pages of results: ``Page[T]`` for the API and one helper that counts and slices a query."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
    pages: int


def paginate(
    session: Session, stmt: Select[Any], page: int, per_page: int
) -> tuple[list[Any], int]:
    """Rows of page ``page`` (1-based) of ``stmt`` and the total row count."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = list(session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all())
    return rows, int(total)


def page_count(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page))
