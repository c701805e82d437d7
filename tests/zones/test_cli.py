"""The CLI: the summary as JSON, the list, and one-line errors with exit code 2."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import get_settings

runner = CliRunner()


@pytest.fixture
def cli_env(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KCN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_summary_json_reproduces_the_published_figures(cli_env: None) -> None:
    result = runner.invoke(app, ["zones", "summary", "--json", "--as-of", "2024-06-30"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    parks, clusters = summary["industrial_park"], summary["industrial_cluster"]
    assert parks["reached"]["policy_approved"] == {"count": 9, "area_ha": 2238}
    assert parks["stage"]["policy_dossier_submitted"]["count"] == 12
    assert clusters["reached"]["established"] == {"count": 55, "area_ha": 2329}
    assert clusters["reached"]["operating"] == {"count": 35, "area_ha": 1245}
    assert summary["established_in_year"]["2024"] == 1


def test_summary_text_uses_vietnamese_numbers(cli_env: None) -> None:
    result = runner.invoke(app, ["zones", "summary", "--as-of", "2024-06-30"])
    assert result.exit_code == 0
    assert "2.238 ha" in result.stdout
    assert "Đã chấp thuận chủ trương đầu tư" in result.stdout


def test_list_searches_without_diacritics(cli_env: None) -> None:
    result = runner.invoke(app, ["zones", "list", "-q", "yen lu", "--json"])
    assert result.exit_code == 0
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert names == ["Khu công nghiệp Yên Lư"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zones", "summary", "--as-of", "30/06/2024"], "--as-of"),
        (["zones", "list", "--kind", "park"], "--kind"),
        (["zones", "list", "--stage", "finished"], "--stage"),
        (["zones", "list", "--admin-unit", "999"], "999"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    cli_env: None, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_bad_setting_is_one_line_and_exit_code_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KCN_PAGE_SIZE", "0")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["zones", "summary"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("kcn: setting KCN_PAGE_SIZE")
