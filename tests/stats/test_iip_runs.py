"""IIP runs from uploaded files: checked row by row, computed as a job, shown as JSON, a page,
CSV and XLSX. The figures are those of the example worked by hand in docs/statistics.md."""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session, sessionmaker

from kcn.jobs.service import SqlJobStore
from kcn.kit.jobs import JobRunner, Work
from kcn.kit.periods import Period
from kcn.kit.permissions import system_actor
from kcn.stats import iip_runs, service
from kcn.stats.iip import output
from kcn.stats.iip_runs import IipInputError, Upload
from kcn.stats.limits import UploadLimits
from kcn.stats.tables import build_table
from tests.auth.test_login import csrf_of
from tests.conftest import auth_header

# product: (vsic4, [2023-01, 2023-02, 2024-01, 2024-02]), as in test_iip_contributions
QUANTITIES = {
    "p1": ("1010", [100, 100, 110, 120]),
    "p2": ("1104", [100, 100, 90, 100]),
    "p3": ("0510", [100, 100, 150, 100]),
}
PERIODS = [(2023, 1), (2023, 2), (2024, 1), (2024, 2)]


def micro_csv() -> bytes:
    lines = ["province,enterprise,product,year,month,quantity"]
    lines += [
        f"01,e1,{p},{y},{m},{q}"
        for p, (_, qs) in QUANTITIES.items()
        for (y, m), q in zip(PERIODS, qs, strict=True)
    ]
    return ("\n".join(lines) + "\n").encode()


PW = b"product,vsic4,weight\np1,1010,1\np2,1104,1\np3,0510,1\n"
IW = b"level,code,weight\ndivision,10,3\ndivision,11,1\ndivision,05,1\n"


def uploads(micro: bytes | None = None, pw: bytes = PW, iw: bytes = IW) -> list[Upload]:
    return [
        Upload("micro", "micro.csv", micro or micro_csv()),
        Upload("product_weights", "pw.csv", pw),
        Upload("industry_weights", "iw.csv", iw),
    ]


def by_key(result: dict[str, Any], month: int = 1) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (r["level"], r["code"]): r
        for r in result["rows"]
        if r["year"] == 2024 and r["month"] == month
    }


def test_a_run_gives_index_growth_contribution_and_the_weight_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(iip_runs, "CHECK_EVERY", 4)
    seen: list[tuple[int, int]] = []
    result = iip_runs.compute(
        uploads(), 2023, "en", UploadLimits(), lambda d, t: seen.append((d, t))
    )
    r = by_key(result)
    assert r["total", "total"]["index"] == "114.0000"
    assert r["total", "total"]["growth_pct"] == "14.0000"
    assert r["section", "C"]["contribution_pp"] == "4.0000"
    assert r["division", "11"]["contribution_pp"] == "-2.0000"
    # the weight share (base-year weights 3:1:1), never a ratio of indices (105 / 114)
    shares = {k: Decimal(v["share_pct"]) for k, v in r.items()}
    assert shares == {
        ("total", "total"): 100,
        ("section", "C"): 80,
        ("section", "B"): 20,
        ("division", "10"): 60,
        ("division", "11"): 20,
        ("division", "05"): 20,
    }
    order = [
        (row["level"], row["code"])
        for row in result["rows"]
        if row["year"] == 2024 and row["month"] == 1
    ]
    assert order[0] == ("total", "total") and order.index(("section", "C")) + 1 == order.index(
        ("division", "10")
    )  # a section is followed by its divisions
    # progress: every 4 rows checked, of 12 + 3 + 3 input rows and the index itself
    assert seen[0] == (3, 19) and seen[-2:] == [(18, 19), (19, 19)]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_an_xlsx_upload_with_vietnamese_numbers_is_read() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in micro_csv().decode().splitlines():
        sheet.append(line.split(","))
    sheet.append(["01", "e2", "p1", 2024, 1, "0,0"])  # a Vietnamese decimal comma, quantity 0
    data = io.BytesIO()
    book.save(data)
    upload = [Upload("micro", "micro.xlsx", data.getvalue()), *uploads()[1:]]
    assert by_key(iip_runs.compute(upload, 2023, "vi", UploadLimits()))["total", "total"]["index"]


def test_bad_rows_are_reported_row_by_row_in_the_language() -> None:
    micro = micro_csv() + b"01,e1,p1,2024,13,5\n01,e1,p1,20x4,1,-3\n"
    with pytest.raises(IipInputError) as caught:
        iip_runs.compute(uploads(micro, pw=b"product,vsic4\np1,101\n"), 2023, "vi", UploadLimits())
    found = {(e["file"], e["row"], e["field"], e["message"]) for e in caught.value.errors}
    assert ("micro.csv", 14, "micro.month", "Tháng phải từ 1 đến 12.") in found
    assert ("micro.csv", 15, "micro.year", "Phải là số nguyên.") in found
    assert ("micro.csv", 15, "micro.quantity", "Không được âm.") in found
    assert ("pw.csv", 1, "product_weights.weight", "Thiếu cột weight.") in found


def test_a_file_over_the_limits_or_empty_and_a_run_without_rows_are_errors() -> None:
    with pytest.raises(IipInputError) as caught:
        iip_runs.compute(uploads(iw=b"level,code,weight\n"), 2023, "en", UploadLimits(rows=5))
    messages = {(e["field"], e["message"]) for e in caught.value.errors}
    assert ("industry_weights", "The file has no data rows.") in messages
    assert any(field == "micro" and "5" in message for field, message in messages)  # rows limit
    with pytest.raises(IipInputError) as empty:
        iip_runs.compute(uploads(), 2019, "en", UploadLimits())  # no data in the base year
    (error,) = empty.value.errors
    assert error["message"].startswith(
        "The index could not be computed: no index rows: no_base_data"
    )


