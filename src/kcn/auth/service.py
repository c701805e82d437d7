"""Accounts: users, API tokens, web sessions and login with throttling."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from kcn.auth import roles as _roles  # noqa: F401  (registers the roles)
from kcn.config import Settings
from kcn.db import serialize
from kcn.geo import service as geo_service
from kcn.kit import audit
from kcn.kit.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed
from kcn.kit.permissions import Action, Actor, require_write
from kcn.kit.security import hash_password, new_token, token_hash, verify_password
from kcn.models import ApiToken, LoginAttempt, User, UserScope, WebSession, Zone
from kcn.models.auth import ROLES
from kcn.models.mixins import utcnow

log = logging.getLogger("kcn.auth")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
MIN_PASSWORD = 10


class Throttled(DomainError):
    status_code = 429
    code = "too_many_attempts"
    key = "auth.throttled"


class BadCredentials(DomainError):
    status_code = 401
    code = "bad_credentials"
    key = "auth.bad_credentials"


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def snapshot(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "enterprise_tax_code": user.enterprise_tax_code,
        "is_active": user.is_active,
        "scopes": sorted(
            [f"zone:{s.zone_id}" if s.zone_id else f"unit:{s.admin_unit_id}" for s in user.scopes]
        ),
    }


# --- users ------------------------------------------------------------------------------


@dataclass
class NewUser:
    username: str
    password: str
    role: str
    full_name: str = ""
    enterprise_tax_code: str | None = None
    zones: tuple[str, ...] = ()  # zone codes
    admin_units: tuple[str, ...] = ()  # unit keys or codes


def create_user(session: Session, data: NewUser, actor: Actor) -> User:
    require_write(actor, "user", Action.add)
    errors: list[FieldError] = []
    if not USERNAME.match(data.username):
        errors.append(FieldError("username", "user.bad_username"))
    elif session.scalar(select(User.id).where(User.username == data.username)):
        errors.append(FieldError("username", "user.username_taken", {"username": data.username}))
    if data.role not in ROLES:
        errors.append(FieldError("role", "field.choice", {"expected": ", ".join(ROLES)}))
    if len(data.password) < MIN_PASSWORD:
        errors.append(FieldError("password", "user.short_password", {"minimum": MIN_PASSWORD}))
    if data.role == "enterprise" and not TAX_CODE.match(data.enterprise_tax_code or ""):
        errors.append(FieldError("enterprise_tax_code", "user.tax_code"))
    if data.role != "enterprise" and data.enterprise_tax_code:
        errors.append(FieldError("enterprise_tax_code", "user.tax_code_only_enterprise"))
    scopes: list[UserScope] = []
    for code in data.zones:
        zone_id = session.scalar(select(Zone.id).where(Zone.code == code.upper()))
        if zone_id is None:
            errors.append(FieldError("zones", "zone.parent_unknown", {"code": code}))
        scopes.append(UserScope(zone_id=zone_id))
    for ref in data.admin_units:
        unit = geo_service.resolve(session, ref)
        if unit is None:
            errors.append(FieldError("admin_units", "admin_unit.unknown", {"ref": ref}))
        else:
            scopes.append(UserScope(admin_unit_id=unit.id))
    if errors:
        raise ValidationFailed(fields=errors)
    user = User(
        username=data.username,
        full_name=data.full_name,
        password_hash=hash_password(data.password),
        role=data.role,
        enterprise_tax_code=data.enterprise_tax_code,
        scopes=scopes,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user", user.id, "create", None, snapshot(user), user.username)
    session.commit()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(
        select(User).where(User.username == username).options(selectinload(User.scopes))
    )
    if user is None:
        raise NotFound("user.not_found", username=username)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_active(session: Session, username: str, active: bool, actor: Actor) -> User:
    require_write(actor, "user", Action.change)
    user = get_user(session, username)
    before = snapshot(user)
    user.is_active = active
    if not active:  # a disabled account loses its sessions and tokens at once
        for web in session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
            session.delete(web)
        for token in session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        ):
            token.revoked_at = utcnow()
    session.flush()
    audit.record(session, actor, "user", user.id, "update", before, snapshot(user), user.username)
    session.commit()
    return user


def actor_for(session: Session, user: User, via: str, request_id: str = "") -> Actor:
    """The actor of ``user``, with its scope expanded to every unit inside it."""
    zone_ids = frozenset(s.zone_id for s in user.scopes if s.zone_id is not None)
    units = [s.admin_unit_id for s in user.scopes if s.admin_unit_id is not None]
    unit_ids = geo_service.units_within_ids(session, units, utcnow().date())
    return Actor(
        name=user.full_name or user.username,
        role=user.role,
        user_id=user.id,
        via=via,
        zone_ids=zone_ids,
        unit_ids=frozenset(unit_ids),
        scoped=bool(user.scopes),
        enterprise_tax_code=user.enterprise_tax_code,
        request_id=request_id,
    )


# --- API tokens -------------------------------------------------------------------------


def create_token(
    session: Session,
    settings: Settings,
    user: User,
    name: str,
    expires_at: datetime | None,
    actor: Actor,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the clear token is returned once and never stored."""
    errors = []
    if not 1 <= len(name.strip()) <= 100:
        errors.append(FieldError("name", "field.too_long", {"max_length": 100}))
    if expires_at is not None and as_utc(expires_at) <= utcnow():
        errors.append(FieldError("expires_at", "token.expiry_past"))
    if errors:
        raise ValidationFailed(fields=errors)
    if expires_at is not None:  # stored in UTC: SQLite keeps no offset
        expires_at = as_utc(expires_at).astimezone(UTC)
    clear = new_token("kcn")
    token = ApiToken(
        user_id=user.id,
        name=name.strip(),
        prefix=clear[:10],
        token_hash=token_hash(settings.resolved_secret_key(), clear),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    after = {"user": user.username, "name": token.name, "prefix": token.prefix}
    audit.record(session, actor, "api_token", token.id, "create", None, after, token.name)
    session.commit()
    return token, clear


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)
    return list(session.scalars(stmt))


