"""The checker's leftovers: load errors in the chosen language with their place, the form back
with the error, the growth check capped, and texts cut at a comma named as such."""

from __future__ import annotations

import time
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from kcn.stats.checker import LoadError, check, loads
from kcn.stats.checker.checks.growth import MAX_GROWTH_PARTS
from kcn.stats.checker.figure import load_error_text
from kcn.stats.checker.loading import figures_from_mapping
from kcn.stats.checker.report import report_data
from kcn.stats.views import FACTS_FILE
from tests.auth.test_login import csrf_of

CASES = [
    ("a.yaml", "a:\n  b: [1\n", "a.yaml, dòng 3: YAML không hợp lệ",
     "a.yaml, line 3: not valid YAML"),
    ("a.csv", "key,value\nx.value,1\nx.value,2\n",
     "a.csv, dòng 3, mục x.value: khóa này xuất hiện hai lần",
     "a.csv, line 3, key x.value: the key is given twice"),
    ("a.csv", "key,value\nx.value,abc\n", "a.csv, dòng 2, mục x.value: không phải là số: abc",
     "a.csv, line 2, key x.value: not a number: abc"),
    ("a.yaml", "x: {value: 1, qualifier: roughly}\n",
     "a.yaml, mục x.value: không hiểu từ hạn định roughly",
     "a.yaml, key x.value: unknown qualifier roughly"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "vi", "en"), CASES)  # fmt: skip
def test_load_errors_speak_the_language_with_their_place(
    name: str, text: str, vi: str, en: str
) -> None:
    with pytest.raises(LoadError) as caught:
        loads(text, name, is_csv=name.endswith(".csv"))
    assert load_error_text(caught.value, "vi").startswith(vi)
    assert load_error_text(caught.value, "en").startswith(en)


def test_the_api_gives_the_reason_in_the_request_language(anon: TestClient) -> None:
    files = {"file": ("x.csv", b"key,value\nx.value,abc\n")}
    en = anon.post("/api/v1/stats/check", files=files, headers={"Accept-Language": "en"})
    vi = anon.post("/api/v1/stats/check", files=files, headers={"Accept-Language": "vi"})
    assert en.status_code == vi.status_code == 422
    assert "x.csv, line 2, key x.value: not a number" in en.json()["error"]["fields"][0]["message"]
    assert (
        "x.csv, dòng 2, mục x.value: không phải là số" in vi.json()["error"]["fields"][0]["message"]
    )


def test_the_page_gives_the_form_back_with_the_error(anon: TestClient) -> None:
    token = csrf_of(anon, "/stats/check")
    page = anon.post("/stats/check/text", data={"csrf_token": token, "text": "Không có số nào."})
    assert page.status_code == 422
    assert "Không tìm thấy số liệu nào trong văn bản." in page.text
    assert (
        '<textarea id="report-text" name="text" rows="8" required>Không có số nào.</textarea>'
        in page.text
    )
    upload = anon.post(
        "/stats/check", data={"csrf_token": token}, files={"file": ("x.yaml", b"a: [1")}
    )
    assert upload.status_code == 422
    assert "Không đọc được tệp: x.yaml, dòng 1: YAML không hợp lệ" in upload.text
    assert 'name="file"' in upload.text  # the form, in the site's page


def _many_parts(count: int) -> dict[str, object]:
    parts = {f"p{i}": {"value": "1", "growth_pct": "10"} for i in range(count)}
    total = {"value": str(count), "growth_pct": "10"}
    return {"pv": {"total": total, "by_x": {"breakdown": "complete", **parts}}}


def test_the_growth_check_is_capped_and_says_so() -> None:
    started = time.perf_counter()
    report = check(figures_from_mapping(_many_parts(MAX_GROWTH_PARTS + 1), "big.yaml"))
    assert time.perf_counter() - started < 30  # a generous bound: uncapped this would be hours
    (skip,) = [s for s in report.skipped if s.check == "total_growth_from_parts"]
    assert skip.code == "too_many_parts" and skip.params["count"] == str(MAX_GROWTH_PARTS + 1)
    data = report_data(report, "en")
    message = next(s["message"] for s in data["skipped"] if s["code"] == "too_many_parts")
    assert message.startswith(f"{MAX_GROWTH_PARTS + 1} parts, over this check's limit of")
    within = check(figures_from_mapping(_many_parts(3), "small.yaml"))
    assert "total_growth_from_parts" not in {s.check for s in within.skipped}
    assert within.tested > 0


def test_texts_cut_at_a_comma_are_named_with_a_hint() -> None:
    bundled = resources.files("kcn.stats").joinpath(f"examples/{FACTS_FILE}").read_text("utf-8")
    figures = loads(bundled, FACTS_FILE)
    assert figures.split_texts == () and figures.unknown == ()  # the example file is fixed
    cut = bundled.replace('"Công nghiệp chế biến, chế tạo"', "Công nghiệp chế biến, chế tạo")
    data = report_data(check(loads(cut, "cut.yaml")), "en")
    assert data["split_texts"] == [
        "industry_statistics.production_value_current_prices.by_vsic_section.C.chế tạo"
    ]
    assert any(n.startswith("Texts cut at a comma inside {…} (quote") for n in data["notes"])
    with pytest.raises(LoadError) as caught:
        loads("C: {name_vi: Công nghiệp chế biến, chế tạo}\n", "only.yaml")
    assert caught.value.code == "split_text"
    assert "đặt văn bản có dấu phẩy trong ngoặc kép" in load_error_text(caught.value, "vi")
