"""HTTP hardening for every response, errors included: a request id (in the response, the
logs and error bodies), security headers, HSTS behind HTTPS, no caching of personal data, and
the CSRF cookie."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import unquote

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from kcn.auth.deps import CSRF_COOKIE, request_id
from kcn.kit.http import error_body, get_lang, internal_error
from kcn.kit.logs import REQUEST_ID, install_record_factory

# No inline scripts anywhere; Swagger UI at /docs needs inline styles only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HSTS = "max-age=31536000; includeSubDomains"
# Pages and routes about the visitor: never stored by a browser or a proxy, signed in or not.
PERSONAL = ("/account", "/audit", "/login", "/api/v1/users", "/api/v1/tokens")


def install_security(app: FastAPI) -> None:
    install_record_factory()

    @app.middleware("http")
    async def _harden(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        rid = request_id(request)
        REQUEST_ID.set(rid)  # this request's task only: its log lines carry the id
        if "\x00" in unquote(request.url.path + "?" + request.url.query):
            # No NUL in an address: refused before any handler (a database cannot store one).
            body = error_body("bad_value", "error.bad_value", get_lang(request), [])
            body["error"]["request_id"] = rid
            response: Response = JSONResponse(body, status_code=422)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:
                # Answered here rather than by Starlette's outermost handler, which would
                # bypass this middleware and send the 500 without the headers below.
                response = internal_error(request, exc)
        harden(request, response)
        return response


def harden(request: Request, response: Response) -> None:
    """Add the security headers (and a new CSRF cookie) to ``response``."""
    response.headers["X-Request-ID"] = request_id(request)
    path = request.url.path
    relaxed = path == "/docs" or path.endswith(".svg")  # Swagger UI; charts' own styles
    response.headers["Content-Security-Policy"] = CSP_DOCS if relaxed else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    settings = request.app.state.settings
    if settings.public_url.lower().startswith("https://"):
        response.headers["Strict-Transport-Security"] = HSTS
    actor = getattr(request.state, "actor", None)
    signed_in = actor is not None and actor.is_authenticated
    if not path.startswith("/static/") and (signed_in or path.startswith(PERSONAL)):
        response.headers["Cache-Control"] = "no-store"
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf:
        response.set_cookie(
            CSRF_COOKIE,
            new_csrf,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
