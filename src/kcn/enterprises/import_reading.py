"""Reading an import: every row of the spreadsheet checked, against the schema, the
database and the rest of the file, before anything is written (:mod:`kcn.enterprises.imports`).

Every problem is reported at once (row, column, value, message). The records the file names are
loaded in a few queries, and kept for the writing (:mod:`kcn.enterprises.import_writing`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.enterprises import leases, policy, projects, service
from kcn.enterprises.resources import ENTERPRISE_COLUMNS, LEASE_COLUMNS, PROJECT_COLUMNS
from kcn.enterprises.schemas import EnterpriseCreate, LeaseCreate, ProjectCreate
from kcn.enterprises.spreadsheets import as_date
from kcn.kit.errors import FieldError
from kcn.kit.export import Column
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.permissions import Action, Actor
from kcn.models import Enterprise, Lease, Project, Zone

Row = tuple[int, dict[str, Any]]


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str


@dataclass
class Report:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "rows": self.rows, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "dry_run": self.dry_run,
            "problems": [p.__dict__ for p in self.problems],
        }  # fmt: skip


@dataclass(frozen=True)
class Kind:
    name: str  # the audit trail's object type
    columns: Sequence[Column]
    schema: type[BaseModel]
    key: Callable[[Any], Any]  # a validated row → its natural key
    example: dict[str, Any]


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if key == "is_demo":
            value = str(value).strip().lower() in ("x", "1", "true", "có", "yes")
        elif key == "countries":
            value = [c.strip() for c in str(value).replace(";", ",").split(",") if c.strip()]
        elif key.endswith("_date"):
            value = as_date(value)
        elif isinstance(value, float):
            value = Decimal(str(value)).normalize()
            value = int(value) if value == value.to_integral() and "workers" in key else value
        elif isinstance(value, int) and key in ("vsic_code", "tax_code", "certificate_number"):
            value = str(value)
        out[key] = value
    return out


KINDS = {
    "enterprises": Kind("enterprise", ENTERPRISE_COLUMNS, EnterpriseCreate, lambda d: d.tax_code,
                        {"tax_code": "0100109106", "name": "Công ty TNHH Ví Dụ",
                         "ownership": "fdi", "countries": "KR", "legal_form": "TNHH"}),
    "projects": Kind("project", PROJECT_COLUMNS, ProjectCreate, lambda d: d.certificate_number,
                     {"certificate_number": "2143567890", "certificate_date": "2024-03-15",
                      "enterprise": "0100109106", "zone": "KCN-VAN-TRUNG",
                      "name": "Dự án sản xuất linh kiện điện tử", "vsic_code": "2610",
                      "capital_usd": 12000000, "exchange_rate": 24500, "land_ha": 2.5,
                      "workers_vietnamese": 300, "status": "registered"}),
    "leases": Kind("lease", LEASE_COLUMNS, LeaseCreate, lambda d: (d.project, d.contract_number),
                   {"project": "2143567890", "contract_number": "HĐ-01/2024",
                    "land_kind": "industrial", "area_ha": 2.5, "start_date": "2024-04-01"}),
}  # fmt: skip


class Room:
    """The land of one kind a zone has and has leased (as the database holds it before the
    import), so that ``leased > leasable`` is checked without a query per row."""

    def __init__(self, session: Session, zone_id: int, land_kind: str) -> None:
        self.limit = leases.leasable(session, zone_id, land_kind)
        stmt = select(Lease.area_ha, Lease.end_date).where(
            Lease.zone_id == zone_id, Lease.land_kind == land_kind
        )
        self.open = Decimal(0)
        ended: list[tuple[date, Decimal]] = []
        for area, end in session.execute(stmt):
            if end is None:
                self.open += area
            else:
                ended.append((end, area))
        ended.sort()
        self.ends = [end for end, _area in ended]
        self.after = [Decimal(0)] * (len(ended) + 1)  # after[i]: the area of ended[i:]
        for i in range(len(ended) - 1, -1, -1):
            self.after[i] = self.after[i + 1] + ended[i][1]

    def leased(self, on: date, but: Lease | None) -> Decimal:
        """As :func:`leases.leased`: leases not ended on ``on``, but lease ``but``."""
        total = self.open + self.after[bisect_right(self.ends, on)]
        if but is not None and (but.end_date is None or but.end_date > on):
            total -= but.area_ha
        return total


CHUNK = 500


class Checker:
    """One import being read: what the file says, checked against the database and itself."""

    def __init__(self, session: Session, kind: Kind, actor: Actor, lang: str) -> None:
        self.session, self.kind, self.actor, self.lang = session, kind, actor, lang
        self.headers = {c.key: translate(c.header_key, lang) for c in kind.columns}
        self.report = Report(kind.name)
        self.seen: dict[Any, int] = {}
        self.added: dict[tuple[int, str], Decimal] = {}
        self.zones = {z.code: z for z in session.scalars(select(Zone))}
        self.zone_codes = {z.id: z.code for z in self.zones.values()}
        writable = select(Zone.id).where(policy.writable_zone(actor, Action.add))
        self.writable = set(session.scalars(writable))
        self.firms: dict[str, Enterprise | None] = {}
        self.projects: dict[str, Project | None] = {}
        self.leases: dict[tuple[int, str], Lease] = {}
        self.rooms: dict[tuple[int, str], Room] = {}

    def preload(self, rows: list[Row]) -> None:
        """The records the file names, in a few queries rather than one per row."""
        keys: dict[str, set[str]] = {"firms": set(), "projects": set()}
        for _number, values in rows:
            for name, kind in (
                ("tax_code", "firms"),
                ("enterprise", "firms"),
                ("certificate_number", "projects"),
                ("project", "projects"),
            ):
                if values.get(name) is not None:
                    keys[kind].add(str(values[name]).strip())
        with_adjustments = [selectinload(Project.adjustments)]
        for kind, model, column, options in (
            ("firms", Enterprise, Enterprise.tax_code, []),
            ("projects", Project, Project.certificate_number,
             with_adjustments if self.kind.name == "project" else []),
        ):  # fmt: skip
            cache: dict[str, Any] = getattr(self, kind)
            for chunk in chunks(sorted(keys[kind])):
                cache.update(dict.fromkeys(chunk))
                stmt = select(model).where(column.in_(chunk)).options(*options)
                for obj in self.session.scalars(stmt):
                    cache[getattr(obj, column.key)] = obj
        if self.kind.name == "lease":
            ids = sorted(p.id for p in self.projects.values() if p is not None)
            for chunk in chunks(ids):
                for lease in self.session.scalars(select(Lease).where(Lease.project_id.in_(chunk))):
                    self.leases.setdefault((lease.project_id, lease.contract_number), lease)

    def firm(self, tax_code: str) -> Enterprise | None:
        if tax_code not in self.firms:
            self.firms[tax_code] = service.by_tax_code(self.session, tax_code)
        return self.firms[tax_code]

    def project(self, number: str) -> Project | None:
        if number not in self.projects:
            self.projects[number] = projects.by_certificate(self.session, number)
        return self.projects[number]

    def problem(
        self, number: int, key: str, value: Any, message_key: str, params: dict[str, Any]
    ) -> None:
        message = translate(message_key, self.lang, **params)
        column = self.headers.get(key, key)
        text = "" if value is None else str(value)
        self.report.problems.append(Problem(number, column, text, message))

    def check(self, number: int, values: dict[str, Any]) -> BaseModel | None:
        payload = _payload(values)
        try:
            data = self.kind.schema.model_validate(payload)
        except ValidationError as exc:
            for error in field_errors(exc):
                name = error.field.split(".")[0]
                self.problem(number, name, values.get(name), error.key, error.params)
            return None
        key = self.kind.key(data)
        if key in self.seen:
            self.problem(number, self.kind.columns[0].key, values.get(self.kind.columns[0].key),
                         "import.duplicate_in_file", {"row": self.seen[key]})  # fmt: skip
            return None
        self.seen[key] = number
        errors = self.references(data)
        for error in errors:
            self.problem(number, error.field, values.get(error.field), error.key, error.params)
        return None if errors else data

    def references(self, data: Any) -> list[FieldError]:
        if isinstance(data, ProjectCreate):
            errors = []
            if self.firm(data.enterprise) is None:
                value = {"value": data.enterprise}
                errors.append(FieldError("enterprise", "project.unknown_enterprise", value))
            zone = self.zones.get(data.zone)
            if zone is None:
                return [*errors, FieldError("zone", "project.unknown_zone", {"value": data.zone})]
            if zone.id not in self.writable:
                errors.append(FieldError("zone", "import.forbidden_zone", {"value": data.zone}))
            return errors
        if isinstance(data, LeaseCreate):
            project = self.project(data.project)
            if project is None:
                return [FieldError("project", "lease.unknown_project", {"value": data.project})]
            if project.zone_id not in self.writable:
                code = self.zone_codes.get(project.zone_id)
                return [FieldError("project", "import.forbidden_zone", {"value": code})]
            own = self.leases.get((project.id, data.contract_number))
            slot = (project.zone_id, data.land_kind)
            extra = self.added.get(slot, Decimal(0))
            self.added[slot] = extra + data.area_ha - (own.area_ha if own else 0)
            return self._room(slot, data, own, extra)
        return []

    def _room(
        self, slot: tuple[int, str], data: LeaseCreate, own: Lease | None, extra: Decimal
    ) -> list[FieldError]:
        room = self.rooms.get(slot)
        if room is None:
            room = self.rooms[slot] = Room(self.session, *slot)
        if room.limit is None:
            return []
        total = room.leased(data.start_date, own) + data.area_ha + extra
        if total > room.limit:
            params = {"leased": total, "leasable": room.limit}
            return [FieldError("area_ha", "lease.over_leasable", params)]
        return []


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
