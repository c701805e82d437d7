"""Each section's sentences on data that goes up, goes down and is missing, with figures given
directly (no database): the words are chosen by the data, superlatives only when true."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from kcn.kit import metrics
from kcn.kit.periods import Period
from kcn.reports.figures import MISSING, Figure, change
from kcn.reports.model import Paragraph, ReportRequest, Table
from kcn.reports.sections import (
    Ctx,
    all_sections,
    clusters,
    enterprises,
    investment,
    pending,
    production,
    zones,
)


def fig(
    value: str | int | None, unit: str = "count", decimals: int = 0, q: str = "exact"
) -> Figure:
    return Figure(None if value is None else Decimal(str(value)), decimals, unit, q, records=1)


@dataclass
class FakeFigures:
    """Figures by reference; ``as_of`` earlier than the report's reads ``before``."""

    now: dict[str, Figure]
    before: dict[str, Figure] = field(default_factory=dict)
    session: Any = None
    period: Period = field(default_factory=lambda: Period(2024, 1, 6))

    def get(self, *refs: str, **params: Any) -> Figure:
        key = "+".join(refs)
        if "period" in params:
            return MISSING
        table = self.before if params.get("as_of") else self.now
        return table.get(key, MISSING)

    def optional(self, name: str, **params: Any) -> Figure:
        try:
            metrics.get(name)
        except Exception:
            return MISSING
        return self.now.get(name, MISSING)


def ctx(lang: str, now: dict[str, Figure], before: dict[str, Figure] | None = None) -> Ctx:
    fake = FakeFigures(now, before or {})
    return Ctx(fake, ReportRequest(2024, 1, lang))  # type: ignore[arg-type]


def text(section: Any) -> str:
    return "\n".join(section.paragraphs())


def test_every_section_is_registered_in_order() -> None:
    keys = [s.key for s in all_sections()]
    for key in (
        "zones",
        "enterprises",
        "clusters",
        "production",
        "investment",
        "clearance",
        "requests",
        "screening",
        "priorities",
    ):
        assert key in keys
    assert keys.index("zones") < keys.index("production") < keys.index("priorities")


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("19.11", "tăng 19,11%", "up 19.11%"),
        ("-3.2", "giảm 3,2%", "down 3.2%"),
        ("0", "không đổi", "unchanged"),
    ],
)
def test_change_words(value: str, vi: str, en: str) -> None:
    growth = fig(value, "pct", 2)
    assert change(growth, "vi") == vi
    assert change(growth, "en") == en
    estimate = change(fig(value, "pct", 2, "estimate"), "vi")
    assert estimate == ("không đổi" if value == "0" else "ước " + vi)


def _zones(approved: int, before: int) -> dict[str, Figure]:
    return {
        zones.ALL_PARKS: fig(40),
        zones.APPROVED: fig(approved),
        zones.APPROVED_AREA: fig(2238, "ha", 0, "about"),
        zones.PENDING: fig(12),
        f"{zones.PLANS}+{zones.PENDING}": fig(14),
        zones.ZONING: fig(6),
        zones.TASKS: fig(1),
    }


@pytest.fixture(autouse=True)
def no_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """The names of parks preparing investment come from a query: none here."""
    monkeypatch.setattr(zones, "preparing_names", lambda *_a: [])


def test_zones_names_the_parks_preparing_investment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zones, "preparing_names", lambda *_a: ["Yên Sơn", "Ngọc Lý"])
    out = text(zones.build(ctx("vi", _zones(9, 0), {zones.APPROVED: fig(9)})))
    assert "Các khu đang chuẩn bị đầu tư gồm: Yên Sơn, Ngọc Lý." in out


def test_zones_up_down_unchanged_and_missing() -> None:
    now = _zones(9, 0)
    up = text(zones.build(ctx("vi", now, {zones.APPROVED: fig(8)})))
    assert "9 khu công nghiệp được chấp thuận" in up
    assert "khoảng 2.238 ha; tăng so với ngày 31/12/2023 (8 khu công nghiệp)" in up
    down = text(zones.build(ctx("en", now, {zones.APPROVED: fig(10)})))
    assert "down from 10 industrial parks on 31 Dec 2023" in down
    flat = text(zones.build(ctx("vi", now, {zones.APPROVED: fig(9)})))
    assert "không đổi so với ngày 31/12/2023" in flat
    assert (
        "12 khu công nghiệp đã nộp hồ sơ" in flat and "14 khu công nghiệp đã có quy hoạch" in flat
    )
    one = text(zones.build(ctx("en", {**now, zones.TASKS: fig(1), zones.ZONING: fig(2)})))
    assert "1 industrial park preparing a planning task" in one
    assert "2 industrial parks preparing a zoning plan" in one
    empty = zones.build(ctx("vi", {}))
    assert not empty.has_data and "chưa có số liệu" in text(empty)


