"""``kcn serve``: workers from the option or KCN_WORKERS, request ids in uvicorn's log lines,
and ``--prepare`` migrating, loading the demo and creating the first administrator."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kcn.cli import app
from kcn.config import get_settings

runner = CliRunner()


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kwargs: seen.update(kwargs, app=target))
    monkeypatch.setenv("KCN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("KCN_DATABASE_URL", raising=False)
    # Set here so that it is removed after the test: serve sets it for several workers.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    get_settings.cache_clear()
    yield seen
    get_settings.cache_clear()


def test_workers_option_and_setting(
    captured: dict[str, Any], monkeypatch: Any, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["serve", "--workers", "3"]).exit_code == 0
    assert captured["workers"] == 3 and captured["factory"] is True
    assert captured["app"] == "kcn.app:serve_app"  # the collector tuned for serving
    assert "%(request_id)s" in captured["log_config"]["formatters"]["access"]["fmt"]
    shared = tmp_path / "var" / "prometheus"  # the workers' Prometheus samples
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(shared.resolve()) and shared.is_dir()
    monkeypatch.setenv("KCN_WORKERS", "2")
    get_settings.cache_clear()
    assert runner.invoke(app, ["serve"]).exit_code == 0
    assert captured["workers"] == 2


def test_prepare_sets_everything_up_in_one_process(
    captured: dict[str, Any], tmp_path: Path
) -> None:
    result = runner.invoke(app, ["serve", "--prepare"])
    assert result.exit_code == 0, result.output
    password_file = (tmp_path / "var" / "admin-password.txt").resolve()
    lines = result.stdout.strip().splitlines()
    assert "Demo data loaded" in result.stdout
    assert str(password_file) in lines[-2]  # right before the address, plainly
    assert lines[-1].startswith("KCN: http://")
    again = runner.invoke(app, ["serve", "--prepare"])
    assert "nothing loaded" in again.stdout and str(password_file) in again.stdout


def test_json_logs_and_a_shared_metrics_folder_for_several_workers(
    captured: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KCN_LOG_FORMAT", "json")
    folder = tmp_path / "prom"
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"stale")  # a previous run's samples
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))  # restored after the test
    get_settings.cache_clear()
    assert runner.invoke(app, ["serve", "--workers", "2"]).exit_code == 0
    formatter = captured["log_config"]["formatters"]["access"]
    assert formatter["()"] == "pythonjsonlogger.json.JsonFormatter"
    assert captured["access_log"] is False  # KCN's own access lines, with the duration
    assert not list(folder.iterdir())
    monkeypatch.setenv("KCN_LOG_FORMAT", "xml")
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2 and "KCN_LOG_FORMAT" in result.output
