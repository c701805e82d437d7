"""Demo facts for investors: approximate locations of the Bắc Giang parks and clusters, and
invented infrastructure, distances, rent and fees — every value marked demo (``demo_fields``).

Locations of the parks named below are approximate (placed by hand near the park's commune);
every other zone is placed around the centre of its district. Distances are straight-line
distances to Hải Phòng port, Nội Bài airport and Hữu Nghị border gate times 1.3 (a road
factor), so they are invented too.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcn.kit.permissions import system_actor
from kcn.models import Zone, ZoneFacts
from kcn.zones.facts import create_facts
from kcn.zones.facts_schemas import FactsCreate

AS_OF = date(2024, 6, 30)
# (longitude, latitude), approximate.
KNOWN = {
    "KCN-DINH-TRAM": (106.080, 21.262),
    "KCN-SONG-KHE-NOI-HOANG": (106.185, 21.245),
    "KCN-QUANG-CHAU": (106.055, 21.215),
    "KCN-VAN-TRUNG": (106.115, 21.235),
    "KCN-HOA-PHU": (105.985, 21.330),
    "KCN-HOA-PHU-MO-RONG": (105.972, 21.342),
    "KCN-VIET-HAN": (106.040, 21.290),
    "KCN-VIET-HAN-MO-RONG": (106.028, 21.300),
    "KCN-YEN-LU": (106.205, 21.200),
    "KCN-TAN-HUNG": (106.240, 21.365),
}
# District centres (GSO code → longitude, latitude), Yên Dũng (221) by hand.
DISTRICTS = {
    "213": (106.197, 21.282), "215": (106.135, 21.513), "216": (106.088, 21.379),
    "217": (106.276, 21.360), "218": (106.417, 21.300), "219": (106.676, 21.435),
    "220": (106.865, 21.324), "221": (106.245, 21.205), "222": (106.088, 21.286),
    "223": (105.946, 21.346), "224": (106.564, 21.372),
}  # fmt: skip
PROVINCE = (106.25, 21.33)
SEAPORT = ("Cảng Hải Phòng", (106.68, 20.86))
AIRPORT = ("Sân bay Nội Bài", (105.80, 21.22))
BORDER = (106.76, 21.97)  # Cửa khẩu Hữu Nghị
SECTORS = (
    ("Điện tử, linh kiện", "Electronics and components"),
    ("Cơ khí chính xác, điện tử", "Precision engineering, electronics"),
    ("Dệt may, da giày", "Textiles, garments and footwear"),
    ("Công nghiệp hỗ trợ, logistics", "Supporting industries, logistics"),
)


def _km(a: tuple[float, float], b: tuple[float, float]) -> Decimal:
    dx = (a[0] - b[0]) * 111.32 * math.cos(math.radians((a[1] + b[1]) / 2))
    dy = (a[1] - b[1]) * 110.57
    return Decimal(str(math.hypot(dx, dy) * 1.3)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _place(zone: Zone, n: int) -> tuple[float, float]:
    if zone.code in KNOWN:
        return KNOWN[zone.code]
    code = zone.admin_unit.code if zone.admin_unit else ""
    lon, lat = DISTRICTS.get(code, PROVINCE)
    angle, radius = n * 2.39996, 0.012 * math.sqrt(n % 12 + 1)  # a sunflower spiral
    return (round(lon + radius * math.cos(angle), 4), round(lat + radius * math.sin(angle), 4))


def _square(point: tuple[float, float], area_ha: Decimal | None) -> dict[str, object]:
    side_m = math.sqrt(float(area_ha or 50) * 10_000)
    dx = side_m / 2 / (111_320 * math.cos(math.radians(point[1])))
    dy = side_m / 2 / 110_570
    lon, lat = point
    ring = [[round(lon + x * dx, 5), round(lat + y * dy, 5)]
            for x, y in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


def load_zone_facts(session: Session) -> int:
    """Add demo facts to every zone that has none; return how many were added."""
    actor = system_actor("demo data loader", "import")
    have = set(session.scalars(select(ZoneFacts.zone_id)))
    zones = session.scalars(
        select(Zone).options(selectinload(Zone.admin_unit)).order_by(Zone.kind, Zone.code)
    ).all()
    added = 0
    for n, zone in enumerate(zones):
        if zone.id in have:
            continue
        point = _place(zone, n)
        data: dict[str, object] = {
            "zone": zone.code,
            "as_of": AS_OF,
            "location": {"type": "Point", "coordinates": list(point)},
            "sources": {"location": "Vị trí gần đúng, minh họa (dữ liệu mẫu)"},
            "demo_fields": ["location"],
        }
        if zone.kind == "industrial_park":
            size = float(zone.planned_area_ha or 100)
            sector = SECTORS[n % len(SECTORS)]
            data.update(
                boundary=_square(point, zone.planned_area_ha),
                operator=zone.developer or "Chủ đầu tư hạ tầng (dữ liệu mẫu)",
                operator_en=zone.developer or "Infrastructure developer (demo data)",
                contact_name="Phòng Xúc tiến đầu tư (dữ liệu mẫu)",
                contact_phone=f"0204 3 8{n:02d} 000",
                contact_email=f"xuctien.{zone.code.lower()}@example.vn",
                power_kv=Decimal("110.0"),
                power_mva=Decimal(63 * (1 + int(size) // 250)),
                water_m3_day=Decimal(int(size * 25 / 100) * 100),
                wastewater_m3_day=Decimal(int(size * 20 / 100) * 100),
                roads="Đường trục chính 4 làn, kết nối QL1A (dữ liệu mẫu)",
                roads_en="Four-lane main road linked to National Road 1A (demo data)",
                sectors=sector[0],
                sectors_en=sector[1],
                seaport_name=SEAPORT[0],
                seaport_km=_km(point, SEAPORT[1]),
                airport_name=AIRPORT[0],
                airport_km=_km(point, AIRPORT[1]),
                highway_exit_km=Decimal(2 + n % 9),
                border_gate_km=_km(point, BORDER),
                rent_usd_m2=Decimal(85 + (n * 7) % 50),
                rent_term="2008–2058" if n % 2 else "2018–2068",
                rent_as_of=AS_OF,
                management_fee_usd_m2_year=Decimal("0.6") + Decimal(n % 5) / 10,
                demo_fields=["location", "boundary", "operator", "contacts", "infrastructure",
                             "distances", "rent", "management_fee", "sectors"],
                sources={"location": "Vị trí gần đúng, minh họa (dữ liệu mẫu)",
                         "infrastructure": "Số liệu minh họa (dữ liệu mẫu)",
                         "rent": "Giá minh họa (dữ liệu mẫu)"},
            )  # fmt: skip
            if zone.developer:
                data["demo_fields"] = [f for f in data["demo_fields"] if f != "operator"]  # type: ignore[attr-defined]
        create_facts(session, FactsCreate.model_validate(data), actor)
        added += 1
    return added
