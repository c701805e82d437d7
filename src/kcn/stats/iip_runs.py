"""The IIP from uploaded files: the three tables read and checked row by row, the index
computed as a background job, and its rows presented (JSON, a page, CSV and XLSX).

A run is a job of kind ``stats.iip`` (``kcn.jobs``); its result holds the rows, so no table
of its own is needed. The work:

1. reads each upload (CSV or XLSX, within the upload limits, :mod:`kcn.stats.spreadsheet`);
2. checks every row: required columns, integers, months 1–12, quantities ≥ 0, weights > 0,
   4-digit VSIC codes, levels. Any bad row fails the run with a row-by-row report (file, row,
   column, message in the request's language) and nothing is computed;
3. writes the checked rows as plain CSV in a temporary folder and runs
   :func:`kcn.stats.iip.output.run` on them (total, section and division rows). Missing
   weights, or a run that gives no row, fail the run with the engine's one-line reason.

Each result row: ``province, level, code, year, month, index, growth_pct, contribution_pp,
growth_ytd_pct, contribution_ytd_pp, share_pct``, the figures as decimal strings rounded to
4 places (``None`` when the period compared with is missing). ``share_pct`` is the row's
**weight** share of the total (base-year weights), not a ratio of indices.
"""

from __future__ import annotations

import csv
import math
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kcn.kit.errors import DomainError, FieldError, ValidationFailed
from kcn.kit.export import Column
from kcn.kit.i18n import in_language, translate
from kcn.kit.jobs import JobFailed, Progress
from kcn.stats import spreadsheet
from kcn.stats.importer import plain_number
from kcn.stats.indicators import VSIC_SECTIONS
from kcn.stats.limits import UploadLimits

KIND = "stats.iip"
"""The job kind of an IIP run."""

LEVELS = ("total", "section", "division")
FIGURES = (
    "index",
    "growth_pct",
    "contribution_pp",
    "growth_ytd_pct",
    "contribution_ytd_pp",
    "share_pct",
)
MAX_ERRORS = 200
"""A bad file is reported up to this many problems (then the report says there are more)."""
PLACES = Decimal("0.0001")
CHECK_EVERY = 5_000  # progress is reported every this many rows checked

INPUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "micro": (("province", "enterprise", "product", "year", "month", "quantity"), ()),
    "product_weights": (("product", "vsic4", "weight"), ("province",)),
    "industry_weights": (("level", "code", "weight"), ("province",)),
}
"""Each upload: its required columns, then its optional ones (other columns are ignored)."""


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the form field it came in, its name and its bytes."""

    field: str
    filename: str
    content: bytes


class IipInputError(Exception):
    """The uploads have bad rows: ``errors`` is the row-by-row report."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problems")


def _error(
    upload: Upload, row: int, where: str, key: str, lang: str, **params: Any
) -> dict[str, Any]:
    return {
        "file": upload.filename,
        "row": row,
        "field": f"{upload.field}.{where}" if where else upload.field,
        "message": translate(key, lang, **params),
    }


