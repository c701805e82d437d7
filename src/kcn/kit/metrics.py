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

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.orm import Session

from kcn.db import data_stamp
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


class Cache:
    """Computed values shared by every request of a process, keyed by the data version's
    stamp (:func:`kcn.db.data_stamp`) and what was computed, least recently used first out.

    A write anywhere changes the stamp in its own transaction, so a value is never served
    after a write, in any worker. Only figures that depend on the data and the parameters
    alone go in (a metric's compute function receives no actor); ``computed`` counts the
    values made (misses), for the tests."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self.enabled = True  # off: every value computed (the tests that count queries)
        self.computed = 0
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two requests may both compute a value, never block
        with self._lock:
            self.computed += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = Cache()
_UNREAD = object()


class Context:
    """A session and a memo shared by the metrics computed together, so that figures drawn
    from the same query (every count of a summary) run that query once; and, unless
    ``cache`` is None, the process-wide :class:`Cache` of values (one query reads the data
    version the first time it is needed)."""

    def __init__(self, session: Session, cache: Cache | None = CACHE) -> None:
        self.session = session
        self.cache = cache
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._stamp: Any = _UNREAD

    def stamp(self) -> str | None:
        """The data version's stamp, None when values must not be shared (no cache, or the
        session has unsaved writes)."""
        if self.cache is None or not self.cache.enabled or not isinstance(self.session, Session):
            return None  # no session: a metric that reads nothing (the registry's tests)
        if self._stamp is _UNREAD:
            self._stamp = data_stamp(self.session)
        stamp: str | None = self._stamp
        return stamp

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """``make()`` memoised in this context and, under the data version's stamp, in the
        process-wide cache. ``key`` names everything the value depends on (never the actor:
        only values every reader may see go through here)."""
        stamp = self.stamp()
        if stamp is None or self.cache is None:
            return self.memo(("cached", *key), make)
        cache = self.cache
        return self.memo(("cached", *key), lambda: cache.get_or_make((stamp, *key), make))

    def memo(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def peek(self, key: tuple[Any, ...]) -> Any:
        """What :meth:`memo` keeps under ``key``, or None when nothing was made yet."""
        return self._memo.get(key)


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
    key = ("metric", name, tuple(sorted(resolved.items())))
    try:
        hash(key)
    except TypeError:  # a parameter value that cannot key a cache: computed each time
        reading = metric.compute(context, resolved)
    else:
        reading = context.cached(key, lambda: metric.compute(context, resolved))
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
