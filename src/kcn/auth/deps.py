"""Who is asking: the actor of a request, from an API token or a web session."""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import replace
from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kcn.auth import service
from kcn.kit.http import SESSION_COOKIE as SESSION_COOKIE  # defined there, used here
from kcn.kit.http import SessionDep, is_api
from kcn.kit.permissions import ANONYMOUS, Actor, Forbidden, NotAuthenticated
from kcn.kit.security import token_hash

CSRF_COOKIE = "kcn_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def request_id(request: Request) -> str:
    rid = getattr(request.state, "request_id", None)
    if rid is None:
        rid = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
        request.state.request_id = rid
    return str(rid)


# Declared for OpenAPI, so /docs offers "Authorize"; the header is read in _resolve_actor.
bearer = HTTPBearer(auto_error=False, description="A personal API token: kcn_…")


def get_actor(
    request: Request,
    session: SessionDep,
    _credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> Actor:
    actor = _resolve_actor(request, session)
    request.state.actor = actor
    if not actor.is_authenticated and is_api(request.url.path) and request.method in UNSAFE:
        # Every API write needs credentials: say so before looking at the body.
        raise NotAuthenticated()
    return actor


def _resolve_actor(request: Request, session: SessionDep) -> Actor:
    """The actor of this request.

    The API takes ``Authorization: Bearer <token>``; pages take the session cookie. A write
    to the API never rides on the cookie (a browser sends cookies to any site's forms), so
    API writes need a token and pages' forms need their CSRF token.
    """
    settings = request.app.state.settings
    rid = request_id(request)
    # HTTP headers carry Latin-1 only: Vietnamese text comes percent-encoded as UTF-8.
    message = unquote(request.headers.get("x-change-message", ""))
    header = request.headers.get("authorization", "")
    api = is_api(request.url.path)
    if header:
        scheme, _, token = header.partition(" ")
        user = (
            service.user_for_token(session, settings, token.strip())
            if scheme.lower() == "bearer"
            else None
        )
        if user is None:
            raise NotAuthenticated("auth.bad_token")
        return replace(service.actor_for(session, user, "api", rid), message=message)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and not (api and request.method in UNSAFE):
        user = service.user_for_session(session, settings, cookie)
        if user is not None:
            actor = service.actor_for(session, user, "api" if api else "web", rid)
            return replace(actor, message=message)
    return Actor(name=ANONYMOUS.name, request_id=rid, via="api" if api else "web")


ActorDep = Annotated[Actor, Depends(get_actor)]


def _session_csrf(request: Request, session_cookie: str) -> str:
    key = request.app.state.settings.resolved_secret_key()
    return token_hash(key, "csrf:" + session_cookie)


def csrf_token(request: Request) -> str:
    """The visitor's CSRF token.

    With a session cookie, a keyed hash of the session token: bound to that sign-in, so a
    token seen in another session (or planted before signing in) is worth nothing. Without
    one, a random token also kept in a cookie (double-submit; the middleware sets the cookie
    when missing).
    """
    session_cookie = request.cookies.get(SESSION_COOKIE)
    if session_cookie:
        return _session_csrf(request, session_cookie)
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if token is None:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return str(token)


async def csrf_protect(request: Request) -> None:
    """Refuse a form post whose ``csrf_token`` field is not the visitor's token (see
    :func:`csrf_token`): another site can make a browser post, but can read neither cookie."""
    if request.method not in UNSAFE:
        return
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    session_cookie = request.cookies.get(SESSION_COOKIE)
    if session_cookie:
        expected = _session_csrf(request, session_cookie)
    else:
        expected = request.cookies.get(CSRF_COOKIE) or ""
    if not (expected and isinstance(sent, str) and hmac.compare_digest(sent, expected)):
        raise Forbidden("error.csrf")


# Every page router: who is asking (for the header) and CSRF protection of every form post.
PAGE_DEPENDENCIES = [Depends(get_actor), Depends(csrf_protect)]