def _number(value: Any) -> Decimal | None:
    """A finite decimal from a cell (Vietnamese-written text allowed), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    else:
        try:
            number = Decimal(plain_number(str(value).strip()))
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def _integer(value: Any) -> int | None:
    number = _number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _check_cell(column: str, value: Any) -> tuple[str, dict[str, Any]] | str | None:
    """The problem with one cell as ``(message key, params)``, its plain text when it is
    fine (numbers normalised), or None for an empty optional cell."""
    text = "" if value is None else str(value).strip()
    if column == "province" and not text:
        return None
    if not text:
        return ("field.required", {})
    if column == "year":
        year = _integer(value)
        if year is None:
            return ("field.integer", {})
        if not 1900 <= year <= 2200:
            return ("stats.iip.bad_year", {})
        return str(year)
    if column == "month":
        month = _integer(value)
        if month is None:
            return ("field.integer", {})
        if not 1 <= month <= 12:
            return ("stats.iip.bad_month", {})
        return str(month)
    if column in ("quantity", "weight"):
        number = _number(value)
        if number is None:
            return ("field.number", {})
        if column == "quantity" and number < 0:
            return ("stats.iip.negative", {})
        if column == "weight" and number <= 0:
            return ("stats.iip.not_positive", {})
        return str(number)
    if column == "vsic4":
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = f"{int(value):04d}"  # a spreadsheet that took the code for a number
        if not (len(text) == 4 and text.isdigit()):
            return ("stats.iip.bad_vsic4", {})
        return text
    if column == "level" and text.lower() not in ("vsic4", "division", "section"):
        return ("field.choice", {"expected": "vsic4, division, section"})
    return text.lower() if column == "level" else text


def read_cells(
    upload: Upload, limits: UploadLimits, lang: str, errors: list[dict[str, Any]]
) -> list[list[Any]] | None:
    """The cells of one upload within the limits, or None with the problem in ``errors``."""
    try:
        return spreadsheet.read_table(upload.filename, upload.content, limits)
    except DomainError as exc:  # over a limit, not UTF-8, not a workbook: the file, row 0
        problems = [(f.key, f.params) for f in exc.fields] or [(exc.key, exc.params)]
        errors.extend(_error(upload, 0, "", key, lang, **params) for key, params in problems)
        return None


def check_upload(
    upload: Upload,
    cells: list[list[Any]],
    lang: str,
    errors: list[dict[str, Any]],
    progress: Progress | None = None,
    done: int = 0,
    total: int = 0,
) -> list[list[str]]:
    """The checked rows of one upload's cells (header first), problems appended to
    ``errors``; ``progress`` hears of every :data:`CHECK_EVERY` rows, counted from ``done``."""
    required, optional = INPUTS[upload.field]
    header = [str(c or "").strip().lower() for c in (cells[0] if cells else [])]
    missing = [c for c in required if c not in header]
    if missing:
        for column in missing:
            errors.append(
                _error(upload, 1, column, "stats.iip.missing_column", lang, column=column)
            )
        return []
    before = len(errors)
    columns = [c for c in (*required, *optional) if c in header]
    where = {c: header.index(c) for c in columns}
    rows: list[list[str]] = [columns]
    for number, raw in enumerate(cells[1:], start=2):
        if not any(c not in (None, "") and str(c).strip() for c in raw):
            continue
        line: list[str] = []
        for column in columns:
            index = where[column]
            found = _check_cell(column, raw[index] if index < len(raw) else None)
            if isinstance(found, tuple):
                if len(errors) <= MAX_ERRORS:
                    errors.append(_error(upload, number, column, found[0], lang, **found[1]))
                line.append("")
            else:
                line.append(found or "")
        rows.append(line)
        if progress is not None and number % CHECK_EVERY == 0:
            progress(min(done + number - 1, total - 1), total)
    if len(rows) == 1 and len(errors) == before:
        errors.append(_error(upload, 0, "", "stats.iip.empty_file", lang))
    return rows


def _write(folder: Path, name: str, rows: list[list[str]]) -> Path:
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _decimal(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return str(Decimal(str(value)).quantize(PLACES))


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    """Each month: the total, then every section followed by its divisions."""
    level, code = row["level"], row["code"]
    section = code if level == "section" else row.get("section", "")
    return (
        row["province"],
        row["year"],
        row["month"],
        level != "total",
        section,
        level != "section",
        code,
    )


def compute(
    uploads: list[Upload],
    base_year: int,
    lang: str,
    limits: UploadLimits,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The work of an IIP run: check the uploads, compute, and give the result of the job.
    Raises :class:`IipInputError` with the row-by-row report, or with one problem naming
    why the engine gave no index."""
    errors: list[dict[str, Any]] = []
    tables = [(upload, read_cells(upload, limits, lang, errors)) for upload in uploads]
    total = sum(max(len(cells) - 1, 0) for _, cells in tables if cells) + 1  # + the index
    checked: dict[str, list[list[str]]] = {}
    done = 0
    for upload, cells in tables:
        if cells is not None:
            checked[upload.field] = check_upload(upload, cells, lang, errors, progress, done, total)
            done += max(len(cells) - 1, 0)
    if errors:
        raise IipInputError(errors[:MAX_ERRORS])
    rows_in = sum(len(r) - 1 for r in checked.values())
    if progress is not None:
        progress(total - 1, total)
    from kcn.stats.iip.output import IipError, run  # DuckDB (27 MB) only when computing

    with tempfile.TemporaryDirectory(prefix="kcn-iip-") as folder:
        paths = {name: _write(Path(folder), name, rows) for name, rows in checked.items()}
        try:
            found = run(
                paths["micro"],
                paths["product_weights"],
                paths["industry_weights"],
                base_year,
                levels=LEVELS,
            )
        except IipError as exc:
            raise IipInputError(
                [
                    {
                        "file": "",
                        "row": 0,
                        "field": "",
                        "message": translate(
                            "stats.iip.failed", lang, detail=str(exc).removeprefix("iip: ")
                        ),
                    }
                ]
            ) from None
    rows = []
    for row in found:
        item = {k: row[k] for k in ("province", "level", "code", "year", "month")}
        item.update({k: _decimal(row.get(k)) for k in FIGURES})
        item["section"] = section_of(row["level"], row["code"])
        rows.append(item)
    rows.sort(key=_order)
    if progress is not None:
        progress(total, total)
    return {
        "base_year": base_year,
        "files": [f"{u.field}: {u.filename}" for u in uploads],
        "input_rows": rows_in,
        "count": len(rows),
        "rows": rows,
    }


