"""What the SYNTHETIC national registry's enterprises report and ask, and its statistics:
quarterly periodic reports, support requests and monthly observations (the rows of the
zones, enterprises, projects and leases they belong to come from :mod:`kcn.demo.national_rows`)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from kcn.demo.national_rows import (
    AGENCIES,
    LAST_MONTH,
    LAST_QUARTER,
    SECTIONS,
    SOURCE,
    STAMP,
    STATES,
    ProjectRow,
    Scale,
    Writer,
    money,
)
from kcn.models import (
    Observation,
    PeriodicReport,
    SupportRequest,
)
from kcn.models.monitoring import TOPICS


def _quarters(years: int) -> list[tuple[int, int]]:
    last_year, last_quarter = LAST_QUARTER
    out = [(y, q) for y in range(last_year - years + 1, last_year + 1) for q in range(1, 5)]
    return [(y, q) for y, q in out if (y, q) <= (last_year, last_quarter)]


def write_reports(
    session: Session, writer: Writer, scale: Scale, seed: int, projects: list[ProjectRow]
) -> None:
    rng = random.Random(f"{seed}:reports")
    table: Table = PeriodicReport.__table__  # type: ignore[assignment]
    quarters = _quarters(scale.report_years)
    reporting = [p for p in projects if p.status in ("operating", "suspended")]
    total = len(reporting) * len(quarters)

    def rows() -> Iterator[dict[str, Any]]:
        for project in reporting:
            implemented = Decimal(0)
            for year, quarter in quarters:
                if date(year, quarter * 3, 28) < project.certificate_date:
                    continue
                implemented = min(project.capital, implemented + money(rng, 50_000, 2_000_000))
                revenue = money(rng, 100_000, 20_000_000)
                workers = max(1, project.workers + rng.randrange(-50, 50))
                yield {"project_id": project.id, "year": year, "quarter": quarter,
                       "filed_on": date(year, quarter * 3, 28) + timedelta(days=20),
                       "capital_implemented_usd": implemented, "net_revenue_usd": revenue,
                       "exports_usd": (revenue * Decimal("0.6")).quantize(Decimal("0.01")),
                       "imports_usd": (revenue * Decimal("0.4")).quantize(Decimal("0.01")),
                       "taxes_paid_vnd": Decimal(rng.randrange(10**8, 10**10)),
                       "workers_vietnamese": workers, "workers_foreign": workers // 60,
                       "notes": "", "is_demo": True, "created_at": STAMP,
                       "updated_at": STAMP, "version": 1}  # fmt: skip

    writer.write(table, total, rows())


def write_requests(
    session: Session, writer: Writer, scale: Scale, seed: int, enterprises: list[int]
) -> None:
    rng = random.Random(f"{seed}:requests")
    table: Table = SupportRequest.__table__  # type: ignore[assignment]
    first_day = date(LAST_QUARTER[0] - scale.report_years + 1, 1, 1)
    span = (date(LAST_QUARTER[0], 12, 31) - first_day).days

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(scale.requests):
            received = first_day + timedelta(days=rng.randrange(span))
            state = rng.choice(STATES)
            assigned = state != "received"
            answered = state in ("answered", "closed")
            yield {"enterprise_id": rng.choice(enterprises), "topic": rng.choice(TOPICS),
                   "channel": rng.choice(("dialogue_conference", "web", "letter")),
                   "text": f"SYN kiến nghị tổng hợp số {n + 1} (synthetic request)",
                   "received_on": received, "state": state,
                   "agency": rng.choice(AGENCIES) if assigned else None,
                   "assigned_on": received + timedelta(days=3) if assigned else None,
                   "due_on": received + timedelta(days=33) if assigned else None,
                   "answered_on": received + timedelta(days=20) if answered else None,
                   "answer": "SYN trả lời tổng hợp" if answered else "",
                   "closed_on": received + timedelta(days=40) if state == "closed" else None,
                   "is_demo": True, "created_at": STAMP, "updated_at": STAMP,
                   "version": 1}  # fmt: skip

    writer.write(table, scale.requests, rows())


def write_statistics(
    session: Session, writer: Writer, scale: Scale, seed: int, units: list[int]
) -> None:
    """Monthly production value (by section and in total) and IIP for each province."""
    rng = random.Random(f"{seed}:statistics")
    table: Table = Observation.__table__  # type: ignore[assignment]
    last_year = LAST_MONTH[0]
    months = [(y, m) for y in range(last_year - scale.stat_years + 1, last_year + 1)
              for m in range(1, 13)]  # fmt: skip
    total = len(units) * len(months) * (len(SECTIONS) + 1)
    recorded = STAMP

    def rows() -> Iterator[dict[str, Any]]:
        for unit in units:
            level = {s: rng.uniform(500, 20_000) for s in SECTIONS[1:]}
            for year, month in months:
                base = {"period": f"{year}-{month:02d}", "year": year, "first_month": month,
                        "last_month": month, "admin_unit_id": unit, "status": "official",
                        "source": SOURCE, "is_demo": True, "revision": 1, "is_current": True,
                        "recorded_at": recorded, "recorded_by": "kcn demo synth"}  # fmt: skip
                values = {}
                for section in SECTIONS[1:]:
                    level[section] *= 1 + rng.uniform(-0.01, 0.02)
                    values[section] = Decimal(round(level[section] * 10)).scaleb(-1)
                values[""] = sum(values.values(), Decimal(0))
                for section in SECTIONS:
                    yield {**base, "indicator": "production_value", "vsic_code": section,
                           "value": values[section]}  # fmt: skip
                iip = Decimal(round(rng.uniform(95, 115) * 100)).scaleb(-2)
                yield {**base, "indicator": "iip", "vsic_code": "", "value": iip}

    writer.write(table, total, rows())
