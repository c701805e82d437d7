"""``kcn export``: the same file as the API's export for the same filters; bad filters are one
line and exit code 2."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine
from typer.testing import CliRunner

from kcn.cli import app as cli_app
from kcn.config import get_settings

runner = CliRunner()
ZONE = "KCN-DINH-TRAM"


@pytest.fixture
def cli_on_demo(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads the tests' demo database (an export writes nothing)."""
    monkeypatch.setenv("KCN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KCN_DEFAULT_LANGUAGE", "vi")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _cells(content: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("kind", "filters"),
    [("projects", {"zone": ZONE, "sort": "-name"}), ("leases", {"zone": ZONE})],
)
def test_cli_export_is_the_api_export(
    cli_on_demo: None, client: TestClient, tmp_path: Path, kind: str, filters: dict[str, str]
) -> None:
    pairs = [f"{k}={v}" for k, v in filters.items()]
    csv_file, xlsx_file = tmp_path / f"{kind}.csv", tmp_path / f"{kind}.data"
    done = runner.invoke(cli_app, ["export", kind, "-o", str(csv_file), *pairs])
    assert done.exit_code == 0, done.output
    api = client.get(f"/api/v1/{kind}/export.csv", params={**filters, "lang": "vi"})
    assert csv_file.read_bytes() == api.content
    assert api.content.count(b"\n") > 5  # the filter kept several rows
    done = runner.invoke(cli_app, ["export", kind, "--format", "xlsx", "-o", str(xlsx_file),
                                   *pairs])  # fmt: skip
    assert done.exit_code == 0, done.output
    api = client.get(f"/api/v1/{kind}/export.xlsx", params={**filters, "lang": "vi"})
    assert _cells(xlsx_file.read_bytes()) == _cells(api.content)


def test_cli_export_refuses_bad_filters(cli_on_demo: None, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    for pairs in (["status=bogus"], ["colour=red"], ["zone"]):
        refused = runner.invoke(cli_app, ["export", "projects", "-o", str(out), *pairs])
        assert refused.exit_code == 2, refused.output
        assert len(refused.output.strip().splitlines()) == 1
        assert not out.exists()
