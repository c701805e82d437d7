"""The ``kcn`` command: serve, db, demo, and each domain's commands.

Each domain's commands are imported only when named (``_LAZY``): the process of ``kcn serve``
only supervises its workers, which import the application themselves, so it loads neither the
domains nor their libraries (about 70 MB instead of 140 MB)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from kcn.config import get_settings
from kcn.kit.cli import cli_session, fail, handle_errors, out
from kcn.kit.logs import install_record_factory, uvicorn_log_config

if TYPE_CHECKING:
    from alembic.config import Config

# name: (module, attribute), in the order of ``kcn --help``: a Typer app is a group of
# commands, a function one command.
_LAZY_COMMANDS = {
    "backup": ("kcn.ops.cli", "backup"),
    "restore": ("kcn.ops.cli", "restore"),
    "screen": ("kcn.screening.cli", "screen_command"),
    "match": ("kcn.screening.cli", "match_command"),
}
_LAZY_GROUPS = {
    "zones": ("kcn.zones.cli", "app"),
    "users": ("kcn.auth.cli", "users_app"),
    "tokens": ("kcn.auth.cli", "tokens_app"),
    "stats": ("kcn.stats.cli", "app"),
    "jobs": ("kcn.jobs.cli", "app"),
    "import": ("kcn.enterprises.cli", "import_app"),
    "report": ("kcn.reports.cli", "app"),
    "fta": ("kcn.screening.cli", "fta_app"),
    "leads": ("kcn.screening.cli", "leads_app"),
    "clearance": ("kcn.readiness.cli", "app"),
    "monitoring": ("kcn.monitoring.cli", "app"),
    "export": ("kcn.enterprises.cli", "export_app"),
}
_LAZY = {**_LAZY_COMMANDS, **_LAZY_GROUPS}


def _load(name: str) -> Any:
    """The click command of the domain command ``name``, imported now."""
    module, attribute = _LAZY[name]
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        command: Any = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class _LazyGroup(TyperGroup):
    """The ``kcn`` group: imports a domain's command when it is named (or help lists it)."""

    def list_commands(self, ctx: Any) -> list[str]:
        own = [n for n in super().list_commands(ctx) if n not in _LAZY]
        return [*_LAZY_COMMANDS, *own, *_LAZY_GROUPS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name != "serve":
            from kcn.audit import service as _audit  # noqa: F401  (stores the audit trail)
        if cmd_name in _LAZY and cmd_name not in self.commands:
            self.add_command(_load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    help="KCN: industrial parks, clusters and investment.", no_args_is_help=True, cls=_LazyGroup
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    # Passed as an attribute, not an ini option, so that '%' in a URL needs no escaping.
    config.attributes["url"] = url or get_settings().effective_database_url
    return config


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Default: KCN_HOST or 127.0.0.1.")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Default: KCN_PORT or 8000.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Worker processes. Default: KCN_WORKERS.")
    ] = None,
    prepare: Annotated[
        bool,
        typer.Option(
            help="First migrate, load the demo data into an empty registry and create the "
            "first administrator, in this one process (what `make run` does)."
        ),
    ] = False,
) -> None:
    """Serve the pages and the API."""
    import uvicorn

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    workers = workers or settings.workers
    if prepare:
        _prepare()
    out(f"KCN: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    if workers > 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        _prometheus_multiprocess_dir(settings.var_dir / "prometheus")
    install_record_factory()
    uvicorn.run(
        "kcn.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=uvicorn_log_config(settings.log_format),
        access_log=False,  # KCN writes its own access lines, with the duration (kcn.access)
        # A worker answers the manager's health check only once KCN is imported, which can
        # take more than uvicorn's 5 s on a busy machine (it was then killed and restarted).
        timeout_worker_healthcheck=60,
    )


def _prometheus_multiprocess_dir(default: Path) -> None:
    """Several workers share their Prometheus samples through files: in
    ``PROMETHEUS_MULTIPROC_DIR`` if set, else ``default``, emptied of a previous run's files
    (the workers inherit the variable)."""
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder.resolve())


def _prepare() -> None:
    """``db upgrade`` (only when behind), ``demo load --if-empty`` and ``users ensure-admin``,
    without starting three more Python processes."""
    from alembic import command

    from kcn.audit import service as _audit  # noqa: F401  (stores the audit trail)
    from kcn.auth import cli as auth_cli
    from kcn.db import make_engine
    from kcn.ops import schema

    settings = get_settings()
    if not settings.database_url:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as connection:
            behind = schema.current(connection) != schema.head()
    finally:
        engine.dispose()
    if behind:
        command.upgrade(alembic_config(), "head")
    demo_load(if_empty=True)
    auth_cli.ensure_admin()


@db_app.command("upgrade")
@handle_errors
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database to ``revision`` (default: the latest)."""
    from alembic import command

    settings = get_settings()
    if not settings.database_url:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), revision)


@db_app.command("downgrade")
@handle_errors
def db_downgrade(revision: Annotated[str, typer.Argument()]) -> None:
    """Migrate the database down to ``revision`` (``base`` empties it)."""
    from alembic import command

    command.downgrade(alembic_config(), revision)


@demo_app.command("load")
@handle_errors
def demo_load(
    if_empty: Annotated[bool, typer.Option(help="Only when the registry is empty.")] = False,
) -> None:
    """Load the Bắc Giang demo data (first half of 2024); values invented are marked demo."""
    from kcn.demo.loader import is_empty, load_demo

    with cli_session() as session:
        if if_empty and not is_empty(session):
            out("Demo data: the registry is not empty, nothing loaded.")
            return
        counts = load_demo(session)
    out("Demo data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@demo_app.command("synth")
@handle_errors
def demo_synth(
    scale: Annotated[
        str,
        typer.Option(
            help="national (34 provinces, ~80,000 projects), province (one province) or tiny "
            "(a few rows, for tests)."
        ),
    ] = "national",
    seed: Annotated[int, typer.Option(help="The same seed gives the same rows.")] = 1,
) -> None:
    """Generate a SYNTHETIC national registry (every row marked synthetic) into an empty
    database, for load tests and benchmarks."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kcn.demo.national import SCALES, NotEmpty, generate

    if scale not in SCALES:
        fail(f"--scale: one of {', '.join(SCALES)}, not {scale!r}")
    with (
        cli_session() as session,
        Progress(
            TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
            transient=False,
        ) as bar,
    ):  # fmt: skip
        tasks: dict[str, Any] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done, total=total)

        try:
            counts = generate(session, SCALES[scale], seed, progress)
        except NotEmpty:
            fail(
                "sổ đăng ký đã có khu, dữ liệu tổng hợp chỉ nạp vào cơ sở dữ liệu trống / the "
                "registry already holds zones: synthetic data goes only into an empty database"
            )
            return
    out("Synthetic data: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
