"""Infrastructure works: the share of a work done, its forecast and risk (the same rules as
clearance, :mod:`kcn.readiness.forecast`), and the works at risk."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kcn.kit.metrics import Context, Metric, Param
from kcn.models import InfraWork
from kcn.readiness.forecast import outlook, share
from kcn.readiness.metrics.common import (
    AS_OF,
    HUNDRED,
    ZONE,
    Status,
    at_risk_count,
    delay,
    load_all,
    per_item,
    risk,
)

WORK = Param("work", int, "Infrastructure work id.", required=True)
INPUTS = ("infra_work.*", "infra_report.*")


def work_status(work: InfraWork, as_of: date) -> Status:
    """An infrastructure work on ``as_of``: the share of its value completed (of its quantity
    when it has no value), and its outlook."""
    reports = [r for r in work.reports if r.reported_on <= as_of]
    by_value = work.planned_value_vnd > 0

    def part(r: Any) -> Decimal:
        s = share(r.completed_value_vnd, work.planned_value_vnd) if by_value else share(
            r.completed_quantity, work.planned_quantity)  # fmt: skip
        return s or Decimal(0)

    points = [(r.reported_on, part(r)) for r in reports]
    look = outlook(points, work.start_date, work.planned_completion, as_of, work.actual_completion)
    pct = look.share * HUNDRED if (reports or look.state == "done") else None
    return Status(look, pct_value=pct)


def is_usable(work: InfraWork, as_of: date) -> bool:
    return work_status(work, as_of).outlook.state == "done"


def load_works(context: Context) -> list[InfraWork]:
    return load_all(context, InfraWork)


def _work(pick: Any) -> Any:
    return per_item(load_works, work_status, "work", pick)


METRICS = [
    Metric("readiness.works_pct_value", "pct", 2,
           "Tỷ lệ giá trị đã thực hiện của hạng mục hạ tầng (theo khối lượng khi không có giá "
           "trị).",
           "Share of an infrastructure work's value completed (of its quantity when it has no "
           "value).",
           "completed_value_vnd / planned_value_vnd × 100", INPUTS,
           _work(lambda w, s: s.pct_value), (WORK, AS_OF)),
    Metric("readiness.works_delay_days", "days", 0,
           "Số ngày từ hạn hoàn thành kế hoạch đến ngày dự báo hoàn thành của hạng mục hạ tầng.",
           "Days from a work's planned completion to its forecast completion (positive: late).",
           "(last report + (1 − share) / pace) − planned_completion", INPUTS,
           _work(lambda w, s: delay(w.planned_completion, s)), (WORK, AS_OF)),
    Metric("readiness.works_at_risk", "flag", 0,
           "1 khi hạng mục hạ tầng có nguy cơ chậm (cùng quy tắc như GPMB).",
           "1 when the work is at risk (the same rules as clearance).",
           "forecast > planned_completion or stalled or no report for 30 days", INPUTS,
           _work(risk), (WORK, AS_OF)),
    Metric("readiness.works_at_risk_count", "count", 0,
           "Số hạng mục hạ tầng có nguy cơ chậm.", "Infrastructure works at risk.",
           "count(work where at_risk)", INPUTS,
           at_risk_count(load_works, work_status), (ZONE, AS_OF)),
]  # fmt: skip
