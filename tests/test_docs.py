"""Docs that cannot go stale: every setting, CLI command and API route is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from kcn.app import create_app
from kcn.cli import app as cli_app
from kcn.config import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(app: typer.Typer, prefix: str) -> list[str]:
    names = [f"{prefix} {c.name or c.callback.__name__}" for c in app.registered_commands]  # type: ignore[union-attr]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        names += _commands(group.typer_instance, f"{prefix} {group.name}")
    return names


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"KCN_{name.upper()}" for name in Settings.model_fields if f"KCN_{name.upper()}" not in text
    ]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(cli_app, "kcn")
    assert "kcn zones summary" in commands
    assert [c for c in commands if c not in text] == []


def test_every_api_route_is_documented() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    paths = list(create_app(Settings(database_url="sqlite://")).openapi()["paths"])
    assert "/api/v1/zones/summary" in paths
    assert [p for p in paths if p not in text] == []


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    pages = [p.name for p in DOCS.glob("*.md") if p.name != "index.md"]
    assert pages and [p for p in pages if p not in index] == []
