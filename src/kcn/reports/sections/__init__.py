"""The registry of report sections. A section is a small class with a ``key``, an ``order``
and ``build(ctx) -> Section``; registering it puts it in every report, in order. Adding a
section means adding one module here (imported by :mod:`kcn.reports.builder`) and its test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from kcn.kit.i18n import fmt_date, translate
from kcn.reports.figures import Figure, Figures
from kcn.reports.model import Paragraph, ReportRequest, Section


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class Ctx:
    """What a section reads: the figures of the report, its request and language."""

    figures: Figures
    request: ReportRequest

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def before(self) -> date:
        """The day before the half began: the date figures are compared with."""
        return self.request.start - timedelta(days=1)

    def versus(self, now: Figure, before: Figure, shown: str) -> str:
        """``; tăng so với cùng kỳ năm 2023 (…)``: the verb from comparing a figure of the half
        with the same figure of the same half a year before (``shown``: that figure as the
        sentence states it); empty when either is missing or the earlier one read no record
        (KCN did not keep those records yet: "up from 0" would be made up). No difference is
        computed."""
        if now.value is None or before.value is None or not before.records:
            return ""
        way = "up" if now.value > before.value else "down" if now.value < before.value else "flat"
        year = str(self.request.year - 1)
        return self.t(f"report.versus_last_year.{way}", year=year, before=shown)

    def t(self, key: str, **params: object) -> str:
        return translate(key, self.lang, **params)

    def day(self, value: date) -> str:
        return fmt_date(value, self.lang)

    def empty(self, key: str) -> Section:
        """A section with no data, saying so plainly."""
        return Section(
            key,
            self.t(f"report.section.{key}"),
            [Paragraph(self.t("report.no_data"))],
            has_data=False,
        )


class ReportSection(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...

    def build(self, ctx: Ctx) -> Section: ...


_SECTIONS: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    if section.key in _SECTIONS and _SECTIONS[section.key] is not section:
        raise ValueError(f"report section {section.key} is registered twice")
    _SECTIONS[section.key] = section
    return section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def get(key: str) -> ReportSection:
    return _SECTIONS[key]


def all_sections() -> list[ReportSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


class CallableSection(ReportSection, Protocol):
    def __call__(self, ctx: Ctx) -> Section: ...


def section(key: str, order: int) -> Callable[[Callable[[Ctx], Section]], CallableSection]:
    """Register a build function as a section: ``@section("zones", 10)``; the module's
    function stays callable (``zones.build(ctx)``)."""

    def wrap(build: Callable[[Ctx], Section]) -> CallableSection:
        @dataclass(frozen=True)
        class _Section:
            key: str
            order: int

            def build(self, ctx: Ctx) -> Section:
                return build(ctx)

            def __call__(self, ctx: Ctx) -> Section:
                return build(ctx)

        found = _Section(key, order)
        register(found)
        return found

    return wrap
