"""Screening rules and leads declared to the resource kit (``kcn.kit.resources``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kcn.kit.export import Column
from kcn.kit.resources import Resource, register
from kcn.models import ScreeningRule
from kcn.screening import ruleset
from kcn.screening.filters import RULE_SORT, rule_filter
from kcn.screening.policy import require_reader
from kcn.screening.schemas import RuleCreate, RuleRead, RuleUpdate


def _col(prefix: str, name: str, width: int = 16, value: Any = None) -> Column:
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"{prefix}.column.{name}")


def _yes(item: Any, _lang: str) -> str:
    return "x" if item.is_demo else ""


def _first(rows: Sequence[Any]) -> list[Any]:
    return [row[0] for row in rows]


RULE_COLUMNS = (
    _col("screening_rule", "code", 22),
    _col("screening_rule", "kind", 22),
    _col("screening_rule", "effect", 12),
    _col("screening_rule", "title_vi", 40),
    _col("screening_rule", "title_en", 40),
    _col("screening_rule", "zone_kind", 18),
    _col("screening_rule", "sector", 8),
    _col("screening_rule", "threshold", 10),
    _col("screening_rule", "codes", 30, lambda r, _l: ", ".join(r.codes or [])),
    _col("screening_rule", "weight", 8),
    _col("screening_rule", "source", 60),
    _col("screening_rule", "is_demo", 8, _yes),
)

RULES = register(
    Resource(
        name="screening_rule",
        path="/api/v1/screening/rules",
        tag="screening",
        model=ScreeningRule,
        read_schema=RuleRead,
        filter_dependency=rule_filter,
        sort_keys=RULE_SORT,
        tiebreak=lambda f: ScreeningRule.id,
        read_rows=lambda s, rows, ctx: [ruleset.to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: ruleset.to_read(ruleset.get_rule(s, i, ctx.actor)),
        export_columns=RULE_COLUMNS,
        export_name=lambda f: "kcn-screening-rules",
        title_key="screening_rule.list.title",
        describe=ruleset.snapshot,
        label=lambda r: r.code,
        create_schema=RuleCreate,
        update_schema=RuleUpdate,
        create=ruleset.create_rule,
        update=ruleset.update_rule,
        delete=ruleset.delete_rule,
        may_list=require_reader,
    )
)
