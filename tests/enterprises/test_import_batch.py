"""The batched import: as many queries for 60 rows as for 6, the room a zone has for leases
checked as the per-lease rule does (leases ending count until they end), and the audit record
of a row inserted in bulk the same as the service's snapshot of the record."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises import imports, leases, projects, spreadsheets
from kcn.enterprises.schemas import LeaseCreate
from kcn.kit.audit import jsonable
from kcn.kit.permissions import system_actor
from kcn.models import AuditRecord, Lease, Project
from tests.enterprises.factories import PARK, tax_code
from tests.queries import count_queries

ACTOR = system_actor("test", "import")


def _firms(start: int, count: int) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i + 2, {"tax_code": tax_code(start + i), "name": f"Công ty TNHH Lô {i}",
                 "ownership": "fdi", "countries": "KR, JP"})
        for i in range(count)
    ]  # fmt: skip


def _projects(firm: str, start: int, count: int) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i + 2, {"certificate_number": f"L{start + i:09d}", "certificate_date": "2024-03-15",
                 "enterprise": firm, "zone": PARK, "name": f"Dự án Lô {i}", "vsic_code": "2610",
                 "capital_usd": 1000.5, "exchange_rate": 24500, "land_ha": 0.5})
        for i in range(count)
    ]  # fmt: skip


def test_queries_do_not_grow_with_the_rows(session: Session) -> None:
    counts = []
    for start, count in ((7000, 6), (7100, 60)):
        rows = _firms(start, count)
        with count_queries(session) as statements:
            report = imports.import_rows(session, "enterprises", rows, ACTOR, "vi")
        assert report.created == count and not report.problems
        counts.append(len(statements))
        rows = _projects(tax_code(start), start, count)
        with count_queries(session) as statements:
            report = imports.import_rows(session, "projects", rows, ACTOR, "vi")
        assert report.created == count and not report.problems
        counts.append(len(statements))
    assert counts[0] == counts[2] and counts[1] == counts[3], statements


def test_bulk_rows_are_audited_as_the_service_describes_them(session: Session) -> None:
    imports.import_rows(session, "enterprises", _firms(7200, 1), ACTOR, "vi")
    report = imports.import_rows(session, "projects", _projects(tax_code(7200), 7200, 2),
                                 ACTOR, "en")  # fmt: skip
    assert report.created == 2
    session.expire_all()
    project = session.scalars(
        select(Project).where(Project.certificate_number == "L000007201")
    ).one()
    assert project.capital_vnd == Decimal("24512250") and project.version == 1
    assert project.enterprise.tax_code == tax_code(7200) and project.zone.code == PARK
    record = session.scalars(
        select(AuditRecord).where(AuditRecord.object_type == "project",
                                  AuditRecord.object_id == project.id)
    ).one()  # fmt: skip
    assert record.action == "create" and record.via == "import"
    stored = {k: v for k, v in jsonable(projects.snapshot(project)).items()}
    after = record.after or {}
    assert after.keys() == stored.keys()
    numbers = ("capital_usd", "capital_vnd", "exchange_rate", "land_ha")
    for key, value in stored.items():  # numbers compared as numbers: the database pads them
        assert Decimal(after[key]) == Decimal(value) if key in numbers else after[key] == value


def test_room_counts_leases_until_they_end(session: Session) -> None:
    """The import's room check agrees with ``leases.check_room`` around a lease's end."""
    project = session.scalars(select(Project).where(Project.zone.has(code=PARK))).first()
    assert project is not None
    limit = leases.leasable(session, project.zone_id, "industrial")
    assert limit is not None
    on = date(2030, 1, 1)
    room = limit - leases.leased(session, project.zone_id, "industrial", on, None)
    ending = Lease(project=project, zone_id=project.zone_id, contract_number="ENDS",
                   land_kind="industrial", area_ha=room, start_date=date(2029, 1, 1),
                   end_date=on)  # fmt: skip
    session.add(ending)
    session.commit()  # a dry run rolls back to here
    number, zone_id = project.certificate_number, project.zone_id

    def check(start: date, area: Decimal) -> bool:
        data = LeaseCreate(project=number, contract_number=f"X{start}",
                           area_ha=area, start_date=start)  # fmt: skip
        expected = leases.check_room(session, data, zone_id, None)
        row = (2, {"project": data.project, "contract_number": data.contract_number,
                   "area_ha": str(area), "start_date": start.isoformat()})  # fmt: skip
        report = imports.import_rows(session, "leases", [row], ACTOR, "en", dry_run=True)
        assert bool(report.problems) == bool(expected)
        return not report.problems

    assert not check(date(2029, 12, 31), Decimal("0.01"))  # the ending lease still holds it
    assert check(on, room)  # ended on that day: its land is free again
    assert not check(on, room + Decimal("0.01"))


def test_xlsx_cells_read_as_openpyxl_gives_them() -> None:
    """Whole numbers as ints (a VSIC code typed as a number stays 2610, not 2610.0), dates
    as dates, and every row numbered as the spreadsheet numbers it, blank rows included."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã ngành VSIC", "Vốn đăng ký (USD)", "Ngày cấp"])
    sheet.append([2610, 1500.5, datetime(2024, 3, 15)])
    sheet.append([])
    sheet.append([2630, 7, None])
    data = io.BytesIO()
    book.save(data)
    cells = spreadsheets.read_cells("p.xlsx", data.getvalue())
    rows = spreadsheets.rows_of(cells, imports.KINDS["projects"].columns)
    assert rows == [
        (2, {"vsic_code": 2610, "capital_usd": 1500.5, "certificate_date": date(2024, 3, 15)}),
        (4, {"vsic_code": 2630, "capital_usd": 7, "certificate_date": None}),
    ]
    assert type(rows[1][1]["capital_usd"]) is int
