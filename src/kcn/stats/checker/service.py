"""What the API, the page and ``kcn stats check`` call: check an uploaded file or a path.

Unreadable input becomes :class:`~kcn.kit.errors.ValidationFailed` on the field ``file`` (HTTP
422) for an upload, and :class:`~kcn.stats.checker.figure.LoadError` (one line) for a path;
a file over a limit raises :class:`~kcn.stats.limits.LimitExceeded` either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kcn.kit.errors import FieldError, ValidationFailed
from kcn.stats.checker.extract import Found, extract
from kcn.stats.checker.figure import Figures, LoadError, load_error_text
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
        reason = {"reason": load_error_text(exc, lang)}
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", reason)]
        ) from exc
    except RecursionError as exc:
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.unreadable", {"reason": "nested too deep"})]
        ) from exc
    except (ArithmeticError, ValueError) as exc:  # figures too odd for the arithmetic
        raise ValidationFailed(
            fields=[FieldError("file", "stats.check.uncheckable", {"reason": str(exc)})]
        ) from exc


def figures_of_upload(
    name: str, content: bytes, limits: UploadLimits | None = None, field: str = "file",
    lang: str = "vi",
) -> Figures:  # fmt: skip
    """The figures of an uploaded file (YAML, CSV by its name, or a report's text by its
    suffix); unreadable input is a 422 on ``field``."""
    try:
        text = content.decode("utf-8-sig")
        if name.lower().endswith(TEXT_SUFFIXES):
            return figures_of_text(text, name)
        return loads(text, name, is_csv=name.lower().endswith(".csv"), limits=limits)
    except UnicodeDecodeError as exc:
        raise ValidationFailed(fields=[FieldError(field, "stats.not_utf8")]) from exc
    except LoadError as exc:
        reason = {"reason": load_error_text(exc, lang)}
        raise ValidationFailed(
            fields=[FieldError(field, "stats.check.unreadable", reason)]
        ) from exc
    except RecursionError as exc:
        raise ValidationFailed(
            fields=[FieldError(field, "stats.check.unreadable", {"reason": "nested too deep"})]
        ) from exc


def load_any(path: Path, limits: UploadLimits | None = None) -> Figures:
    """The figures of the file at ``path``: YAML, CSV, or a report's text (by its suffix);
    :class:`LoadError` when it cannot be read."""
    try:
        if path.suffix.lower() in TEXT_SUFFIXES:
            return figures_of_text(read_text(path), str(path))
        return load(path, limits)
    except RecursionError:
        raise LoadError(str(path), "nested too deep to read", code="too_deep") from None


TEXT_SUFFIXES = (".txt", ".md", ".text")
"""A report given as text (``kcn stats check REPORT.txt``): its figures are extracted first."""


def figures_of_text(text: str, source: str) -> Figures:
    """The figures :func:`~kcn.stats.checker.extract.extract` reads in a report's text."""
    extraction = extract(text)
    if not extraction.figures:
        raise LoadError(source, "no figure found in the text", code="no_figure_in_text")
    return figures_from_mapping(extraction.to_mapping(), source)


def check_text(text: str, lang: str) -> dict[str, Any]:
    """The report on a report's text (the page's text box) as JSON-ready data in ``lang``,
    with ``passages``: each sentence holding a figure, cut into plain text and figures, each
    figure with its key and verdict (``differs`` when a finding names it, else ``unchallenged``:
    no contradiction found, which is not proof), and ``unread``: the numbers no rule read."""
    extraction = extract(text)
    if not extraction.figures:
        raise ValidationFailed(fields=[FieldError("text", "stats.check.no_figures")])
    try:
        data = report_data(check(figures_from_mapping(extraction.to_mapping(), "text")), lang)
    except (LoadError, ArithmeticError, ValueError) as exc:
        text_of = load_error_text(exc, lang) if isinstance(exc, LoadError) else str(exc)
        reason = {"reason": text_of}
        raise ValidationFailed(
            fields=[FieldError("text", "stats.check.uncheckable", reason)]
        ) from exc
    differs = {key for finding in data["findings"] for key in finding["keys"]}
    by_sentence: dict[int, list[Found]] = {}
    for found in extraction.figures:
        by_sentence.setdefault(found.sentence_start, []).append(found)
    passages = []
    for start, found_here in sorted(by_sentence.items()):
        sentence, at, pieces = found_here[0].sentence, 0, []
        for found in sorted(found_here, key=lambda f: f.start):
            local = found.start - start
            pieces.append({"text": sentence[at:local]})
            verdict = "differs" if found.key in differs else "unchallenged"
            pieces.append({"text": found.written, "key": found.key, "verdict": verdict,
                           "qualifier": found.qualifier})  # fmt: skip
            at = found.end - start
        pieces.append({"text": sentence[at:]})
        passages.append(pieces)
    data["passages"] = passages
    data["unread"] = [
        {"text": written, "sentence": sentence} for written, sentence in extraction.unread
    ]
    return data


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
        raise LoadError(str(path), "nested too deep to read", code="too_deep") from None
    except (ArithmeticError, ValueError) as exc:  # figures too odd for the arithmetic
        raise LoadError(str(path), f"cannot check the figures: {exc!r}", code="uncheckable",
                        reason=repr(exc)) from None  # fmt: skip
