"""API shapes of the screening domain: FTA partners, the screening policy and its rules,
proposals and their evaluation, land matching, and the investor pipeline (leads)."""

from __future__ import annotations

from datetime import date

from kcn.kit.schemas import Schema


class AgreementRead(Schema):
    code: str
    name: str
    in_force_for_vietnam: date | None
    partner_from: date | None = None
    partner_to: date | None = None
    source: str


class PartnersRead(Schema):
    date: date
    country: str | None
    agreements: list[AgreementRead]
    # every partner on the date → the agreements linking it (when no country was asked)
    partners: dict[str, list[str]] | None = None
