"""Docs that cannot go stale: every setting, CLI command and API route is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from kcn.app import create_app
from kcn.cli import app as cli_app
from kcn.config import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(command: Any, prefix: str) -> list[str]:
    """Every command under ``command`` as the user reaches it (the domains' commands are
    imported when named, see ``kcn.cli``)."""
    ctx = typer.Context(command)
    names = []
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        assert sub is not None, name
        if hasattr(sub, "list_commands"):
            names += _commands(sub, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"KCN_{name.upper()}" for name in Settings.model_fields if f"KCN_{name.upper()}" not in text
    ]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(typer.main.get_command(cli_app), "kcn")
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
