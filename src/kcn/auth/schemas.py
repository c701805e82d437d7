"""API shapes of users and API tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from kcn.kit.schemas import InputSchema, Schema


class UserRead(Schema):
    id: int
    username: str
    full_name: str
    role: str
    enterprise_tax_code: str | None
    is_active: bool
    must_change_password: bool = Field(
        description="Set by an administrator's reset: the user must choose a new password."
    )


class PasswordChange(InputSchema):
    # Passwords are taken as typed: no stripping of spaces, as at sign-in.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class PasswordReset(Schema):
    username: str
    password: str = Field(description="A temporary password, shown once; to be changed.")


class TokenCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None


class TokenRead(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenCreated(TokenRead):
    token: str = Field(description="The token itself: shown this once, never again.")
