"""Build a :class:`~kcn.reports.model.Report` from the registries: the heading of Decree
30/2020 (agency, national title and motto, number and date line) and every registered section
in order."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from sqlalchemy.orm import Session

from kcn.kit.errors import FieldError, NotFound, ValidationFailed
from kcn.kit.i18n import LANGUAGES, translate
from kcn.reports.figures import Figures
from kcn.reports.model import Report, ReportRequest
from kcn.reports.sections import (  # noqa: F401  (each module registers its section)
    Ctx,
    all_sections,
    clearance,
    clusters,
    enterprises,
    investment,
    pending,
    production,
    zones,
)
from kcn.stats.service import province_on

FIRST_YEAR, LAST_YEAR = 2000, 2100


def check(year: int, half: int, lang: str, as_of: date | None = None) -> None:
    """422 / exit 2 with field messages for a request no report can be built for (a day to
    read the registries on outside the years a report may cover, too: the report compares
    with a year before)."""
    errors = []
    years = {"low": FIRST_YEAR, "high": LAST_YEAR}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.append(FieldError("year", "report.bad_year", years))
    if as_of is not None and not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        errors.append(FieldError("as_of", "report.bad_year", years))
    if half not in (1, 2):
        errors.append(FieldError("half", "report.bad_half"))
    if lang not in LANGUAGES:
        errors.append(FieldError("lang", "field.choice", {"expected": ", ".join(LANGUAGES)}))
    if errors:
        raise ValidationFailed(fields=errors)


def date_line(place: str, day: date, lang: str) -> str:
    """``Bắc Giang, ngày 05 tháng 3 năm 2026`` (a leading zero for days below 10 and for
    months 1 and 2, as Decree 30/2020 writes them) / ``Bắc Giang, 5 March 2026``."""
    key = "report.date_format.early_month" if day.month <= 2 else "report.date_format"
    shown = format_date(day, translate(key, lang), locale=lang)
    return translate("report.date_line", lang, place=place, date=shown)


def province_name(session: Session, day: date) -> str:
    try:
        name = province_on(session, day).name
    except AssertionError:  # no administrative units: nothing to report on
        raise NotFound("report.no_units") from None
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def build_report(session: Session, request: ReportRequest) -> Report:
    check(request.year, request.half, request.lang, request.as_of)
    lang = request.lang
    province = province_name(session, request.end)
    ctx = Ctx(Figures(session, request), request)
    sections = [s.build(ctx) for s in all_sections()]
    period = translate(f"report.half.{request.half}", lang, year=str(request.year))
    return Report(
        lang=lang,
        province=province,
        agency_parent=translate("report.agency_parent", lang, province=province).upper(),
        agency=translate("report.agency", lang).upper(),
        number_line=translate("report.number_line", lang),
        place_date=date_line(province, request.on, lang),
        kind=translate("report.kind", lang).upper(),
        title=translate("report.title", lang, period=period, province=province),
        sections=sections,
        recipients=[
            translate(f"report.recipient.{k}", lang) for k in ("ppc", "dpi", "moit", "archive")
        ],
        signer=translate("report.signer", lang),
        demo_note=translate("report.demo_note", lang),
        no_data_text=translate("report.no_data", lang),
        motto=(translate("report.national_title", lang), translate("report.motto", lang)),
    )
