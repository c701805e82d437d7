"""The resource kit: a kind of record declared once, and the parts every domain would
otherwise write again.

A :class:`Resource` names the model, its schemas, its list filter, its sort keys, its export
columns, how the audit trail describes it and the service functions that write it (where the
domain's rules live). :func:`kcn.kit.resource_router.build_router` turns the declaration into
the API (paged, filtered and sorted list, CSV/XLSX export, detail with ``ETag``, create,
update and delete with ``If-Match``); :func:`commit` is the one way a service writes a change:
with its audit record, in one transaction, ``409`` on a stale or conflicting write. The
generic tests (``tests/cases.py``) run over every registered resource.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kcn.kit import audit
from kcn.kit.errors import Conflict, FieldError, ValidationFailed
from kcn.kit.export import Column, Format, content
from kcn.kit.i18n import translate
from kcn.kit.permissions import Actor


class ListFilter(Protocol):
    """What a resource's filter dependency returns: one definition for the API list, the
    page and the export."""

    sort: str

    def query(self, session: Session, actor: Actor) -> Select[Any]:
        """The rows ``actor`` may see (``restrict`` applied), filtered, not yet sorted."""
        ...

    def params(self) -> dict[str, str]:
        """The filter as query parameters (for links)."""
        ...


@dataclass(frozen=True)
class Context:
    """What shaping a record for the reader needs: who reads, in which language, and the
    list filter when there is one (its date, for instance)."""

    actor: Actor
    lang: str
    filters: Any = None


SortKey = Callable[[Any], Any]  # the filter → a column or SQL expression


@dataclass
class Resource:
    """A kind of record, declared once. See the module docstring."""

    name: str  # singular snake_case: the audit trail's object type
    path: str  # plural kebab-case under /api/v1
    tag: str
    model: type
    read_schema: type[BaseModel]
    filter_dependency: Callable[..., Any]
    sort_keys: Mapping[str, SortKey]  # key → the filter → the column to order by
    tiebreak: SortKey
    read_rows: Callable[[Session, Sequence[Any], Context], list[Any]]
    read_one: Callable[[Session, int, Context], Any]
    export_columns: Sequence[Column]
    export_name: Callable[[Any], str]
    title_key: str
    describe: Callable[[Any], dict[str, Any]]  # the audit description of one record
    label: Callable[[Any], str]
    create_schema: type[BaseModel] | None = None
    update_schema: type[BaseModel] | None = None
    create: Callable[[Session, Any, Actor], Any] | None = None
    update: Callable[[Session, int, Any, Actor, int | None], Any] | None = None
    delete: Callable[[Session, int, Actor, int | None], None] | None = None
    may_list: Callable[[Actor], None] = lambda _actor: None  # raises 401/403 if not
    # Query parameters of the detail (a date, say), given to read_one as ``Context.filters``.
    detail_dependency: Callable[..., Any] = lambda: None
    plural: str = ""  # for operation names and summaries; default name + "s"

    @property
    def names(self) -> str:
        return self.plural or f"{self.name}s"

    def list_query(self, session: Session, actor: Actor, filters: Any) -> Select[Any]:
        """The list as ``actor`` may see it, filtered and sorted: the one query behind the
        API list, the page and the export."""
        self.may_list(actor)
        stmt: Select[Any] = filters.query(session, actor)
        return stmt.order_by(*self.order(filters, filters.sort))

    def export(self, session: Session, actor: Actor, lang: str, filters: Any, fmt: Format) -> bytes:
        """The filtered list as an XLSX or CSV file: the API's export and the CLI's."""
        rows = session.execute(self.list_query(session, actor, filters)).all()
        items = self.read_rows(session, rows, Context(actor, lang, filters))
        return content(self.export_columns, items, lang, fmt, translate(self.title_key, lang))

    def order(self, filters: Any, sort: str) -> list[ColumnElement[Any]]:
        """ORDER BY for ``sort`` (``key`` or ``-key``); 422 naming the allowed keys."""
        key = sort.removeprefix("-")
        if key not in self.sort_keys:
            allowed = ", ".join(s for k in self.sort_keys for s in (k, f"-{k}"))
            raise ValidationFailed(
                fields=[FieldError("sort", "field.choice", {"expected": allowed})]
            )
        column = self.sort_keys[key](filters)
        ordered = column.desc() if sort.startswith("-") else column.asc()
        return [ordered.nulls_last(), self.tiebreak(filters)]


RESOURCES: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    """Add ``resource`` to the registry the generic tests and docs read."""
    RESOURCES[resource.name] = resource
    return resource


def column(prefix: str, name: str, width: int = 16, value: Any = None) -> Column:
    """An export column ``name`` headed by the message ``<prefix>.column.<name>``; its value
    the item's attribute of that name unless ``value(item, lang)`` says otherwise."""
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"{prefix}.column.{name}")


