"""Import of enterprises, projects and leases from a spreadsheet, as officials keep them.

Every row is checked first and every problem reported at once (row, column, value, message).
A real import is all-or-nothing: one problem and nothing is written; otherwise every new row is
created and every changed row updated, each with its audit record, in one transaction. A row
is matched to a record by its key (tax code; certificate number; project and contract number),
so re-importing the same file changes nothing.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Table, insert, select, text
from sqlalchemy.orm import Session, selectinload

from kcn.enterprises import leases, policy, projects, service
from kcn.enterprises.resources import ENTERPRISE_COLUMNS, LEASE_COLUMNS, PROJECT_COLUMNS
from kcn.enterprises.schemas import EnterpriseCreate, LeaseCreate, ProjectCreate
from kcn.enterprises.spreadsheets import as_date, read_cells, rows_of
from kcn.kit import audit
from kcn.kit.errors import FieldError
from kcn.kit.export import Column
from kcn.kit.http import field_errors
from kcn.kit.i18n import translate
from kcn.kit.jobs import JobFailed, Progress, Work
from kcn.kit.permissions import Action, Actor, require_write
from kcn.kit.resources import changes
from kcn.kit.text import fold, nfc
from kcn.models import AuditRecord, Enterprise, Lease, Project, Zone
from kcn.models.mixins import utcnow

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


class _Room:
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


def _defaults(model: Any, names: Sequence[str]) -> dict[str, Any]:
    """The value each column gets when a new row does not say (its scalar default)."""
    table = model.__table__
    out: dict[str, Any] = {}
    for name in names:
        default = table.c[name].default
        out[name] = default.arg if default is not None and default.is_scalar else None
    return out


_DEFAULTS = {
    "enterprise": _defaults(Enterprise, service.COLUMNS),
    "project": _defaults(Project, projects.COLUMNS),
    "lease": _defaults(Lease, leases.COLUMNS),
}
_DEFAULTS["enterprise"]["countries"] = []
CHUNK = 500
ANALYZE_ROWS = 5_000  # new rows after which PostgreSQL's statistics of the table are renewed


class _Run:
    """One import: what the file says, checked against the database and itself."""

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
        self.rooms: dict[tuple[int, str], _Room] = {}
        self.new: list[tuple[dict[str, Any], str]] = []  # (row, audit label) to insert
        self.pending: list[tuple[Any, Any, Any, str]] = []  # changed records to update

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
            for chunk in _chunks(sorted(keys[kind])):
                cache.update(dict.fromkeys(chunk))
                stmt = select(model).where(column.in_(chunk)).options(*options)
                for obj in self.session.scalars(stmt):
                    cache[getattr(obj, column.key)] = obj
        if self.kind.name == "lease":
            ids = sorted(p.id for p in self.projects.values() if p is not None)
            for chunk in _chunks(ids):
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
            room = self.rooms[slot] = _Room(self.session, *slot)
        if room.limit is None:
            return []
        total = room.leased(data.start_date, own) + data.area_ha + extra
        if total > room.limit:
            params = {"leased": total, "leasable": room.limit}
            return [FieldError("area_ha", "lease.over_leasable", params)]
        return []

    def write(self, data: Any) -> None:
        """A new record becomes a row to insert; a changed one is updated (not flushed)."""
        existing = self._existing(data)
        if existing is None:
            self.new.append(self._row(data))
            return
        obj, before, describe, label = self._change(existing, data)
        old, new = changes(before, describe(obj))  # Decimal("2.5") == Decimal("2.50")
        if not (set(new or {}) - {"version"}):
            self.session.expire(obj)  # nothing to write, not even a new version
            self.report.unchanged += 1
            return
        self.pending.append((obj, (old, new), describe, label))

    def record(self) -> None:
        """Insert the new rows in batches, flush the changed ones, then every audit record."""
        table = _table(_MODELS[self.kind.name])
        columns = _SNAPSHOT_COLUMNS[self.kind.name]
        audits: list[dict[str, Any]] = []
        keys = _KEYS[self.kind.name]
        first = table.c[keys[0]]
        postgres = self.session.connection().dialect.name == "postgresql"
        if postgres and self.new:  # the ids first, from the table's sequence, in one query
            fresh = self.session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                     "FROM generate_series(1, :n)"),
                {"t": table.name, "n": len(self.new)},
            ).scalars()  # fmt: skip
            for (row, _label), object_id in zip(self.new, fresh, strict=True):
                row["id"] = object_id
        for chunk in _chunks(self.new):
            # No INSERT … RETURNING: it costs SQLite one statement per row (to keep the order)
            # and psycopg a huge query to parse. PostgreSQL has its ids already; SQLite reads
            # them back by natural key.
            _insert(self.session, table, [row for row, _label in chunk])
            if postgres:
                ids = {tuple(row[k] for k in keys): row["id"] for row, _label in chunk}
            else:
                wanted = {row[keys[0]] for row, _label in chunk}
                lookup = select(table.c.id, *(table.c[k] for k in keys)).where(first.in_(wanted))
                ids = {tuple(key): object_id for object_id, *key in self.session.execute(lookup)}
            for row, label in chunk:
                object_id = ids[tuple(row[k] for k in keys)]
                after = {name: row[name] for name in columns}
                after["version"] = 1
                if self.kind.name == "project":
                    after["adjustments"] = []
                audits.append(self._audit(object_id, "create", None, after, label))
        self.report.created = len(self.new)
        self.session.flush()
        for obj, (old, new), _describe, label in self.pending:
            audits.append(self._audit(obj.id, "update", old, new, label))
        self.report.updated = len(self.pending)
        for chunk in _chunks(audits):
            _insert(self.session, _table(AuditRecord), chunk)
        if postgres and len(self.new) >= ANALYZE_ROWS:
            # Fresh statistics: else PostgreSQL may plan the next lookups on this table (a
            # re-import, say) as if it still had its old size, by scanning it.
            self.session.execute(text(f'ANALYZE "{table.name}"'))

    def _audit(
        self, object_id: int, action: str, before: Any, after: Any, label: str
    ) -> dict[str, Any]:
        """The audit record of one change, as :mod:`kcn.audit.service` writes it."""
        actor = self.actor
        return {
            "at": utcnow(), "actor_id": actor.user_id, "actor_name": actor.name,
            "via": actor.via, "object_type": self.kind.name, "object_id": object_id,
            "object_label": label[:300], "action": action, "before": audit.jsonable(before),
            "after": audit.jsonable(after), "request_id": actor.request_id,
            "message": actor.message[:2000],
        }  # fmt: skip

    def _existing(self, data: Any) -> Any:
        if isinstance(data, EnterpriseCreate):
            return self.firm(data.tax_code)
        if isinstance(data, ProjectCreate):
            return self.project(data.certificate_number)
        owner = self.project(data.project)
        assert owner is not None  # checked before any write
        return self.leases.get((owner.id, data.contract_number))

    def _row(self, data: Any) -> tuple[dict[str, Any], str]:
        """The columns of a new record: the file's values (and the schema's defaults) over
        the columns' defaults."""
        values = {k: v for k, v in data.model_dump().items() if v is not None}
        row = {**_DEFAULTS[self.kind.name]}
        if isinstance(data, EnterpriseCreate):
            row.update(values)
            for name in ("name", "name_en"):
                row[name] = nfc(row[name]) if row[name] else row[name]
            row["name_folded"] = fold(row["name"])
            row["main_country"] = row["countries"][0] if row["countries"] else None
            return row, row["name"]
        if isinstance(data, ProjectCreate):
            row.update({k: v for k, v in values.items() if k not in ("enterprise", "zone")})
            firm = self.firm(data.enterprise)
            assert firm is not None  # checked before any write
            row["enterprise_id"], row["zone_id"] = firm.id, self.zones[data.zone].id
            row["name_folded"] = fold(row["name"])
            row["capital_usd"] = row["capital_usd"] or Decimal(0)
            row["capital_vnd"] = projects.vnd_of(row["capital_usd"], data.capital_vnd,
                                                 data.exchange_rate)  # fmt: skip
            return row, row["name"]
        assert isinstance(data, LeaseCreate)
        owner = self.project(data.project)
        assert owner is not None
        row.update({k: v for k, v in values.items() if k != "project"})
        row["project_id"], row["zone_id"] = owner.id, owner.zone_id
        return row, f"{data.project} {data.contract_number}"

    def _change(self, existing: Any, data: Any) -> tuple[Any, dict[str, Any], Any, str]:
        """Set the file's values on a record the database holds (compared, not yet written)."""
        values = data.model_dump(exclude_unset=True)
        if isinstance(data, EnterpriseCreate):
            before = service.snapshot(existing)
            service.apply(existing, values)
            return existing, before, service.snapshot, existing.name
        if isinstance(data, ProjectCreate):
            before = projects.snapshot(existing)
            firm = self.firm(data.enterprise)
            assert firm is not None
            values = {k: v for k, v in values.items() if k not in ("enterprise", "zone")}
            for name, value in values.items():
                setattr(existing, name, value)
            existing.enterprise_id, existing.zone_id = firm.id, self.zones[data.zone].id
            existing.name_folded = fold(existing.name)
            existing.capital_vnd = projects.vnd_of(
                existing.capital_usd or Decimal(0), data.capital_vnd, data.exchange_rate
            )
            return existing, before, projects.snapshot, existing.name
        assert isinstance(data, LeaseCreate)
        before = leases.snapshot(existing)
        for name, value in values.items():
            if name != "project":
                setattr(existing, name, value)
        return existing, before, leases.snapshot, f"{data.project} {data.contract_number}"


