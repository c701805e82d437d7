"""API shapes of users and API tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from kcn.kit.schemas import InputSchema, Schema


class UserRead(Schema):
    id: int
    username: str
    full_name: str
    role: str
    enterprise_tax_code: str | None
    is_active: bool


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