def revoke_token(session: Session, user_id: int | None, token_id: int, actor: Actor) -> ApiToken:
    """Revoke a token of ``user_id`` (None: any user's, for the CLI)."""
    stmt = select(ApiToken).where(ApiToken.id == token_id)
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    token = session.scalar(stmt)
    if token is None:
        raise NotFound("token.not_found", id=token_id)
    if token.revoked_at is not None:
        raise Conflict("token.already_revoked")
    token.revoked_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "api_token", token.id, "update", {"revoked": False}, {"revoked": True},
        token.name,
    )  # fmt: skip
    session.commit()
    return token


def user_for_token(session: Session, settings: Settings, clear: str) -> User | None:
    digest = token_hash(settings.resolved_secret_key(), clear)
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_at is not None and as_utc(token.expires_at) <= utcnow():
        return None
    user = session.get(User, token.user_id)
    return user if user is not None and user.is_active else None


# --- web sessions and login -------------------------------------------------------------


def login(
    session: Session, settings: Settings, username: str, password: str, address: str
) -> tuple[User, str]:
    """Check the password, refusing while the account or the address is throttled; return
    the user and a new session token.

    Attempts on one username or address are counted one after the other: the attempt is
    recorded (as failed until the password proves right) under a lock of both keys, and only
    then are the failures counted, so parallel guesses see each other and at most
    ``login_max_failures`` wrong guesses are checked per window. A refused attempt is not
    kept, so that hammering a locked account does not extend its lockout.
    """
    name, where = username[:64], address[:64]
    serialize(session, f"login:user:{name}", f"login:address:{where}")
    attempt = LoginAttempt(username=name, address=where, succeeded=False)
    session.add(attempt)
    session.flush()  # on SQLite, takes the write lock: the count below sees every attempt
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    failures = session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.at >= since,
            or_(LoginAttempt.username == name, LoginAttempt.address == where),
        )
    )
    if (failures or 0) > settings.login_max_failures:  # this attempt is among them
        session.rollback()
        log.warning("login refused (throttled): user=%r address=%s", username, address)
        raise Throttled(minutes=settings.login_window_minutes)
    session.commit()  # the attempt counts from now on, while its password is checked
    user = session.scalar(select(User).where(User.username == username))
    ok = user is not None and user.is_active and verify_password(user.password_hash, password)
    if not ok or user is None:
        log.warning("login failed: user=%r address=%s", username, address)
        raise BadCredentials()
    attempt.succeeded = True
    clear = new_token("kcns")
    session.add(
        WebSession(
            user_id=user.id,
            token_hash=token_hash(settings.resolved_secret_key(), clear),
            expires_at=utcnow() + timedelta(hours=settings.session_hours),
        )
    )
    session.commit()
    return user, clear


def user_for_session(session: Session, settings: Settings, clear: str) -> User | None:
    digest = token_hash(settings.resolved_secret_key(), clear)
    web = session.scalar(select(WebSession).where(WebSession.token_hash == digest))
    if web is None or as_utc(web.expires_at) <= utcnow():
        return None
    user = session.get(User, web.user_id)
    return user if user is not None and user.is_active else None


def logout(session: Session, settings: Settings, clear: str) -> None:
    digest = token_hash(settings.resolved_secret_key(), clear)
    web = session.scalar(select(WebSession).where(WebSession.token_hash == digest))
    if web is not None:
        session.delete(web)
        session.commit()
