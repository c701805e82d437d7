"""Land clearance: the share of a task done by area, households and money, its pace,
forecast and risk; a zone's land to clear, land cleared, and clean land ready to hand over
(cleared land whose essential works are usable, :mod:`.works`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kcn.kit.metrics import Context, Metric, Param, Reading
from kcn.models import ClearanceTask, InfraWork
from kcn.readiness.forecast import outlook, share
from kcn.readiness.metrics import works
from kcn.readiness.metrics.common import (
    AS_OF,
    ZONE,
    Status,
    at_risk_count,
    delay,
    demo_flags,
    in_zone,
    load_all,
    pct,
    per_item,
    risk,
)

MONTH_DAYS = 30
# Works a park's land needs before an investor can build on it.
ESSENTIAL_WORKS = ("internal_roads", "power", "water_supply", "wastewater_plant")
TASK = Param("task", int, "Clearance task id.", required=True)
INPUTS = ("clearance_task.*", "clearance_report.*")


def task_status(task: ClearanceTask, as_of: date) -> Status:
    """A clearance task on ``as_of``: the shares done (of the latest report), and its outlook
    by area handed over."""
    reports = [r for r in task.reports if r.reported_on <= as_of]
    last = reports[-1] if reports else None
    total = task.total_ha
    points = [(r.reported_on, share(r.handed_over_ha, total) or Decimal(0)) for r in reports]
    look = outlook(points, task.start_date, task.deadline, as_of)
    if last is None:
        return Status(look)
    return Status(
        look,
        pct_area=pct(last.handed_over_ha, total),
        pct_households=pct(Decimal(last.households_agreed), Decimal(task.households)),
        pct_money=pct(last.paid_vnd, task.compensation_planned_vnd),
        handed_over_ha=last.handed_over_ha,
    )


def load_tasks(context: Context) -> list[ClearanceTask]:
    return load_all(context, ClearanceTask)


def _task(pick: Any) -> Any:
    return per_item(load_tasks, task_status, "task", pick)


def _pace_ha(task: ClearanceTask, status: Status) -> Decimal | None:
    pace = status.outlook.pace_per_day
    return None if pace is None else pace * task.total_ha * MONTH_DAYS


def _land(handed_over: bool) -> Any:
    """A zone's land to clear (``handed_over`` false) or cleared."""

    def compute(context: Context, params: dict[str, Any]) -> Reading:
        tasks = in_zone(load_tasks(context), params.get("zone"))
        if handed_over:
            values = [task_status(t, params["as_of"]).handed_over_ha for t in tasks]
        else:
            values = [t.total_ha for t in tasks]
        demo = any(t.is_demo for t in tasks)
        return Reading(sum(values, Decimal(0)), len(tasks), demo_flags(demo))

    return compute


def ready_tasks(tasks: list[ClearanceTask], all_works: list[InfraWork], as_of: date) -> list[Any]:
    """The tasks whose cleared land has its infrastructure: every essential work of the same
    zone and phase (or of the whole zone, phase "") recorded, and each one done."""
    ready = []
    for task in tasks:
        mine = [w for w in all_works if w.zone_id == task.zone_id and w.phase in ("", task.phase)]
        kinds = {w.kind for w in mine}
        if all(k in kinds for k in ESSENTIAL_WORKS) and all(
            works.is_usable(w, as_of) for w in mine if w.kind in ESSENTIAL_WORKS
        ):
            ready.append(task)
    return ready


def _clean(context: Context, params: dict[str, Any]) -> Reading:
    tasks = in_zone(load_tasks(context), params.get("zone"))
    chosen = in_zone(works.load_works(context), params.get("zone"))
    ready = ready_tasks(tasks, chosen, params["as_of"])
    total = sum((task_status(t, params["as_of"]).handed_over_ha for t in ready), Decimal(0))
    demo = any(t.is_demo for t in tasks) or any(w.is_demo for w in chosen)
    return Reading(total, len(tasks) + len(chosen), demo_flags(demo))


