"""What the API, the page and ``kcn stats check`` call: check an uploaded file or a path.

Unreadable input becomes :class:`~kcn.kit.errors.ValidationFailed` on the field ``file`` (HTTP
422) for an upload, and :class:`~kcn.stats.checker.figure.LoadError` (one line) for a path;
a file over a limit raises :class:`~kcn.stats.limits.LimitExceeded` either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.stats.checker.extract import extract
from kcn.stats.checker.figure import Figures, LoadError
from kcn.stats.checker.loading import figures_from_mapping, load, loads, read_text
from kcn.stats.checker.report import Report, check, report_data
from kcn.stats.limits import UploadLimits


def check_upload(
    name: str, content: bytes, lang: str, limits: UploadLimits | None = None
) -> dict[str, Any]:
    """The report on an uploaded file (YAML, or CSV by its name) as JSON-ready data in
    ``lang``, the same check as ``kcn stats check``."""
    try:
        text = content.decode("utf-8-sig")
        figures = loads(text, name, is_csv=name.lower().endswith(".csv"), limits=limits)
        return report_data(check(figures), lang)
    except UnicodeDecodeError as exc:
        raise ValidationFailed(fields=[FieldError("file", "stats.not_utf8")]) from exc
    except LoadError as exc:
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", {"reason": str(exc)})]
        ) from exc
    except RecursionError as exc:
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", {"reason": "nested too deep"})]
        ) from exc
    except (ArithmeticError, ValueError) as exc:  # figures too odd for the arithmetic
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.uncheckable", {"reason": str(exc)})]
        ) from exc


TEXT_SUFFIXES = (".txt", ".md", ".text")
"""A report given as text (``kcn stats check REPORT.txt``): its figures are extracted first."""


def figures_of_text(text: str, source: str) -> Figures:
    """The figures :func:`~kcn.stats.checker.extract.extract` reads in a report's text."""
    extraction = extract(text)
    if not extraction.figures:
        raise LoadError(source, "no figure found in the text")
    return figures_from_mapping(extraction.to_mapping(), source)


def check_path(path: Path, limits: UploadLimits | None = None) -> Report:
    """The report on the file at ``path`` (figures, or a report's text by its suffix);
    :class:`LoadError` when it cannot be read or its figures cannot be checked."""
    try:
        if path.suffix.lower() in TEXT_SUFFIXES:
            return check(figures_of_text(read_text(path), str(path)))
        return check(load(path, limits))
    except LoadError:
        raise
    except RecursionError:
        raise LoadError(str(path), "nested too deep to read") from None
    except (ArithmeticError, ValueError) as exc:  # figures too odd for the arithmetic
        raise LoadError(str(path), f"cannot check the figures: {exc!r}") from None
