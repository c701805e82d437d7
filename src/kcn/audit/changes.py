"""An audit record as people read it: each changed field by its label, with the old and the
new value written the reader's way (dates, numbers, yes/no, named choices).

The audit domain knows no other domain, so labels come from the message catalogs by rule: a
field ``name`` is ``column.name`` or ``audit.field.name``; a value ``v`` of field ``f`` is
``f.v`` (``kind.industrial_park``); a list of records (a zone's ``milestones``) is compared
item by item, each named by its first field through the singular (``milestone.operating``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from kcn.kit.i18n import fmt_date, fmt_number, translate

HIDDEN = frozenset({"version", "password_hash", "token_hash", "name_folded"})


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _known(key: str, lang: str) -> str | None:
    text = translate(key, lang)
    return None if text == key else text


def field_label(name: str, lang: str) -> str:
    return _known(f"column.{name}", lang) or _known(f"audit.field.{name}", lang) or name


def value_text(field: str, value: Any, lang: str) -> str:
    """``value`` of ``field`` written the reader's way; "–" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return translate("audit.yes" if value else "audit.no", lang)
    if isinstance(value, int | float | Decimal):
        return fmt_number(value, lang, 6)
    if isinstance(value, str):
        if named := _known(f"{field}.{value}", lang):
            return named
        return _text(value, lang)
    if isinstance(value, list):
        return ", ".join(value_text(field, v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{field_label(k, lang)}: {value_text(k, v, lang)}" for k, v in value.items()
        )
    return str(value)


def _text(value: str, lang: str) -> str:
    """A date or a number kept as text in the record, written the reader's way."""
    if len(value) == 10 and value[4:5] == "-":
        try:
            return fmt_date(date.fromisoformat(value), lang)
        except ValueError:
            return value
    if value[:1].isdigit() or value[:1] == "-":
        try:
            return fmt_number(Decimal(value), lang, 6)
        except InvalidOperation:
            return value
    return value


def _item_name(field: str, item: dict[str, Any], lang: str) -> tuple[str, Any]:
    key, value = next(iter(item.items()))
    singular = field.removesuffix("s")
    return _known(f"{singular}.{value}", lang) or value_text(key, value, lang), value


def _list_changes(field: str, old: list[Any], new: list[Any], lang: str) -> list[Change]:
    label = field_label(field, lang)
    if not all(isinstance(i, dict) and i for i in [*old, *new]):
        return [Change(label, value_text(field, old, lang), value_text(field, new, lang))]
    before = {_item_name(field, i, lang)[1]: i for i in old}
    after = {_item_name(field, i, lang)[1]: i for i in new}
    out: list[Change] = []
    for ident in [*before, *(k for k in after if k not in before)]:
        b, a = before.get(ident), after.get(ident)
        if b == a:
            continue
        name = _item_name(field, (a or b or {}), lang)[0]
        if b is None or a is None:  # added or removed: the whole item on one side
            item = {k: v for k, v in (a or b or {}).items() if v not in (None, "", False)}
            item.pop(next(iter(a or b or {})), None)  # already in the label
            whole = value_text(field, item, lang)
            out.append(
                Change(
                    f"{label} › {name}", "–" if b is None else whole, "–" if a is None else whole
                )
            )
            continue
        for key in [*b, *(k for k in a if k not in b)]:
            if b.get(key) != a.get(key):
                out.append(
                    Change(
                        f"{label} › {name} › {field_label(key, lang)}",
                        value_text(key, b.get(key), lang),
                        value_text(key, a.get(key), lang),
                    )
                )
    return out


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None, lang: str) -> list[Change]:
    """Each field that differs between ``before`` and ``after``, old → new."""
    before, after = before or {}, after or {}
    out: list[Change] = []
    for name in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(name), after.get(name)
        if old == new or name in HIDDEN:
            continue
        if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
            if old or new:
                out.extend(_list_changes(name, old or [], new or [], lang))
            continue
        out.append(
            Change(
                field_label(name, lang), value_text(name, old, lang), value_text(name, new, lang)
            )
        )
    return out


def local(at: datetime, zone: str) -> datetime:
    """``at`` (stored in UTC, with or without its zone) in the time zone ``zone``."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(ZoneInfo(zone))


@dataclass(frozen=True)
class Entry:
    """An audit record for a page: its local time, written out, and its changes."""

    record: Any
    at: str  # local time, as the reader writes it
    zone: str  # the time zone and its offset: "Asia/Ho_Chi_Minh (UTC+07:00)"
    changes: list[Change]


def entries(records: list[Any], lang: str, zone: str) -> list[Entry]:
    """``records`` (with ``at``, ``before``, ``after``) as a page shows them."""
    out = []
    for r in records:
        at = local(r.at, zone)
        offset = at.strftime("%z")
        where = f"{zone} (UTC{offset[:3]}:{offset[3:]})"
        out.append(
            Entry(
                r,
                f"{fmt_date(at.date(), lang)} {at:%H:%M}",
                where,
                changes(r.before, r.after, lang),
            )
        )
    return out
