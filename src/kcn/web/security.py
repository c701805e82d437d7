"""HTTP hardening for every response: a request id, security headers, and the CSRF cookie."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import unquote

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from kcn.auth.deps import CSRF_COOKIE, request_id
from kcn.kit.http import error_body, get_lang

# No inline scripts anywhere; Swagger UI at /docs needs inline styles only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def install_security(app: FastAPI) -> None:
    @app.middleware("http")
    async def _harden(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request_id(request)
        if "\x00" in unquote(request.url.path + "?" + request.url.query):
            # No NUL in an address: refused before any handler (a database cannot store one).
            lang = get_lang(request)
            body = error_body("bad_value", "error.bad_value", lang, [])
            return JSONResponse(body, status_code=422, headers={"X-Request-ID": rid})
        response = await call_next(request)
        response.headers["X-Request-ID"] = rid
        path = request.url.path
        relaxed = path == "/docs" or path.endswith(".svg")  # Swagger UI; charts' own styles
        response.headers["Content-Security-Policy"] = CSP_DOCS if relaxed else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        new_csrf = getattr(request.state, "new_csrf", None)
        if new_csrf:
            response.set_cookie(
                CSRF_COOKIE,
                new_csrf,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response
