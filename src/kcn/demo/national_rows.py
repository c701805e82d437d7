"""The rows of the SYNTHETIC national registry (:mod:`kcn.demo.national`), table by table:
invented provinces, zones, enterprises, projects, leases, land sheets, quarterly reports,
support requests and monthly statistics, each marked synthetic, written in batches."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session
from stdnum.vn import mst

from kcn.kit.text import fold
from kcn.models import (
    AdminUnit,
    Enterprise,
    Lease,
    Milestone,
    Project,
    Zone,
    ZoneFacts,
    ZoneLand,
)
from kcn.zones.pipeline import CLUSTER, MILESTONES, PARK

SOURCE = "SYNTHETIC: dữ liệu tổng hợp, không có thật (synthetic data, not real)"


STAMP = datetime(2025, 1, 1, tzinfo=UTC)  # created_at/updated_at of every row


LAST_QUARTER = (2024, 4)  # the last quarter reported


LAST_MONTH = (2024, 12)  # the last month of statistics


LAST_DAY = date(2024, 12, 31)


BATCH = 5000


OWNERSHIPS = ("domestic", "fdi", "joint_venture")


COUNTRIES = ("KR", "CN", "JP", "TW", "SG", "HK", "US", "DE", "TH", "VN")


STATUSES = ("registered", "under_construction", "operating", "operating", "operating",
            "operating", "suspended", "terminated")  # fmt: skip


SECTORS = ("2610", "2620", "2630", "2710", "2732", "1410", "1520", "2220", "2592", "2930",
           "1702", "1080", "2395", "3100", "2029")  # fmt: skip


AGENCIES = ("zone_board", "industry_trade", "planning_investment", "finance", "tax", "labour",
            "natural_resources", "construction", "customs")  # fmt: skip


STATES = ("received", "assigned", "in_progress", "answered", "answered", "closed", "closed")


SECTIONS = ("", "B", "C", "D", "E")


@dataclass(frozen=True)
class Scale:
    provinces: int
    parks: int
    clusters: int
    enterprises: int
    projects: int
    requests: int
    report_years: int  # quarterly reports of the last N years
    stat_years: int  # monthly statistics of the last N years


Progress = Callable[[str, int, int], None]  # table, rows written so far, rows in all


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """Hundredths between ``low`` and ``high`` units, as a Decimal with two places."""
    return Decimal(rng.randrange(low * 100, high * 100)).scaleb(-2)


def _tax_code(n: int) -> str:
    base = f"9{n:08d}"
    return base + mst.calc_check_digit(base)


class Writer:
    """Bulk inserts, one transaction per table, with progress."""

    def __init__(self, session: Session, progress: Progress) -> None:
        self.session = session
        self.progress = progress
        self.counts: dict[str, int] = {}

    def write(self, table: Table, total: int, rows: Iterator[dict[str, Any]]) -> None:
        connection = self.session.connection()
        batch: list[dict[str, Any]] = []
        done = 0
        self.progress(table.name, 0, total)
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                connection.execute(insert(table), batch)
                done += len(batch)
                batch = []
                self.progress(table.name, done, total)
        if batch:
            connection.execute(insert(table), batch)
            done += len(batch)
        self.session.commit()
        self.progress(table.name, done, done)
        self.counts[table.name] = self.counts.get(table.name, 0) + done


def _first_id(session: Session, table: Table) -> int:
    return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


@dataclass
class ZoneRow:
    id: int
    kind: str
    unit_id: int
    leasable: Decimal  # industrial leasable ha
    leased: Decimal  # ha leased so far by the generated leases
    operating_since: date | None


@dataclass
class ProjectRow:
    id: int
    enterprise_id: int
    zone: ZoneRow
    certificate_date: date
    status: str
    capital: Decimal
    workers: int


def write_provinces(session: Session, writer: Writer, scale: Scale, seed: int) -> list[int]:
    table: Table = AdminUnit.__table__  # type: ignore[assignment]
    first = _first_id(session, table)
    ids = list(range(first, first + scale.provinces))

    def rows() -> Iterator[dict[str, Any]]:
        for n, unit_id in enumerate(ids, start=1):
            name = f"Tỉnh tổng hợp S{n:02d}"
            yield {"id": unit_id, "key": f"SYN:S{n:02d}", "code": f"S{n:02d}",
                   "level": "province", "kind": "province", "name": name,
                   "name_folded": fold(name), "parent_id": None,
                   "valid_from": date(2025, 7, 1), "valid_to": None,
                   "mountainous": n % 5 == 0, "source": SOURCE}  # fmt: skip

    writer.write(table, len(ids), rows())
    return ids


def write_zones(
    session: Session, writer: Writer, scale: Scale, seed: int, units: list[int]
) -> list[ZoneRow]:
    rng = random.Random(f"{seed}:zones")
    table: Table = Zone.__table__  # type: ignore[assignment]
    first = _first_id(session, table)
    zones: list[ZoneRow] = []
    zone_rows: list[dict[str, Any]] = []
    milestones: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    kinds = [PARK] * scale.parks + [CLUSTER] * scale.clusters
    for i, kind in enumerate(kinds):
        zone_id = first + i
        province = i % len(units)
        park = kind == PARK
        number = i + 1 if park else i + 1 - scale.parks
        label = "KCN" if park else "CCN"
        code = f"SYN-S{province + 1:02d}-{label}-{number:04d}"
        name = f"Tổng hợp {label} S{province + 1:02d}-{number:04d}"
        area = money(rng, 80, 900) if park else money(rng, 12, 75)
        steps = MILESTONES[kind]
        # Most zones operate; the others stop somewhere along their pipeline.
        reached = len(steps) if rng.random() < 0.6 else rng.randint(1, len(steps) - 1)
        day = date(2005, 1, 1) + timedelta(days=rng.randrange(12 * 365))
        operating = None
        for index, step in enumerate(steps[:reached]):
            if day > LAST_DAY:
                reached = index
                break
            milestones.append({"zone_id": zone_id, "kind": step, "reached_on": day,
                               "target_date": None, "document_number": f"SYN-{zone_id}-{index}",
                               "issuing_body": "SYNTHETIC", "note": "", "source": SOURCE,
                               "is_demo": True})  # fmt: skip
            if step == "operating":
                operating = day
            day += timedelta(days=rng.randrange(30, 300))
        if reached < len(steps):
            milestones.append({"zone_id": zone_id, "kind": steps[reached], "reached_on": None,
                               "target_date": date(2026, 1, 1) + timedelta(days=rng.randrange(900)),
                               "document_number": None, "issuing_body": None, "note": "",
                               "source": SOURCE, "is_demo": True})  # fmt: skip
        zone_rows.append({"id": zone_id, "code": code, "kind": kind, "name": name,
                          "name_en": f"Synthetic {label} S{province + 1:02d}-{number:04d}",
                          "name_folded": fold(name), "admin_unit_id": units[province],
                          "parent_id": None, "planned_area_ha": area,
                          "developer": f"SYN Developer {rng.randrange(1, 200):03d}",
                          "craft_village": False, "geometry": None, "notes": SOURCE,
                          "name_is_demo": True,
                          "demo_fields": ["planned_area_ha", "developer", "admin_unit"],
                          "sources": {}, "created_at": STAMP, "updated_at": STAMP,
                          "version": 1})  # fmt: skip
        leasable = (area * Decimal("0.68")).quantize(Decimal("0.01"))
        zones.append(ZoneRow(zone_id, kind, units[province], leasable, Decimal(0), operating))
        if park:
            facts.append({"zone_id": zone_id, "as_of": date(2024, 6, 30),
                          "operator": "SYN Developer", "roads": "", "roads_en": "",
                          "sectors": "", "sectors_en": "",
                          "seaport_name": "SYN Port", "seaport_km": Decimal(rng.randrange(20, 300)),
                          "rent_usd_m2": money(rng, 40, 180), "rent_term": "50 năm",
                          "sources": {}, "demo_fields": ["operator", "infrastructure", "rent"],
                          "created_at": STAMP, "updated_at": STAMP, "version": 1})  # fmt: skip
    writer.write(table, len(zone_rows), iter(zone_rows))
    writer.write(Milestone.__table__, len(milestones), iter(milestones))  # type: ignore[arg-type]
    writer.write(ZoneFacts.__table__, len(facts), iter(facts))  # type: ignore[arg-type]
    return zones


def write_enterprises(session: Session, writer: Writer, scale: Scale, seed: int) -> list[int]:
    rng = random.Random(f"{seed}:enterprises")
    table: Table = Enterprise.__table__  # type: ignore[assignment]
    first = _first_id(session, table)
    ids = list(range(first, first + scale.enterprises))

    def rows() -> Iterator[dict[str, Any]]:
        for n, enterprise_id in enumerate(ids, start=1):
            ownership = rng.choice(OWNERSHIPS)
            country = "VN" if ownership == "domestic" else rng.choice(COUNTRIES[:-1])
            name = f"SYN Công ty TNHH Tổng hợp {n:06d}"
            yield {"id": enterprise_id, "tax_code": _tax_code(n), "name": name,
                   "name_en": f"SYN Synthetic Company {n:06d}", "name_folded": fold(name),
                   "legal_form": "TNHH", "ownership": ownership,
                   "countries": [country], "main_country": country, "address": SOURCE,
                   "phone": "", "email": "", "is_demo": True, "created_at": STAMP,
                   "updated_at": STAMP, "version": 1}  # fmt: skip

    writer.write(table, len(ids), rows())
    return ids


def write_projects(
    session: Session,
    writer: Writer,
    scale: Scale,
    seed: int,
    zones: list[ZoneRow],
    enterprises: list[int],
) -> list[ProjectRow]:
    rng = random.Random(f"{seed}:projects")
    table: Table = Project.__table__  # type: ignore[assignment]
    first = _first_id(session, table)
    # Projects go to operating zones (or any zone, at a tiny scale without one).
    hosts = [z for z in zones if z.operating_since is not None] or zones
    projects: list[ProjectRow] = []

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(scale.projects):
            project_id = first + n
            # Every enterprise has a project; the rest go to enterprises at random.
            owner = enterprises[n] if n < len(enterprises) else rng.choice(enterprises)
            zone = rng.choice(hosts)
            since = zone.operating_since or date(2010, 1, 1)
            day = since + timedelta(days=rng.randrange(max(1, (date(2024, 6, 30) - since).days)))
            status = rng.choice(STATUSES)
            capital = money(rng, 500_000, 80_000_000)
            workers = rng.randrange(20, 3000)
            name = f"SYN Dự án tổng hợp {n + 1:06d}"
            projects.append(ProjectRow(project_id, owner, zone, day, status, capital, workers))
            foreign = workers // 50
            yield {"id": project_id, "certificate_number": f"SYN-{n + 1:07d}",
                   "certificate_date": day, "enterprise_id": owner, "zone_id": zone.id,
                   "name": name, "name_folded": fold(name), "vsic_code": rng.choice(SECTORS),
                   "capital_usd": capital, "capital_vnd": Decimal(0),
                   "exchange_rate": Decimal(25000), "land_ha": money(rng, 1, 12),
                   "workers_planned": workers, "workers_vietnamese": workers - foreign,
                   "workers_foreign": foreign, "status": status, "status_date": day,
                   "technology_class": "other", "environment_category": None,
                   "notes": SOURCE, "is_demo": True, "created_at": STAMP,
                   "updated_at": STAMP, "version": 1}  # fmt: skip

    writer.write(table, scale.projects, rows())
    return projects


def write_leases(session: Session, writer: Writer, seed: int, projects: list[ProjectRow]) -> None:
    rng = random.Random(f"{seed}:leases")
    table: Table = Lease.__table__  # type: ignore[assignment]
    first = _first_id(session, table)

    def rows() -> Iterator[dict[str, Any]]:
        n = 0
        for project in projects:
            if project.status in ("registered", "terminated"):
                continue
            zone = project.zone
            area = min(Decimal("0.2") + money(rng, 0, 2), zone.leasable - zone.leased)
            if area <= 0:
                continue
            zone.leased += area
            yield {"id": first + n, "project_id": project.id, "zone_id": zone.id,
                   "contract_number": f"SYN-HD-{first + n}", "land_kind": "industrial",
                   "area_ha": area, "start_date": project.certificate_date, "end_date": None,
                   "is_demo": True, "created_at": STAMP, "updated_at": STAMP,
                   "version": 1}  # fmt: skip
            n += 1

    writer.write(table, len(projects), rows())


def write_zone_land(session: Session, writer: Writer, zones: list[ZoneRow]) -> None:
    """One land sheet per zone on the last day reported, leased land as the leases give."""
    day = LAST_DAY
    rows = [
        {"zone_id": z.id, "as_of": day, "industrial_leasable_ha": z.leasable,
         "service_leasable_ha": Decimal(0), "industrial_leased_ha": z.leased,
         "service_leased_ha": Decimal(0), "source": SOURCE, "is_demo": True}
        for z in zones
    ]  # fmt: skip
    writer.write(ZoneLand.__table__, len(rows), iter(rows))  # type: ignore[arg-type]