def section_of(level: str, code: str) -> str:
    """The VSIC section (B–E) of a section or division code; '' for the total."""
    if level == "section":
        return code
    if level == "division" and code.isdigit():
        number = int(code)
        for section, low, high in (("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39)):
            if low <= number <= high:
                return section
    return ""


def work(uploads: list[Upload], base_year: int, lang: str, limits: UploadLimits) -> Any:
    """The run as a job's work: bad input ends the job as failed, with the report."""

    def run_job(progress: Progress) -> dict[str, Any]:
        try:
            return compute(uploads, base_year, lang, limits, progress)
        except IipInputError as exc:
            raise JobFailed({"base_year": base_year, "errors": exc.errors}) from None

    return run_job


def check_base_year(value: str | None) -> int:
    """The base year of a form, or a 422 naming the field."""
    year = _integer(value) if value not in (None, "") else None
    if year is None:
        raise ValidationFailed(fields=[FieldError("base_year", "field.integer")])
    if not 1990 <= year <= 2100:
        raise ValidationFailed(fields=[FieldError("base_year", "stats.iip.bad_base_year")])
    return year


def name_of(row: dict[str, Any], lang: str) -> str:
    """The row's name in ``lang``: the whole of industry, a section's or a division's."""
    if row["level"] == "total":
        return translate("stats.total", lang)
    if row["level"] == "section" and row["code"] in VSIC_SECTIONS:
        vi, en = VSIC_SECTIONS[row["code"]]
        return in_language(lang, vi=vi, en=en)
    return translate("stats.iip.division", lang, code=row["code"])


def months(result: dict[str, Any]) -> list[str]:
    """The months of a result, ``YYYY-MM``, newest first."""
    found = {f"{r['year']}-{r['month']:02d}" for r in result.get("rows", [])}
    return sorted(found, reverse=True)


def rows_of(result: dict[str, Any], month: str | None, lang: str) -> list[dict[str, Any]]:
    """The rows of one month (``YYYY-MM``; None: every month), each with its ``name``."""
    chosen = [
        r
        for r in result.get("rows", [])
        if month is None or f"{r['year']}-{r['month']:02d}" == month
    ]
    return [{**r, "name": name_of(r, lang)} for r in chosen]


def _cell(key: str) -> Any:
    def value(row: dict[str, Any], _lang: str) -> Any:
        found = row.get(key)
        return Decimal(found) if key in FIGURES and found is not None else found

    return value


EXPORT_COLUMNS = [
    Column(key, _cell(key), width, f"stats.iip.column.{key}")
    for key, width in (
        ("province", 10),
        ("level", 10),
        ("code", 8),
        ("name", 40),
        ("year", 8),
        ("month", 8),
        ("index", 12),
        ("growth_pct", 12),
        ("contribution_pp", 14),
        ("growth_ytd_pct", 14),
        ("contribution_ytd_pp", 16),
        ("share_pct", 12),
    )
]
"""The columns of the CSV and XLSX of a run (headers ``stats.iip.column.<key>``)."""


def as_numbers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their figures as :class:`~decimal.Decimal` (for a page's formatters)."""
    return [
        {**r, **{k: None if r.get(k) is None else Decimal(r[k]) for k in FIGURES}} for r in rows
    ]
