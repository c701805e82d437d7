"""The checker page's text box: a pasted report's figures shown in their sentences with their
verdicts, the numbers it could not read listed; a text without figures gets the form back."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.auth.test_login import csrf_of

REPORT = (
    "Giá trị sản xuất công nghiệp ước đạt 1.000 tỷ đồng, tăng 10% so cùng kỳ; trong đó: "
    "công nghiệp khai khoáng đạt 100 tỷ đồng; công nghiệp chế biến, chế tạo đạt 800 tỷ đồng; "
    "sản xuất và phân phối điện, khí đốt 60 tỷ đồng; cung cấp nước, xử lý rác thải 90 tỷ đồng. "
    "Toàn tỉnh có 10 cụm công nghiệp, 2 khu công nghiệp."
)


def test_a_pasted_report_is_checked_figure_by_figure(anon: TestClient) -> None:
    token = csrf_of(anon, "/stats/check")
    page = anon.post("/stats/check/text", data={"csrf_token": token, "text": REPORT, "lang": "en"})
    assert page.status_code == 200
    # the parts add up to 1,050, not 1,000: the figures are marked in their sentence
    assert '<mark class="status-differs"' in page.text
    assert "by_vsic_section.E.value" in page.text
    assert "Numbers not read" in page.text or "Các số không đọc được" in page.text


def test_a_text_without_figures_is_refused(anon: TestClient) -> None:
    token = csrf_of(anon, "/stats/check")
    page = anon.post("/stats/check/text", data={"csrf_token": token, "text": "Không có số."})
    assert page.status_code == 422
