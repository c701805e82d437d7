"""Writing an import that was read without a problem (:mod:`kcn.enterprises.import_reading`):
new rows inserted in batches (PostgreSQL's COPY), changed records updated, and every audit
record, in the caller's one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import JSON, Table, insert, select, text
from sqlalchemy.orm import Session

from kcn.enterprises import leases, projects, service
from kcn.enterprises.import_reading import Checker, chunks
from kcn.enterprises.schemas import EnterpriseCreate, LeaseCreate, ProjectCreate
from kcn.kit import audit
from kcn.kit.resources import changes
from kcn.kit.text import fold, nfc
from kcn.models import AuditRecord, Enterprise, Lease, Project
from kcn.models.mixins import utcnow


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
ANALYZE_ROWS = 5_000  # new rows after which PostgreSQL's statistics of the table are renewed


class Writer:
    """Writes the rows a :class:`Checker` accepted, with the records it loaded."""

    def __init__(self, checker: Checker) -> None:
        self.session, self.kind, self.actor = checker.session, checker.kind, checker.actor
        self.report = checker.report
        self.firm, self.project = checker.firm, checker.project
        self.zones, self.leases = checker.zones, checker.leases
        self.new: list[tuple[dict[str, Any], str]] = []  # (row, audit label) to insert
        self.pending: list[tuple[Any, Any, Any, str]] = []  # changed records to update

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
        for chunk in chunks(self.new):
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
        for chunk in chunks(audits):
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
