"""Published figures: store them with source and qualifier, and put each beside the value the
registry derives for it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kcn.figures.intervals import classify
from kcn.figures.schemas import (
    PublishedFigureCreate,
    PublishedFigureRead,
    PublishedFigureUpdate,
    Reconciliation,
    ReconciliationRow,
)
from kcn.kit import audit
from kcn.kit.errors import Conflict, FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import localized
from kcn.kit.permissions import Action, Actor, grant, require_write
from kcn.models import PublishedFigure
from kcn.zones.summary import summarize

for _role in ("admin", "statistics"):
    grant(_role, "published_figure")


def list_figures(session: Session, prefix: str | None = None) -> list[PublishedFigure]:
    stmt = select(PublishedFigure).order_by(PublishedFigure.id)
    if prefix:
        stmt = stmt.where(PublishedFigure.key.startswith(prefix, autoescape=True))
    return list(session.scalars(stmt))


def lookup(summary: dict[str, Any], path: str) -> Decimal | None:
    """The number at dotted ``path`` in the summary (None when absent or not a number)."""
    node: Any = summary
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return Decimal(str(node)) if isinstance(node, int | float) else None


def derive(summary: dict[str, Any], metric: list[str]) -> Decimal | None:
    values = [lookup(summary, path) for path in metric]
    if any(v is None for v in values):
        # A year with no zone established is absent from established_in_year: that is zero.
        values = [
            Decimal(0) if v is None and ".established_in_year." in path else v
            for v, path in zip(values, metric, strict=True)
        ]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0)).normalize()


def reconcile(session: Session, lang: str) -> Reconciliation:
    """Every published figure beside what the registry derives on the figure's date."""
    summaries: dict[date, dict[str, Any]] = {}
    rows: list[ReconciliationRow] = []
    for figure in list_figures(session):
        derived = None
        if figure.metric:
            if figure.as_of not in summaries:
                summaries[figure.as_of] = summarize(session, figure.as_of)
            derived = derive(summaries[figure.as_of], figure.metric)
        status = (
            "not_derivable"
            if derived is None
            else classify(figure.value, figure.qualifier, figure.decimals, derived)
        )
        rows.append(
            ReconciliationRow(
                figure=PublishedFigureRead.model_validate(figure),
                label=localized(figure, "label", lang),
                derived=derived,
                difference=None if derived is None else (derived - figure.value).normalize(),
                status=status,
            )
        )
    return Reconciliation(rows=rows, counts=dict(Counter(r.status for r in rows)))


def load_figures(session: Session, document: dict[str, Any], actor: Actor) -> int:
    """Add the figures of a published-figures document (see demo/data) through
    :func:`create_figure`, so each is validated and audited; known keys are skipped."""
    known = set(session.scalars(select(PublishedFigure.key)))
    added = 0
    for item in document.get("figures", []):
        if item["key"] in known:
            continue
        data = PublishedFigureCreate(
            key=item["key"],
            label_vi=item["label_vi"],
            label_en=item["label_en"],
            value=Decimal(str(item["value"])),
            unit=item["unit"],
            qualifier=item.get("qualifier", "exact"),
            period=str(document["period"]),
            as_of=document["as_of"],
            source=document["source"],
            source_line=str(item.get("line", "")),
            metric=item.get("metric"),
        )
        create_figure(session, data, actor)
        added += 1
    return added


# --- writes (statistics office and administrators) ---------------------------------------


def _snapshot(figure: PublishedFigure) -> dict[str, Any]:
    columns = ("key", "label_vi", "label_en", "value", "decimals", "unit", "qualifier",
               "period", "as_of", "source", "source_line", "metric", "version")  # fmt: skip
    return {c: getattr(figure, c) for c in columns}


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def get_figure(session: Session, figure_id: int) -> PublishedFigure:
    figure = session.get(PublishedFigure, figure_id)
    if figure is None:
        raise NotFound("figure.not_found", id=figure_id)
    return figure


def create_figure(session: Session, data: PublishedFigureCreate, actor: Actor) -> PublishedFigure:
    require_write(actor, "published_figure", Action.add, province_wide=True)
    if session.scalar(select(PublishedFigure.id).where(PublishedFigure.key == data.key)):
        raise ValidationFailed(fields=[FieldError("key", "figure.key_taken", {"key": data.key})])
    figure = PublishedFigure(**data.model_dump(), decimals=_decimals(data.value))
    session.add(figure)
    session.flush()
    audit.record(session, actor, "published_figure", figure.id, "create", None,
                 _snapshot(figure), figure.key)  # fmt: skip
    session.commit()
    return figure


def update_figure(
    session: Session, figure_id: int, data: PublishedFigureUpdate, actor: Actor
) -> PublishedFigure:
    figure = get_figure(session, figure_id)
    require_write(actor, "published_figure", Action.change, province_wide=True)
    if data.version is not None and data.version != figure.version:
        raise Conflict("figure.stale_version", current=figure.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    required = ("label_vi", "label_en", "value", "unit", "qualifier", "period", "as_of", "source")
    errors = [
        FieldError(k, "field.required") for k in required if k in changes and changes[k] is None
    ]
    if errors:
        raise ValidationFailed(fields=errors)
    before = _snapshot(figure)
    for name, value in changes.items():
        setattr(figure, name, value)
    if "value" in changes:
        figure.decimals = _decimals(changes["value"])
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict("figure.stale_version") from exc
    audit.record(session, actor, "published_figure", figure.id, "update", before,
                 _snapshot(figure), figure.key)  # fmt: skip
    session.commit()
    return figure


def delete_figure(session: Session, figure_id: int, actor: Actor) -> None:
    figure = get_figure(session, figure_id)
    require_write(actor, "published_figure", Action.delete, province_wide=True)
    before = _snapshot(figure)
    session.delete(figure)
    session.flush()
    audit.record(session, actor, "published_figure", figure_id, "delete", before, None, figure.key)
    session.commit()
