"""Screening services shared by the API, the pages and the CLI."""

from __future__ import annotations

from datetime import date

from kcn.enterprises import checks
from kcn.kit.errors import FieldError, ValidationFailed
from kcn.screening import fta
from kcn.screening.schemas import AgreementRead, PartnersRead


def country_code(value: str, field: str = "country") -> str:
    code = checks.country(value)
    if code is None:
        raise ValidationFailed(
            fields=[FieldError(field, "screening.bad_country", {"value": value})]
        )
    return code


def fta_partners(day: date, country: str | None, lang: str) -> PartnersRead:
    """The agreements linking Viet Nam with ``country`` on ``day`` (or every partner)."""
    if country is None:
        items = [
            AgreementRead(
                code=a.code, name=a.name(lang), in_force_for_vietnam=a.vn_from, source=a.source
            )
            for a in fta.agreements()
            if a.in_force_on(day)
        ]
        return PartnersRead(date=day, country=None, agreements=items, partners=fta.partners_on(day))
    code = country_code(country)
    items = []
    for a in fta.agreements_on(day, code):
        m = a.links(day, code)
        assert m is not None
        items.append(
            AgreementRead(
                code=a.code,
                name=a.name(lang),
                in_force_for_vietnam=a.vn_from,
                partner_from=m.start,
                partner_to=m.end,
                source=a.source,
            )
        )
    return PartnersRead(date=day, country=code, agreements=items)