_MODELS: dict[str, Any] = {"enterprise": Enterprise, "project": Project, "lease": Lease}
_KEYS = {
    "enterprise": ("tax_code",),
    "project": ("certificate_number",),
    "lease": ("project_id", "contract_number"),
}
_SNAPSHOT_COLUMNS = {
    "enterprise": service.COLUMNS,
    "project": projects.COLUMNS,
    "lease": leases.COLUMNS,
}


def _insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` in the session's transaction: PostgreSQL's COPY (a few times faster
    than even a pipelined INSERT), else one executemany; the columns' Python defaults apply."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    names = [c.name for c in table.columns if not c.primary_key or c.name in rows[0]]
    makers: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        default = column.default
        if column.name in names and default is not None and default.is_callable:
            makers[column.name] = default.arg  # type: ignore[attr-defined]
    scalars = {c.name: c.default.arg for c in table.columns  # type: ignore[attr-defined]
               if c.default is not None and c.default.is_scalar}  # fmt: skip
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    quoted = ", ".join(f'"{name}"' for name in names)
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for name in names:
                if name in row:
                    value = row[name]
                elif name in makers:
                    value = makers[name](None)
                else:
                    value = scalars.get(name)
                if name in json_columns and value is not None:
                    value = json.dumps(value, ensure_ascii=False)
                values.append(value)
            copy.write_row(values)


def _table(model: Any) -> Table:
    """The table of a model, for Core's bulk inserts (much faster than the unit of work)."""
    return cast(Table, model.__table__)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    require_import(actor, kind_name)
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


def require_import(actor: Actor, kind_name: str) -> None:
    """401/403 now, before any work, unless ``actor`` may add records of that kind."""
    if KINDS[kind_name].name == "enterprise":
        require_write(actor, "enterprise", Action.add)
    else:
        policy.require_writer(actor, Action.add)


def job_work(
    sessions: Callable[[], Session],
    kind_name: str,
    filename: str,
    content: bytes,
    actor: Actor,
    lang: str,
    dry_run: bool,
) -> Work:
    """The import of an uploaded file as a job: read, check, write, with progress; a file
    with problems fails the job with its report (row by row)."""

    def work(progress: Progress) -> dict[str, Any]:
        cells = read_cells(filename, content)
        rows = rows_of(cells, KINDS[kind_name].columns)
        with sessions() as session:
            report = import_rows(session, kind_name, rows, actor, lang, dry_run, progress)
        result = {**report.as_dict(), "file": filename}
        if report.problems:
            raise JobFailed(result)
        return result

    return work
