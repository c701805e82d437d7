"""Import of enterprises, projects and leases from a spreadsheet, as officials keep them.

Every row is checked first and every problem reported at once (row, column, value, message):
:mod:`kcn.enterprises.import_reading`.
A real import is all-or-nothing: one problem and nothing is written; otherwise every new row is
created and every changed row updated, each with its audit record, in one transaction
(:mod:`kcn.enterprises.import_writing`). A row
is matched to a record by its key (tax code; certificate number; project and contract number),
so re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from kcn.enterprises import policy
from kcn.enterprises.import_reading import KINDS, Checker, Kind, Problem, Report, Row
from kcn.enterprises.import_writing import Writer
from kcn.enterprises.spreadsheets import read_cells, rows_of
from kcn.kit.jobs import JobFailed, Progress, Work
from kcn.kit.permissions import Action, Actor, require_write

__all__ = ["KINDS", "Kind", "Problem", "Report", "import_rows", "job_work", "require_import"]


def import_rows(
    session: Session,
    kind_name: str,
    rows: list[Row],
    actor: Actor,
    lang: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Check every row; unless ``dry_run`` or a problem, write them all in one transaction."""
    kind = KINDS[kind_name]
    require_import(actor, kind_name)
    run = Checker(session, kind, actor, lang)
    run.report.rows, run.report.dry_run = len(rows), dry_run
    run.preload(rows)
    checked = []
    step = max(1, len(rows) // 100)
    for i, (number, values) in enumerate(rows):
        data = run.check(number, values)
        if data is not None:
            checked.append(data)
        if progress and i % step == 0:
            progress(i, 2 * len(rows))
    if run.report.problems or dry_run:
        session.rollback()
        return run.report
    try:
        writer = Writer(run)
        with session.no_autoflush:
            for i, data in enumerate(checked):
                writer.write(data)
                if progress and i % step == 0:
                    progress(len(rows) + i, 2 * len(rows))
            writer.record()
        session.commit()
    except Exception:
        session.rollback()
        raise
    if progress:
        progress(2 * len(rows), 2 * len(rows))
    return run.report


def require_import(actor: Actor, kind_name: str) -> None:
    """401/403 now, before any work, unless ``actor`` may add records of that kind."""
    if KINDS[kind_name].name == "enterprise":
        require_write(actor, "enterprise", Action.add)
    else:
        policy.require_writer(actor, Action.add)


def job_work(
    sessions: Callable[[], Session],
    kind_name: str,
    filename: str,
    content: bytes,
    actor: Actor,
    lang: str,
    dry_run: bool,
) -> Work:
    """The import of an uploaded file as a job: read, check, write, with progress; a file
    with problems fails the job with its report (row by row)."""

    def work(progress: Progress) -> dict[str, Any]:
        cells = read_cells(filename, content)
        rows = rows_of(cells, KINDS[kind_name].columns)
        with sessions() as session:
            report = import_rows(session, kind_name, rows, actor, lang, dry_run, progress)
        result = {**report.as_dict(), "file": filename}
        if report.problems:
            raise JobFailed(result)
        return result

    return work
