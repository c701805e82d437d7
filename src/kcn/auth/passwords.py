"""Passwords: a user changes their own; an administrator sets or resets another's (a reset
one must be changed at the next sign-in). Every change ends the user's other web sessions and
leaves an audit record that says a password changed, never what it is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.auth.service import MIN_PASSWORD, get_user
from kcn.kit import audit
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.kit.permissions import Action, Actor, require_write
from kcn.kit.security import hash_password, new_password, verify_password
from kcn.models import User, WebSession

MAX_PASSWORD = 200


def change_password(
    session: Session, user: User, current: str, new: str, actor: Actor, keep_session: str = ""
) -> None:
    """The user's own change: the current password first. Other web sessions end; the one
    whose token hash is ``keep_session`` (the browser making the change) stays."""
    errors: list[FieldError] = []
    if not verify_password(user.password_hash, current):
        errors.append(FieldError("current_password", "user.wrong_password"))
    errors += _password_problems(new, current)
    if errors:
        raise ValidationFailed(fields=errors)
    _set_password(session, user, new, must_change=False, actor=actor, keep_session=keep_session)


def set_password(session: Session, username: str, new: str, actor: Actor) -> User:
    """An administrator (or the command line) sets a user's password outright."""
    require_write(actor, "user", Action.change)
    user = get_user(session, username)
    problems = _password_problems(new, None)
    if problems:
        raise ValidationFailed(fields=problems)
    _set_password(session, user, new, must_change=False, actor=actor)
    return user


def reset_password(session: Session, username: str, actor: Actor) -> tuple[User, str]:
    """An administrator resets a user's password to a generated one, returned once; the user
    must choose a new one at the next sign-in, and is signed out everywhere now."""
    require_write(actor, "user", Action.change)
    user = get_user(session, username)
    clear = new_password()
    _set_password(session, user, clear, must_change=True, actor=actor)
    return user, clear


def _password_problems(new: str, current: str | None) -> list[FieldError]:
    if len(new) < MIN_PASSWORD:
        return [FieldError("new_password", "user.short_password", {"minimum": MIN_PASSWORD})]
    if len(new) > MAX_PASSWORD:
        return [FieldError("new_password", "field.too_long", {"max_length": MAX_PASSWORD})]
    if current is not None and new == current:
        return [FieldError("new_password", "user.same_password")]
    return []


def _set_password(
    session: Session, user: User, new: str, must_change: bool, actor: Actor, keep_session: str = ""
) -> None:
    before = {"password": "…", "must_change_password": user.must_change_password}
    user.password_hash = hash_password(new)
    user.must_change_password = must_change
    for web in session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
        if web.token_hash != keep_session:
            session.delete(web)
    session.flush()
    after = {"password": "changed", "must_change_password": must_change}
    audit.record(session, actor, "user", user.id, "update", before, after, user.username)
    session.commit()
