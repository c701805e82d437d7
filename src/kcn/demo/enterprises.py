"""Demo enterprises, projects and leases in the Bắc Giang parks on 30 June 2024.

Generated deterministically (a seeded random generator) so that the registry reproduces the
published figures: 426 enterprises operating in the parks, and the parks' leased land (so the
occupancy of about 70 %) split into leases. Every name is invented and marked "(dữ liệu mẫu)";
every row is ``is_demo``. Rows are inserted in bulk: the loader runs at the start of every test
session.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from stdnum.vn import mst

from kcn.kit.text import fold
from kcn.models import CapitalAdjustment, Enterprise, Lease, Project, Zone, ZoneLand

OPERATING = 426  # enterprises operating in the parks (seed, line 7)
UNDER_CONSTRUCTION = 38
AS_OF = date(2024, 6, 30)
DEMO = "(dữ liệu mẫu)"
CENT = Decimal("0.01")

# Main investor country → share of enterprises (Korea, China, Japan, Taiwan, Singapore,
# Hong Kong lead the province's foreign investment; "VN": domestic).
COUNTRIES = {"KR": 30, "CN": 26, "JP": 9, "TW": 8, "SG": 5, "HK": 6, "US": 2, "VN": 14}
PREFIXES = {"KR": ["Hanvi", "Daeyang", "Seojin", "Hanbit", "Mirae", "Sungwoo", "Dongil"],
            "CN": ["Hengtai", "Jinlong", "Huaxin", "Tianrun", "Kaida", "Xinyuan", "Ruifeng"],
            "JP": ["Sakura", "Nishida", "Kotobuki", "Yamato", "Aoi"],
            "TW": ["Hongfa", "Chenyu", "Taiyang", "Jinhe"],
            "SG": ["Meridian", "Orchid", "Lionbay"],
            "HK": ["Victoria", "Harbour", "Kowloon Star"],
            "US": ["Pioneer", "Lakeside"],
            "VN": ["Hưng Phát", "Thành Công", "An Phú", "Minh Long", "Phú Cường"]}  # fmt: skip
SECTORS = {"2610": ("Điện tử", 18), "2620": ("Thiết bị máy tính", 6), "2630": ("Viễn thông", 7),
           "2640": ("Điện tử gia dụng", 4), "2670": ("Quang học", 5), "2732": ("Dây cáp", 5),
           "1410": ("May mặc", 12), "1520": ("Giày dép", 5), "2220": ("Nhựa", 9),
           "2592": ("Cơ khí chính xác", 8), "2599": ("Kim khí", 5), "2930": ("Phụ tùng ô tô", 4),
           "2710": ("Thiết bị điện", 4), "2790": ("Điện công nghiệp", 3),
           "1702": ("Bao bì", 5)}  # fmt: skip
# The sector in an enterprise's English name (a demo English name all in English).
SECTORS_EN = {"2610": "Electronics", "2620": "Computer Equipment", "2630": "Telecom",
              "2640": "Home Electronics", "2670": "Optics", "2732": "Cables",
              "1410": "Garments", "1520": "Footwear", "2220": "Plastics",
              "2592": "Precision Engineering", "2599": "Metalware", "2930": "Auto Parts",
              "2710": "Electrical Equipment", "2790": "Industrial Electrics",
              "1702": "Packaging"}  # fmt: skip
RATES = {2010: 19000, 2013: 21000, 2016: 22300, 2019: 23200, 2022: 23600, 2024: 25000}


def _rate(day: date) -> Decimal:
    return Decimal(max(v for y, v in RATES.items() if y <= max(day.year, 2010)))


def _tax_codes(rng: random.Random, n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        base = f"24{rng.randrange(10**7):07d}"
        code = base + mst.calc_check_digit(base)
        if mst.is_valid(code):
            codes.add(code)
    return sorted(codes, key=lambda _c: rng.random())


def _split(total: Decimal, n: int, rng: random.Random) -> list[Decimal]:
    """``total`` ha in ``n`` positive parts (to the hundredth) that add up exactly."""
    if n <= 0 or total <= 0:
        return []
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n)]
    scale = sum(weights)
    parts = [max(CENT * 5, (total * Decimal(w / scale)).quantize(CENT)) for w in weights]
    parts[-1] = total - sum(parts[:-1], Decimal(0))
    while parts[-1] <= 0:  # rounding pushed the last part under zero: take from the largest
        big = max(range(n - 1), key=lambda i: parts[i])
        parts[big] -= CENT * 10
        parts[-1] += CENT * 10
    return parts


def _allocate(total: int, weights: list[Decimal]) -> list[int]:
    """``total`` in integer shares by ``weights`` (largest remainder)."""
    whole = sum(weights, Decimal(0))
    raw = [Decimal(total) * w / whole for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True):
        if sum(out) == total:
            break
        out[i] += 1
    return out


def _parks(session: Session) -> list[tuple[Zone, ZoneLand]]:
    rows = session.execute(
        select(Zone, ZoneLand)
        .join(ZoneLand, ZoneLand.zone_id == Zone.id)
        .where(Zone.kind == "industrial_park", ZoneLand.as_of <= AS_OF)
        .order_by(Zone.code, ZoneLand.as_of)
    ).all()
    latest = {zone.code: (zone, land) for zone, land in rows}  # the last row of each zone
    return [latest[code] for code in sorted(latest) if latest[code][1].leased_ha > 0]


def _enterprise(rng: random.Random, tax: str, country: str, sector: str, i: int) -> dict[str, Any]:
    stem = rng.choice(PREFIXES[country])
    label = SECTORS[sector][0]
    if country == "VN":
        name = f"Công ty Cổ phần {label} {stem} {i} {DEMO}"
        ownership, countries = "domestic", ["VN"]
    else:
        name = f"Công ty TNHH {label} {stem} Việt Nam {i} {DEMO}"
        joint = rng.random() < 0.08
        ownership = "joint_venture" if joint else "fdi"
        countries = [country, "VN"] if joint else [country]
    return {
        "tax_code": tax, "name": name, "name_folded": fold(name),
        "name_en": f"{stem} Vietnam {SECTORS_EN[sector]} Co., Ltd. {i} (demo)",
        "legal_form": "TNHH" if country != "VN" else "Cổ phần", "ownership": ownership,
        "countries": countries, "main_country": countries[0], "address": "Bắc Giang",
        "phone": "", "email": "", "is_demo": True, "version": 1,
    }  # fmt: skip


def load_enterprises(session: Session) -> dict[str, int]:
    """Add the demo enterprises, projects, capital adjustments and leases (once)."""
    if session.scalar(select(Enterprise.id).limit(1)) is not None:
        return {"enterprises": 0, "projects": 0, "leases": 0}
    rng = random.Random(20240630)
    parks = _parks(session)
    weights = [land.leased_ha for _, land in parks]
    operating = _allocate(OPERATING, weights)
    building = _allocate(UNDER_CONSTRUCTION, weights)
    total = OPERATING + UNDER_CONSTRUCTION
    taxes = _tax_codes(rng, total)
    countries, cw = list(COUNTRIES), list(COUNTRIES.values())
    sectors, sw = list(SECTORS), [v[1] for v in SECTORS.values()]
    enterprises: list[dict[str, Any]] = []
    plans: list[tuple[Zone, ZoneLand, str, str, Decimal, str]] = []  # zone, land, status, …
    for (zone, land), n_op, n_uc in zip(parks, operating, building, strict=True):
        n = n_op + n_uc
        service = 1 if land.service_leased_ha > 0 and n > 1 else 0
        areas = _split(land.industrial_leased_ha, n - service, rng)
        areas += [land.service_leased_ha] if service else []
        statuses = ["operating"] * n_op + ["under_construction"] * n_uc
        for k, (area, status) in enumerate(zip(areas, statuses, strict=True)):
            kind = "service" if service and k == n - 1 else "industrial"
            sector = "5210" if kind == "service" else rng.choices(sectors, sw)[0]
            plans.append((zone, land, status, sector, area, kind))
    for i, (_zone, _land, _status, sector, _area, _kind) in enumerate(plans):
        country = rng.choices(countries, cw)[0]
        sector_key = sector if sector in SECTORS else "2610"
        enterprises.append(_enterprise(rng, taxes[i], country, sector_key, i + 1))
    ids = list(session.scalars(
        insert(Enterprise).returning(Enterprise.id, sort_by_parameter_order=True), enterprises
    ))  # fmt: skip
    projects, leases, adjustments = _projects(rng, plans, ids, enterprises)
    project_ids = list(session.scalars(
        insert(Project).returning(Project.id, sort_by_parameter_order=True), projects
    ))  # fmt: skip
    for lease in leases:
        lease["project_id"] = project_ids[lease.pop("index")]
    for adjustment in adjustments:
        adjustment["project_id"] = project_ids[adjustment.pop("index")]
    session.execute(insert(Lease), leases)
    if adjustments:
        session.execute(insert(CapitalAdjustment), adjustments)
    session.commit()
    return {"enterprises": len(ids), "projects": len(project_ids), "leases": len(leases)}


def _status_date(rng: random.Random, status: str, issued: date) -> date:
    if status != "operating":
        return issued
    return min(issued + timedelta(days=rng.randrange(200, 500)), AS_OF)


def _projects(
    rng: random.Random, plans: list[Any], ids: list[int], enterprises: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    projects: list[dict[str, Any]] = []
    leases: list[dict[str, Any]] = []
    adjustments: list[dict[str, Any]] = []
    for i, (zone, _land, status, sector, area, kind) in enumerate(plans):
        start = date(2009, 1, 1) if status == "operating" else date(2022, 6, 1)
        end = date(2023, 6, 30) if status == "operating" else date(2024, 3, 31)
        issued = start + timedelta(days=rng.randrange((end - start).days))
        rate = _rate(issued)
        per_ha = Decimal(str(round(rng.lognormvariate(1.6, 0.6), 2)))  # USD million/ha
        usd = (area * per_ha * 1_000_000).quantize(Decimal(1000))
        capital = usd
        for step in range(rng.choice([0, 0, 0, 1, 1, 2])):
            raised = (capital * Decimal(str(1.2 + rng.random()))).quantize(Decimal(1000))
            day = issued + timedelta(days=365 * (step + 1) + rng.randrange(200))
            if day >= AS_OF:
                break
            adj_rate = _rate(day)
            adjustments.append({
                "index": i, "adjusted_on": day, "document_number": f"ĐC-{i + 1}-{step + 1}",
                "capital_usd": raised, "capital_vnd": (raised * adj_rate).quantize(Decimal(1)),
                "exchange_rate": adj_rate, "note": DEMO,
            })  # fmt: skip
            capital, rate = raised, adj_rate
        workers = int(area * rng.randint(40, 160))
        name = f"Dự án {enterprises[i]['name'].split(' (')[0].removeprefix('Công ty ')} {DEMO}"
        projects.append({
            "certificate_number": f"92{i * 7919 + 1000003:08d}", "certificate_date": issued,
            "enterprise_id": ids[i], "zone_id": zone.id, "name": name, "name_folded": fold(name),
            "vsic_code": sector, "capital_usd": capital,
            "capital_vnd": (capital * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP),
            "exchange_rate": rate, "land_ha": area,
            "workers_planned": int(workers * 1.2) if status == "operating" else workers,
            "workers_vietnamese": workers if status == "operating" else 0,
            "workers_foreign": max(1, workers // 60) if status == "operating" else 0,
            "status": status, "status_date": _status_date(rng, status, issued),
            "technology_class": rng.choices(["high_tech", "advanced", "other"], [10, 40, 50])[0],
            "environment_category": rng.choice(["II", "III", "III", "IV"]), "notes": DEMO,
            "is_demo": True, "version": 1,
        })  # fmt: skip
        leases.append({
            "index": i, "zone_id": zone.id, "contract_number": f"HĐTĐ-{i + 1:04d}",
            "land_kind": kind, "area_ha": area,
            "start_date": min(issued + timedelta(days=rng.randrange(20, 120)), AS_OF),
            "end_date": date(2058, 12, 31), "is_demo": True, "version": 1,
        })  # fmt: skip
    return projects, leases, adjustments
