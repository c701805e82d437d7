"""HTTP plumbing shared by every router and page: the database session, the request's
language, and the one error shape for every failure."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from kcn.kit.errors import DomainError, FieldError
from kcn.kit.i18n import pick_language, translate

LANG_COOKIE = "kcn_lang"
SESSION_COOKIE = "kcn_session"  # a signed-in visitor's session (kcn.auth.deps)
log = logging.getLogger("kcn")


def get_session(request: Request) -> Iterator[Session]:
    """The request's session: on the replica for an anonymous read of a public page (see
    ``reads_replica``), else on the primary database."""
    state = request.app.state
    maker = state.read_sessionmaker if reads_replica(request) else state.sessionmaker
    session: Session = maker()
    try:
        yield session
    finally:
        end_session(session)


def reads_replica(request: Request) -> bool:
    """Whether the request may read from the replica (``KCN_DATABASE_REPLICA_URL``): a GET or
    HEAD, with no credentials (a signed-in official may write, and should see their own
    changes at once), of a path under one of ``app.state.replica_paths``."""
    if request.method not in ("GET", "HEAD") or request.headers.get("authorization"):
        return False
    if request.cookies.get(SESSION_COOKIE):
        return False
    path = request.url.path
    prefixes = getattr(request.app.state, "replica_paths", ())
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def end_session(session: Session) -> None:
    """Roll back what was not committed and give the connection back. When the database went
    away after the work was done (a restart, say), there is nothing left to roll back: the
    server dropped the transaction, and the pool drops the connection. Failing here would cut
    off an answer already on its way, so the loss is only logged."""
    try:
        session.rollback()
    except (OperationalError, InterfaceError) as exc:
        log.warning("database connection lost at the end of a request: %s", exc.orig)
    finally:
        session.close()


def field_errors(exc: Any) -> list[FieldError]:
    """The field errors of a Pydantic ``ValidationError`` (or FastAPI's), in our terms."""
    return [_field_error(dict(e)) for e in exc.errors()]


def local_path(target: str, default: str = "/zones") -> str:
    """``target`` if it is a path on this site, else ``default``: never redirect elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else default


def is_api(path: str) -> bool:
    return path.startswith(("/api/", "/static/", "/openapi.json", "/docs"))


def get_lang(request: Request) -> str:
    """``?lang=``, then the language cookie, then (API only) Accept-Language, then Vietnamese.

    Pages stay Vietnamese for a browser set to English until the visitor switches, since many
    officials use browsers in English; API clients get the language they ask for.
    """
    header = request.headers.get("accept-language") if is_api(request.url.path) else None
    default = request.app.state.settings.default_language
    return pick_language(
        request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), header, default
    )


SessionDep = Annotated[Session, Depends(get_session)]
LangDep = Annotated[str, Depends(get_lang)]


# Message parameters that hold a code (a milestone, a kind…) are shown by their label: each
# domain registers how, for the parameter names it uses.
_PARAM_LABELS: dict[str, Callable[[Any, str], str]] = {}


def label_param(name: str, label: Callable[[Any, str], str]) -> None:
    """Show parameter ``name`` of field messages as ``label(value, lang)``."""
    _PARAM_LABELS[name] = label


def _labelled(params: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: _PARAM_LABELS[k](v, lang) if k in _PARAM_LABELS else v for k, v in params.items()}


def error_body(
    code: str, key: str, lang: str, fields: list[FieldError], **params: Any
) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": translate(key, lang, **params),
            "fields": [
                {
                    "field": f.field,
                    "code": f.key,
                    "message": translate(f.key, lang, **_labelled(f.params, lang)),
                }
                for f in fields
            ],
        }
    }


# Pydantic error types → our message keys (with the context Pydantic gives).
_PYDANTIC_KEYS = {
    "missing": "field.required",
    "extra_forbidden": "field.unknown",
    "greater_than_equal": "field.min",
    "less_than_equal": "field.max",
    "string_too_short": "field.too_short",
    "string_too_long": "field.too_long",
    "string_pattern_mismatch": "field.pattern",
    "literal_error": "field.choice",
    "enum": "field.choice",
    "decimal_parsing": "field.number",
    "decimal_type": "field.number",
    "decimal_max_digits": "field.max_digits",
    "decimal_max_places": "field.max_places",
    "decimal_whole_digits": "field.max_digits",
    "int_parsing": "field.integer",
    "int_type": "field.integer",
    "bool_parsing": "field.boolean",
    "date_parsing": "field.date",
    "date_from_datetime_parsing": "field.date",
    "date_type": "field.date",
    "dict_type": "field.object",
    "list_type": "field.list",
    "string_type": "field.text",
    "json_invalid": "error.bad_json",
    "model_attributes_type": "field.object",
}


def _field_error(err: dict[str, Any]) -> FieldError:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
    raw_ctx = err.get("ctx") or {}
    ctx = {k: str(v) for k, v in raw_ctx.items() if isinstance(v, str | int | float | Decimal)}
    if err["type"] == "value_error":
        # Our validators raise ValueError("message.key").
        key = str(raw_ctx.get("error", "field.invalid"))
    else:
        key = _PYDANTIC_KEYS.get(err["type"], "field.invalid")
    if err["type"] == "literal_error":
        ctx = {"expected": ", ".join(re.findall(r"'([^']*)'", str(raw_ctx.get("expected", ""))))}
    if err["type"] == "json_invalid":
        loc = []
    return FieldError(".".join(loc) or "body", key, ctx)


def _respond(
    request: Request, body: dict[str, Any], status: int, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON for the API; for pages, the app's HTML error page (``app.state.error_page``)."""
    page = getattr(request.app.state, "error_page", None)
    if page is not None and not is_api(request.url.path):
        response: Response = page(request, status, body)
        response.headers.update(headers or {})
        return response
    return JSONResponse(body, status_code=status, headers=headers)


def internal_error(request: Request, exc: Exception) -> Response:
    """The 500 answer: logged with its traceback; JSON in the error shape with the request id
    (also for pages: the error page itself might be what failed)."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = get_lang(request)
    body = error_body("internal", "error.internal", lang, [])
    body["error"]["request_id"] = getattr(request.state, "request_id", "")
    return JSONResponse(body, status_code=500)


def unavailable(request: Request, exc: Exception) -> Response:
    """The database cannot be reached (or stayed busy): 503 with ``Retry-After``; the pool
    checks connections before use, so the server recovers by itself when it comes back."""
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    lang = get_lang(request)
    body = error_body("unavailable", "error.unavailable", lang, [])
    body["error"]["request_id"] = getattr(request.state, "request_id", "")
    retry = str(request.app.state.settings.retry_after_seconds)
    return _respond(request, body, 503, {"Retry-After": retry})


def is_unavailable(exc: BaseException) -> bool:
    """A lost or unreachable database rather than a fault of the request or the code."""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    return bool(getattr(exc, "connection_invalidated", False))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        lang = get_lang(request)
        body = error_body(exc.code, exc.key, lang, exc.fields, **exc.params)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return _respond(request, body, exc.status_code, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        lang = get_lang(request)
        fields = field_errors(exc)
        body = error_body("validation_failed", "error.validation_failed", lang, fields)
        return _respond(request, body, 422)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def _unavailable(request: Request, exc: Exception) -> Response:
        return unavailable(request, exc)

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    @app.exception_handler(StatementError)
    async def _bad_value(request: Request, exc: Exception) -> Response:
        # A value the database cannot hold: an id beyond its integers, a NUL character, a date
        # past year 9999. The request is at fault, not the server.
        bad_input = isinstance(exc, DataError | OverflowError) or isinstance(
            getattr(exc, "orig", None), ValueError | OverflowError
        )
        if is_unavailable(exc):
            return unavailable(request, exc)
        if not bad_input:
            return internal_error(request, exc)
        lang = get_lang(request)
        return _respond(request, error_body("bad_value", "error.bad_value", lang, []), 422)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        return internal_error(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        lang = get_lang(request)
        key = {404: "error.not_found", 405: "error.method"}.get(exc.status_code, "error.http")
        body = error_body(f"http_{exc.status_code}", key, lang, [], status=exc.status_code)
        return _respond(request, body, exc.status_code, exc.headers)