def demo_mark(item: Any, _lang: str) -> str:
    """The export's ``is_demo`` cell: "x" for made-up records."""
    return "x" if item.is_demo else ""


def declare(
    *,
    name: str,
    path: str,
    model: type,
    to_read: Callable[[Any, Context], Any],
    get: Callable[[Session, int, Actor], Any],
    title_key: str = "",
    **fields: Any,
) -> Resource:
    """Declare and register a resource of the usual shape: each row and the detail (found by
    ``get``, 404/403 as ``actor`` may see it) read by ``to_read(record, context)``, rows
    ordered by id after the sort key, the export named ``kcn-<last part of path>``, the list
    titled ``<name>.list.title``. ``fields`` are the rest of :class:`Resource`'s."""
    table: Any = model

    def read_rows(_session: Session, rows: Sequence[Any], ctx: Context) -> list[Any]:
        return [to_read(row[0], ctx) for row in rows]

    def read_one(session: Session, obj_id: int, ctx: Context) -> Any:
        return to_read(get(session, obj_id, ctx.actor), ctx)

    export_name = f"kcn-{path.rsplit('/', 1)[-1]}"
    return register(
        Resource(
            name=name, path=path, model=model, tiebreak=lambda _f: table.id,
            read_rows=read_rows, read_one=read_one, export_name=lambda _f: export_name,
            title_key=title_key or f"{name}.list.title", **fields,
        )
    )  # fmt: skip


def check_version(current: int, expected: int | None, key: str = "error.stale_version") -> None:
    """409 when the client changed a record it read at another version."""
    if expected is not None and expected != current:
        raise Conflict(key, current=current)


def update_changes(
    current: int,
    data: BaseModel,
    expected: int | None,
    required: Sequence[str] = (),
    exclude: Sequence[str] = (),
    stale_key: str = "error.stale_version",
) -> tuple[dict[str, Any], list[FieldError]]:
    """The fields a PATCH sets, after the version checks every update makes (``If-Match`` or
    the body's ``version``: 409 if the record changed since), with an error for each required
    field set to null."""
    check_version(current, expected, stale_key)
    check_version(current, getattr(data, "version", None), stale_key)
    changes = data.model_dump(exclude_unset=True, exclude={"version", *exclude})
    errors = [
        FieldError(n, "field.required") for n in required if n in changes and changes[n] is None
    ]
    return changes, errors


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[Any, Any]:
    """Only what differs: the before and after values of every changed field (all of them
    for a creation or a deletion)."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after.keys() | before.keys() if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def commit(
    session: Session,
    actor: Actor,
    resource: str,
    obj: Any,
    action: str,
    before: dict[str, Any] | None,
    describe: Callable[[Any], dict[str, Any]],
    label: str,
    stale_key: str = "error.stale_version",
) -> bool:
    """Write the change and its audit record in one transaction, or neither.

    The audit record keeps the before and after value of every changed field: the columns
    from SQLAlchemy's own change tracking, and what ``describe`` adds (child rows). An update
    that changes nothing writes nothing and leaves no record; returns whether it wrote.
    """
    try:
        session.flush()
        after = None if action == "delete" else describe(obj)
        old, new = changes(audit.jsonable(before), audit.jsonable(after))
        version_only = {"version", "updated_at"}
        if action == "update" and not (set(new or {}) - version_only):
            session.rollback()
            return False
        audit.record(session, actor, resource, obj.id, action, old, new, label)
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict(stale_key) from exc
    except IntegrityError as exc:
        session.rollback()
        raise Conflict("error.integrity") from exc
    return True
