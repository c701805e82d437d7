"""What a process loads decides its memory: a worker of ``kcn serve`` imports the application,
and the supervisor only the command line. Libraries needed by a few requests (spreadsheets,
DOCX/PDF reports, the IIP engine) are imported when such a request comes, not at start; a
later import at the top of a module would put tens of MB back into every worker."""

from __future__ import annotations

import json
import subprocess
import sys

# Imported where used, each worth 15–35 MB of a worker's memory (docs/performance.md).
HEAVY = ("duckdb", "openpyxl", "docx", "weasyprint", "pandas", "matplotlib")


def _modules_after(code: str) -> set[str]:
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_application_does_not_import_heavy_libraries_at_start() -> None:
    loaded = _modules_after(
        "from kcn.app import create_app\nfrom kcn.config import Settings\n"
        "create_app(Settings(database_url='sqlite://'))"
    )
    assert "kcn.app" in loaded and "kcn.zones.views" in loaded
    assert sorted(_top(loaded) & set(HEAVY)) == []


def test_the_command_line_imports_a_domain_only_for_its_commands() -> None:
    loaded = _modules_after("import kcn.cli")
    domains = {"kcn.app", "kcn.models", "kcn.zones", "kcn.enterprises", "kcn.stats", "kcn.audit"}
    assert sorted(loaded & domains) == []
    assert sorted(_top(loaded) & {*HEAVY, "fastapi", "shapely", "numpy"}) == []
    loaded = _modules_after("from kcn.cli import app\nfrom typer.main import get_command\n"
                            "import typer\ncommand = get_command(app)\n"
                            "command.get_command(typer.Context(command), 'zones')")  # fmt: skip
    assert "kcn.zones.cli" in loaded and "kcn.audit.service" in loaded
