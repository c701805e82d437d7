"""REST API of the metrics registry: what each derived figure is, and its value."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kcn.auth.deps import ActorDep
from kcn.kit import metrics
from kcn.kit.errors import NotFound
from kcn.kit.http import LangDep, SessionDep
from kcn.metrics.catalog import DOMAINS
from kcn.metrics.schemas import MetricParamRead, MetricRead, MetricValue

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"])
assert DOMAINS  # every domain's metrics are registered
RESERVED = {"lang"}  # query parameters of the request, not of the metric


def to_read(metric: metrics.Metric, lang: str) -> MetricRead:
    return MetricRead(
        name=metric.name, definition=metric.definition(lang), definition_vi=metric.definition_vi,
        definition_en=metric.definition_en, formula=metric.formula, unit=metric.unit,
        precision=metric.precision, inputs=list(metric.inputs),
        params=[
            MetricParamRead(name=p.name, type=p.type.__name__, description=p.description,
                            choices=list(p.choices), required=p.required)
            for p in metric.params
        ],
    )  # fmt: skip


@router.get("", response_model=list[MetricRead], summary="Every registered metric")
def list_metrics(lang: LangDep) -> list[MetricRead]:
    return [to_read(m, lang) for m in metrics.all()]


@router.get("/{name}", response_model=MetricValue, summary="A metric's value")
def metric_value(name: str, request: Request, session: SessionDep, actor: ActorDep) -> MetricValue:
    """The value of metric ``name``; its parameters are the query's (``?kind=…&as_of=…``),
    the ones left out take their defaults (a date: today; a period: the latest with data).
    An internal metric has no value for the public or enterprises (404)."""
    if metrics.get(name).internal and not actor.is_internal:
        raise NotFound("metric.not_found", name=name)
    params = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    result = metrics.compute(session, name, **params)
    return MetricValue(
        name=result.name, value=result.value, exact=result.exact, unit=result.unit,
        precision=result.precision, params=result.params_text(), inputs=list(result.inputs),
        records=result.records, is_demo=result.is_demo,
    )  # fmt: skip
