"""The published-figure checker from the API and the page; observations from the CLI."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kcn.cli import app
from kcn.stats.views import FACTS_FILE
from tests.auth.test_login import csrf_of

FACTS = resources.files("kcn.stats").joinpath(f"examples/{FACTS_FILE}").read_bytes()


def test_api_passes_the_seed_and_names_a_changed_figure(anon: TestClient) -> None:
    ok = anon.post("/api/v1/stats/check", files={"file": ("facts.yaml", FACTS)})
    assert ok.status_code == 200 and ok.json()["ok"] is True
    plan = [d for d in ok.json()["derived"] if d["code"] == "implied_plan"]
    assert plan and plan[0]["value"].startswith("666268")
    changed = FACTS.replace(b"count: 35, area_ha: 1245", b"count: 56, area_ha: 1245")
    bad = anon.post("/api/v1/stats/check", files={"file": ("facts.yaml", changed)})
    assert bad.json()["ok"] is False
    keys = {k for f in bad.json()["findings"] for k in f["keys"]}
    assert "industrial_clusters.with_infrastructure_operating.count" in keys


def test_api_refuses_unreadable_input(anon: TestClient) -> None:
    response = anon.post("/api/v1/stats/check", files={"file": ("x.yaml", b"a: [unclosed")})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "file"


def test_page_runs_the_demo_and_an_upload(anon: TestClient) -> None:
    page = anon.get("/stats/check", params={"demo": 1})
    assert page.status_code == 200
    assert "các số liệu khớp nhau" in page.text and "666.268" in page.text
    token = csrf_of(anon, "/stats/check")
    changed = FACTS.replace(b"value: 311986.8", b"value: 320000")
    upload = anon.post("/stats/check", data={"csrf_token": token},
                       files={"file": ("facts.yaml", changed)})  # fmt: skip
    assert upload.status_code == 200
    assert "Có 1 điểm không khớp." in upload.text
    assert "8.011,7" in upload.text  # the gap, in Vietnamese digits


def test_cli_import_reports_bad_rows_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("KCN_DATABASE_URL", f"sqlite:///{db}")
    from kcn.config import get_settings

    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        assert runner.invoke(app, ["demo", "load"]).exit_code == 0
        good = tmp_path / "good.csv"
        good.write_text("indicator,period,vsic,value\nproduction_value,2024-07,C,51000\n")
        result = runner.invoke(app, ["stats", "import", str(good)])
        assert result.exit_code == 0, result.output
        assert "1 dòng; thêm mới 1" in result.stdout
        bad = tmp_path / "bad.csv"
        bad.write_text("indicator,period,vsic,value\nproduction_value,2024-08,C,x\n")
        refused = runner.invoke(app, ["stats", "import", str(bad)])
        assert refused.exit_code == 2
        assert "bad.csv:2: value:" in refused.stderr
    finally:
        get_settings.cache_clear()


def test_cli_iip_from_micro_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kcn.config import get_settings
    from kcn.demo.synthetic import generate

    files = generate(tmp_path / "syn", rows=20000, provinces=2, years=2)
    runner = CliRunner()
    monkeypatch.setenv("KCN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    get_settings.cache_clear()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        assert runner.invoke(app, ["demo", "load"]).exit_code == 0
        args = ["stats", "iip", "--micro", str(files["micro"]),
                "--product-weights", str(files["product_weights"]),
                "--industry-weights", str(files["industry_weights"]),
                "--base-year", str(files["base_year"])]  # fmt: skip
        out_csv = tmp_path / "iip.csv"
        result = runner.invoke(app, [*args, "--output", str(out_csv), "--store", "S01"])
        assert result.exit_code == 0, result.output
        assert "Stored" in result.stdout
        header = out_csv.read_text().splitlines()[0]
        assert header.startswith("province,level,code,year,month,index")
        absent = str(tmp_path / "none.parquet")
        missing = runner.invoke(app, [*args, "--product-weights", absent])
        assert missing.exit_code == 2 and "no such file" in missing.stderr
    finally:
        get_settings.cache_clear()


def test_api_reports_figures_it_cannot_bound(anon: TestClient) -> None:
    """A part that fell by 100 % has no previous value to bound: the check is skipped and
    said so, never a server error."""
    zero = FACTS.replace(b"growth_pct: 28.14", b"growth_pct: -100")
    response = anon.post("/api/v1/stats/check", files={"file": ("facts.yaml", zero)})
    assert response.status_code == 200
    assert [s["check"] for s in response.json()["skipped"]] == ["total_growth_from_parts"]
