"""Benchmark: the full half-year report (Bắc Giang 2024-H1, the demo data) in each format.

Builds a fresh SQLite database with the demo data in a temporary folder (``kcn db upgrade``
and ``kcn demo load``, not timed), then times, best of ``KCN_BENCH_REPEAT`` (default 3):
building the report from the registries (every metric read), and rendering Markdown, HTML
(with its charts), DOCX and PDF (LibreOffice, once: it dominates). Reference: the report
should build in under 2 s and the DOCX in under 5 s on a small machine; the PDF adds
LibreOffice's start-up (a few seconds). Always exits 0; ``WARNING`` marks a missed goal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPEAT = max(1, int(os.environ.get("KCN_BENCH_REPEAT", "3")))
GOALS = {"build": 2.0, "docx": 5.0}


def best(run: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kcn-bench-report-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {**os.environ, "KCN_DATABASE_URL": url, "KCN_VAR_DIR": str(folder / "var")}
    kcn = str(Path(sys.executable).with_name("kcn"))
    for args in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([kcn, *args], env=env, check=True, capture_output=True)

    from sqlalchemy.orm import Session

    from kcn.db import make_engine
    from kcn.reports import docx, html, markdown, pdf, service

    try:
        with Session(make_engine(url)) as session:
            seconds, report = best(lambda: service.half_year(session, 2024, 1, "vi"))
            rows = [("build (every metric)", seconds)]
            for name, render in (("md", markdown.render), ("html", html.document),
                                 ("docx", docx.render)):  # fmt: skip
                rows.append((name, best(lambda r=render: r(report))[0]))
            if shutil.which("soffice") or shutil.which("libreoffice"):
                rows.append(("pdf (LibreOffice)", best(lambda: pdf.render(report), 1)[0]))
        for name, seconds in rows:
            print(f"report {name:<22} {seconds:7.3f} s")
        for key, goal in GOALS.items():
            found = next(s for n, s in rows if n.startswith(key))
            if found > goal:
                print(f"WARNING: report {key} took {found:.2f} s (goal {goal:.1f} s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
