"""Telemetry of the server for its operators: an access line per request (text or JSON, see
:mod:`kcn.kit.logs`) and Prometheus metrics at ``GET /metrics``.

Not to be confused with the metrics *registry* (:mod:`kcn.kit.metrics`, ``/api/v1/metrics``),
which holds the domain's derived figures. Here, ``kcn_*`` series in Prometheus' text format:

- ``kcn_http_request_duration_seconds{route, method, status}``: a histogram by route template
  (``/api/v1/zones/{zone_id}``, never the raw path, so that the number of series is bounded);
- ``kcn_db_pool_size``, ``kcn_db_pool_checked_out``, ``kcn_db_pool_overflow``: the database
  pool, sampled at the end of each request and at each scrape (summed over live workers);
- series that domains read from the database at scrape time (:func:`add_gauge_source`), such
  as the jobs by kind and state;
- the process collector's ``process_*`` (one worker only: see docs/operations.md).

With several worker processes, ``PROMETHEUS_MULTIPROC_DIR`` (which ``kcn serve`` sets) makes
every worker write its samples to files there, and a scrape of any worker adds them up.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kcn.kit.errors import NotFound
from kcn.kit.logs import REQUEST_ID

log = logging.getLogger("kcn.telemetry")
access_log = logging.getLogger("kcn.access")

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # every path no route answers: one series, not one per path

disable_created_metrics()  # type: ignore[no-untyped-call]  # no *_created series

REQUEST_SECONDS = Histogram(
    "kcn_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status.",
    ("route", "method", "status"),
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
POOL_SIZE = Gauge(
    "kcn_db_pool_size",
    "Connections the database pool keeps (summed over the workers).",
    multiprocess_mode="livesum",
)
POOL_CHECKED_OUT = Gauge(
    "kcn_db_pool_checked_out",
    "Connections in use, as sampled at the end of each request and at each scrape.",
    multiprocess_mode="livesum",
)
POOL_OVERFLOW = Gauge(
    "kcn_db_pool_overflow",
    "Connections opened beyond the pool's size (negative: the pool is not yet full).",
    multiprocess_mode="livesum",
)


@dataclass(frozen=True)
class GaugeSource:
    """A gauge read from the database when ``/metrics`` is scraped: ``read`` gives
    (label values, value) pairs."""

    name: str
    documentation: str
    labels: tuple[str, ...]
    read: Callable[[Session], Iterable[tuple[tuple[str, ...], float]]]


_SOURCES: dict[str, GaugeSource] = {}


def add_gauge_source(source: GaugeSource) -> None:
    """Register a gauge read at scrape time (a domain does this when imported)."""
    _SOURCES[source.name] = source


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROCESS_ENV))


def route_of(scope: Scope) -> str:
    """The template of the route that answered (``/api/v1/zones/{zone_id}``), else
    :data:`UNMATCHED`."""
    route = scope.get("route")
    path = getattr(route, "path_format", None)  # without the converters (":int")
    return path if isinstance(path, str) and path else UNMATCHED


def sample_pool(engine: Engine) -> None:
    pool: Any = engine.pool
    for gauge, reading in (
        (POOL_SIZE, "size"),
        (POOL_CHECKED_OUT, "checkedout"),
        (POOL_OVERFLOW, "overflow"),
    ):
        method = getattr(pool, reading, None)  # a QueuePool has all three
        if method is not None:
            gauge.set(method())


class Telemetry:
    """Outermost ASGI middleware: times every HTTP request (refusals and errors included),
    observes it in the histogram, samples the pool and writes one access line."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app = app
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        seen: dict[str, Any] = {"status": 500, "request_id": "-"}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                for name, value in message.get("headers", ()):
                    if name.lower() == b"x-request-id":
                        seen["request_id"] = value.decode("latin-1")
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            self._record(scope, seen, time.perf_counter() - start)

    def _record(self, scope: Scope, seen: dict[str, Any], seconds: float) -> None:
        method = scope.get("method", "GET")
        route, status = route_of(scope), int(seen["status"])
        REQUEST_SECONDS.labels(
            route, method if method in METHODS else "other", str(status)
        ).observe(seconds)
        sample_pool(self.engine)
        if not access_log.isEnabledFor(logging.INFO):
            return
        client = scope.get("client")
        path = scope.get("path", "")
        duration_ms = round(seconds * 1000, 1)
        token = REQUEST_ID.set(seen["request_id"])
        try:
            access_log.info(
                '%s - "%s %s" %d %.1f ms',
                client[0] if client else "-",
                method,
                path,
                status,
                duration_ms,
                extra={
                    "client": client[0] if client else None,
                    "method": method,
                    "path": path,
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
        finally:
            REQUEST_ID.reset(token)


class _Sources(Collector):
    """The registered gauge sources, read in one short session per scrape."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterable[GaugeMetricFamily]:
        families = []
        try:
            with self.sessions() as session:
                for source in _SOURCES.values():
                    family = GaugeMetricFamily(
                        source.name, source.documentation, labels=source.labels
                    )
                    for labels, value in source.read(session):
                        family.add_metric(list(labels), value)
                    families.append(family)
        except Exception:  # a scrape must answer even with the database down
            log.warning("metrics: the database could not be read", exc_info=True)
            return []
        return families


def allowed(request: Request, token: str) -> bool:
    """With ``token`` set: a request that carries it as a bearer token; without: a request
    from this machine (loopback address)."""
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposition(engine: Engine, sessions: sessionmaker[Session]) -> bytes:
    """Every series in Prometheus' text format."""
    sample_pool(engine)
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    extra = CollectorRegistry(auto_describe=False)
    extra.register(_Sources(sessions))
    return body + generate_latest(extra)


def install(app: FastAPI, token: str) -> None:
    """``GET /metrics`` (left out of the OpenAPI document) and the timing middleware, which
    must be added after every other middleware so that it sees their refusals too."""
    engine: Engine = app.state.engine
    sessions: sessionmaker[Session] = app.state.sessionmaker

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics(request: Request) -> Response:
        if not allowed(request, token):
            raise NotFound()  # as if there were no such page
        return Response(exposition(engine, sessions), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(Telemetry, engine=engine)
    if multiprocess_mode():
        pid = os.getpid()
        app.router.on_shutdown.append(lambda: multiprocess.mark_process_dead(pid))  # type: ignore[no-untyped-call]
