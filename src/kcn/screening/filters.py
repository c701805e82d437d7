"""The one filter definition of each list (rules, leads), shared by the API, the pages, the
exports and the CLI. Search ignores diacritics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Query
from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.permissions import Action, Actor, restrict
from kcn.kit.text import like_pattern
from kcn.models import Lead, ScreeningRule
from kcn.models.screening import LEAD_STAGES, RULE_KINDS
from kcn.screening.schemas import LeadStage, RuleKind

OPEN_STAGES = LEAD_STAGES[:4]  # still in play: neither certificate issued nor lost


def _sort(keys: dict[str, Any], default: str) -> Any:
    return Query(
        default, max_length=40, description=f"One of {', '.join(keys)}; '-' first for descending."
    )


RULE_SORT: dict[str, Callable[[Any], Any]] = {
    "code": lambda f: ScreeningRule.code,
    "kind": lambda f: case(
        *((ScreeningRule.kind == k, i) for i, k in enumerate(RULE_KINDS)), else_=len(RULE_KINDS)
    ),
    "weight": lambda f: ScreeningRule.weight,
}


@dataclass
class RuleFilter:
    kind: str | None = None
    sort: str = "code"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(ScreeningRule), ScreeningRule, actor, Action.view)
        if self.kind:
            stmt = stmt.where(ScreeningRule.kind == self.kind)
        return stmt

    def params(self) -> dict[str, str]:
        return {k: v for k, v in (("kind", self.kind), ("sort", self.sort)) if v}


def rule_filter(
    kind: RuleKind | None = Query(None, description="Kind of rule."),
    sort: str = _sort(RULE_SORT, "code"),
) -> RuleFilter:
    return RuleFilter(kind, sort)


def stage_index() -> Any:
    return case(*((Lead.stage == s, i) for i, s in enumerate(LEAD_STAGES)), else_=len(LEAD_STAGES))


LEAD_SORT: dict[str, Callable[[Any], Any]] = {
    "investor": lambda f: Lead.investor_folded,
    "stage": lambda f: stage_index(),
    "score": lambda f: Lead.score,
    "next_action_due": lambda f: Lead.next_action_due,
    "first_contact_on": lambda f: Lead.first_contact_on,
}


@dataclass
class LeadFilter:
    q: str | None = None
    stage: str | None = None
    open: bool | None = None
    overdue_on: date | None = None
    country: str | None = None
    sector: str | None = None
    owner: str | None = None
    sort: str = "-score"

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        stmt = restrict(select(Lead), Lead, actor, Action.view).options(
            selectinload(Lead.activities), selectinload(Lead.zone)
        )
        if self.q:
            stmt = stmt.where(
                or_(
                    Lead.investor_folded.like(like_pattern(self.q), escape="\\"),
                    Lead.vsic_code.like(f"{self.q}%"),
                )
            )
        if self.stage:
            stmt = stmt.where(Lead.stage == self.stage)
        if self.open is True:
            stmt = stmt.where(Lead.stage.in_(OPEN_STAGES))
        elif self.open is False:
            stmt = stmt.where(Lead.stage.not_in(OPEN_STAGES))
        if self.overdue_on:
            stmt = stmt.where(
                Lead.stage.in_(OPEN_STAGES),
                Lead.next_action_due.is_not(None),
                Lead.next_action_due < self.overdue_on,
            )
        if self.country:
            stmt = stmt.where(Lead.main_country == self.country.upper())
        if self.sector:
            stmt = stmt.where(Lead.vsic_code.like(f"{self.sector}%"))
        if self.owner:
            stmt = stmt.where(Lead.owner == self.owner)
        return stmt

    def params(self) -> dict[str, str]:
        values: dict[str, Any] = {
            "q": self.q,
            "stage": self.stage,
            "country": self.country,
            "sector": self.sector,
            "owner": self.owner,
            "sort": self.sort,
            "open": None if self.open is None else str(self.open).lower(),
            "overdue_on": self.overdue_on.isoformat() if self.overdue_on else None,
        }
        return {k: v for k, v in values.items() if v}


def lead_filter(
    q: str | None = Query(None, max_length=200, description="Search ignoring diacritics."),
    stage: LeadStage | None = Query(None, description="Stage of the lead."),
    open: bool | None = Query(None, description="true: leads still in play; false: closed."),
    overdue_on: date | None = Query(
        None, description="Open leads whose next action was due before this date."
    ),
    country: str | None = Query(None, max_length=2, description="Main investor country."),
    sector: str | None = Query(None, max_length=5, pattern=r"^\d{1,5}$", description="VSIC."),
    owner: str | None = Query(None, max_length=150, description="Who follows the lead."),
    sort: str = _sort(LEAD_SORT, "-score"),
) -> LeadFilter:
    return LeadFilter(
        q or None,
        stage or None,
        open,
        overdue_on,
        country or None,
        sector or None,
        owner or None,
        sort,
    )
