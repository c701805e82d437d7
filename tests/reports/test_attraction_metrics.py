"""The investment attraction metrics (kcn.screening.attraction): the capital of the half's new
projects from FTA partner countries and its share, and the screening outcomes, checked against
the records read here in Python (FTA membership from the agreements file, on each project's
certificate date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit import metrics
from kcn.kit.errors import ValidationFailed
from kcn.models import Enterprise, Lead, Project, Zone
from kcn.screening import attraction, fta

SINCE, AS_OF = date(2024, 1, 1), date(2024, 6, 30)


def _new(session: Session) -> list[Project]:
    return [
        p
        for p in session.scalars(select(Project))
        if SINCE <= p.certificate_date <= AS_OF
        and (p.status_date is None or p.status_date <= AS_OF)
    ]


def _add_us_project(session: Session, usd: str) -> None:
    """A project of a US investor (no FTA with Viet Nam) certified in the half."""
    zone = session.scalars(select(Zone).where(Zone.kind == "industrial_park")).first()
    assert zone is not None
    firm = Enterprise(tax_code="0109999991", name="US test", name_folded="us test",
                      ownership="fdi", countries=["US"], main_country="US")  # fmt: skip
    session.add(firm)
    session.flush()
    session.add(
        Project(
            certificate_number="TEST-US-1",
            certificate_date=date(2024, 5, 2),
            enterprise_id=firm.id,
            zone_id=zone.id,
            name="US test",
            name_folded="us test",
            vsic_code="2610",
            capital_usd=Decimal(usd),
            capital_vnd=Decimal(0),
            status="registered",
        )
    )
    session.flush()


def test_fta_capital_and_its_share(session: Session) -> None:
    _add_us_project(session, "12500000")
    projects = _new(session)
    partner = [
        p
        for p in projects
        if p.enterprise.main_country
        and fta.agreements_on(p.certificate_date, p.enterprise.main_country)
    ]
    assert partner and len(partner) < len(projects), "new projects from both kinds"
    fta_usd = sum((p.capital_usd for p in partner), Decimal(0))
    total_usd = sum((p.capital_usd for p in projects), Decimal(0))
    capital = metrics.compute(
        session, "investment.fta_capital_usd_million", since=SINCE, as_of=AS_OF
    )
    share = metrics.compute(session, "investment.fta_capital_share_pct", since=SINCE, as_of=AS_OF)
    assert capital.value == metrics.round_to(fta_usd / 1_000_000, 2)
    assert share.value == metrics.round_to(fta_usd * 100 / total_usd, 2)
    assert capital.is_demo and 0 < share.value < 100  # type: ignore[operator]
    countries = attraction.new_countries(session, SINCE, AS_OF)
    assert countries == sorted({p.enterprise.main_country for p in projects} - {None})


def test_no_new_capital_is_no_share(session: Session) -> None:
    later = {"since": date(2031, 1, 1), "as_of": date(2031, 6, 30)}
    assert metrics.compute(session, "investment.fta_capital_share_pct", **later).value is None
    assert metrics.compute(session, "investment.fta_capital_usd_million", **later).value == 0


@pytest.mark.parametrize(
    ("country", "day", "partner"),
    [
        ("JP", date(2024, 3, 1), True),
        ("US", date(2024, 3, 1), False),
        ("VN", date(2024, 3, 1), False),
        (None, date(2024, 3, 1), False),
        ("GB", date(2020, 6, 1), False),  # before EVFTA, before UKVFTA
        ("GB", date(2020, 9, 1), True),  # EVFTA, during the Brexit transition
    ],
)
def test_fta_partner_on_the_day(country: str | None, day: date, partner: bool) -> None:
    assert attraction.is_fta(country, day) is partner


def test_screening_outcomes_by_verdict(session: Session) -> None:
    leads = list(session.scalars(select(Lead)))
    assert leads, "the demo data has leads"
    days = sorted(lead.first_contact_on for lead in leads)
    since, as_of = days[0], days[-1]
    total = metrics.compute(session, "investment.screened_count", since=since, as_of=as_of)
    assert total.value == sum(1 for lead in leads if lead.verdict) > 0
    by_verdict = Decimal(0)
    for verdict in ("priority", "eligible", "conditional", "not_eligible"):
        n = metrics.compute(
            session, "investment.screened_count", since=since, as_of=as_of, verdict=verdict
        )
        assert n.value == sum(1 for lead in leads if lead.verdict == verdict)
        by_verdict += n.value or 0
    assert by_verdict == total.value
    # no lead followed by the end of 2024-H1 (the demo pipeline starts later): no data, not 0
    assert all(lead.first_contact_on > AS_OF for lead in leads)
    none = metrics.compute(session, "investment.screened_count", since=SINCE, as_of=AS_OF)
    assert none.value is None
    zero = metrics.compute(session, "investment.screened_count", since=as_of, as_of=as_of)
    assert zero.value == sum(1 for lead in leads if lead.first_contact_on == as_of and lead.verdict)


def test_leads_entering_a_stage_in_the_half(session: Session) -> None:
    leads = list(session.scalars(select(Lead)))
    since, as_of = date(2026, 1, 1), date(2026, 6, 30)
    contacted = sum(1 for lead in leads if since <= lead.first_contact_on <= as_of)
    entered = {
        stage: {
            lead.id
            for lead in leads
            for a in lead.activities
            if a.kind == "stage" and since <= a.happened_on <= as_of
            and a.note.split(" → ")[1].split(":")[0] == stage
        }
        for stage in ("certificate_issued", "lost")
    }  # fmt: skip
    assert contacted and entered["certificate_issued"] and entered["lost"], "demo pipeline"

    def n(stage: str) -> Decimal | None:
        ref = dict(since=since, as_of=as_of, stage=stage)
        return metrics.compute(session, "investment.leads_entered", **ref).value

    assert n("first_contact") == contacted
    assert n("certificate_issued") == len(entered["certificate_issued"])
    assert n("lost") == len(entered["lost"])
    early = metrics.compute(
        session, "investment.leads_entered", since=SINCE, as_of=AS_OF, stage="first_contact"
    )
    assert early.value is None  # the pipeline was not kept yet


def test_bad_parameters_are_field_errors(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        metrics.compute(session, "investment.fta_capital_share_pct", as_of=AS_OF)
    with pytest.raises(ValidationFailed):
        metrics.compute(session, "investment.screened_count", since=SINCE, verdict="maybe")