def test_enterprises_occupancy_falls_and_missing() -> None:
    now = {
        enterprises.OPERATING: fig(426),
        enterprises.OCCUPANCY: fig("68.5", "pct", 2),
        enterprises.LEASED: fig("1000", "ha", 2),
        enterprises.LEASABLE: fig("1460", "ha", 2),
    }
    before = {enterprises.OPERATING: fig(430), enterprises.OCCUPANCY: fig("70.1", "pct", 2)}
    out = text(enterprises.build(ctx("vi", now, before)))
    assert "426 doanh nghiệp đang sản xuất kinh doanh; giảm so với ngày 31/12/2023 (430" in out
    assert "đạt 68,5% (1.000 ha đã cho thuê trên 1.460 ha" in out
    assert "giảm so với ngày 31/12/2023 (70,1%)" in out
    missing = enterprises.build(ctx("en", {enterprises.OPERATING: Figure(Decimal(0), 0, "count")}))
    assert not missing.has_data


def test_clusters_new_or_none() -> None:
    base = {
        clusters.ALL: fig(60),
        clusters.ESTABLISHED: fig(55),
        clusters.ESTABLISHED_AREA: fig(2329, "ha"),
        clusters.OPERATING: fig(35),
        clusters.OPERATING_AREA: fig(1245, "ha"),
    }
    new = f"zones.established?{clusters.CLUSTERS}&year=2024"
    out = text(clusters.build(ctx("vi", {**base, new: fig(1)})))
    assert "55 cụm công nghiệp đã được thành lập, tổng diện tích 2.329 ha" in out
    assert "thành lập mới 1 cụm công nghiệp" in out and "1.245 ha" in out
    none = text(clusters.build(ctx("en", {**base, new: fig(0)})))
    assert "No cluster has been established" in none
    assert not clusters.build(ctx("vi", {})).has_data


def _production(c_growth: str, d_growth: str, c_rank: int, d_rank: int) -> dict[str, Figure]:
    data = {
        production.VALUE_ADDED: fig("19.11", "pct", 2, "estimate"),
        production.GRDP: fig("12.41", "pp", 2),
        production.IIP: fig("-2.5", "pct", 2),
        production.VALUE: fig(315145, "billion_vnd", 0, "estimate"),
        production.GROWTH: fig(28, "pct", 0),
        production.GROWING: Figure(Decimal(2), 0, "count", records=3),
    }
    for code, value, growth, rank in (
        ("C", "311986.8", c_growth, c_rank),
        ("D", "1769", d_growth, d_rank),
    ):
        data[f"stats.value?section={code}"] = fig(value, "billion_vnd", 1)
        data[f"stats.growth_pct?section={code}"] = fig(growth, "pct", 2)
        data[f"stats.growth_rank?section={code}"] = fig(rank)
    for code, growth, rank in (("1", "27.23", 1), ("2", "16.3", 2), ("3", "-4.1", 3)):
        data[f"stats.growth_pct?area={code}"] = fig(growth, "pct", 2)
        data[f"stats.growth_rank?area={code}"] = fig(rank)
    return data


