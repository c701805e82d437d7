"""The enterprises metrics the investment section reads: projects certified and adjusted in a
period, checked against the records themselves (read in Python, not through the metric)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises import metrics as enterprise_metrics
from kcn.kit import metrics
from kcn.kit.errors import ValidationFailed
from kcn.models import CapitalAdjustment, Enterprise, Project

SINCE, AS_OF = date(2024, 1, 1), date(2024, 6, 30)


def _in_force(p: Project) -> bool:
    return p.status_date is None or p.status_date <= AS_OF


def test_new_projects_of_the_half(session: Session) -> None:
    projects = [p for p in session.scalars(select(Project)) if SINCE <= p.certificate_date <= AS_OF
                and _in_force(p)]  # fmt: skip
    assert projects, "the demo data certifies projects in 2024-H1"
    count = metrics.compute(session, "projects.new_count", since=SINCE, as_of=AS_OF)
    capital = metrics.compute(session, "projects.new_capital_usd_million", since=SINCE, as_of=AS_OF)
    assert count.value == len(projects)
    expected = sum((p.capital_usd for p in projects), Decimal(0)) / 1_000_000
    assert capital.value == metrics.round_to(expected, 2)
    later = metrics.compute(session, "projects.new_count", since=date(2030, 1, 1), as_of=AS_OF)
    assert later.value == 0


def test_adjusted_projects_of_the_half(session: Session) -> None:
    adjusted = {
        a.project_id
        for a in session.scalars(select(CapitalAdjustment))
        if SINCE <= a.adjusted_on <= AS_OF and _in_force(a.project)
        and a.project.certificate_date <= AS_OF
    }  # fmt: skip
    result = metrics.compute(session, "projects.adjusted_count", since=SINCE, as_of=AS_OF)
    assert result.value == len(adjusted) > 0


def test_since_is_required(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        metrics.compute(session, "projects.new_count", as_of=AS_OF)


def test_countries_are_the_investors_of_certified_projects(session: Session) -> None:
    found = enterprise_metrics.countries(session, AS_OF)
    codes = {
        e.main_country
        for e in session.scalars(select(Enterprise))
        if e.main_country and any(p.certificate_date <= AS_OF for p in e.projects)
    }
    assert found == sorted(codes)
