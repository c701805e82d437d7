"""Clearance tasks and reports, infrastructure works and reports, and labour supply
observations declared to the resource kit: list, CSV/XLSX export, detail and writes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kcn.kit.export import Column
from kcn.kit.resources import Resource, register
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


def _col(prefix: str, name: str, width: int = 16, value: Any = None) -> Column:
    get = value or (lambda item, _lang: getattr(item, name))
    return Column(name, get, width, f"{prefix}.column.{name}")


def _yes(item: Any, _lang: str) -> str:
    return "x" if item.is_demo else ""


def _zone(item: Any, _lang: str) -> str:
    return str(item.zone.code)


def _first(rows: Sequence[Any]) -> list[Any]:
    return [row[0] for row in rows]


TASK_COLUMNS = (
    _col("clearance_task", "id", 8),
    _col("clearance_task", "zone", 24, _zone),
    _col("clearance_task", "phase", 16),
    *(_col("clearance_task", n, 12) for n in (
        "land_rice_ha", "land_other_agricultural_ha", "land_residential_ha", "land_other_ha",
        "total_ha", "households", "organisations", "graves")),
    _col("clearance_task", "compensation_planned_vnd", 20),
    _col("clearance_task", "resettlement_plots_needed", 10),
    _col("clearance_task", "resettlement_plots_ready", 10),
    *(_col("clearance_task", n, 14) for n in clearance.LEGAL_STEPS),
    _col("clearance_task", "start_date", 14),
    _col("clearance_task", "deadline", 14),
    _col("clearance_task", "responsible_unit", 30),
    _col("clearance_task", "pct_area", 10, lambda t, _l: t.progress.pct_area),
    _col("clearance_task", "forecast", 14, lambda t, _l: t.progress.forecast),
    _col("clearance_task", "state", 12, lambda t, _l: t.progress.state),
    _col("clearance_task", "at_risk", 8, lambda t, _l: "x" if t.progress.at_risk else ""),
    _col("clearance_task", "is_demo", 8, _yes),
)  # fmt: skip

CLEARANCE_REPORT_COLUMNS = (
    _col("clearance_report", "task_id", 8),
    _col("clearance_report", "zone", 24, _zone),
    _col("clearance_report", "reported_on", 14),
    _col("clearance_report", "handed_over_ha", 12),
    _col("clearance_report", "households_agreed", 12),
    _col("clearance_report", "paid_vnd", 20),
    _col("clearance_report", "blockers", 48, lambda r, _l: "; ".join(
        f"{b.kind}: {b.description} ({b.who_must_act})" for b in r.blockers)),
    _col("clearance_report", "note", 30),
    _col("clearance_report", "is_demo", 8, _yes),
)  # fmt: skip

WORK_COLUMNS = (
    _col("infra_work", "id", 8),
    _col("infra_work", "zone", 24, _zone),
    _col("infra_work", "phase", 16),
    _col("infra_work", "kind", 16),
    _col("infra_work", "name", 36),
    _col("infra_work", "planned_value_vnd", 20),
    _col("infra_work", "planned_quantity", 12),
    _col("infra_work", "quantity_unit", 8),
    _col("infra_work", "start_date", 14),
    _col("infra_work", "planned_completion", 14),
    _col("infra_work", "actual_completion", 14),
    _col("infra_work", "pct_value", 10, lambda w, _l: w.progress.pct_value),
    _col("infra_work", "forecast", 14, lambda w, _l: w.progress.forecast),
    _col("infra_work", "state", 12, lambda w, _l: w.progress.state),
    _col("infra_work", "is_demo", 8, _yes),
)

INFRA_REPORT_COLUMNS = (
    _col("infra_report", "work_id", 8),
    _col("infra_report", "zone", 24, _zone),
    _col("infra_report", "reported_on", 14),
    _col("infra_report", "completed_value_vnd", 20),
    _col("infra_report", "completed_quantity", 12),
    _col("infra_report", "note", 30),
    _col("infra_report", "is_demo", 8, _yes),
)

SUPPLY_COLUMNS = (
    _col("labour_supply", "kind", 24),
    _col("labour_supply", "year", 8),
    _col("labour_supply", "area", 12, lambda s, _l: s.area.code if s.area else ""),
    _col("labour_supply", "zone", 24, lambda s, _l: s.zone.code if s.zone else ""),
    _col("labour_supply", "value", 12),
    _col("labour_supply", "source", 40),
    _col("labour_supply", "is_demo", 8, _yes),
)

CLEARANCE_TASKS = register(
    Resource(
        name="clearance_task",
        path="/api/v1/clearance-tasks",
        tag="readiness",
        model=ClearanceTask,
        read_schema=TaskRead,
        filter_dependency=filters.task_filter,
        sort_keys=filters.TASK_SORT,
        tiebreak=lambda f: ClearanceTask.id,
        read_rows=lambda s, rows, ctx: [
            clearance.task_to_read(t, ctx.filters.as_of) for t in _first(rows)
        ],
        read_one=lambda s, i, ctx: clearance.task_to_read(
            clearance.TASKS.get(s, i, ctx.actor), ctx.filters
        ),
        detail_dependency=filters.as_of_param,
        export_columns=TASK_COLUMNS,
        export_name=lambda f: "kcn-clearance-tasks",
        title_key="clearance_task.list.title",
        describe=clearance.TASKS.snapshot,
        label=clearance.TASKS.label,
        create_schema=TaskCreate,
        update_schema=TaskUpdate,
        create=clearance.TASKS.create,
        update=clearance.TASKS.update,
        delete=clearance.TASKS.delete,
        may_list=require_reader,
    )
)

CLEARANCE_REPORTS = register(
    Resource(
        name="clearance_report",
        path="/api/v1/clearance-reports",
        tag="readiness",
        model=ClearanceReport,
        read_schema=ClearanceReportRead,
        filter_dependency=filters.clearance_report_filter,
        sort_keys=filters.CLEARANCE_REPORT_SORT,
        tiebreak=lambda f: ClearanceReport.id,
        read_rows=lambda s, rows, ctx: [clearance.report_to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: clearance.report_to_read(clearance.REPORTS.get(s, i, ctx.actor)),
        export_columns=CLEARANCE_REPORT_COLUMNS,
        export_name=lambda f: "kcn-clearance-reports",
        title_key="clearance_report.list.title",
        describe=clearance.REPORTS.snapshot,
        label=clearance.REPORTS.label,
        create_schema=ClearanceReportCreate,
        update_schema=ClearanceReportUpdate,
        create=clearance.REPORTS.create,
        update=clearance.REPORTS.update,
        delete=clearance.REPORTS.delete,
        may_list=require_reader,
    )
)

INFRA_WORKS = register(
    Resource(
        name="infra_work",
        path="/api/v1/infra-works",
        tag="readiness",
        model=InfraWork,
        read_schema=WorkRead,
        filter_dependency=filters.work_filter,
        sort_keys=filters.WORK_SORT,
        tiebreak=lambda f: InfraWork.id,
        read_rows=lambda s, rows, ctx: [
            works.work_to_read(w, ctx.filters.as_of) for w in _first(rows)
        ],
        read_one=lambda s, i, ctx: works.work_to_read(
            works.WORKS.get(s, i, ctx.actor), ctx.filters
        ),
        detail_dependency=filters.as_of_param,
        export_columns=WORK_COLUMNS,
        export_name=lambda f: "kcn-infra-works",
        title_key="infra_work.list.title",
        describe=works.WORKS.snapshot,
        label=works.WORKS.label,
        create_schema=WorkCreate,
        update_schema=WorkUpdate,
        create=works.WORKS.create,
        update=works.WORKS.update,
        delete=works.WORKS.delete,
        may_list=require_reader,
    )
)

INFRA_REPORTS = register(
    Resource(
        name="infra_report",
        path="/api/v1/infra-reports",
        tag="readiness",
        model=InfraReport,
        read_schema=InfraReportRead,
        filter_dependency=filters.infra_report_filter,
        sort_keys=filters.INFRA_REPORT_SORT,
        tiebreak=lambda f: InfraReport.id,
        read_rows=lambda s, rows, ctx: [works.report_to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: works.report_to_read(works.REPORTS.get(s, i, ctx.actor)),
        export_columns=INFRA_REPORT_COLUMNS,
        export_name=lambda f: "kcn-infra-reports",
        title_key="infra_report.list.title",
        describe=works.REPORTS.snapshot,
        label=works.REPORTS.label,
        create_schema=InfraReportCreate,
        update_schema=InfraReportUpdate,
        create=works.REPORTS.create,
        update=works.REPORTS.update,
        delete=works.REPORTS.delete,
        may_list=require_reader,
    )
)

LABOUR_SUPPLY = register(
    Resource(
        name="labour_supply",
        path="/api/v1/labour-supply",
        tag="readiness",
        model=LabourSupply,
        read_schema=SupplyRead,
        filter_dependency=filters.supply_filter,
        sort_keys=filters.SUPPLY_SORT,
        tiebreak=lambda f: LabourSupply.id,
        read_rows=lambda s, rows, ctx: [labour.to_read(r) for r in _first(rows)],
        read_one=lambda s, i, ctx: labour.to_read(labour.SUPPLY.get(s, i, ctx.actor)),
        export_columns=SUPPLY_COLUMNS,
        export_name=lambda f: "kcn-labour-supply",
        title_key="labour_supply.list.title",
        describe=labour.SUPPLY.snapshot,
        label=labour.SUPPLY.label,
        create_schema=SupplyCreate,
        update_schema=SupplyUpdate,
        create=labour.create_supply,
        update=labour.SUPPLY.update,
        delete=labour.SUPPLY.delete,
        may_list=require_reader,
        plural="labour_supply",
    )
)
