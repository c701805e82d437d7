"""Two sources for the same period compared figure by figure: files, the published figures
stored in KCN, and KCN's computed values for them; from the CLI, the API and the page."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app
from kcn.stats import compare_sources
from kcn.stats.checker.compare import PeriodMismatch, compare, comparison_data
from kcn.stats.checker.loading import loads
from kcn.stats.views import FACTS_FILE
from tests.auth.test_login import csrf_of

FACTS = resources.files("kcn.stats").joinpath(f"examples/{FACTS_FILE}").read_text("utf-8")
C_VALUE = "industry_statistics.production_value_current_prices.by_vsic_section.C.value"
C_GROWTH = "industry_statistics.production_value_current_prices.by_vsic_section.C.growth_pct"
# 311986.8 → 311987: within the rounding of both; 28.14 → 28.5: beyond it
CHANGED = FACTS.replace("value: 311986.8", "value: 311987").replace(
    "growth_pct: 28.14", "growth_pct: 28.5"
)


def test_two_files_figure_by_figure() -> None:
    a, b = loads(FACTS, "a.yaml"), loads(CHANGED + "\nextra_pct: {value: 1}\n", "b.yaml")
    data = comparison_data(compare(a, b, a.period, b.period), "en")
    rows = {r["key"]: r for r in data["rows"]}
    assert data["period"] == "2024-H1" and data["ok"] is False
    assert data["counts"] == {"within": len(a) - 1, "differs": 1, "only_a": 0, "only_b": 1}
    close = rows[C_VALUE]
    assert (close["a"]["value"], close["b"]["value"], close["difference"]) == (
        "311986.8", "311987", "0.2"
    )  # fmt: skip
    assert close["tolerance"] == "0.55" and close["status"] == "within"
    far = rows[C_GROWTH]
    assert (far["difference"], far["tolerance"], far["gap"], far["status"]) == (
        "0.36", "0.055", "0.305", "differs"
    )  # fmt: skip
    assert rows["extra_pct.value"]["status"] == "only_b"
    other = loads(FACTS.replace("period: {year: 2024, half: 1}", "period: 2023"), "c.yaml")
    with pytest.raises(PeriodMismatch):
        compare(a, other, a.period, other.period)


def test_published_against_computed(session: Session) -> None:
    published = compare_sources.stored(session, "published", "2024-H1", "a")
    computed = compare_sources.stored(session, "kcn", "2024-H1", "b")
    data = compare_sources.run(published, computed, "vi")
    rows = {r["key"]: r for r in data["rows"]}
    # the province published 28 %, KCN computes 27.97 %: within the published precision
    total = rows["industry.production_value.total.growth_pct"]
    assert (total["a"]["value"], total["b"]["value"], total["status"]) == ("28", "27.97", "within")
    assert data["compared"] >= 15 and data["counts"]["differs"] == 0
    # a computed value that rests on demo data says so (last year's values are made up)
    assert total["is_demo"] is True
    assert rows["industry.production_value.total"]["is_demo"] is False


def test_api_and_page(anon: TestClient) -> None:
    files = {"a": ("a.yaml", FACTS.encode()), "b": ("b.yaml", CHANGED.encode())}
    response = anon.post("/api/v1/stats/compare", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["counts"]["differs"] == 1
    stored = anon.post(
        "/api/v1/stats/compare",
        data={"a_source": "published", "b_source": "kcn", "period": "2024-H1"},
    )
    assert stored.status_code == 200 and stored.json()["ok"] is True
    missing = anon.post("/api/v1/stats/compare", data={"b_source": "kcn"})
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["field"] == "a"
    bad = anon.post("/api/v1/stats/compare", files={"a": ("a.yaml", b"x: [1"), "b": files["b"]})
    assert bad.status_code == 422
    page = anon.get("/stats/compare", params={"run": 1, "period": "2024-H1"})
    assert page.status_code == 200 and "trong độ chính xác công bố" in page.text
    assert 'class="demo"' in page.text
    token = csrf_of(anon, "/stats/compare")
    posted = anon.post("/stats/compare", data={"csrf_token": token}, files=files)
    assert posted.status_code == 200 and "vượt độ chính xác công bố" in posted.text
    assert "0,36" in posted.text
    refused = anon.post("/stats/compare", data={"csrf_token": token, "a_source": "kcn"})
    assert refused.status_code == 422 and "b: Bắt buộc phải có." in refused.text


def test_cli_exit_codes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(FACTS, encoding="utf-8")
    b.write_text(CHANGED, encoding="utf-8")
    runner = CliRunner()
    same = runner.invoke(app, ["stats", "compare", str(a), str(a), "--lang", "en"])
    assert same.exit_code == 0, same.output
    differs = runner.invoke(app, ["stats", "compare", str(a), str(b), "--lang", "en"])
    assert differs.exit_code == 1
    line = next(x for x in differs.stdout.splitlines() if x.startswith(C_GROWTH))
    assert "28.14" in line and "28.5" in line and "0.36" in line and "beyond" in line
    missing = runner.invoke(app, ["stats", "compare", str(a), str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("key,value\nsomething_else,1\n", encoding="utf-8")
    nothing = runner.invoke(app, ["stats", "compare", str(a), str(csv_file)])
    assert nothing.exit_code == 3
