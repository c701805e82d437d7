"""Published figures: store them with source and qualifier, and put each beside the value the
registry derives for it."""

from __future__ import annotations

from collections import Counter
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
from kcn.kit import audit, metrics
from kcn.kit.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import localized
from kcn.kit.permissions import Action, Actor, grant, require_write
from kcn.models import PublishedFigure

for _role in ("admin", "statistics"):
    grant(_role, "published_figure")


def list_figures(session: Session, prefix: str | None = None) -> list[PublishedFigure]:
    stmt = select(PublishedFigure).order_by(PublishedFigure.id)
    if prefix:
        stmt = stmt.where(PublishedFigure.key.startswith(prefix, autoescape=True))
    return list(session.scalars(stmt))


def defaults_for(metric: metrics.Metric, **given: Any) -> dict[str, Any]:
    """The figure's own ``as_of`` and ``period`` for the metric's parameters of those names."""
    names = {p.name for p in metric.params}
    return {k: v for k, v in given.items() if k in names}


def derive(context: metrics.Context, figure: PublishedFigure) -> list[metrics.Result] | None:
    """The registry's values for the figure's metric references (summed by the caller); None
    when the figure names no metric, a metric the registry does not know, or one with no data.
    The figure's ``as_of`` and ``period`` are the defaults of parameters of those names."""
    if not figure.metric:
        return None
    results = []
    for ref in figure.metric:
        name, params = metrics.parse_ref(ref)
        try:
            metric = metrics.get(name)
            given = {**defaults_for(metric, as_of=figure.as_of, period=figure.period), **params}
            result = metrics.compute_in(context, name, given)
        except DomainError:  # an unknown metric or parameter: nothing to compare with
            return None
        if result.value is None:
            return None
        results.append(result)
    return results


def reconcile(session: Session, lang: str) -> Reconciliation:
    """Every published figure beside what the registry derives for it."""
    context = metrics.Context(session)
    rows: list[ReconciliationRow] = []
    for figure in list_figures(session):
        results = derive(context, figure)
        derived = None
        if results is not None:
            derived = sum((r.value for r in results if r.value is not None), Decimal(0))
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
                derived_from_demo=any(r.is_demo for r in results or []),
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
