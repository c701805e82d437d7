"""REST API of the caller's account and API tokens, and the user list for administrators."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kcn.auth import passwords, service
from kcn.auth.deps import ActorDep
from kcn.auth.schemas import (
    PasswordChange,
    PasswordReset,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserRead,
)
from kcn.kit.http import SessionDep
from kcn.kit.permissions import Actor, Forbidden, NotAuthenticated
from kcn.models import User

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def _me(session: SessionDep, actor: Actor) -> User:
    if actor.user_id is None:
        raise NotAuthenticated()
    user = session.get(User, actor.user_id)
    assert user is not None
    return user


@router.get("/users/me", response_model=UserRead, summary="The caller's account")
def me(session: SessionDep, actor: ActorDep) -> UserRead:
    return UserRead.model_validate(_me(session, actor))


@router.get("/users", response_model=list[UserRead], summary="All accounts (administrators)")
def users(session: SessionDep, actor: ActorDep) -> list[UserRead]:
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if actor.role != "admin":
        raise Forbidden()
    return [UserRead.model_validate(u) for u in service.list_users(session)]


@router.post("/users/me/password", status_code=204, summary="Change the caller's password")
def change_password(session: SessionDep, actor: ActorDep, data: PasswordChange) -> Response:
    user = _me(session, actor)
    passwords.change_password(session, user, data.current_password, data.new_password, actor)
    return Response(status_code=204)


@router.post(
    "/users/{username}/password-reset",
    response_model=PasswordReset,
    summary="Reset a user's password (administrators); it must be changed at the next sign-in",
)
def reset_password(session: SessionDep, actor: ActorDep, username: str) -> PasswordReset:
    user, clear = passwords.reset_password(session, username, actor)
    return PasswordReset(username=user.username, password=clear)


@router.get("/tokens", response_model=list[TokenRead], summary="The caller's API tokens")
def list_tokens(session: SessionDep, actor: ActorDep) -> list[TokenRead]:
    user = _me(session, actor)
    return [TokenRead.model_validate(t) for t in service.list_tokens(session, user.id)]


@router.post("/tokens", response_model=TokenCreated, status_code=201, summary="New API token")
def create_token(
    request: Request, session: SessionDep, actor: ActorDep, data: TokenCreate
) -> TokenCreated:
    user = _me(session, actor)
    settings = request.app.state.settings
    token, clear = service.create_token(session, settings, user, data.name, data.expires_at, actor)
    return TokenCreated.model_validate(
        {**TokenRead.model_validate(token).model_dump(), "token": clear}
    )


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of the caller's tokens")
def revoke_token(session: SessionDep, actor: ActorDep, token_id: int) -> Response:
    user = _me(session, actor)
    service.revoke_token(session, user.id, token_id, actor)
    return Response(status_code=204)