class InlineRunner(JobRunner):
    """Runs a job in the request's thread, on the test's transaction."""

    def submit(self, job_id: str, work: Work) -> Future[None]:
        self._run(job_id, work)
        done: Future[None] = Future()
        done.set_result(None)
        return done


@pytest.fixture
def iip_client(app: Any, session: Session) -> Any:
    with TestClient(app, headers=auth_header("statistics")) as test_client:
        sessions = sessionmaker(bind=session.bind, join_transaction_mode="create_savepoint")
        app.state.jobs = InlineRunner(1, SqlJobStore(sessions), min_interval=0)
        yield test_client


def _files(micro: bytes | None = None) -> dict[str, tuple[str, bytes]]:
    return {
        "micro": ("micro.csv", micro or micro_csv()),
        "product_weights": ("pw.csv", PW),
        "industry_weights": ("iw.csv", IW),
    }


def test_api_runs_a_job_and_serves_rows_csv_and_xlsx(
    iip_client: TestClient, session: Session, anon: TestClient
) -> None:
    refused = anon.post("/api/v1/stats/iip", files=_files(), data={"base_year": "2023"})
    assert refused.status_code == 401
    bad_year = iip_client.post("/api/v1/stats/iip", files=_files(), data={"base_year": "1800"})
    assert bad_year.status_code == 422
    assert bad_year.json()["error"]["fields"][0]["field"] == "base_year"
    accepted = iip_client.post("/api/v1/stats/iip", files=_files(), data={"base_year": "2023"})
    assert accepted.status_code == 202, accepted.text
    url = accepted.headers["Location"]
    session.expire_all()
    body = iip_client.get(url, params={"month": "2024-01"}).json()
    assert body["state"] == "succeeded" and body["done"] == body["total"] > 0
    assert body["months"][0] == "2024-02"
    total = body["rows"][0]
    assert (total["name"], total["index"], total["share_pct"]) == (
        "Toàn ngành công nghiệp",
        "114.0000",
        "100.0000",
    )
    csv_text = iip_client.get(url + "/export.csv", headers={"Accept-Language": "en"})
    assert csv_text.status_code == 200
    table = list(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))
    assert table[0][6] == "Index" and len(table) == 1 + 2 * 6 * 2  # 2 years × 6 series × 2 months
    xlsx = iip_client.get(url + "/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == len(table)
    # someone else's run does not exist for them
    assert anon.get(url).status_code == 404
    assert iip_client.get(f"/jobs/{accepted.json()['job_id']}").status_code == 200  # the job page
    page = iip_client.get(accepted.json()["page_url"], params={"month": "2024-01"})
    assert page.status_code == 200, page.text
    assert ">114<" in page.text and ">80%<" in page.text and ">-2<" in page.text, page.text


def test_api_reports_bad_rows_of_a_failed_run(iip_client: TestClient, session: Session) -> None:
    accepted = iip_client.post(
        "/api/v1/stats/iip",
        files=_files(micro_csv() + b"01,e1,p1,2024,0,1\n"),
        data={"base_year": "2023"},
    )
    session.expire_all()
    body = iip_client.get(accepted.headers["Location"]).json()
    assert body["state"] == "failed" and body["rows"] == []
    assert body["errors"][0]["row"] == 14 and body["errors"][0]["field"] == "micro.month"
    assert iip_client.get(accepted.headers["Location"] + "/export.csv").status_code == 409


def test_the_page_form_starts_a_run_and_gives_a_bad_form_back(
    iip_client: TestClient, session: Session, anon: TestClient
) -> None:
    assert anon.get("/stats/iip", follow_redirects=False).status_code == 303
    token = csrf_of(iip_client, "/stats/iip")
    bad = iip_client.post("/stats/iip", files=_files(), data={"csrf_token": token, "base_year": ""})
    assert bad.status_code == 422 and "base_year: Phải là số nguyên." in bad.text
    started = iip_client.post(
        "/stats/iip",
        files=_files(),
        follow_redirects=False,
        data={"csrf_token": token, "base_year": "2023"},
    )
    assert started.status_code == 303 and started.headers["location"].startswith("/stats/iip/")


def test_the_table_share_of_a_stored_index_is_its_weight_share(
    session: Session, tmp_path: Path
) -> None:
    paths = []
    for name, content in (("micro", micro_csv()), ("pw", PW), ("iw", IW)):
        paths.append(tmp_path / f"{name}.csv")
        paths[-1].write_bytes(content)
    rows = output.run(*paths, 2023)
    actor = system_actor("iip test", "cli")
    report = service.store_iip(session, rows, "01", 2023, actor, "en")
    assert not report.errors, report.errors
    table = build_table(session, "iip", Period.parse("2024-01"), "section", "en")
    shares = {r.code: r.share_pct for r in table.rows}
    assert shares["C"] == Decimal("80.00") and shares["B"] == Decimal("20.00")  # not 105 / 114
    assert shares["D"] is None
    # contributions of an index from its weight shares, as the engine: C 0.8 × 5, B 0.2 × 50
    points = {r.code: r.contribution_pp for r in table.rows}
    assert points["C"] == Decimal("4.00") and points["B"] == Decimal("10.00")
    assert table.total.growth_pct == Decimal("14.00") == points["C"] + points["B"]
