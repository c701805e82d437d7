"""Private PostgreSQL clusters for the fault tests: a server of our own in a temporary folder,
on a free port of 127.0.0.1, that a test may restart or copy into a streaming replica without
touching the machine's shared PostgreSQL (other tests use it).

The server binaries come from ``PATH`` or else the newest ``/usr/lib/postgresql/*/bin``.
``initdb`` and ``postgres`` refuse to run as root: as root, every command runs as the
``postgres`` system user (``runuser -u postgres --``), in a folder that user owns.

``cluster_problem()`` says why no cluster can be made here (None when one can); the tests skip
with that reason, unless ``KCN_REQUIRE_POSTGRES=1`` and the binaries exist: then they fail.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import REQUIRE_POSTGRES
from tests.ops.live import free_port

OS_USER = "postgres"  # the system user that runs the cluster when the tests run as root


def pg_bin() -> Path | None:
    """The folder of ``initdb``, ``pg_ctl`` and ``pg_basebackup``, or None."""
    found = shutil.which("initdb")
    if found:  # often a link from /usr/local/bin into the folder of every server binary
        folder = Path(found).resolve().parent
        if (folder / "pg_ctl").exists() and (folder / "pg_basebackup").exists():
            return folder
    folders = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for folder in reversed(folders):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _prefix() -> list[str]:
    """How to run a server command: as is, or as ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", OS_USER, "--"]


def cluster_problem() -> str | None:
    """None when a private cluster can be made here, else why not."""
    if pg_bin() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: initdb refuses root"
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            return f"running as root and there is no {OS_USER!r} user to run initdb as"
    return None


def require_cluster() -> None:
    """Skip the test (fail under KCN_REQUIRE_POSTGRES=1 when the binaries exist) when no
    private cluster can be made here."""
    problem = cluster_problem()
    if problem is None:
        return
    message = f"no private PostgreSQL cluster: {problem}"
    if REQUIRE_POSTGRES and pg_bin() is not None:
        pytest.fail(message + " (KCN_REQUIRE_POSTGRES=1)")
    pytest.skip(message)


class Cluster:
    """One PostgreSQL server: its data folder, port and log."""

    def __init__(self, root: Path, name: str, port: int) -> None:
        self.root = root
        self.data = root / name
        self.log = root / f"{name}.log"
        self.port = port
        self.bin = pg_bin() or Path("/nonexistent")
        self.replicas: list[Cluster] = []

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args: str, timeout: float = 60) -> None:
        command = [*_prefix(), str(self.bin / args[0]), *args[1:]]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr}{done.stdout}\n{log}")

    def init(self) -> None:
        # Trust on 127.0.0.1 only (initdb's default lines), replication included.
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "--no-sync", "--no-instructions")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                 "start")  # fmt: skip

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, open transactions roll back."""
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def replica(self, name: str) -> Cluster:
        """A streaming replica of this server (``pg_basebackup -R``), started."""
        standby = Cluster(self.root, name, free_port())
        self.run("pg_basebackup", "-D", str(standby.data), "-h", "127.0.0.1", "-p",
                 str(self.port), "-U", "postgres", "-R", "-X", "stream", "--no-sync",
                 "--checkpoint=fast")  # fmt: skip
        self.replicas.append(standby)
        standby.start()
        standby.wait_ready()
        return standby

    def wait_ready(self, seconds: float = 20) -> None:
        engine = create_engine(self.url, connect_args={"connect_timeout": 2})
        deadline = time.monotonic() + seconds
        try:
            while True:
                try:
                    with engine.connect() as conn:
                        conn.execute(text("SELECT 1"))
                    return
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
        finally:
            engine.dispose()


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """A fresh cluster, started, with every server of it stopped and removed afterwards."""
    require_cluster()
    root = Path(tempfile.mkdtemp(prefix="kcn-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, OS_USER, OS_USER)
    primary = Cluster(root, "primary", free_port())
    try:
        primary.init()
        primary.start()
        primary.wait_ready()
        yield primary
    finally:
        for cluster in [*primary.replicas, primary]:
            with suppress(Exception):  # never started, or already stopped: nothing to clean
                cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