METRICS = [
    Metric("readiness.clearance_pct_area", "pct", 2,
           "Tỷ lệ diện tích đất đã bàn giao trên tổng diện tích phải thu hồi của nhiệm vụ GPMB "
           "(báo cáo gần nhất).",
           "Share of the task's land handed over, on the latest report.",
           "handed_over_ha / Σ land_*_ha × 100", INPUTS,
           _task(lambda t, s: s.pct_area), (TASK, AS_OF)),
    Metric("readiness.clearance_pct_households", "pct", 2,
           "Tỷ lệ hộ đã đồng ý trên tổng số hộ bị ảnh hưởng.",
           "Share of the affected households that agreed, on the latest report.",
           "households_agreed / households × 100", INPUTS,
           _task(lambda t, s: s.pct_households), (TASK, AS_OF)),
    Metric("readiness.clearance_pct_money", "pct", 2,
           "Tỷ lệ tiền bồi thường đã chi trả trên phương án được duyệt.",
           "Share of the approved compensation paid, on the latest report.",
           "paid_vnd / compensation_planned_vnd × 100", INPUTS,
           _task(lambda t, s: s.pct_money), (TASK, AS_OF)),
    Metric("readiness.clearance_pace", "ha_per_month", 2,
           "Tốc độ bàn giao đất gần đây (ha/30 ngày), tính từ các báo cáo trong 90 ngày trước "
           "báo cáo gần nhất.",
           "Recent pace of handover (ha per 30 days), over the reports of the 90 days before "
           "the latest one (from the start date when there is one report).",
           "Δ handed_over_ha / Δ days × 30", INPUTS,
           _task(_pace_ha), (TASK, AS_OF)),
    Metric("readiness.clearance_delay_days", "days", 0,
           "Số ngày từ hạn hoàn thành đến ngày dự báo hoàn thành theo tốc độ gần đây (dương: "
           "trễ hạn); không có tiến độ thì không dự báo ('stalled').",
           "Days from the deadline to the forecast completion at the recent pace (positive: "
           "late); none when stalled; the completion date when done.",
           "(last report + (1 − share) / pace) − deadline", INPUTS,
           _task(lambda t, s: delay(t.deadline, s)), (TASK, AS_OF)),
    Metric("readiness.clearance_at_risk", "flag", 0,
           "1 khi nhiệm vụ có nguy cơ chậm: dự báo quá hạn, không có tiến độ, hoặc 30 ngày "
           "không có báo cáo.",
           "1 when the task is at risk: forecast past the deadline, stalled, or no report for "
           "30 days.",
           "forecast > deadline or stalled or as_of − last report > 30", INPUTS,
           _task(risk), (TASK, AS_OF)),
    Metric("readiness.clearance_at_risk_count", "count", 0,
           "Số nhiệm vụ GPMB có nguy cơ chậm.", "Clearance tasks at risk.",
           "count(task where at_risk)", INPUTS,
           at_risk_count(load_tasks, task_status), (ZONE, AS_OF)),
    Metric("readiness.land_to_clear_ha", "ha", 2,
           "Tổng diện tích đất phải thu hồi, bồi thường của các nhiệm vụ GPMB.",
           "Land the clearance tasks must recover.",
           "Σ land_*_ha", INPUTS, _land(handed_over=False), (ZONE, AS_OF)),
    Metric("readiness.cleared_ha", "ha", 2,
           "Diện tích đất đã bàn giao (báo cáo gần nhất của mỗi nhiệm vụ).",
           "Land handed over (latest report of each task).",
           "Σ latest handed_over_ha", INPUTS, _land(handed_over=True), (ZONE, AS_OF)),
    Metric("readiness.clean_land_ha", "ha", 2,
           "Đất sạch sẵn sàng bàn giao: đất đã bàn giao của các nhiệm vụ mà mọi hạng mục hạ "
           "tầng thiết yếu (đường nội bộ, điện, cấp nước, xử lý nước thải) cùng khu, cùng giai "
           "đoạn đã hoàn thành.",
           "Clean land ready to hand over: land handed over where every essential work "
           "(internal roads, power, water supply, wastewater plant) of the same zone and phase "
           "is complete.",
           "Σ handed_over_ha of tasks whose essential works are done",
           (*INPUTS, *works.INPUTS), _clean, (ZONE, AS_OF)),
]  # fmt: skip
