"""``kcn clearance status``: the tasks most at risk first, as text or JSON; a bad date exits 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kcn.cli import app
from kcn.readiness import cli as readiness_cli

runner = CliRunner()


def test_status(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    @contextmanager
    def same_session() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(readiness_cli, "cli_session", same_session)
    result = runner.invoke(app, ["clearance", "status", "--json", "--as-of", "2024-07-15"])
    assert result.exit_code == 0, result.output
    tasks = json.loads(result.stdout)
    assert len(tasks) == 6 and all(t["is_demo"] for t in tasks)
    risky = [t["at_risk"] for t in tasks]
    assert risky == sorted(risky, reverse=True) and True in risky and False in risky
    assert tasks[0]["state"] == "stalled" and tasks[0]["forecast"] is None
    done = [t for t in tasks if t["state"] == "done"]
    assert [(t["zone"], t["forecast"]) for t in done] == [("KCN-VIET-HAN-MO-RONG", "2024-06-15")]
    text = runner.invoke(app, ["clearance", "status", "--as-of", "2024-07-15", "--zone",
                               "KCN-YEN-LU"])  # fmt: skip
    assert text.exit_code == 0 and text.stdout.count("\n") == 1 and "KCN-YEN-LU" in text.stdout
    bad = runner.invoke(app, ["clearance", "status", "--as-of", "2024-13-01"])
    assert bad.exit_code == 2 and "2024-13-01" in bad.output
