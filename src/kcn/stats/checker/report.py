"""Run the checks over figures and report: :func:`check`, :class:`Report`, :func:`report_data`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kcn.kit.i18n import translate
from kcn.stats.checker.checks import CHECKS
from kcn.stats.checker.figure import Figure, Figures
from kcn.stats.checker.registry import Check, Derived, Finding, Skipped


@dataclass(frozen=True)
class Report:
    source: str
    checks: tuple[str, ...]
    findings: tuple[Finding, ...]
    derived: tuple[Derived, ...]
    skipped: tuple[Skipped, ...]
    tested: int = 0
    unknown: tuple[str, ...] = ()
    split_texts: tuple[str, ...] = ()  # tails of texts cut at a comma inside {…}

    @property
    def ok(self) -> bool:
        """The figures agree: no finding, and at least one relation was compared."""
        return not self.findings and self.tested > 0

    @property
    def status(self) -> str:
        """``consistent``, ``inconsistent`` or ``nothing_checked``."""
        if self.findings:
            return "inconsistent"
        return "consistent" if self.tested else "nothing_checked"

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data; numbers as decimal strings, unrounded."""
        data: dict[str, Any] = {"source": self.source, "ok": self.ok, "checks": list(self.checks)}
        data |= {"status": self.status, "tested": self.tested, "unknown": list(self.unknown)}
        data["split_texts"] = list(self.split_texts)
        for name in ("findings", "derived", "skipped"):
            data[name] = [_jsonable(item) for item in getattr(self, name)]
        return data


def _jsonable(item: Any) -> Any:
    if isinstance(item, Decimal):
        return str(item)
    if isinstance(item, Figure):
        return {**_jsonable(vars(item)), "interval": _jsonable(item.interval)}
    if isinstance(item, Finding):
        return {"check": item.check, "keys": list(item.keys), **_jsonable(vars(item))}
    if hasattr(item, "__dataclass_fields__"):
        return _jsonable(vars(item))
    if isinstance(item, dict):
        return {key: _jsonable(value) for key, value in item.items()}
    if isinstance(item, list | tuple):
        return [_jsonable(value) for value in item]
    return item


def check(figures: Figures, checks: Sequence[Check] | None = None) -> Report:
    """Run ``checks`` (default: every check of :data:`~kcn.stats.checker.checks.CHECKS`)."""
    if checks is None:
        checks = CHECKS
    findings: list[Finding] = []
    derived: list[Derived] = []
    skipped: list[Skipped] = []
    tested = 0
    for item in checks:
        outcome = item.evaluate(figures)
        tested += outcome.tested
        findings += outcome.findings
        derived += outcome.derived
        skipped += outcome.skipped
    return Report(
        figures.source,
        tuple(item.name for item in checks),
        tuple(findings),
        tuple(derived),
        tuple(skipped),
        tested,
        figures.unknown,
        figures.split_texts,
    )


def report_data(report: Report, lang: str) -> dict[str, Any]:
    """The report as JSON-ready data, with each text in ``lang`` (for the API and the page)."""
    data = report.to_dict()
    for item in data["findings"]:
        item["message"] = translate(f"stats.finding.{item['code']}", lang)
    for item in data["derived"]:
        item["label"] = translate(f"stats.derived.{item['code']}", lang)
    for item in data["skipped"]:
        item["message"] = translate(f"stats.skipped.{item['code']}", lang, **item["params"])
    data["notes"] = []  # what the file says that the checker could not read, in ``lang``
    if report.unknown:
        keys = ", ".join(report.unknown)
        data["notes"].append(translate("stats.check.unknown_keys", lang, keys=keys))
    if report.split_texts:
        keys = ", ".join(report.split_texts)
        data["notes"].append(translate("stats.check.split_texts", lang, keys=keys))
    return data
