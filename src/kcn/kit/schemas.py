"""Base classes for API schemas."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kcn.kit.text import nfc


class Schema(BaseModel):
    """Output. A timestamp always carries its offset: SQLite gives back naive datetimes of
    values stored in UTC, which are read as UTC here and written ``…Z``."""

    model_config = ConfigDict(from_attributes=True)

    @field_validator("*", mode="after")
    @classmethod
    def _timestamps_in_utc(cls, value: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class InputSchema(BaseModel):
    """Input: unknown fields are refused, text is stored NFC, and no text may hold a NUL or
    other control character (PostgreSQL cannot store NUL; none belongs in a name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if _has_control(value):
            raise ValueError("field.control_character")
        return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return False


Hectares = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


def clean_text(value: str | None) -> str | None:
    return None if value is None else nfc(value)
