"""Import of enterprises, projects and leases from a spreadsheet, as officials keep them.

Every row is checked first and every problem reported at once (row, column, value, message).
A real import is all-or-nothing: one problem and nothing is written; otherwise every new row is
created and every changed row updated, each with its audit record, in one transaction. A row
is matched to a record by its key (tax code; certificate number; project and contract number),
so re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.enterprises import leases, policy, projects, service
from kcn.enterprises.resources import ENTERPRISE_COLUMNS, LEASE_COLUMNS, PROJECT_COLUMNS
from kcn.enterprises.schemas import EnterpriseCreate, LeaseCreate, ProjectCreate
from kcn.enterprises.spreadsheets import as_date
from kcn.kit import audit
from kcn.kit.errors import FieldError
from kcn.kit.export import Column
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.jobs import Progress
from kcn.kit.permissions import Action, Actor, require_write
from kcn.kit.resources import changes
from kcn.kit.text import fold
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


class _Run:
    """One import: what the file says, checked against the database and itself."""

    def __init__(self, session: Session, kind: Kind, actor: Actor, lang: str) -> None:
        self.session, self.kind, self.actor, self.lang = session, kind, actor, lang
        self.headers = {c.key: translate(c.header_key, lang) for c in kind.columns}
        self.report = Report(kind.name)
        self.seen: dict[Any, int] = {}
        self.added: dict[tuple[int, str], Decimal] = {}
        self.zones = {z.code: z for z in session.scalars(select(Zone))}
        self.firms: dict[str, Enterprise | None] = {}
        self.projects: dict[str, Project | None] = {}
        self.pending: list[tuple[Any, Any, Any, str]] = []

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
        for kind, model, column in (
            ("firms", Enterprise, Enterprise.tax_code),
            ("projects", Project, Project.certificate_number),
        ):
            wanted = sorted(keys[kind])
            cache: dict[str, Any] = getattr(self, kind)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                cache.update(dict.fromkeys(chunk))
                for obj in self.session.scalars(select(model).where(column.in_(chunk))):
                    cache[getattr(obj, column.key)] = obj

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
            if not self._writable(zone):
                errors.append(FieldError("zone", "import.forbidden_zone", {"value": data.zone}))
            return errors
        if isinstance(data, LeaseCreate):
            project = self.project(data.project)
            if project is None:
                return [FieldError("project", "lease.unknown_project", {"value": data.project})]
            if not self._writable(project.zone):
                return [
                    FieldError("project", "import.forbidden_zone", {"value": project.zone.code})
                ]
            own = self._lease(project.id, data.contract_number)
            slot = (project.zone_id, data.land_kind)
            extra = self.added.get(slot, Decimal(0))
            errors = leases.check_room(self.session, data, project.zone_id, own.id if own else None,
                                       extra)  # fmt: skip
            self.added[slot] = extra + data.area_ha - (own.area_ha if own else 0)
            return errors
        return []

    def _writable(self, zone: Zone) -> bool:
        clause = policy.writable_zone(self.actor, Action.add)
        return self.session.scalar(select(Zone.id).where(Zone.id == zone.id, clause)) is not None

    def _lease(self, project_id: int, contract: str) -> Lease | None:
        stmt = select(Lease).where(Lease.project_id == project_id,
                                   Lease.contract_number == contract)  # fmt: skip
        return self.session.scalars(stmt).first()

    def write(self, data: Any) -> None:
        """Create or update the record ``data`` names, with its audit record (not committed)."""
        obj, before, describe, label = self._target(data)
        old, new = changes(before, describe(obj))  # Decimal("2.5") == Decimal("2.50")
        if before is not None and not (set(new or {}) - {"version"}):
            self.session.expire(obj)  # nothing to write, not even a new version
            self.report.unchanged += 1
            return
        self.pending.append((obj, None if before is None else (old, new), describe, label))

    def record(self) -> None:
        """Flush every write at once, then one audit record each."""
        self.session.flush()
        for obj, diff, describe, label in self.pending:
            action = "create" if diff is None else "update"
            old, new = (None, describe(obj)) if diff is None else diff
            audit.record(self.session, self.actor, self.kind.name, obj.id, action,
                         audit.jsonable(old), audit.jsonable(new), label)  # fmt: skip
            if diff is None:
                self.report.created += 1
            else:
                self.report.updated += 1

    def _target(self, data: Any) -> tuple[Any, dict[str, Any] | None, Any, str]:
        values = data.model_dump(exclude_unset=True)
        if isinstance(data, EnterpriseCreate):
            found = self.firm(data.tax_code)
            enterprise = found or Enterprise()
            before = service.snapshot(found) if found else None
            service.apply(enterprise, values)
            self.session.add(enterprise)
            return enterprise, before, service.snapshot, enterprise.name
        if isinstance(data, ProjectCreate):
            existing = self.project(data.certificate_number)
            project = existing or Project()
            before = projects.snapshot(existing) if existing else None
            firm = self.firm(data.enterprise)
            assert firm is not None  # checked before any write
            values = {k: v for k, v in values.items() if k not in ("enterprise", "zone")}
            for name, value in values.items():
                setattr(project, name, value)
            project.enterprise, project.zone = firm, self.zones[data.zone]
            project.name_folded = fold(project.name)
            project.capital_vnd = projects.vnd_of(
                project.capital_usd or Decimal(0), data.capital_vnd, data.exchange_rate
            )
            self.session.add(project)
            return project, before, projects.snapshot, project.name
        assert isinstance(data, LeaseCreate)
        owner = self.project(data.project)
        assert owner is not None
        lease = self._lease(owner.id, data.contract_number)
        before = leases.snapshot(lease) if lease else None
        lease = lease or Lease(project=owner, zone_id=owner.zone_id)
        for name, value in values.items():
            if name != "project":
                setattr(lease, name, value)
        self.session.add(lease)
        return lease, before, leases.snapshot, f"{data.project} {data.contract_number}"


def import_rows(
    session: Session,
    kind_name: str,
    rows: list[Row],
    actor: Actor,
    lang: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Check every row; unless ``dry_run`` or a problem, write them all in one transaction."""
    kind = KINDS[kind_name]
    if kind.name == "enterprise":
        require_write(actor, "enterprise", Action.add)
    else:
        policy.require_writer(actor, Action.add)
    run = _Run(session, kind, actor, lang)
    run.report.rows, run.report.dry_run = len(rows), dry_run
    run.preload(rows)
    checked = []
    step = max(1, len(rows) // 100)
    for i, (number, values) in enumerate(rows):
        data = run.check(number, values)
        if data is not None:
            checked.append(data)
        if progress and i % step == 0:
            progress(i, 2 * len(rows))
    if run.report.problems or dry_run:
        session.rollback()
        return run.report
    try:
        with session.no_autoflush:
            for i, data in enumerate(checked):
                run.write(data)
                if progress and i % step == 0:
                    progress(len(rows) + i, 2 * len(rows))
            run.record()
        session.commit()
    except Exception:
        session.rollback()
        raise
    if progress:
        progress(2 * len(rows), 2 * len(rows))
    return run.report
