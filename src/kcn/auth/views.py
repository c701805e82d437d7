"""Pages to sign in and out, and the account page with the user's API tokens."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kcn.auth import passwords, service
from kcn.auth.deps import PAGE_DEPENDENCIES, SESSION_COOKIE, ActorDep
from kcn.kit.errors import DomainError, FieldError, ValidationFailed
from kcn.kit.http import LangDep, SessionDep, local_path
from kcn.kit.i18n import translate
from kcn.kit.permissions import NotAuthenticated
from kcn.kit.render import render
from kcn.kit.security import token_hash
from kcn.models import User

router = APIRouter(include_in_schema=False, dependencies=PAGE_DEPENDENCIES)
VIETNAM = timezone(timedelta(hours=7), "ICT")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/zones") -> HTMLResponse:
    return render(request, "auth/login.html", {"next": local_path(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    lang: LangDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/zones",
) -> Response:
    settings = request.app.state.settings
    address = request.client.host if request.client else "unknown"
    try:
        user, token = service.login(session, settings, username.strip(), password, address)
    except DomainError as exc:
        message = translate(exc.key, lang, **exc.params)
        context = {"next": local_path(next), "error": message, "username": username}
        return render(request, "auth/login.html", context, status_code=exc.status_code)
    target = local_path(next)
    if user.must_change_password:  # a password reset by an administrator: choose one first
        target = "/account/password?" + urlencode({"next": target})
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        service.logout(session, request.app.state.settings, cookie)
    response = RedirectResponse("/zones", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _account_user(session: SessionDep, actor: ActorDep) -> User:
    if actor.user_id is None or actor.via != "web":
        raise NotAuthenticated()
    user = session.get(User, actor.user_id)
    assert user is not None
    return user


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: SessionDep, actor: ActorDep) -> HTMLResponse:
    user = _account_user(session, actor)
    tokens = service.list_tokens(session, user.id)
    return render(request, "auth/account.html", {"user": user, "tokens": tokens, "new": None})


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    name: Annotated[str, Form(max_length=100)],
    expires_on: Annotated[str, Form(max_length=10)] = "",
) -> HTMLResponse:
    user = _account_user(session, actor)
    try:
        expiry_day = date.fromisoformat(expires_on) if expires_on else None
    except ValueError as exc:
        raise ValidationFailed(fields=[FieldError("expires_on", "field.date")]) from exc
    # A token asked to last "until 31/12" lasts to the end of that day in Việt Nam (UTC+7).
    expires = datetime.combine(expiry_day, time.max, VIETNAM) if expiry_day else None
    _, clear = service.create_token(session, request.app.state.settings, user, name, expires, actor)
    tokens = service.list_tokens(session, user.id)
    return render(request, "auth/account.html", {"user": user, "tokens": tokens, "new": clear})


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(session: SessionDep, actor: ActorDep, token_id: int) -> Response:
    user = _account_user(session, actor)
    service.revoke_token(session, user.id, token_id, actor)
    return RedirectResponse("/account", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_page(
    request: Request, session: SessionDep, actor: ActorDep, next: str = "/account"
) -> HTMLResponse:
    user = _account_user(session, actor)
    context = {"user": user, "next": local_path(next, "/account"), "errors": {}}
    return render(request, "auth/password.html", context)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    lang: LangDep,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    confirm_password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/account",
) -> Response:
    user = _account_user(session, actor)
    keep = token_hash(
        request.app.state.settings.resolved_secret_key(), request.cookies.get(SESSION_COOKIE, "")
    )
    try:
        if new_password != confirm_password:
            raise ValidationFailed(
                fields=[FieldError("confirm_password", "user.password_mismatch")]
            )
        passwords.change_password(session, user, current_password, new_password, actor, keep)
    except ValidationFailed as exc:
        errors = {f.field: translate(f.key, lang, **f.params) for f in exc.fields}
        context = {"user": user, "next": local_path(next, "/account"), "errors": errors}
        return render(request, "auth/password.html", context, status_code=422)
    return RedirectResponse(local_path(next, "/account") + "?password=changed", status_code=303)
