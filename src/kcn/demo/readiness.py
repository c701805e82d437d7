"""Demo readiness data: land clearance and infrastructure works of the four parks the province
set to clear by 31 December 2024 (Yên Lư and Hòa Phú mở rộng: the remaining land; Phúc Sơn and
Việt Hàn mở rộng: new parks), and labour supply of their districts.

The parks and the deadline are published (see ``shared/seed``: "land_clearance_focus"); every
figure here is invented for the demo and marked ``is_demo``. Written through the services, so
validated and audited like any other write.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.kit.permissions import system_actor
from kcn.models import ClearanceTask, Zone
from kcn.readiness import clearance, labour, works
from kcn.readiness.schemas import (
    Blocker,
    ClearanceReportCreate,
    InfraReportCreate,
    SupplyCreate,
    TaskCreate,
    WorkCreate,
)

DEADLINE = date(2024, 12, 31)
SOURCE = ("Hạn 31/12/2024: báo cáo 6 tháng đầu năm 2024 của tỉnh Bắc Giang; số liệu khác là "
          "số liệu minh hoạ (demo)")  # fmt: skip
DEMO_SOURCE = "Số liệu minh hoạ (demo)"

# (zone, phase, land: rice/other agri/residential/other ha, households, organisations, graves,
#  compensation VND, plots needed/ready, legal steps, start, responsible unit, reports)
# reports: (date, ha handed over, households agreed, paid VND, blockers)
TASKS: list[dict[str, Any]] = [
    {
        "zone": "KCN-YEN-LU", "phase": "Diện tích còn lại",
        "land": ("38.00", "12.00", "0.80", "1.20"), "households": 410, "organisations": 2,
        "graves": 160, "compensation": "312000000000", "plots": (35, 20),
        "steps": ("2023-10-02", "2023-11-15", "2024-02-20", "2024-04-05", "2024-04-20", None),
        "start": "2023-10-02", "unit": "Trung tâm Phát triển quỹ đất huyện Yên Dũng (demo)",
        "reports": [
            ("2024-03-31", "10.00", 120, "60000000000", []),
            ("2024-05-31", "21.00", 210, "130000000000", []),
            ("2024-06-30", "26.00", 260, "165000000000", [
                ("households_disagree", "35 hộ chưa đồng ý đơn giá bồi thường đất lúa",
                 "UBND xã Yên Lư"),
                ("resettlement_land", "Khu tái định cư mới giao 20/35 lô", "UBND huyện Yên Dũng"),
            ]),
        ],
    },
    {
        "zone": "KCN-HOA-PHU-MO-RONG", "phase": "Giai đoạn 1",
        "land": ("60.00", "20.00", "2.00", "3.00"), "households": 530, "organisations": 3,
        "graves": 240, "compensation": "420000000000", "plots": (60, 15),
        "steps": ("2023-09-15", "2023-11-01", "2024-01-20", "2024-03-20", None, None),
        "start": "2023-09-15", "unit": "Trung tâm Phát triển quỹ đất huyện Hiệp Hòa (demo)",
        "reports": [
            ("2024-02-29", "8.00", 90, "40000000000", []),
            ("2024-04-30", "14.00", 150, "75000000000", []),
            ("2024-06-30", "18.50", 190, "98000000000", [
                ("dispute", "Tranh chấp ranh giới thửa đất giữa 6 hộ", "UBND xã Hòa Sơn"),
                ("resettlement_land", "Chưa có quỹ đất tái định cư cho 45 hộ",
                 "UBND huyện Hiệp Hòa"),
            ]),
        ],
    },
    {
        "zone": "KCN-PHUC-SON", "phase": "Giai đoạn 1",
        "land": ("70.00", "40.00", "4.00", "6.00"), "households": 720, "organisations": 4,
        "graves": 310, "compensation": "650000000000", "plots": (80, 80),
        "steps": ("2023-08-01", "2023-09-20", "2023-12-15", "2024-02-15", "2024-03-01", None),
        "start": "2023-08-01", "unit": "Trung tâm Phát triển quỹ đất huyện Tân Yên (demo)",
        "reports": [
            ("2024-01-31", "30.00", 260, "180000000000", []),
            ("2024-04-30", "62.00", 470, "350000000000", []),
            ("2024-06-30", "88.00", 610, "500000000000", []),
        ],
    },
    {
        "zone": "KCN-PHUC-SON", "phase": "Giai đoạn 2",
        "land": ("55.00", "35.00", "3.00", "7.00"), "households": 610, "organisations": 2,
        "graves": 200, "compensation": "540000000000", "plots": (70, 0),
        "steps": ("2024-01-10", "2024-03-01", None, None, None, None),
        "start": "2024-01-10", "unit": "Trung tâm Phát triển quỹ đất huyện Tân Yên (demo)",
        "reports": [
            ("2024-04-30", "0.00", 40, "0", []),
            ("2024-06-30", "0.00", 85, "0", [
                ("other", "Phương án bồi thường chưa được phê duyệt", "UBND huyện Tân Yên"),
            ]),
        ],
    },
    {
        "zone": "KCN-VIET-HAN-MO-RONG", "phase": "Giai đoạn 1",
        "land": ("40.00", "18.00", "0.00", "2.00"), "households": 300, "organisations": 1,
        "graves": 90, "compensation": "280000000000", "plots": (10, 10),
        "steps": ("2023-06-01", "2023-07-15", "2023-10-10", "2023-12-05", "2023-12-20",
                  "2024-06-15"),
        "start": "2023-06-01", "unit": "Trung tâm Phát triển quỹ đất thị xã Việt Yên (demo)",
        "reports": [
            ("2024-02-29", "35.00", 190, "170000000000", []),
            ("2024-04-30", "52.00", 280, "250000000000", []),
            ("2024-06-15", "60.00", 300, "280000000000", []),
        ],
    },
    {
        "zone": "KCN-VIET-HAN-MO-RONG", "phase": "Giai đoạn 2",
        "land": ("50.00", "30.00", "3.00", "5.00"), "households": 480, "organisations": 2,
        "graves": 150, "compensation": "390000000000", "plots": (40, 12),
        "steps": ("2023-12-01", "2024-01-20", "2024-04-10", "2024-06-05", None, None),
        "start": "2023-12-01", "unit": "Trung tâm Phát triển quỹ đất thị xã Việt Yên (demo)",
        "reports": [
            ("2024-04-30", "5.00", 80, "20000000000", []),
            ("2024-06-30", "9.00", 140, "45000000000", [
                ("households_disagree", "22 hộ đề nghị tăng hỗ trợ chuyển đổi nghề",
                 "Hội đồng bồi thường thị xã Việt Yên"),
            ]),
        ],
    },
]  # fmt: skip

KIND_NAMES = {
    "internal_roads": ("Đường giao thông nội bộ", "km"),
    "power": ("Hệ thống cấp điện", "km"),
    "water_supply": ("Hệ thống cấp nước", "km"),
    "wastewater_plant": ("Nhà máy xử lý nước thải tập trung", "m3/ngày"),
    "connecting_roads": ("Đường kết nối ngoài hàng rào", "km"),
}

# zone → (start, planned completion, [(kind, value VND, quantity, done on, reports)])
# reports: (date, value completed VND, quantity completed)
WORKS: dict[str, tuple[str, str, list[Any]]] = {
    "KCN-YEN-LU": ("2023-06-01", "2025-06-30", [
        ("internal_roads", "180000000000", "6.50", None,
         [("2024-03-31", "60000000000", "2.10"), ("2024-06-30", "95000000000", "3.40")]),
        ("power", "45000000000", "7.00", None, [("2024-06-30", "15000000000", "2.30")]),
        ("water_supply", "38000000000", "6.80", None, [("2024-06-30", "12000000000", "2.20")]),
        ("wastewater_plant", "120000000000", "5000", None,
         [("2024-04-30", "20000000000", "0"), ("2024-06-30", "20000000000", "0")]),
    ]),
    "KCN-HOA-PHU-MO-RONG": ("2024-01-15", "2025-12-31", [
        ("internal_roads", "150000000000", "5.20", None, [("2024-06-30", "18000000000", "0.60")]),
        ("connecting_roads", "90000000000", "3.00", None,
         [("2024-03-31", "10000000000", "0.30"), ("2024-06-30", "25000000000", "0.80")]),
    ]),
    "KCN-PHUC-SON": ("2024-03-01", "2025-12-31", [
        ("internal_roads", "210000000000", "7.50", None, [("2024-06-30", "30000000000", "1.10")]),
        ("power", "60000000000", "8.00", None, []),
    ]),
    "KCN-VIET-HAN-MO-RONG": ("2023-07-01", "2024-06-30", [
        ("internal_roads", "120000000000", "4.20", "2024-05-20",
         [("2024-02-29", "80000000000", "2.80"), ("2024-05-20", "120000000000", "4.20")]),
        ("power", "35000000000", "4.50", "2024-05-31",
         [("2024-05-31", "35000000000", "4.50")]),
        ("water_supply", "30000000000", "4.30", "2024-05-31",
         [("2024-05-31", "30000000000", "4.30")]),
        ("wastewater_plant", "95000000000", "3000", "2024-06-20",
         [("2024-03-31", "60000000000", "1800"), ("2024-06-20", "95000000000", "3000")]),
    ]),
}  # fmt: skip

# District code → (working-age population, vocational graduates) in 2023; zone → housing places.
DISTRICTS = {"221": (98000, 2100), "222": (140000, 3600), "223": (125000, 2400),
             "216": (110000, 1900)}  # fmt: skip
HOUSING = {"KCN-YEN-LU": 1500, "KCN-HOA-PHU-MO-RONG": 800, "KCN-PHUC-SON": 0,
           "KCN-VIET-HAN-MO-RONG": 2500}  # fmt: skip


def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def load_readiness(session: Session) -> dict[str, int]:
    """Add the demo readiness data unless some is there already (or a park is missing)."""
    if session.scalar(select(ClearanceTask.id).limit(1)) is not None:
        return {}
    codes = set(session.scalars(select(Zone.code)))
    if not all(t["zone"] in codes for t in TASKS):
        return {}
    actor = system_actor("demo data loader", "import")
    counts = {"clearance_tasks": 0, "clearance_reports": 0, "infra_works": 0,
              "infra_reports": 0, "labour_supply": 0}  # fmt: skip
    for item in TASKS:
        steps = [_d(s) for s in item["steps"]]
        rice, other_agri, residential, other = (D(v) for v in item["land"])
        task = clearance.TASKS.create(session, TaskCreate(
            zone=item["zone"], phase=item["phase"], land_rice_ha=rice,
            land_other_agricultural_ha=other_agri, land_residential_ha=residential,
            land_other_ha=other, households=item["households"],
            organisations=item["organisations"], graves=item["graves"],
            compensation_planned_vnd=D(item["compensation"]),
            resettlement_plots_needed=item["plots"][0], resettlement_plots_ready=item["plots"][1],
            notice_date=steps[0], inventory_date=steps[1], plan_approved_date=steps[2],
            recovery_decision_date=steps[3], payment_date=steps[4], handover_date=steps[5],
            start_date=_d(item["start"]), deadline=DEADLINE, responsible_unit=item["unit"],
            source=SOURCE, is_demo=True,
        ), actor)  # fmt: skip
        counts["clearance_tasks"] += 1
        for day, ha, agreed, paid, blockers in item["reports"]:
            clearance.REPORTS.create(session, ClearanceReportCreate(
                task_id=task.id, reported_on=_d(day), handed_over_ha=D(ha),
                households_agreed=agreed, paid_vnd=D(paid), is_demo=True,
                blockers=[Blocker(kind=k, description=d, who_must_act=w) for k, d, w in blockers],
            ), actor)  # fmt: skip
            counts["clearance_reports"] += 1
    for code, (start, planned, zone_works) in WORKS.items():
        for kind, value, quantity, done, reports in zone_works:
            name, unit = KIND_NAMES[kind]
            work = works.WORKS.create(session, WorkCreate(
                zone=code, kind=kind, name=name, planned_value_vnd=D(value),
                planned_quantity=D(quantity), quantity_unit=unit, start_date=_d(start),
                planned_completion=_d(planned), actual_completion=_d(done),
                responsible_unit="Ban Quản lý các KCN tỉnh (demo)", source=DEMO_SOURCE,
                is_demo=True,
            ), actor)  # fmt: skip
            counts["infra_works"] += 1
            for day, done_value, done_quantity in reports:
                works.REPORTS.create(session, InfraReportCreate(
                    work_id=work.id, reported_on=_d(day), completed_value_vnd=D(done_value),
                    completed_quantity=D(done_quantity), is_demo=True,
                ), actor)  # fmt: skip
                counts["infra_reports"] += 1
    for area, (population, graduates) in DISTRICTS.items():
        for kind, value in (("working_age_population", population),
                            ("vocational_graduates", graduates)):  # fmt: skip
            labour.create_supply(session, SupplyCreate(
                kind=kind, year=2023, value=value, area=area, source=DEMO_SOURCE, is_demo=True,
            ), actor)  # fmt: skip
            counts["labour_supply"] += 1
    for code, places in HOUSING.items():
        labour.create_supply(session, SupplyCreate(
            kind="worker_housing_places", year=2024, value=places, zone=code, source=DEMO_SOURCE,
            is_demo=True,
        ), actor)  # fmt: skip
        counts["labour_supply"] += 1
    return counts
