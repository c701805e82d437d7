"""Periodic reports and support requests declared to the resource kit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from kcn.kit.export import Column
from kcn.kit.resources import Context, Resource, register
from kcn.models import PeriodicReport, SupportRequest
from kcn.monitoring import reports, requests
from kcn.monitoring.filters import REPORT_SORT, REQUEST_SORT, report_filter, request_filter
from kcn.monitoring.policy import require_reader
from kcn.monitoring.schemas import (
    ReportCreate,
    ReportRead,
    ReportUpdate,
    RequestCreate,
    RequestRead,
    RequestUpdate,
)


def _col(prefix: str, name: str, width: int = 16, value: Any = None) -> Column:
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"{prefix}.column.{name}")


def _yes(item: Any, _lang: str) -> str:
    return "x" if item.is_demo else ""


REPORT_COLUMNS = (
    _col("report", "project", 18, lambda r, _l: r.project.certificate_number),
    _col("report", "enterprise", 16, lambda r, _l: r.project.enterprise_tax_code),
    _col("report", "zone", 16, lambda r, _l: r.project.zone_code),
    _col("report", "period", 10),
    _col("report", "filed_on", 12),
    _col("report", "due_on", 12),
    _col("report", "capital_implemented_usd", 16),
    _col("report", "net_revenue_usd", 16),
    _col("report", "exports_usd", 16),
    _col("report", "imports_usd", 16),
    _col("report", "taxes_paid_vnd", 18),
    _col("report", "workers_vietnamese", 10),
    _col("report", "workers_foreign", 10),
    _col("report", "expansion_land_ha", 10),
    _col("report", "expansion_workers", 10),
    _col("report", "expansion_capital_usd", 16),
    _col("report", "expansion_year", 8),
    _col("report", "is_demo", 8, _yes),
)

REQUEST_COLUMNS = (
    _col("request", "id", 8),
    _col("request", "enterprise", 16, lambda r, _l: r.enterprise.tax_code),
    _col("request", "topic", 16),
    _col("request", "channel", 16),
    _col("request", "received_on", 12),
    _col("request", "state", 12),
    _col("request", "agency", 16),
    _col("request", "due_on", 12),
    _col("request", "answered_on", 12),
    _col("request", "text", 60),
    _col("request", "answer", 60),
    _col("request", "is_demo", 8, _yes),
)


def _first(rows: Sequence[Any]) -> list[Any]:
    return [row[0] for row in rows]


def _report(session: Session, report_id: int, ctx: Context) -> ReportRead:
    return reports.to_read(reports.get_report(session, report_id, ctx.actor), ctx.lang)


def _request(session: Session, request_id: int, ctx: Context) -> RequestRead:
    return requests.to_read(requests.get_request(session, request_id, ctx.actor), ctx.actor)


REPORTS = register(
    Resource(
        name="periodic_report",
        path="/api/v1/periodic-reports",
        tag="monitoring",
        model=PeriodicReport,
        read_schema=ReportRead,
        filter_dependency=report_filter,
        sort_keys=REPORT_SORT,
        tiebreak=lambda f: PeriodicReport.id,
        read_rows=lambda s, rows, ctx: [reports.to_read(r, ctx.lang) for r in _first(rows)],
        read_one=_report,
        export_columns=REPORT_COLUMNS,
        export_name=lambda f: "kcn-periodic-reports",
        title_key="report.list.title",
        describe=reports.snapshot,
        label=lambda r: f"{r.project.certificate_number} {r.period}",
        create_schema=ReportCreate,
        update_schema=ReportUpdate,
        create=reports.create_report,
        update=reports.update_report,
        delete=reports.delete_report,
        may_list=require_reader,
    )
)

REQUESTS = register(
    Resource(
        name="support_request",
        path="/api/v1/support-requests",
        tag="monitoring",
        model=SupportRequest,
        read_schema=RequestRead,
        filter_dependency=request_filter,
        sort_keys=REQUEST_SORT,
        tiebreak=lambda f: SupportRequest.id,
        read_rows=lambda s, rows, ctx: [requests.to_read(r, ctx.actor) for r in _first(rows)],
        read_one=_request,
        export_columns=REQUEST_COLUMNS,
        export_name=lambda f: "kcn-support-requests",
        title_key="request.list.title",
        describe=requests.snapshot,
        label=lambda r: f"#{r.id} {r.topic}",
        create_schema=RequestCreate,
        update_schema=RequestUpdate,
        create=requests.create_request,
        update=requests.update_request,
        delete=requests.delete_request,
        may_list=require_reader,
    )
)
