"""Messages, numbers and dates in Vietnamese (first) and English, through Babel end to end.

Messages live in Babel catalogs, ``kcn/locale/<lang>/LC_MESSAGES/messages.po``, keyed by a
symbolic id (``zone.list.title``) so that both languages are complete translations of the
same key set (a test checks). They are compiled to ``.mo`` (:mod:`kcn.kit.catalogs`) and
loaded as ``babel.support.Translations``, one per language, with the default language as
fallback. Texts take ``{name}`` placeholders. A plural entry (``msgid_plural``) has one form
per the language's ``Plural-Forms`` (Vietnamese one, English two: ``1 zone``, ``2 zones``) and
counts its ``{count}`` parameter, or its only parameter.

Numbers, percents, dates and month names come from Babel's locale data: Vietnamese ``2.238 ha``
and ``19,11%``, English ``2,238 ha`` and ``19.11%``; the date patterns are messages
(``format.date``). :func:`parse_number` reads a number typed the language's way.

Templates get one language's helpers from :func:`formatters`; :func:`jinja_i18n` installs
``jinja2.ext.i18n`` so that ``{% trans %}``, ``_()`` and ``ngettext`` read the same catalogs
in the language of the page being rendered.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from copy import copy
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import read_mo
from babel.numbers import (
    NumberFormatError,
    NumberPattern,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from babel.support import Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from kcn.kit import catalogs

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
Number = Decimal | int | float


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


def _supported(lang: str) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def other_language(lang: str) -> str:
    """The language a page offers to switch to: the next one in :data:`LANGUAGES`."""
    return LANGUAGES[(LANGUAGES.index(_supported(lang)) + 1) % len(LANGUAGES)]


# Messages ----------------------------------------------------------------------------------


def translations(lang: str) -> Translations:
    """The compiled catalog of ``lang`` (compiled first if missing or stale), falling back to
    the default language's for a key it lacks; loaded once per language."""
    return _loaded(_supported(lang))[0]


@cache
def _loaded(lang: str) -> tuple[Translations, frozenset[str]]:
    """The translations of ``lang`` and the keys of its plural entries."""
    data = catalogs.compiled(lang)
    loaded = Translations(io.BytesIO(data), domain=catalogs.DOMAIN)
    plurals = frozenset(str(m.id[0]) for m in read_mo(io.BytesIO(data)) if m.pluralizable)
    if lang != DEFAULT_LANGUAGE:
        fallback, fallback_plurals = _loaded(DEFAULT_LANGUAGE)
        loaded.add_fallback(fallback)
        plurals |= fallback_plurals
    return loaded, plurals


@cache
def catalog(lang: str) -> dict[str, str]:
    """Key → text of ``lang``'s source catalog (a plural entry: its last form), for checks."""
    out: dict[str, str] = {}
    for message in catalogs.read_catalog(_supported(lang)):
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = message.string[-1] if isinstance(message.string, tuple | list) else message.string
        if key and text:
            out[str(key)] = str(text)
    return out


def translate(key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled; the key if unknown.
    Decimal and date values are written the language's way (``100.000,5``, ``30/06/2024``).
    A plural entry is counted by its ``count`` parameter, or its only parameter."""
    lang = _supported(lang)
    if key in _loaded(lang)[1] and (n := _count(params)) is not None:
        return translate_plural(key, n, lang, **params)
    return _fill(translations(lang).gettext(key), lang, params)


def translate_plural(key: str, n: int, lang: str, **params: Any) -> str:
    """The form of plural entry ``key`` for ``n`` in ``lang`` (``1 zone``, ``2 zones``,
    ``2 khu``); ``{count}`` is ``n`` written the language's way (``1.234``)."""
    lang = _supported(lang)
    text = translations(lang).ngettext(key, key, int(n))
    count = fmt_number(n, lang, 0) if isinstance(n, int) else n
    return _fill(text, lang, {**params, "count": count})


def _count(params: Mapping[str, Any]) -> int | None:
    if "count" in params:
        value = params["count"]
    elif len(params) == 1:
        (value,) = params.values()
    else:
        return None
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, ArithmeticError):
        return None


def _fill(text: str, lang: str, params: Mapping[str, Any]) -> str:
    if not params:
        return text
    return text.format(**{name: _shown(value, lang) for name, value in params.items()})


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, Decimal):
        return fmt_number(value, lang, 4)
    if isinstance(value, date):
        return fmt_date(value, lang)
    return value


def localized(obj: object, field: str, lang: str) -> str:
    """``obj.label_en`` for ``localized(obj, "label", "en")``; the default language's if empty."""
    return in_language(lang, **{code: getattr(obj, f"{field}_{code}", None) for code in LANGUAGES})


def in_language(lang: str, **texts: str | None) -> str:
    """The text of ``lang`` among ``texts`` (keyed by language code), else the default
    language's: ``in_language(lang, vi=zone.name, en=zone.name_en)``."""
    return texts.get(_supported(lang)) or texts.get(DEFAULT_LANGUAGE) or ""


# Numbers and dates -------------------------------------------------------------------------


@cache
def _locale(lang: str) -> Locale:
    """The parsed locale of ``lang``: babel parses a locale given by name on every number it
    formats (half the time of formatting one; a list of 450 zones formats 1,300)."""
    return Locale.parse(_supported(lang))


