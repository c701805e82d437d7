"""What pages show people: audit changes old → new in local time, English unit names,
periods in words, chart axes in the page's number style, the timeline agreeing with the
summary, the menu."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kcn.audit.changes import changes, entries, local
from kcn.config import Settings
from kcn.models import Zone
from kcn.models.geo import english_unit_name
from kcn.stats.export import monthly_chart
from kcn.zones import pipeline, service
from kcn.zones.summary import summarize


def test_changes_name_each_field_with_old_and_new_values() -> None:
    before = {"planned_area_ha": "380.50", "kind": "industrial_park", "version": 1,
              "milestones": [{"kind": "policy_approved", "reached_on": "2020-01-01"}]}  # fmt: skip
    after = {"planned_area_ha": "123.45", "kind": "industrial_park", "version": 2,
             "milestones": [{"kind": "policy_approved", "reached_on": "2020-02-03"}]}  # fmt: skip
    vi = [(c.label, c.old, c.new) for c in changes(before, after, "vi")]
    assert vi == [
        ("Diện tích quy hoạch (ha)", "380,5", "123,45"),
        ("Mốc thủ tục › Đã chấp thuận chủ trương đầu tư › Ngày đạt", "01/01/2020", "03/02/2020"),
    ]
    en = changes(before, after, "en")
    assert en[1].label == "Milestones › Investment policy approved › Reached on"
    assert (en[1].old, en[1].new) == ("1 Jan 2020", "3 Feb 2020")


def test_audit_times_are_shown_in_the_configured_zone() -> None:
    at = datetime(2024, 6, 30, 20, 30)  # stored in UTC
    assert local(at, "Asia/Ho_Chi_Minh") == datetime(
        2024, 7, 1, 3, 30, tzinfo=local(at, "Asia/Ho_Chi_Minh").tzinfo
    )

    class Record:
        def __init__(self) -> None:
            self.at, self.before, self.after = at.replace(tzinfo=UTC), None, {"name": "A"}

    entry = entries([Record()], "vi", "Asia/Ho_Chi_Minh")[0]
    assert entry.at == "01/07/2024 03:30" and "UTC+07:00" in entry.zone
    assert Settings(timezone="Europe/Paris").timezone == "Europe/Paris"
    with pytest.raises(ValueError):
        Settings(timezone="Mars/Olympus")


def test_the_audit_page_is_translated(client: TestClient) -> None:
    page = client.get("/audit?lang=en").text
    assert "Time (local)" in page and "UTC" not in page.split("<tbody>")[0].split("<thead>")[-1]


@pytest.mark.parametrize(
    ("vi", "en"),
    [
        ("Huyện Hiệp Hòa", "Hiep Hoa District"),
        ("Thành phố Bắc Giang", "Bac Giang City"),
        ("Thị xã Việt Yên", "Viet Yen Town"),
        ("Thị trấn Đồi Ngô", "Doi Ngo Township"),
        ("Tỉnh Bắc Ninh", "Bac Ninh Province"),
        ("Quận 1", "District 1"),
        ("Phường Đông Ngàn", "Dong Ngan Ward"),
        ("Xã Yên Lư", "Yen Lu Commune"),
    ],
)
def test_english_names_of_units(vi: str, en: str) -> None:
    assert english_unit_name(vi) == en


def test_english_pages_show_english_unit_names(anon: TestClient) -> None:
    page = anon.get("/zones?lang=en&kind=industrial_park").text
    assert "Huyện " not in page and "District" in page


def test_periods_in_words_and_formatted_chart_axes(anon: TestClient) -> None:
    assert "first half of 2024" in anon.get("/stats?period=2024-H1&lang=en").text
    assert "6 tháng đầu năm 2024" in anon.get("/stats?period=2024-H1&lang=vi").text
    svg = monthly_chart("T", {2024: [Decimal("12345.6")] * 12}, "vi", "tỷ đồng")
    assert ">10.000<" in svg and ">10,000<" not in svg
    assert ">10,000<" in monthly_chart("T", {2024: [Decimal("12345.6")] * 12}, "en", "bn")


def test_the_timeline_counts_steps_as_the_summary_does(session: Session) -> None:
    """Every zone's timeline, on the report date, marks as reached exactly the steps the
    summary counts it under (cumulative), and its current stage is the summary's."""
    day = date(2024, 6, 30)
    summary = summarize(session, day)
    reached: dict[tuple[str, str], int] = {}
    current: dict[tuple[str, str], int] = {}
    for zone in session.scalars(select(Zone)):
        steps = pipeline.timeline(zone.kind, zone.milestones, day)
        stage = pipeline.stage_name(zone.kind, service.stage_index(session, zone.id, day))
        assert [s.name for s in steps if s.current] == ([stage] if stage else [])
        for s in steps:
            if s.state in ("done", "passed"):
                reached[(zone.kind, s.name)] = reached.get((zone.kind, s.name), 0) + 1
            if s.current:
                current[(zone.kind, s.name)] = current.get((zone.kind, s.name), 0) + 1
    for kind in pipeline.KINDS:
        for name in pipeline.MILESTONES[kind]:
            assert summary[kind]["reached"][name]["count"] == reached.get((kind, name), 0)
            assert summary[kind]["stage"][name]["count"] == current.get((kind, name), 0)


def test_the_zone_list_puts_parks_first_and_sorts_by_available_land(anon: TestClient) -> None:
    page = anon.get("/zones").text
    body = page.split("<tbody>")[1]
    assert body.index("Khu công nghiệp") < body.index("Cụm công nghiệp")
    assert 'href="/zones?sort=available_ha"' in page
    sorted_page = anon.get("/zones?sort=-available_ha").text
    assert 'aria-sort="descending"' in sorted_page
    assert anon.get("/zones?kind=&stage=&reached=").status_code == 200


def test_the_menu_has_the_checker_the_import_and_the_account(client_as: object) -> None:
    c = client_as("statistics")  # type: ignore[operator]
    page = c.get("/zones").text
    for href in ("/stats/check", "/account", "/account/password"):
        assert f'href="{href}"' in page


def test_the_statistics_import_page_reports_row_by_row(client_as: object) -> None:
    c = client_as("statistics")  # type: ignore[operator]
    page = c.get("/stats/import")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = b"indicator,period,vsic,admin_unit,value\nproduction_value,2024-13,C,province:24,1\n"
    response = c.post(
        "/stats/import",
        data={"csrf_token": token},
        files={"file": ("figures.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    assert '<td class="num">2</td>' in response.text  # the row, as a spreadsheet numbers it


def test_the_statistics_import_page_asks_to_sign_in(anon: TestClient) -> None:
    response = anon.get("/stats/import", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
