"""Periodic reports and support requests declared to the resource kit."""

from __future__ import annotations

from kcn.kit.resources import column, declare, demo_mark
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

REPORT_COLUMNS = (
    column("report", "project", 18, lambda r, _l: r.project.certificate_number),
    column("report", "enterprise", 16, lambda r, _l: r.project.enterprise_tax_code),
    column("report", "zone", 16, lambda r, _l: r.project.zone_code),
    column("report", "period", 10),
    column("report", "filed_on", 12),
    column("report", "due_on", 12),
    column("report", "capital_implemented_usd", 16),
    column("report", "net_revenue_usd", 16),
    column("report", "exports_usd", 16),
    column("report", "imports_usd", 16),
    column("report", "taxes_paid_vnd", 18),
    column("report", "workers_vietnamese", 10),
    column("report", "workers_foreign", 10),
    column("report", "expansion_land_ha", 10),
    column("report", "expansion_workers", 10),
    column("report", "expansion_capital_usd", 16),
    column("report", "expansion_year", 8),
    column("report", "is_demo", 8, demo_mark),
)

REQUEST_COLUMNS = (
    column("request", "id", 8),
    column("request", "enterprise", 16, lambda r, _l: r.enterprise.tax_code),
    column("request", "topic", 16),
    column("request", "channel", 16),
    column("request", "received_on", 12),
    column("request", "state", 12),
    column("request", "agency", 16),
    column("request", "due_on", 12),
    column("request", "answered_on", 12),
    column("request", "text", 60),
    column("request", "answer", 60),
    column("request", "is_demo", 8, demo_mark),
)


REPORTS = declare(
    name="periodic_report",
    path="/api/v1/periodic-reports",
    tag="monitoring",
    model=PeriodicReport,
    read_schema=ReportRead,
    filter_dependency=report_filter,
    sort_keys=REPORT_SORT,
    to_read=lambda r, ctx: reports.to_read(r, ctx.lang),
    get=reports.get_report,
    export_columns=REPORT_COLUMNS,
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

REQUESTS = declare(
    name="support_request",
    path="/api/v1/support-requests",
    tag="monitoring",
    model=SupportRequest,
    read_schema=RequestRead,
    filter_dependency=request_filter,
    sort_keys=REQUEST_SORT,
    to_read=lambda r, ctx: requests.to_read(r, ctx.actor),
    get=requests.get_request,
    export_columns=REQUEST_COLUMNS,
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