@pytest.fixture
def districts(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [
        ("1", "Thị xã Việt Yên", "Việt Yên town"),
        ("2", "Thành phố Bắc Giang", "Bắc Giang city"),
        ("3", "Huyện Sơn Động", "Sơn Động district"),
    ]
    monkeypatch.setattr(production.stats_metrics, "parts", lambda *_a: names)


def test_production_up_down_and_superlatives(districts: None) -> None:
    section = production.build(ctx("vi", _production("28.14", "-1.5", 1, 2)))
    out = text(section)
    assert "Giá trị tăng thêm ngành công nghiệp ước tăng 19,11% so với cùng kỳ" in out
    assert "đóng góp 12,41 điểm phần trăm" in out
    assert "(IIP) giảm 2,5%" in out
    assert "ước đạt 315.145 tỷ đồng, tăng 28% so với cùng kỳ." in out  # no plan: no plan clause
    assert "chế tạo đạt 311.986,8 tỷ đồng, tăng 28,14%" in out and "giảm 1,5%" in out
    assert "Ngành Công nghiệp chế biến, chế tạo có tốc độ tăng cao nhất (28,14%)" in out
    assert "Có 2 trong số 3 huyện, thị xã, thành phố" in out
    assert "Thị xã Việt Yên (27,23%); Thành phố Bắc Giang (16,3%)" in out
    assert "Giảm so với cùng kỳ: Huyện Sơn Động giảm 4,1%" in out
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert ("Thị xã Việt Yên", "27,23%") in tables[1].rows


def test_production_no_superlative_on_a_tie_or_a_fall(districts: None) -> None:
    tie = text(production.build(ctx("en", _production("10", "10", 1, 1))))
    assert "grew fastest" not in tie
    fall = text(production.build(ctx("en", _production("-3", "-5", 1, 2))))
    assert "grew fastest" not in fall and "down 3%" in fall


def test_production_missing() -> None:
    section = production.build(ctx("en", {}))
    assert not section.has_data and "no data" in text(section)


@pytest.fixture
def countries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(investment.enterprise_metrics, "countries", lambda *_a: ["JP", "KR"])


def _investment(kr: str, jp: str) -> dict[str, Figure]:
    since = "since=2024-01-01"
    return {
        f"projects.new_count?{since}": fig(5),
        f"projects.new_capital_usd_million?{since}": fig("63.53", "usd_million", 2),
        f"projects.adjusted_count?{since}": fig(0),
        "projects.capital_usd_million": fig("9450.44", "usd_million", 2),
        "projects.capital_usd_million?country=KR": fig(kr, "usd_million", 2),
        "projects.capital_usd_million?country=JP": fig(jp, "usd_million", 2),
    }


def test_investment_leader_only_when_ahead(countries: None) -> None:
    out = text(investment.build(ctx("vi", _investment("2944.8", "1163.78"))))
    assert "cấp mới giấy chứng nhận đăng ký đầu tư cho 5 dự án" in out
    assert "63,53 triệu USD" in out and "không có dự án nào điều chỉnh" in out
    assert "Nhà đầu tư Hàn Quốc dẫn đầu với 2.944,8 triệu USD" in out
    tie = text(investment.build(ctx("en", _investment("100", "100"))))
    assert "lead with" not in tie


def test_investment_missing(countries: None) -> None:
    assert not investment.build(ctx("vi", {})).has_data


def test_pending_sections_say_no_data_then_read_the_registry() -> None:
    requests = next(s for s in all_sections() if s.key == "requests")
    assert not requests.build(ctx("vi", {})).has_data
    asked: list[tuple[str, dict[str, Any]]] = []
    figures = FakeFigures({"monitoring.requests_count": fig(37)})
    figures.optional = lambda name, **params: (  # type: ignore[method-assign]
        asked.append((name, params)) or FakeFigures.optional(figures, name, **params)
    )
    built = requests.build(Ctx(figures, ReportRequest(2024, 1, "vi")))  # type: ignore[arg-type]
    assert built.has_data
    assert isinstance(built.blocks[0], Paragraph)
    assert "Số kiến nghị của doanh nghiệp đã tiếp nhận: 37." in text(built)
    # the half's period and last day, not today's
    assert ("monitoring.requests_count", {"period": "2024-H1"}) in asked
    assert ("monitoring.requests_overdue", {"as_of": "2024-06-30"}) not in asked
    on_time = dict(asked)["monitoring.requests_on_time_pct"]
    assert on_time == {"period": "2024-H1", "as_of": "2024-06-30"}
    assert pending.PENDING["priorities"][0] == 90


def test_priorities_only_what_there_is_to_do() -> None:
    priorities = next(s for s in all_sections() if s.key == "priorities")
    dossiers = "zones.count"
    out = priorities.build(ctx("vi", {dossiers: fig(12)}))
    assert "Đôn đốc 12 hồ sơ đề nghị chấp thuận chủ trương đầu tư" in text(out)
    none = priorities.build(ctx("en", {dossiers: fig(0)}))
    assert not none.has_data


def test_production_value_without_last_year(districts: None) -> None:
    data = _production("28.14", "14.9", 1, 2)
    for key in [k for k in data if k.startswith("stats.growth_pct")] + [production.GROWTH]:
        data[key] = MISSING
    data[production.PLAN] = fig("47.3", "pct", 1)
    out = text(production.build(ctx("vi", data)))
    assert "ước đạt 315.145 tỷ đồng." in out and "Giá trị này bằng 47,3% kế hoạch năm." in out
    assert "chế tạo đạt 311.986,8 tỷ đồng;" in out
    assert "không có số liệu" not in out and "tăng 2" not in out and "cao nhất" not in out


def test_zones_pipeline_leaves_out_empty_stages() -> None:
    out = text(zones.build(ctx("en", {**_zones(9, 0), zones.TASKS: fig(0)})))
    assert "6 industrial parks preparing a zoning plan." in out
    assert "planning task" not in out
