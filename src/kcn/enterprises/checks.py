"""Checks of identifiers: tax codes (python-stdnum), ISO 3166-1 countries (pycountry) and
VSIC 2018 sector codes. Each returns the normalised value, or None when it is invalid."""

from __future__ import annotations

import pycountry
from stdnum.exceptions import ValidationError
from stdnum.vn import mst

from kcn.enterprises import vsic


def tax_code(value: str) -> str | None:
    """``0100109106`` or ``0100109106-001`` (a branch), check digit verified."""
    try:
        return str(mst.format(mst.validate(value)))
    except ValidationError:
        return None


def country(value: str) -> str | None:
    """The alpha-2 code of an ISO 3166-1 country given by alpha-2 or alpha-3 code."""
    text = value.strip().upper()
    found = None
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text)
    elif len(text) == 3:
        found = pycountry.countries.get(alpha_3=text)
    return str(found.alpha_2) if found is not None else None


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return str(found.name) if found is not None else code


def sector(value: str) -> str | None:
    text = value.strip()
    return text if vsic.is_valid(text) else None
