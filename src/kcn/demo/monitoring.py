"""Demo periodic reports (2024-Q1 and 2024-Q2) and enterprise requests.

Every value is invented and marked ``is_demo``. The reports are drawn deterministically from
the demo projects (a seeded random generator): about a third of the projects report, some
late, a few with plans to expand; the others are the non-reporters. The requests follow the
topics the province named for its support to enterprises in the first half of 2024 (capital,
consumer markets, labour, raw material costs; seed, line 3), received at a dialogue
conference, on the web and by letter.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.models import PeriodicReport, Project, SupportRequest
from kcn.monitoring import requests
from kcn.monitoring.schemas import RequestCreate, StepCreate

QUARTERS = ((2024, 1), (2024, 2))
CENT = Decimal("0.01")
# (topic, channel, received, text, steps: (action, days after receipt, agency, note))
REQUESTS: tuple[tuple[str, str, date, str, tuple[tuple[str, int, str | None, str], ...]], ...] = (
    ("capital_credit", "dialogue_conference", date(2024, 3, 28),
     "Đề nghị hỗ trợ tiếp cận vốn vay ưu đãi để mua sắm dây chuyền mới (dữ liệu mẫu).",
     (("assign", 2, "state_bank", ""), ("start", 5, None, ""),
      ("answer", 14, None, "Đã giới thiệu các gói tín dụng ưu đãi của ngân hàng thương mại "
       "(dữ liệu mẫu)."), ("close", 20, None, ""))),
    ("markets", "dialogue_conference", date(2024, 3, 28),
     "Đề nghị hỗ trợ tìm thị trường tiêu thụ trong nước cho linh kiện điện tử (dữ liệu mẫu).",
     (("assign", 2, "industry_trade", ""), ("answer", 25, None,
      "Đã mời doanh nghiệp tham gia hội chợ kết nối cung cầu (dữ liệu mẫu)."))),
    ("labour", "dialogue_conference", date(2024, 3, 28),
     "Thiếu lao động phổ thông cho ca đêm; đề nghị hỗ trợ tuyển dụng (dữ liệu mẫu).",
     (("assign", 3, "labour", ""), ("start", 6, None, ""))),
    ("raw_materials", "dialogue_conference", date(2024, 3, 28),
     "Chi phí nguyên vật liệu nhập khẩu tăng; đề nghị hướng dẫn thủ tục hải quan nhanh hơn "
     "(dữ liệu mẫu).",
     (("assign", 2, "customs", ""), ("answer", 9, None,
      "Đã hướng dẫn thủ tục luồng xanh cho nguyên liệu sản xuất xuất khẩu (dữ liệu mẫu)."))),
    ("land_site", "letter", date(2024, 4, 15),
     "Đề nghị thuê thêm 2 ha liền kề để mở rộng nhà xưởng (dữ liệu mẫu).",
     (("assign", 4, "zone_board", ""),)),
    ("procedures", "web", date(2024, 5, 6),
     "Hỏi thủ tục điều chỉnh giấy chứng nhận đăng ký đầu tư khi tăng vốn (dữ liệu mẫu).",
     (("assign", 1, "zone_board", ""), ("answer", 5, None,
      "Đã hướng dẫn hồ sơ điều chỉnh dự án đầu tư (dữ liệu mẫu)."), ("close", 8, None, ""))),
    ("infrastructure", "letter", date(2024, 5, 20),
     "Đường nội bộ trước lô đất bị ngập khi mưa lớn (dữ liệu mẫu).",
     (("assign", 3, "construction", ""), ("start", 10, None, ""))),
    ("tax", "web", date(2024, 6, 3),
     "Hỏi về hoàn thuế giá trị gia tăng hàng xuất khẩu (dữ liệu mẫu).",
     (("assign", 2, "tax", ""), ("answer", 16, None,
      "Đã hướng dẫn hồ sơ hoàn thuế GTGT (dữ liệu mẫu)."),
      ("reopen", 20, None, "Hồ sơ bổ sung vẫn bị trả lại (dữ liệu mẫu)."))),
    ("labour", "web", date(2024, 6, 10),
     "Đề nghị hỗ trợ nhà ở cho công nhân (dữ liệu mẫu).", ()),
    ("capital_credit", "letter", date(2024, 6, 12),
     "Đề nghị gia hạn nợ vay do đơn hàng giảm (dữ liệu mẫu).",
     (("assign", 5, "state_bank", ""),)),
    ("markets", "web", date(2024, 6, 18),
     "Đề nghị thông tin về thị trường EU theo hiệp định EVFTA (dữ liệu mẫu).", ()),
    ("other", "dialogue_conference", date(2024, 3, 28),
     "Đề nghị tăng tuyến xe buýt đến khu công nghiệp (dữ liệu mẫu).",
     (("assign", 2, "district", ""), ("answer", 12, None,
      "Đã bổ sung tuyến xe buýt giờ cao điểm (dữ liệu mẫu)."), ("close", 15, None, ""))),
)  # fmt: skip


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _report(rng: random.Random, project: Project, year: int, quarter: int) -> dict[str, Any]:
    month = 3 * quarter + 1
    due = date(year, month, 10)
    late = rng.random() < 0.2
    filed = due + timedelta(days=rng.randrange(1, 30)) if late else due - timedelta(
        days=rng.randrange(0, 9))  # fmt: skip
    share = Decimal(rng.randrange(30, 106)) / 100  # a few above the registered capital
    operating = project.status == "operating"
    revenue = _money(project.capital_usd * Decimal(rng.randrange(5, 40)) / 100) if operating else 0
    workers = project.workers_vietnamese if operating else 0
    row: dict[str, Any] = {
        "project_id": project.id, "year": year, "quarter": quarter, "filed_on": filed,
        "capital_implemented_usd": _money(project.capital_usd * share),
        "net_revenue_usd": revenue,
        "exports_usd": _money(Decimal(revenue) * Decimal("0.7")),
        "imports_usd": _money(Decimal(revenue) * Decimal("0.5")),
        "taxes_paid_vnd": Decimal(int(Decimal(revenue) * 250)),
        "workers_vietnamese": workers, "workers_foreign": project.workers_foreign if operating
        else 0, "expansion_land_ha": None, "expansion_workers": None,
        "expansion_capital_usd": None, "expansion_year": None, "notes": "", "is_demo": True,
    }  # fmt: skip
    if operating and rng.random() < 0.12:
        row["expansion_land_ha"] = Decimal(rng.randrange(5, 60)) / 10
        row["expansion_workers"] = rng.randrange(50, 800)
        row["expansion_capital_usd"] = Decimal(rng.randrange(2, 40) * 1_000_000)
        row["expansion_year"] = rng.choice((2025, 2026))
    return row


def load_monitoring(session: Session) -> dict[str, int]:
    """Load the demo reports and requests unless there are some already."""
    if session.scalar(select(PeriodicReport.id).limit(1)) is not None:
        return {"periodic_reports": 0, "support_requests": 0}
    rng = random.Random(15)
    found = session.scalars(
        select(Project).where(Project.is_demo.is_(True)).order_by(Project.id)
    ).all()
    rows = []
    # About a third of the projects report (those that never do are the zone boards' common
    # complaint); a few of those skip a quarter.
    reporting = [p for p in found if rng.random() < 0.3]
    for year, quarter in QUARTERS:
        end = date(year, 3 * quarter, 28)
        for project in reporting:
            if project.certificate_date > end or rng.random() < 0.1:
                continue  # not yet certified, or did not report this quarter
            rows.append(_report(rng, project, year, quarter))
    if rows:
        session.execute(insert(PeriodicReport), rows)
    session.commit()
    return {"periodic_reports": len(rows), "support_requests": _requests(session, found, rng)}


def _requests(session: Session, found: Any, rng: random.Random) -> int:
    actor = system_actor("demo data loader", "import")
    taxes = sorted({p.enterprise.tax_code for p in found})
    if not taxes:
        return 0
    count = 0
    for topic, channel, received, text, steps in REQUESTS:
        data = RequestCreate(
            enterprise=rng.choice(taxes), topic=topic, channel=channel, text=text,
            received_on=received, is_demo=True,
        )  # fmt: skip
        request = requests.create_request(session, data, actor)
        for action, days, agency, note in steps:
            step = StepCreate(
                action=action, day=received + timedelta(days=days), agency=agency, note=note
            )  # fmt: skip
            requests.take_step(session, request.id, step, actor)
        count += 1
    return count


__all__ = ["SupportRequest", "load_monitoring"]
