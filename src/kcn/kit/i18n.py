"""Messages, numbers and dates in Vietnamese (first) and English.

Messages live in Babel catalogs, ``kcn/locale/<lang>/LC_MESSAGES/messages.po``, keyed by a
symbolic id (``zone.list.title``) so that both languages are complete translations of the
same key set; a test checks that they are. Numbers and dates go through Babel:
Vietnamese ``2.238 ha`` and ``19,11%``, English ``2,238 ha`` and ``19.11%``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def pick_language(*candidates: str | None) -> str:
    """The first supported language among ``candidates`` (query, cookie, Accept-Language)."""
    for candidate in candidates:
        if not candidate:
            continue
        for part in candidate.split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


@cache
def catalog(lang: str) -> dict[str, str]:
    """The message catalog of ``lang`` as a dict from key to text."""
    path = resources.files("kcn").joinpath(f"locale/{lang}/LC_MESSAGES/messages.po")
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in po if m.id and m.string}


def translate(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled; the key if unknown.
    Decimal and date values are written the language's way (``100.000,5``, ``30/06/2024``)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    if not params:
        return text
    shown = {name: _shown(value, lang) for name, value in params.items()}
    return text.format(**shown)


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, Decimal):
        return fmt_number(value, lang, 4)
    if isinstance(value, date):
        return fmt_date(value, lang)
    return value


def fmt_number(value: Decimal | int | float | None, lang: str, decimals: int = 2) -> str:
    """``2238`` → ``2.238`` (vi) / ``2,238`` (en); up to ``decimals`` places, no trailing zeros."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang)


def fmt_fixed(value: Decimal | int | float | None, lang: str, decimals: int = 2) -> str:
    """Like :func:`fmt_number` but always with ``decimals`` places (tables of indices)."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=lang)


def fmt_pct(value: Decimal | int | float | None, lang: str, decimals: int = 2) -> str:
    """``19.11`` → ``19,11%`` (vi) / ``19.11%`` (en)."""
    return "–" if value is None else fmt_number(value, lang, decimals) + "%"


def fmt_area(value: Decimal | int | float | None, lang: str) -> str:
    return "–" if value is None else fmt_number(value, lang) + " ha"


def fmt_date(value: date | None, lang: str) -> str:
    """``30/06/2024`` (vi) / ``30 Jun 2024`` (en)."""
    if value is None:
        return "–"
    return format_date(value, format="dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale=lang)
