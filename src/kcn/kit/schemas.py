"""Base classes for API schemas."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kcn.kit.text import nfc


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class InputSchema(BaseModel):
    """Input: unknown fields are refused, text is stored NFC."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Hectares = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


def clean_text(value: str | None) -> str | None:
    return None if value is None else nfc(value)
