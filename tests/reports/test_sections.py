"""Each section's sentences on data that goes up, goes down and is missing, with figures given
directly (no database): the words are chosen by the data, superlatives only when true."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kcn.kit import metrics
from kcn.kit.periods import Period
from kcn.reports.figures import MISSING, Figure, change
from kcn.reports.model import Chart, Paragraph, ReportRequest, Table
from kcn.reports.sections import (
    Ctx,
    all_sections,
    clearance,
    clusters,
    enterprises,
    investment,
    pending,
    production,
    years_before,
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
        """``now`` by name; ``before`` for the same half of 2023 (a parameter in 2023)."""
        try:
            metrics.get(name)
        except Exception:
            return MISSING
        table = self.before if any(str(v).startswith("2023") for v in params.values()) else self.now
        return table.get(name, MISSING)


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
    monkeypatch.setattr(clearance, "tasks", lambda *_a: [])


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


def test_enterprises_occupancy_rises_and_stays() -> None:
    now = {
        enterprises.OPERATING: fig(430),
        enterprises.OCCUPANCY: fig("70.1", "pct", 2),
        enterprises.LEASED: fig("1000", "ha", 2),
        enterprises.LEASABLE: fig("1460", "ha", 2),
    }
    before = {enterprises.OPERATING: fig(426), enterprises.OCCUPANCY: fig("68.5", "pct", 2)}
    up = text(enterprises.build(ctx("en", now, before)))
    assert "430 enterprises were operating in the industrial parks; up from 426" in up
    assert "stood at 70.1% (1,000 ha leased of 1,460 ha" in up and "up from 68.5%" in up
    same = {enterprises.OPERATING: fig(430), enterprises.OCCUPANCY: fig("70.1", "pct", 2)}
    flat = text(enterprises.build(ctx("vi", now, same)))
    assert flat.count("không đổi so với ngày 31/12/2023") == 2, flat


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
    monkeypatch.setattr(investment.attraction, "new_countries", lambda *_a: ["KR", "US"])


NOW, LAST = "since=2024-01-01", "since=2023-01-01"


def _investment(kr: str, jp: str) -> dict[str, Figure]:
    return {
        f"projects.new_count?{NOW}": fig(5),
        f"projects.new_capital_usd_million?{NOW}": fig("63.53", "usd_million", 2),
        f"projects.new_capital_usd_million?{NOW}&country=KR": fig("41.2", "usd_million", 2),
        f"projects.new_capital_usd_million?{NOW}&country=US": fig("22.33", "usd_million", 2),
        f"projects.adjusted_count?{NOW}": fig(0),
        f"investment.fta_capital_usd_million?{NOW}": fig("41.2", "usd_million", 2),
        f"investment.fta_capital_share_pct?{NOW}": fig("64.85", "pct", 2),
        "projects.capital_usd_million": fig("9450.44", "usd_million", 2),
        "projects.capital_usd_million?country=KR": fig(kr, "usd_million", 2),
        "projects.capital_usd_million?country=JP": fig(jp, "usd_million", 2),
    }


def _last_year(capital: str, share: str | None) -> dict[str, Figure]:
    return {
        f"projects.new_capital_usd_million?{LAST}": fig(capital, "usd_million", 2),
        f"investment.fta_capital_share_pct?{LAST}": fig(share, "pct", 2),
    }


def test_investment_leader_only_when_ahead(countries: None) -> None:
    out = text(investment.build(ctx("vi", _investment("2944.8", "1163.78"))))
    assert "cấp mới giấy chứng nhận đăng ký đầu tư cho 5 dự án" in out
    assert "63,53 triệu USD" in out and "không có dự án nào điều chỉnh" in out
    assert "Nhà đầu tư Hàn Quốc dẫn đầu với 2.944,8 triệu USD" in out
    assert "nhà đầu tư Hàn Quốc đăng ký nhiều nhất với 41,2 triệu USD" in out
    tie = _investment("100", "100")
    tie[f"projects.new_capital_usd_million?{NOW}&country=US"] = fig("41.2", "usd_million", 2)
    out = text(investment.build(ctx("en", tie)))
    assert "lead with" not in out and "registered the most" not in out


def test_investment_new_capital_and_fta_share_up(countries: None) -> None:
    section = investment.build(ctx("vi", _investment("1", "2"), _last_year("50", "40.1")))
    out = text(section)
    assert "tổng vốn đăng ký 63,53 triệu USD; tăng so với cùng kỳ năm 2023 (50 triệu USD)" in out
    assert "từ các nước có hiệp định thương mại tự do (FTA) với Việt Nam là 41,2 triệu USD" in out
    assert "chiếm 64,85% tổng vốn cấp mới; tăng so với cùng kỳ năm 2023 (40,1%)" in out
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert ("Hoa Kỳ", "22,33 triệu USD", "–") in table.rows
    assert ("Nhật Bản", "–", "2 triệu USD") in table.rows


def test_investment_new_capital_and_fta_share_down(countries: None) -> None:
    out = text(investment.build(ctx("en", _investment("1", "2"), _last_year("80.5", "70"))))
    assert "USD 63.53 million; down from USD 80.5 million in the same half of 2023" in out
    assert "USD 41.2 million of the new capital, 64.85% of the total; down from 70% in" in out


def test_investment_fta_share_missing(countries: None) -> None:
    data = _investment("1", "2")
    data[f"projects.new_count?{NOW}"] = fig(0)
    data[f"investment.fta_capital_share_pct?{NOW}"] = MISSING
    out = text(investment.build(ctx("vi", data, _last_year("50", None))))
    assert "Trong kỳ không có dự án nào được cấp mới." in out
    assert "FTA" not in out  # nothing new: no share to speak of
    data[f"projects.new_count?{NOW}"] = fig(2)
    out = text(investment.build(ctx("en", data, _last_year("50", None))))
    assert "No data on the share of capital from FTA partner countries" in out
    # last year's share missing: no comparison, never a made-up one
    data[f"investment.fta_capital_share_pct?{NOW}"] = fig("10", "pct", 2)
    out = text(investment.build(ctx("en", data, _last_year("50", None))))
    assert "10% of the total." in out and "same half of 2023 (" not in out


def test_investment_screening_outcomes(countries: None) -> None:
    data = {
        **_investment("1", "2"),
        f"investment.screened_count?{NOW}": fig(4),
        f"investment.screened_count?{NOW}&verdict=priority": fig(1),
        f"investment.screened_count?{NOW}&verdict=eligible": fig(3),
        f"investment.screened_count?{NOW}&verdict=not_eligible": fig(0),
    }
    before = {f"investment.screened_count?{LAST}": fig(6)}
    out = text(investment.build(ctx("vi", data, before)))
    assert (
        "thẩm định 4 đề xuất của nhà đầu tư tiềm năng (ưu tiên thu hút: 1; đủ điều kiện: 3)" in out
    )
    assert "; giảm so với cùng kỳ năm 2023 (6)." in out and "không đủ điều kiện" not in out
    before = {f"investment.screened_count?{LAST}": fig(1)}
    out = text(investment.build(ctx("en", data, before)))
    assert "4 proposals from prospective investors were screened (priority: 1; eligible: 3)" in out
    assert "up from 1 in the same half of 2023" in out
    missing = text(investment.build(ctx("vi", _investment("1", "2"))))
    assert "Chưa có số liệu về thẩm định nhà đầu tư trong kỳ." in missing
    zero = {**data, f"investment.screened_count?{NOW}": fig(0)}
    out = text(investment.build(ctx("en", zero, before)))
    assert "No investment proposal was screened in the half-year." in out


def test_investment_missing(countries: None) -> None:
    assert not investment.build(ctx("vi", {})).has_data


def test_pending_sections_say_no_data_then_read_the_registry() -> None:
    requests = next(s for s in all_sections() if s.key == "requests")
    assert not requests.build(ctx("vi", {})).has_data
    asked: list[tuple[str, dict[str, Any]]] = []
    on_time_pct = fig("90", "pct", 2)
    figures = FakeFigures(
        {"monitoring.requests_count": fig(37), "monitoring.requests_on_time_pct": on_time_pct}
    )
    figures.optional = lambda name, **params: (  # type: ignore[method-assign]
        asked.append((name, params)) or FakeFigures.optional(figures, name, **params)
    )
    built = requests.build(Ctx(figures, ReportRequest(2024, 1, "vi")))  # type: ignore[arg-type]
    assert built.has_data
    assert isinstance(built.blocks[0], Paragraph)
    assert "Số kiến nghị của doanh nghiệp đã tiếp nhận: 37." in text(built)
    # the half's period and last day, not today's; and the same half a year before
    assert ("monitoring.requests_count", {"period": "2024-H1"}) in asked
    assert ("monitoring.requests_count", {"period": "2023-H1"}) in asked
    assert ("monitoring.requests_overdue", {"as_of": "2024-06-30"}) not in asked
    on_time = [p for n, p in asked if n == "monitoring.requests_on_time_pct"]
    assert on_time[0] == {"period": "2024-H1", "as_of": "2024-06-30"}
    assert on_time[1] == {"period": "2023-H1", "as_of": "2023-06-30"}
    assert pending.PENDING["priorities"][0] == 90


def test_pipeline_is_counted_in_the_half() -> None:
    """The leads that entered a stage in the half, never the pipeline as it stands today."""
    screening = next(s for s in all_sections() if s.key == "screening")
    asked: list[tuple[str, dict[str, Any]]] = []
    figures = FakeFigures({pending.ENTERED: fig(5)})
    figures.optional = lambda name, **params: (  # type: ignore[method-assign]
        asked.append((name, params)) or FakeFigures.optional(figures, name, **params)
    )
    built = screening.build(Ctx(figures, ReportRequest(2026, 1, "vi")))  # type: ignore[arg-type]
    assert "tiếp xúc lần đầu trong kỳ: 5" in text(built)
    half = {"since": "2026-01-01", "as_of": "2026-06-30"}
    assert [a for a in asked if a[1]["since"] == "2026-01-01"] == [
        (pending.ENTERED, {"stage": s, **half})
        for s in ("first_contact", "certificate_issued", "lost")
    ]
    assert not screening.build(ctx("en", {})).has_data


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


def _clearance(monkeypatch: pytest.MonkeyPatch, deadlines: tuple[date, date] | None = None) -> None:
    first, second = deadlines or (date(2024, 12, 31), date(2024, 12, 31))
    listed = [
        clearance.Task(1, "Yên Lư", "Diện tích còn lại", first),
        clearance.Task(2, "Phúc Sơn", "Giai đoạn 2", second),
        clearance.Task(3, "Hòa Phú mở rộng", "", first),
    ]
    monkeypatch.setattr(clearance, "tasks", lambda *_a: listed)


def _cleared(
    pcts: tuple[str | None, ...], risks: tuple[int, ...], cleared: str
) -> dict[str, Figure]:
    data = {
        clearance.TO_CLEAR: fig("505", "ha", 2),
        clearance.CLEARED: fig(cleared, "ha", 2),
        clearance.AT_RISK: fig(sum(risks)),
    }
    for n, (pct, risk) in enumerate(zip(pcts, risks, strict=True), 1):
        data[f"{clearance.TASK_PCT}?task={n}"] = fig(pct, "pct", 2)
        data[f"{clearance.TASK_RISK}?task={n}"] = fig(risk, "flag")
    return data


def test_clearance_parks_deadline_progress_up(monkeypatch: pytest.MonkeyPatch) -> None:
    _clearance(monkeypatch)
    now = _cleared(("50", "0", "100"), (0, 1, 0), "201.5")
    section = clearance.build(ctx("vi", now, {clearance.CLEARED: fig("120", "ha", 2)}))
    out = text(section)
    assert "phải xong trước ngày 31/12/2024: Yên Lư, Phúc Sơn, Hòa Phú mở rộng." in out
    assert "là 505 ha; đã bàn giao 201,5 ha; tăng so với ngày 31/12/2023 (120 ha)." in out
    assert "nguy cơ không xong đúng thời hạn: Phúc Sơn – Giai đoạn 2." in out
    assert "Đã bàn giao toàn bộ mặt bằng: Hòa Phú mở rộng." in out
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0] == ("Yên Lư", "Diện tích còn lại", "31/12/2024", "50%", "Đúng tiến độ")
    assert table.rows[1][3:] == ("0%", "Có nguy cơ chậm")
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.values == (Decimal(50), Decimal(0), Decimal(100))
    assert chart.flagged == (False, True, False) and chart.target == 100
    assert chart.target_label == "Mục tiêu: 100% trước ngày 31/12/2024"


def test_clearance_down_flat_and_two_deadlines(monkeypatch: pytest.MonkeyPatch) -> None:
    _clearance(monkeypatch, (date(2024, 12, 31), date(2025, 6, 30)))
    now = _cleared(("50", "10", "20"), (0, 0, 0), "80")
    out = text(clearance.build(ctx("en", now, {clearance.CLEARED: fig("95", "ha", 2)})))
    assert "must be finished by 31 Dec 2024: Yên Lư, Hòa Phú mở rộng." in out
    assert "must be finished by 30 Jun 2025: Phúc Sơn." in out
    assert "80 ha has been handed over; down from 95 ha on 31 Dec 2023." in out
    assert "No task is at risk of missing its deadline." in out
    section = clearance.build(ctx("vi", now, {clearance.CLEARED: fig("80", "ha", 2)}))
    assert "không đổi so với ngày 31/12/2023 (80 ha)" in text(section)
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.labels[1] == "Phúc Sơn – Giai đoạn 2 (30/06/2025)"


def test_clearance_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clearance, "tasks", lambda *_a: [])
    empty = clearance.build(ctx("vi", {}))
    assert not empty.has_data and "chưa có số liệu" in text(empty)
    _clearance(monkeypatch)
    no_reports = _cleared((None, None, None), (1, 1, 1), "0")
    section = clearance.build(ctx("en", no_reports))  # nothing before: no comparison
    out = text(section)
    assert "0 ha has been handed over." in out and "No task is at risk" not in out
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0][3:] == ("no data", "No report yet")
    assert not [b for b in section.blocks if isinstance(b, Chart)]


def test_same_half_a_year_before_is_the_same_stretch() -> None:
    assert years_before(date(2024, 6, 30), 1) == date(2023, 6, 30)
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
    before = investment.Half(ctx("vi", {}), 1)
    assert (before.since, before.as_of) == (date(2023, 1, 1), date(2023, 6, 30))


def test_priorities_name_the_clearance_at_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    priorities = next(s for s in all_sections() if s.key == "priorities")
    _clearance(monkeypatch, (date(2024, 12, 31), date(2025, 6, 30)))
    data = {**_cleared(("50", "0", "20"), (0, 1, 1), "70"), "zones.count": fig(12)}
    built = priorities.build(ctx("vi", data))
    assert built.title == "Nhiệm vụ trọng tâm từ nay đến hết năm 2024"
    out = text(built)
    assert "bàn giao đất trước ngày 31/12/2024 tại: Hòa Phú mở rộng." in out
    assert "bàn giao đất trước ngày 30/06/2025 tại: Phúc Sơn – Giai đoạn 2." in out
    assert out.index("Hòa Phú") < out.index("Đôn đốc 12 hồ sơ")
    calm = {**_cleared(("50", "10", "20"), (0, 0, 0), "70")}
    assert not priorities.build(ctx("en", calm)).has_data  # nothing to do: no priority
    second = Ctx(FakeFigures(data), ReportRequest(2024, 2, "en"))  # type: ignore[arg-type]
    assert priorities.build(second).title == "Priorities for 2025"


def test_requests_up_down_and_missing_against_a_year_before() -> None:
    requests = next(s for s in all_sections() if s.key == "requests")
    days = "monitoring.requests_median_days"
    now = {"monitoring.requests_count": fig(37), days: fig("12.5", "days", 1)}
    before = {"monitoring.requests_count": fig(30), days: fig(15, "days", 1)}
    out = text(requests.build(ctx("vi", now, before)))
    assert "đã tiếp nhận: 37; tăng so với cùng kỳ năm 2023 (30)." in out
    assert "(trung vị): 12,5 ngày; giảm so với cùng kỳ năm 2023 (15 ngày)." in out
    out = text(requests.build(ctx("en", now, {"monitoring.requests_count": fig(37)})))
    assert "37; unchanged from the same half of 2023 (37)." in out
    assert "a request: 12.5 days." in out  # no figure a year before: no comparison
    assert not requests.build(ctx("vi", {}, before)).has_data
    nothing_kept = {"monitoring.requests_count": Figure(Decimal(0), 0, "count", records=0)}
    out = text(requests.build(ctx("vi", now, nothing_kept)))
    assert "đã tiếp nhận: 37." in out  # never "up from 0" when no record was read


def test_the_report_alone_registers_every_metric_it_reads() -> None:
    """The CLI builds the report without the app (which imports the whole catalog): importing
    the builder must register every metric the sections read, or a section would say "no
    data" on the command line and state figures in the API."""
    names = {name for _, wanted in pending.PENDING.values() for name, _, _ in wanted}
    names |= {clearance.TO_CLEAR, clearance.CLEARED, clearance.TASK_PCT, clearance.TASK_RISK}
    names |= {"investment.fta_capital_share_pct", "investment.screened_count"}
    code = (
        "import sys; import kcn.reports.builder; from kcn.kit import metrics; "
        "known = {m.name for m in metrics.all()}; "
        "print(sorted(set(sys.argv[1:]) - known))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *sorted(names)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
