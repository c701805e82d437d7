"""Pages that belong to no domain: the home redirect and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse

from kcn.auth.deps import PAGE_DEPENDENCIES
from kcn.kit.http import LANG_COOKIE, local_path
from kcn.kit.i18n import LANGUAGES

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/lang/{code}")
def switch_language(code: str, next: str = Query("/zones")) -> RedirectResponse:
    # Only local paths: never redirect to another site.
    target = local_path(next)
    response = RedirectResponse(target.rstrip("?"), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
    return response
