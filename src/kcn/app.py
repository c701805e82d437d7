"""The web application: API routers, pages and static files over one database."""

from __future__ import annotations

import gc
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from kcn import __version__
from kcn.audit import router as audit_api
from kcn.audit import service as _audit  # noqa: F401  (stores the audit trail)
from kcn.audit import views as audit_views
from kcn.auth import router as auth_api
from kcn.auth import views as auth_views
from kcn.auth.deps import SESSION_COOKIE, csrf_token
from kcn.config import Settings, get_settings
from kcn.db import make_engine, make_sessionmaker
from kcn.enterprises import router as enterprises_api
from kcn.enterprises import views as enterprises_views
from kcn.figures import router as figures_api
from kcn.figures import views as figures_views
from kcn.geo import router as geo_api
from kcn.investors import views as investors_views
from kcn.jobs import router as jobs_api
from kcn.jobs import service as jobs_service
from kcn.jobs import telemetry as _jobs_telemetry  # noqa: F401  (jobs in /metrics)
from kcn.jobs import views as jobs_views
from kcn.kit import telemetry
from kcn.kit.http import install_error_handlers
from kcn.kit.limits import BodyLimit, RateLimit
from kcn.kit.openapi import install_openapi
from kcn.kit.permissions import ANONYMOUS
from kcn.kit.render import add_context_hook, error_page
from kcn.metrics import router as metrics_api
from kcn.monitoring import router as monitoring_api
from kcn.monitoring import views as monitoring_views
from kcn.ops import health
from kcn.readiness import router as readiness_api
from kcn.readiness import views as readiness_views
from kcn.readiness.router import PATHS as READINESS_PATHS
from kcn.reports import router as reports_api
from kcn.reports import views as reports_views
from kcn.screening import router as screening_api
from kcn.screening import views as screening_views
from kcn.stats import router as stats_api
from kcn.stats import views as stats_views
from kcn.web import dashboard as web_dashboard
from kcn.web import views as web_views
from kcn.web.docs import install_docs
from kcn.web.security import install_security
from kcn.zones import facts_forms as zone_facts_forms
from kcn.zones import facts_router as zone_facts_api
from kcn.zones import forms as zones_forms
from kcn.zones import map_views as zones_map
from kcn.zones import router as zones_api
from kcn.zones import views as zones_views

# A page of the national data allocates hundreds of thousands of objects (the investor search:
# 450 zones' facts); with Python's default threshold (700) the collector ran about 30 times a
# request and its full passes walked the whole application: 35–70 ms of a 100 ms request.
GC_THRESHOLDS = (10_000, 20, 20)


def serve_app() -> FastAPI:
    """The application of a ``kcn serve`` worker (one per process): :func:`create_app`, then
    what it imported moved out of the collector's sight (``gc.freeze``) and the collector run
    less often. Not in :func:`create_app`, which tests call many times in one process."""
    app = create_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="KCN",
        version=__version__,
        description="Industrial parks, clusters and investment of a Vietnamese province.",
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    engine = make_engine(settings.effective_database_url, settings.sqlite_busy_timeout_ms)
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    # Anonymous reads of the public pages may go to a replica; everything else to the primary.
    app.state.read_sessionmaker = app.state.sessionmaker
    app.state.replica_paths = REPLICA_PATHS
    if settings.database_replica_url:
        replica = make_engine(
            settings.database_replica_url, settings.sqlite_busy_timeout_ms, read_only=True
        )
        app.state.replica_engine = replica
        app.state.read_sessionmaker = make_sessionmaker(replica)

    for module in (
        health,
        zones_api,
        figures_api,
        geo_api,
        auth_api,
        audit_api,
        stats_api,
        jobs_api,
        enterprises_api,
        reports_api,
        zone_facts_api,
        screening_api,
        readiness_api,
        monitoring_api,
    ):
        app.include_router(module.router)
    app.include_router(metrics_api.router)
    for module in (
        web_views,
        zones_forms,
        zones_views,
        figures_views,
        auth_views,
        audit_views,
        stats_views,
        jobs_views,
        enterprises_views,
        reports_views,
        zones_map,
        zone_facts_forms,
        web_dashboard,
        investors_views,
        screening_views,
        readiness_views,
        monitoring_views,
    ):
        app.include_router(module.router)
    install_docs(app)  # before /static, which would otherwise take /static/swagger
    static = resources.files("kcn").joinpath("web/static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    install_limits(app, settings)  # before security: its headers go on the refusals too
    install_security(app)
    telemetry.install(app, settings.metrics_token)  # outermost: times every answer
    install_openapi(app, private=PRIVATE_READS)
    jobs_service.install(app, settings)

    install_error_handlers(app)
    app.state.error_page = error_page
    add_context_hook(_page_context)
    return app


# Public pages that anonymous visitors read from the replica, when there is one (the investor
# view and the public overviews; they never write). Signed-in visitors read the primary.
REPLICA_PATHS = ("/investors", "/map", "/summary")

# Operations only for signed-in users even when they read (OpenAPI security, kit.openapi).
PRIVATE_READS = (
    "/api/v1/users",
    "/api/v1/tokens",
    "/api/v1/audit",
    *READINESS_PATHS,
)
# Costly work anyone may ask for: a strict per-address limit without credentials.
STRICT_LIMITED = (
    ("POST", "/api/v1/stats/check"),
    ("POST", "/stats/check"),
    ("POST", "/api/v1/stats/compare"),
    ("POST", "/stats/compare"),
)


def install_limits(app: FastAPI, settings: Settings) -> None:
    """Body size and JSON depth (413/422), then requests per address (429): docs/limits.md."""
    app.add_middleware(
        BodyLimit,
        json_bytes=settings.max_json_bytes,
        upload_bytes=settings.max_upload_bytes,
        json_depth=settings.max_json_depth,
    )
    app.add_middleware(
        RateLimit,
        anonymous_limit=settings.rate_limit_anonymous,
        strict_limit=settings.rate_limit_check,
        authenticated_limit=settings.rate_limit_authenticated,
        strict=STRICT_LIMITED,
        credential_cookie=SESSION_COOKIE,
    )


def _page_context(request: Request) -> dict[str, Any]:
    """What every page shows of the visitor: who is signed in and the form CSRF token."""
    return {
        "actor": getattr(request.state, "actor", ANONYMOUS),
        "csrf_token": csrf_token(request),
    }
