"""Screening rules and leads declared to the resource kit (``kcn.kit.resources``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kcn.kit.export import Column
from kcn.kit.resources import Resource, register
from kcn.models import Lead, ScreeningRule
from kcn.screening import leads, ruleset
from kcn.screening.filters import LEAD_SORT, RULE_SORT, lead_filter, rule_filter
from kcn.screening.policy import require_reader
from kcn.screening.schemas import (
    LeadCreate,
    LeadRead,
    LeadUpdate,
    RuleCreate,
    RuleRead,
    RuleUpdate,
)


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

LEAD_COLUMNS = (
    _col("lead", "investor", 36),
    _col("lead", "countries", 12, lambda r, _l: ", ".join(r.countries)),
    _col("lead", "vsic_code", 8),
    _col("lead", "capital_usd", 16),
    _col("lead", "land_ha", 10),
    _col("lead", "workers", 10),
    _col("lead", "technology_class", 12),
    _col("lead", "zone", 18, lambda r, _l: r.zone or ""),
    _col("lead", "stage", 18),
    _col("lead", "lost_reason", 30),
    _col("lead", "first_contact_on", 14),
    _col("lead", "owner", 16),
    _col("lead", "next_action", 30),
    _col("lead", "next_action_due", 14),
    _col("lead", "score", 8),
    _col("lead", "verdict", 14),
    _col("lead", "policy_version", 8),
    _col("lead", "is_demo", 8, _yes),
)

LEADS = register(
    Resource(
        name="lead",
        path="/api/v1/leads",
        tag="screening",
        model=Lead,
        read_schema=LeadRead,
        filter_dependency=lead_filter,
        sort_keys=LEAD_SORT,
        tiebreak=lambda f: Lead.id,
        read_rows=lambda s, rows, ctx: [leads.to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: leads.to_read(leads.get_lead(s, i, ctx.actor)),
        export_columns=LEAD_COLUMNS,
        export_name=lambda f: "kcn-leads",
        title_key="lead.list.title",
        describe=leads.snapshot,
        label=lambda r: r.investor,
        create_schema=LeadCreate,
        update_schema=LeadUpdate,
        create=leads.create_lead,
        update=leads.update_lead,
        delete=leads.delete_lead,
        may_list=require_reader,
    )
)
