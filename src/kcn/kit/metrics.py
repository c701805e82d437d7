"""The registry of derived figures (metrics): one named function for each figure.

A domain declares a :class:`Metric` (name, definition in Vietnamese and English, unit,
precision, the inputs it reads, its parameters and a compute function) and registers it with
:func:`register`. Pages, the API, the reconciliation of published figures and the reports ask
:func:`compute` (or :func:`compute_many`) for a value and never compute the figure themselves.

The kit knows no domain: names, units and parameters are the domains' own. A reference to a
metric with parameters is written like a URL query, ``zones.count?kind=industrial_park`` (see
:func:`parse_ref`), the same way ``GET /api/v1/metrics/{name}?…`` takes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import in_language
from kcn.kit.periods import Period, PeriodError

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Param:
    """A parameter of a metric: its type (``str``, ``int``, ``date`` or ``Period``), the
    values it may take, and its default — a value, or a function of the session and the other
    parameters (``latest period with data``) — or ``required``."""

    name: str
    type: type = str
    description: str = ""
    choices: tuple[str, ...] = ()
    default: Any = None
    default_from: Callable[[Session, dict[str, Any]], Any] | None = None
    required: bool = False

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw`` (a string from a query, or already typed)."""
        if raw is None or (raw == "" and self.type is not str):
            return None
        try:
            if self.type is date:
                value: Any = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
            elif self.type is Period:
                value = raw if isinstance(raw, Period) else Period.parse(str(raw))
            elif self.type is int:
                value = int(raw)
            else:
                value = str(raw)
        except (ValueError, PeriodError) as exc:
            raise ValidationFailed(
                fields=[FieldError(self.name, "metric.bad_param", {"value": str(raw)})]
            ) from exc
        if self.choices and value not in self.choices and value != "":
            expected = ", ".join(self.choices)
            raise ValidationFailed(
                fields=[FieldError(self.name, "field.choice", {"expected": expected})]
            )
        return value


@dataclass(frozen=True)
class Reading:
    """What a compute function found: the unrounded value (None: no data for it), how many
    records it read, flags of what it read (``demo`` when any input is demo data), and the
    unit when it depends on the parameters (the unit of the indicator asked for)."""

    value: Decimal | None
    records: int = 0
    flags: frozenset[str] = frozenset()
    unit: str | None = None


class Context:
    """A session and a memo shared by the metrics computed together, so that figures drawn
    from the same query (every count of a summary) run that query once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._memo: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]


Compute = Callable[[Context, dict[str, Any]], Reading]


@dataclass(frozen=True)
class Metric:
    """A derived figure. ``definition_vi``/``definition_en`` say what it is in words,
    ``formula`` how it is computed, ``inputs`` the tables and columns it reads."""

    name: str
    unit: str
    precision: int
    definition_vi: str
    definition_en: str
    formula: str
    inputs: tuple[str, ...]
    compute: Compute
    params: tuple[Param, ...] = ()
    # Values for the province's staff only (the API answers 404 to anyone else): figures
    # drawn from records the public may not read.
    internal: bool = False

    def definition(self, lang: str) -> str:
        return in_language(lang, vi=self.definition_vi, en=self.definition_en)

    def resolve(self, session: Session, given: Params) -> dict[str, Any]:
        """Every parameter typed, defaults filled in (in declaration order)."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            allowed = ", ".join(sorted(known)) or "–"
            errors = [FieldError(k, "metric.unknown_param", {"allowed": allowed}) for k in unknown]
            raise ValidationFailed(fields=errors)
        out: dict[str, Any] = {}
        for param in self.params:
            value = param.parse(given.get(param.name))
            if value is None and param.default_from is not None:
                value = param.default_from(session, out)
            if value is None:
                value = param.default
            if value is None and param.required:
                raise ValidationFailed(fields=[FieldError(param.name, "field.required")])
            out[param.name] = value
        return out


@dataclass(frozen=True)
class Result:
    """A computed metric: ``value`` rounded half up to ``precision`` decimals (None when there
    is no data), ``exact`` unrounded, with the parameters used and what was read."""

    name: str
    value: Decimal | None
    exact: Decimal | None
    unit: str
    precision: int
    params: dict[str, Any]
    inputs: tuple[str, ...]
    records: int
    is_demo: bool
    flags: frozenset[str] = field(default_factory=frozenset)

    def params_text(self) -> dict[str, str]:
        return {k: "" if v is None else str(v) for k, v in self.params.items()}


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    """Add ``metric``; a second metric of the same name is a programming error."""
    if metric.name in _REGISTRY and _REGISTRY[metric.name] is not metric:
        raise ValueError(f"metric {metric.name} is registered twice")
    _REGISTRY[metric.name] = metric
    return metric


def unregister(name: str) -> None:
    """Remove a metric (tests, and plugins that replace one)."""
    _REGISTRY.pop(name, None)


def get(name: str) -> Metric:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise NotFound("metric.not_found", name=name) from None


def all() -> list[Metric]:
    """Every registered metric, by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def round_to(value: Decimal | None, precision: int) -> Decimal | None:
    """Half up to ``precision`` decimals, as figures are published."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def compute_in(context: Context, name: str, params: Params | None = None) -> Result:
    """Compute ``name`` with ``params`` in a shared :class:`Context`."""
    metric = get(name)
    resolved = metric.resolve(context.session, params or {})
    reading = metric.compute(context, resolved)
    return Result(
        name=metric.name,
        value=round_to(reading.value, metric.precision),
        exact=reading.value,
        unit=reading.unit or metric.unit,
        precision=metric.precision,
        params=resolved,
        inputs=metric.inputs,
        records=reading.records,
        is_demo="demo" in reading.flags,
        flags=reading.flags,
    )


def compute(session: Session, name: str, **params: Any) -> Result:
    """The value of metric ``name`` for ``params`` (strings or typed values)."""
    return compute_in(Context(session), name, params)


def compute_many(session: Session, requests: Iterable[tuple[str, Params]]) -> list[Result]:
    """Several metrics at once, sharing what they read."""
    context = Context(session)
    return [compute_in(context, name, params) for name, params in requests]


def parse_ref(ref: str) -> tuple[str, dict[str, str]]:
    """``"zones.count?kind=industrial_park&reached=operating"`` → name and parameters."""
    name, _, query = ref.strip().partition("?")
    return name, dict(parse_qsl(query, keep_blank_values=True))


def format_ref(name: str, params: Params) -> str:
    """The reverse of :func:`parse_ref`."""
    query = urlencode({k: "" if v is None else str(v) for k, v in params.items()})
    return f"{name}?{query}" if query else name


def reading_sum(readings: Iterable[Reading]) -> Reading:
    """The sum of several readings (None when any is None)."""
    items = list(readings)
    values = [r.value for r in items]
    total = None if any(v is None for v in values) else sum((v for v in values if v), Decimal(0))
    flags = frozenset().union(*(r.flags for r in items)) if items else frozenset()
    return Reading(total, sum(r.records for r in items), flags)
