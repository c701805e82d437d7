"""API shapes of administrative units."""

from __future__ import annotations

from datetime import date

from kcn.kit.schemas import Schema


class AdminUnitRead(Schema):
    key: str
    code: str
    level: str
    kind: str
    name: str
    valid_from: date | None
    valid_to: date | None
    mountainous: bool
    source: str
