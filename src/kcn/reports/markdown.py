"""The report as Markdown (charts are listed by title with their values as a table)."""

from __future__ import annotations

from kcn.kit.i18n import fmt_number, translate
from kcn.reports.model import Chart, Paragraph, Report, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    lines = ["| " + " | ".join(map(_cell, headers)) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return lines


def render(report: Report) -> str:
    lines = [
        f"{report.agency_parent}  ",
        f"**{report.agency}**  ",
        report.number_line,
        "",
        f"**{report.motto[0]}**  ",
        f"**{report.motto[1]}**",
        "",
        f"*{report.place_date}*",
        "",
        f"# {report.kind}",
        "",
        f"**{report.title}**",
        "",
    ]
    for n, section in enumerate(report.sections, 1):
        lines += [f"## {n}. {section.title}", ""]
        if section.is_demo:
            lines += [f"> {report.demo_note}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [block.text, ""]
            elif isinstance(block, Table):
                lines += [f"*{block.caption}*", "", *_table(block.headers, block.rows), ""]
            elif isinstance(block, Chart):
                rows = tuple(
                    (label, fmt_number(v, report.lang))
                    for label, v in zip(block.labels, block.values, strict=True)
                )
                lines += [f"*{block.title}*", "", *_table(("", block.unit_label), rows), ""]
    lines += [f"**{translate('report.recipients', report.lang)}**", ""]
    lines += [f"- {r}" for r in report.recipients]
    lines += ["", f"**{report.signer}**", ""]
    return "\n".join(lines)
