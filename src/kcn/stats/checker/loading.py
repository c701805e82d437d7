"""Read a file of figures: YAML in the layout of the facts file, or CSV key,value,qualifier.

YAML layout. A figure is a number under one of ``FIGURE_FIELDS`` (``value``, ``count``,
``area_ha``, ``growth_pct``…), or any entry of a mapping whose name ends in ``_pct``, ``_pp``
or ``_ha`` and which has no ``value`` (``production_growth_by_district_pct``: one figure per
district). ``line``, ``unit``, ``name_vi``… are metadata. ``qualifier: about`` applies to the
figures of its mapping, except counts (``count``, ``of``) when the mapping also has a measure
("9 parks, about 2,238 ha"); ``qualifier: {area_ha: about}`` sets it figure by figure.
Qualifiers are named in English or Vietnamese (khoảng, ước, hơn/trên, gần). Lists are not
figures. Keys must not contain ``.``.

Uploaded YAML is read by :mod:`kcn.stats.checker.safe_yaml`: no anchors or aliases, and a
capped nesting depth.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from kcn.kit.periods import Period, PeriodError
from kcn.stats.checker import safe_yaml
from kcn.stats.checker.figure import (
    COUNT_FIELDS,
    FIGURE_FIELDS,
    FIGURE_MAP_SUFFIXES,
    META_FIELDS,
    NUMBER,
    NUMBER_STYLES,
    VI_NUMBER,
    Figure,
    Figures,
    LoadError,
    parse_figure,
)
from kcn.stats.limits import LimitExceeded, UploadLimits


class _Reading:
    """What a walk over a facts mapping collects besides the figures."""

    def __init__(self, source: str, style: str) -> None:
        self.source, self.style = source, style
        self.unknown: list[str] = []
        self.split: list[str] = []  # tails of texts cut at a comma inside {…}
        self.breakdowns: dict[str, bool] = {}


def _walk(node: Mapping[str, Any], path: str, reading: _Reading, unit: str) -> Iterator[Figure]:
    qualifier = node.get("qualifier", "")
    unit = node["unit"] if isinstance(node.get("unit"), str) else unit
    is_figure_map = path.endswith(FIGURE_MAP_SUFFIXES) and "value" not in node
    scalars = [
        name
        for name, child in node.items()
        if isinstance(child, str)
        and name not in META_FIELDS
        and (name in FIGURE_FIELDS or is_figure_map)
    ]
    has_measure = any(name not in COUNT_FIELDS for name in scalars)
    declared = node.get("breakdown")
    if isinstance(declared, str):
        if declared not in BREAKDOWNS:
            problem = f"breakdown: expected complete or partial, got {declared!r}"
            raise LoadError(reading.source, problem, path, code="bad_breakdown", got=declared)
        reading.breakdowns[path] = declared == "complete"
    for name, child in node.items():
        key = f"{path}.{name}" if path else str(name)
        if isinstance(child, Mapping) and name != "qualifier":
            yield from _walk(child, key, reading, unit)
        elif name in scalars:
            if isinstance(qualifier, Mapping):
                given = qualifier.get(name, "")
            else:
                given = "" if name in COUNT_FIELDS and has_measure else qualifier
            yield parse_figure(key, child, given, reading.source, reading.style, unit)
        elif isinstance(child, str) and name not in META_FIELDS:
            if _split_text(name, child):
                reading.split.append(key)
            elif _unread(child):
                reading.unknown.append(key)


def _unread(text: str) -> bool:
    """A scalar that looks like a figure under a name the checker does not read (a misspelt
    ``valu: 3``): the file does not say what its writer meant."""
    return bool(NUMBER.fullmatch(text.strip()) or VI_NUMBER.fullmatch(text.strip()))


def _split_text(name: str, text: str) -> bool:
    """The tail of a text that a comma split inside ``{…}``: ``{name_vi: Công nghiệp chế
    biến, chế tạo}`` unquoted reads as ``name_vi: Công nghiệp chế biến`` and a key ``chế
    tạo`` without a value. A key without a value that is not a plain ASCII name is that."""
    return text == "" and not (name.isascii() and name.isidentifier())


BREAKDOWNS = ("complete", "partial")


def figures_from_mapping(data: Any, source: str = "<data>") -> Figures:
    """The figures of a facts mapping whose scalars are strings (``yaml.BaseLoader``).

    ``number_style: vi`` at the top reads numbers as officials type them ("3.370" is 3370,
    "1.671,5" is 1671.5); ``unit`` (tỷ đồng, triệu đồng…) applies to the money figures of its
    mapping and below; ``breakdown: complete|partial`` in a ``by_…`` mapping declares whether
    its parts cover the whole. Scalars that are neither figures nor metadata are named in
    ``Figures.unknown``."""
    if not isinstance(data, Mapping):
        raise LoadError(source, "expected a mapping of figures at the top level",
                        code="not_a_mapping")  # fmt: skip
    style = data.get("number_style", "en")
    if style not in NUMBER_STYLES:
        raise LoadError(source, f"number_style: expected en or vi, got {style!r}",
                        code="bad_number_style", got=style)  # fmt: skip
    reading = _Reading(source, str(style))
    figures = Figures(_walk(data, "", reading, ""), source)
    figures.unknown = tuple(reading.unknown)
    figures.split_texts = tuple(reading.split)
    figures.breakdowns = reading.breakdowns
    figures.period = period_text(data.get("period"))
    if not figures:
        raise _nothing(source, reading)
    return figures


def period_text(declared: Any) -> str:
    """The period a file declares, in its normal name: ``{year: 2024, half: 1}`` →
    ``2024-H1``, ``{year: 2024, quarter: 2}`` → ``2024-Q2``, ``{year: 2024, month: 6}`` →
    ``2024-06``, ``{year: 2024}`` → ``2024``, or a written period (``2024-01..05``); "" when
    none is declared or it cannot be read."""
    if isinstance(declared, Mapping):
        year = str(declared.get("year", ""))
        if not year.isdigit():
            return ""
        parts = {"half": "H", "quarter": "Q"}
        for name, letter in parts.items():
            if str(declared.get(name, "")).isdigit():
                declared = f"{year}-{letter}{declared[name]}"
                break
        else:
            month = str(declared.get("month", ""))
            declared = f"{year}-{int(month):02d}" if month.isdigit() else year
    if not isinstance(declared, str) or not declared:
        return ""
    try:
        return str(Period.parse(declared.strip()))
    except PeriodError:
        return ""


def _nothing(source: str, reading: _Reading) -> LoadError:
    """The error of a file without figures, naming what it could not read."""
    if reading.split:
        keys = ", ".join(reading.split[:10])
        problem = f"no figures found; texts cut at a comma: {keys}{SPLIT_HINT}"
        return LoadError(source, problem, code="split_text", keys=keys)
    if reading.unknown:
        keys = ", ".join(reading.unknown[:10])
        problem = f"no figures found; keys not understood: {keys}{UNREAD_HINT}"
        return LoadError(source, problem, code="no_figures_unknown", keys=keys)
    return LoadError(source, "no figures found", code="no_figures")


SPLIT_HINT = (
    " (inside {…} a comma ends the text: quote a text that holds one,"
    ' name_vi: "Công nghiệp chế biến, chế tạo")'
)


UNREAD_HINT = (
    " (figures are read under value, count, area_ha, growth_pct, plan_pct, plan, share_pct,"
    " contribution_pp, of; quote a text with a comma inside {…})"
)


def figures_from_csv(text: str, source: str = "<csv>", max_rows: int | None = None) -> Figures:
    """The figures of CSV text with a header ``key,value[,qualifier]``, at most ``max_rows``."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip() for name in reader.fieldnames or []}
    if not {"key", "value"} <= columns:
        raise LoadError(source, "expected the columns key,value,qualifier", code="csv_columns")
    found: dict[str, Figure] = {}
    for line, row in enumerate(reader, start=2):
        if max_rows is not None and line - 1 > max_rows:
            raise LimitExceeded("rows", max_rows)
        cells = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue
        key = cells.get("key", "")
        if not key:
            raise LoadError(source, f"line {line}: no key", code="csv_no_key", line=line)
        if key in found:
            raise LoadError(source, f"line {line}: the key is given twice", key,
                            code="csv_key_twice", line=line)  # fmt: skip
        try:
            found[key] = parse_figure(
                key, cells.get("value", ""), cells.get("qualifier", ""), source
            )
        except LoadError as exc:
            raise exc.at_line(line) from None
    if not found:
        raise LoadError(source, "no figures found", code="no_figures")
    return Figures(found.values(), source)


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``, or a one-line :class:`LoadError`."""
    source = str(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LoadError(source, "no such file", code="no_such_file") from None
    except UnicodeDecodeError:
        raise LoadError(source, "not UTF-8 text", code="not_utf8") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise LoadError(source, reason, code="os_error", reason=reason) from None


def load(path: str | Path, limits: UploadLimits | None = None) -> Figures:
    """The figures of a YAML or (by its suffix) CSV file."""
    path = Path(path)
    text = read_text(path)
    return loads(text, str(path), is_csv=path.suffix.lower() == ".csv", limits=limits)


def loads(
    text: str, source: str, is_csv: bool = False, limits: UploadLimits | None = None
) -> Figures:
    """The figures of YAML text, or of CSV text (``key,value,qualifier``), within ``limits``
    (default: from the settings); over a limit raises :class:`LimitExceeded`."""
    limits = limits or UploadLimits.from_settings()
    if is_csv:
        try:
            return figures_from_csv(text, source, limits.rows)
        except csv.Error as exc:
            raise LoadError(
                source, f"not valid CSV: {exc}", code="bad_csv", reason=str(exc)
            ) from None
    try:
        data = safe_yaml.load(text, limits.depth)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        line = mark.line + 1 if mark is not None else None
        raise LoadError(source, f"not valid YAML: {problem}{where}", code="bad_yaml",
                        line=line, detail=problem) from None  # fmt: skip
    return figures_from_mapping(data, source)
