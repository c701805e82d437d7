"""Web pages of enterprise monitoring (filled in below)."""

from __future__ import annotations

from fastapi import APIRouter

from kcn.auth.deps import PAGE_DEPENDENCIES

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