@cache
def _pattern(lang: str, percent: bool, decimals: int, fixed: bool) -> NumberPattern:
    """The language's own decimal or percent pattern with ``decimals`` places."""
    locale = _locale(lang)
    base = locale.percent_formats[None] if percent else locale.decimal_formats[None]
    pattern: NumberPattern = copy(base)
    pattern.frac_prec = (decimals if fixed else 0, decimals)
    return pattern


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def fmt_number(value: Number | None, lang: str, decimals: int = 2) -> str:
    """``2238`` → ``2.238`` (vi) / ``2,238`` (en); up to ``decimals`` places, no trailing zeros."""
    if value is None:
        return "–"
    return str(_pattern(lang, False, decimals, False).apply(_decimal(value), _locale(lang)))


def fmt_fixed(value: Number | None, lang: str, decimals: int = 2) -> str:
    """Like :func:`fmt_number` but always with ``decimals`` places (tables of indices)."""
    if value is None:
        return "–"
    return str(_pattern(lang, False, decimals, True).apply(_decimal(value), _locale(lang)))


def fmt_pct(value: Number | None, lang: str, decimals: int = 2) -> str:
    """``19.11`` (a percentage) → ``19,11%`` (vi) / ``19.11%`` (en)."""
    if value is None:
        return "–"
    ratio = _decimal(value) / 100
    return str(_pattern(lang, True, decimals, False).apply(ratio, _locale(lang)))


def fmt_area(value: Number | None, lang: str) -> str:
    return "–" if value is None else f"{fmt_number(value, lang)} {translate('unit.ha', lang)}"


def fmt_date(value: date | None, lang: str) -> str:
    """``30/06/2024`` (vi) / ``30 Jun 2024`` (en): the pattern is the message ``format.date``."""
    if value is None:
        return "–"
    lang = _supported(lang)
    return str(format_date(value, format=translate("format.date", lang), locale=lang))


def month_name(month: int, lang: str, wide: bool = False) -> str:
    """Month 6 as the language writes it in a period: ``6`` (vi), ``Jun``/``June`` (en), from
    the pattern ``format.month`` (``format.month_wide``) and Babel's month names."""
    lang = _supported(lang)
    pattern = translate("format.month_wide" if wide else "format.month", lang)
    return str(format_date(date(2000, month, 1), format=pattern, locale=lang))


def number_style(lang: str) -> dict[str, str]:
    """How ``lang`` writes numbers, for the message ``field.number_format``."""
    lang = _supported(lang)
    return {
        "example": fmt_number(Decimal("1234.5"), lang),
        "group": get_group_symbol(lang),
        "decimal": get_decimal_symbol(lang),
    }


def parse_number(text: str, lang: str) -> Decimal:
    """A number typed the ``lang`` way: Vietnamese ``123,45``, ``1.234,5``; English ``123.45``,
    ``1,234.5``. Strict (Babel's ``parse_decimal(strict=True)``): the group mark must separate
    groups of three and come before the decimal mark, so the other language's style is
    refused rather than misread (``123.45`` in Vietnamese is not 12345; ``1.234`` is 1234 and
    ``1,234`` is 1.234). Only ASCII digits, the two marks and a leading sign are accepted.
    Raises ``ValueError``; show it with the message ``field.number_format`` and
    :func:`number_style`."""
    lang = _supported(lang)
    marks = re.escape(get_group_symbol(lang) + get_decimal_symbol(lang))
    cleaned = text.strip()
    if not re.fullmatch(rf"[+-]?[0-9{marks}]*[0-9][0-9{marks}]*", cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(parse_decimal(cleaned, locale=lang, strict=True))
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from exc


# Templates ---------------------------------------------------------------------------------


def formatters(lang: str) -> dict[str, Any]:
    """The template helpers of one language: ``t``, ``plural``, ``num``, ``pct``, ``area``,
    ``day``, ``month_name``, ``in_language`` and the page's ``lang`` and ``other_lang``."""
    lang = _supported(lang)

    def t(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    def plural(key: str, n: int, **params: Any) -> str:
        return translate_plural(key, n, lang, **params)

    helpers: dict[str, Callable[..., str]] = {
        "t": t,
        "plural": plural,
        "num": lambda v, d=2: fmt_number(v, lang, d),
        "pct": lambda v, d=2: fmt_pct(v, lang, d),
        "area": lambda v: fmt_area(v, lang),
        "day": lambda v: fmt_date(v, lang),
        "month_name": lambda m, wide=False: month_name(m, lang, wide),
        "in_language": in_language,
    }
    return {"lang": lang, "other_lang": other_language(lang), **helpers}


@pass_context
def _gettext(context: Context, key: str, **params: Any) -> str:
    return translate(key, str(context.get("lang", DEFAULT_LANGUAGE)), **params)


@pass_context
def _ngettext(context: Context, key: str, plural: str, n: int, **params: Any) -> str:
    return translate_plural(key, n, str(context.get("lang", DEFAULT_LANGUAGE)), **params)


def jinja_i18n(env: Environment) -> None:
    """Install ``jinja2.ext.i18n`` on ``env`` (new style: the callables fill the variables).

    ``{% trans %}zone.list.title{% endtrans %}``, ``_("zone.list.title")``,
    ``{% trans count=n %}zone.count{% pluralize %}zone.count{% endtrans %}`` and
    ``ngettext("zone.count", "zone.count", n)`` read the catalogs of the template's ``lang``
    (from :func:`formatters`), so one shared environment serves every request's language
    with no per-request state on it. Placeholders are ``{name}``, as in :func:`translate`.
    """
    env.add_extension("jinja2.ext.i18n")
    env.globals.update(gettext=_gettext, ngettext=_ngettext)
    env.newstyle_gettext = True  # type: ignore[attr-defined]
