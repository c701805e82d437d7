"""Clearance tasks and reports, infrastructure works and reports, and labour supply
observations declared to the resource kit: list, CSV/XLSX export, detail and writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from kcn.kit.resources import Context, column, declare, demo_mark
from kcn.models import ClearanceReport, ClearanceTask, InfraReport, InfraWork, LabourSupply
from kcn.readiness import clearance, filters, labour, works
from kcn.readiness.policy import require_reader
from kcn.readiness.schemas import (
    ClearanceReportCreate,
    ClearanceReportRead,
    ClearanceReportUpdate,
    InfraReportCreate,
    InfraReportRead,
    InfraReportUpdate,
    SupplyCreate,
    SupplyRead,
    SupplyUpdate,
    TaskCreate,
    TaskRead,
    TaskUpdate,
    WorkCreate,
    WorkRead,
    WorkUpdate,
)


def _as_of(ctx: Context) -> date | None:
    """The date progress is read on: the list's or the detail's ``as_of``; none (today)
    after a write."""
    as_of: date | None = getattr(ctx.filters, "as_of", None)
    return as_of


def _zone(item: Any, _lang: str) -> str:
    return str(item.zone.code)


TASK_COLUMNS = (
    column("clearance_task", "id", 8),
    column("clearance_task", "zone", 24, _zone),
    column("clearance_task", "phase", 16),
    *(column("clearance_task", n, 12) for n in (
        "land_rice_ha", "land_other_agricultural_ha", "land_residential_ha", "land_other_ha",
        "total_ha", "households", "organisations", "graves")),
    column("clearance_task", "compensation_planned_vnd", 20),
    column("clearance_task", "resettlement_plots_needed", 10),
    column("clearance_task", "resettlement_plots_ready", 10),
    *(column("clearance_task", n, 14) for n in clearance.LEGAL_STEPS),
    column("clearance_task", "start_date", 14),
    column("clearance_task", "deadline", 14),
    column("clearance_task", "responsible_unit", 30),
    column("clearance_task", "pct_area", 10, lambda t, _l: t.progress.pct_area),
    column("clearance_task", "forecast", 14, lambda t, _l: t.progress.forecast),
    column("clearance_task", "state", 12, lambda t, _l: t.progress.state),
    column("clearance_task", "at_risk", 8, lambda t, _l: "x" if t.progress.at_risk else ""),
    column("clearance_task", "is_demo", 8, demo_mark),
)  # fmt: skip

CLEARANCE_REPORT_COLUMNS = (
    column("clearance_report", "task_id", 8),
    column("clearance_report", "zone", 24, _zone),
    column("clearance_report", "reported_on", 14),
    column("clearance_report", "handed_over_ha", 12),
    column("clearance_report", "households_agreed", 12),
    column("clearance_report", "paid_vnd", 20),
    column("clearance_report", "blockers", 48, lambda r, _l: "; ".join(
        f"{b.kind}: {b.description} ({b.who_must_act})" for b in r.blockers)),
    column("clearance_report", "note", 30),
    column("clearance_report", "is_demo", 8, demo_mark),
)  # fmt: skip

WORK_COLUMNS = (
    column("infra_work", "id", 8),
    column("infra_work", "zone", 24, _zone),
    column("infra_work", "phase", 16),
    column("infra_work", "kind", 16),
    column("infra_work", "name", 36),
    column("infra_work", "planned_value_vnd", 20),
    column("infra_work", "planned_quantity", 12),
    column("infra_work", "quantity_unit", 8),
    column("infra_work", "start_date", 14),
    column("infra_work", "planned_completion", 14),
    column("infra_work", "actual_completion", 14),
    column("infra_work", "pct_value", 10, lambda w, _l: w.progress.pct_value),
    column("infra_work", "forecast", 14, lambda w, _l: w.progress.forecast),
    column("infra_work", "state", 12, lambda w, _l: w.progress.state),
    column("infra_work", "is_demo", 8, demo_mark),
)

INFRA_REPORT_COLUMNS = (
    column("infra_report", "work_id", 8),
    column("infra_report", "zone", 24, _zone),
    column("infra_report", "reported_on", 14),
    column("infra_report", "completed_value_vnd", 20),
    column("infra_report", "completed_quantity", 12),
    column("infra_report", "note", 30),
    column("infra_report", "is_demo", 8, demo_mark),
)

SUPPLY_COLUMNS = (
    column("labour_supply", "kind", 24),
    column("labour_supply", "year", 8),
    column("labour_supply", "area", 12, lambda s, _l: s.area.code if s.area else ""),
    column("labour_supply", "zone", 24, lambda s, _l: s.zone.code if s.zone else ""),
    column("labour_supply", "value", 12),
    column("labour_supply", "source", 40),
    column("labour_supply", "is_demo", 8, demo_mark),
)

CLEARANCE_TASKS = declare(
    name="clearance_task",
    path="/api/v1/clearance-tasks",
    tag="readiness",
    model=ClearanceTask,
    read_schema=TaskRead,
    filter_dependency=filters.task_filter,
    sort_keys=filters.TASK_SORT,
    to_read=lambda t, ctx: clearance.task_to_read(t, _as_of(ctx)),
    detail_dependency=filters.as_of_param,
    export_columns=TASK_COLUMNS,
    create_schema=TaskCreate,
    update_schema=TaskUpdate,
    may_list=require_reader,
    **clearance.TASKS.declared(),
)

CLEARANCE_REPORTS = declare(
    name="clearance_report",
    path="/api/v1/clearance-reports",
    tag="readiness",
    model=ClearanceReport,
    read_schema=ClearanceReportRead,
    filter_dependency=filters.clearance_report_filter,
    sort_keys=filters.CLEARANCE_REPORT_SORT,
    to_read=lambda r, ctx: clearance.report_to_read(r),
    export_columns=CLEARANCE_REPORT_COLUMNS,
    create_schema=ClearanceReportCreate,
    update_schema=ClearanceReportUpdate,
    may_list=require_reader,
    **clearance.REPORTS.declared(),
)

INFRA_WORKS = declare(
    name="infra_work",
    path="/api/v1/infra-works",
    tag="readiness",
    model=InfraWork,
    read_schema=WorkRead,
    filter_dependency=filters.work_filter,
    sort_keys=filters.WORK_SORT,
    to_read=lambda w, ctx: works.work_to_read(w, _as_of(ctx)),
    detail_dependency=filters.as_of_param,
    export_columns=WORK_COLUMNS,
    create_schema=WorkCreate,
    update_schema=WorkUpdate,
    may_list=require_reader,
    **works.WORKS.declared(),
)

INFRA_REPORTS = declare(
    name="infra_report",
    path="/api/v1/infra-reports",
    tag="readiness",
    model=InfraReport,
    read_schema=InfraReportRead,
    filter_dependency=filters.infra_report_filter,
    sort_keys=filters.INFRA_REPORT_SORT,
    to_read=lambda r, ctx: works.report_to_read(r),
    export_columns=INFRA_REPORT_COLUMNS,
    create_schema=InfraReportCreate,
    update_schema=InfraReportUpdate,
    may_list=require_reader,
    **works.REPORTS.declared(),
)

LABOUR_SUPPLY = declare(
    name="labour_supply",
    path="/api/v1/labour-supply",
    tag="readiness",
    model=LabourSupply,
    read_schema=SupplyRead,
    filter_dependency=filters.supply_filter,
    sort_keys=filters.SUPPLY_SORT,
    to_read=lambda r, ctx: labour.to_read(r),
    export_columns=SUPPLY_COLUMNS,
    create_schema=SupplyCreate,
    update_schema=SupplyUpdate,
    may_list=require_reader,
    plural="labour_supply",
    **labour.SUPPLY.declared(create=labour.create_supply),
)
