"""``kcn monitoring``: the non-reporters and overdue requests, one line each; bad options
exit with code 2 and one line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from kcn.cli import app as cli_app
from kcn.config import get_settings


@pytest.fixture
def demo_db(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KCN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_non_reporters_and_overdue_from_the_command_line(demo_db: None) -> None:
    runner = CliRunner()
    result = runner.invoke(cli_app, ["monitoring", "non-reporters", "--period", "2024-Q2",
                                     "--as-of", "2024-07-20"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert lines and all(len(cells) == 5 and cells[3] == "10" for cells in lines)
    assert [cells[0] for cells in lines] == sorted(cells[0] for cells in lines)
    overdue = runner.invoke(cli_app, ["monitoring", "overdue", "--as-of", "2024-12-31"])
    assert overdue.exit_code == 0 and overdue.output.strip()  # the demo has open requests
    bad = runner.invoke(cli_app, ["monitoring", "non-reporters", "--period", "2024-H1"])
    assert bad.exit_code == 2 and "2024-Q2" in bad.output
