"""The report as HTML: a fragment for the preview page and a standalone document (with its
own print style) for download. Text is escaped; charts are PNG data URIs."""

from __future__ import annotations

from html import escape

from kcn.kit.i18n import translate
from kcn.reports.charts import data_uri
from kcn.reports.model import Chart, Paragraph, Report, Table

STYLE = """
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; max-width: 170mm;
       margin: 20mm auto; line-height: 1.4; }
.report-head { display: flex; justify-content: space-between; text-align: center; gap: 1em; }
.report-head p { margin: 0; }
.report-motto u { text-decoration: underline; }
.report-date { text-align: right; font-style: italic; }
.report-kind { text-align: center; font-weight: bold; margin-bottom: 0; }
.report-title { text-align: center; font-weight: bold; margin-top: 0; }
.report p.body { text-align: justify; text-indent: 1.27cm; }
.report table { border-collapse: collapse; width: 100%; font-size: 11pt; }
.report th, .report td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
.report figure img { max-width: 100%; }
.report .no-data { font-style: italic; }
"""


def _block(block: Paragraph | Table | Chart, charts: bool) -> str:
    if isinstance(block, Paragraph):
        return f'<p class="body">{escape(block.text)}</p>'
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.headers)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
        )
        caption = escape(block.caption)
        return (
            f'<div class="table-wrap" tabindex="0" role="region" aria-label="{caption}">'
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr>"
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
    if not charts:
        return ""
    return (
        f'<figure><img src="{data_uri(block)}" alt="{escape(block.title)}">'
        f"<figcaption>{escape(block.title)}</figcaption></figure>"
    )


def fragment(report: Report, charts: bool = True) -> str:
    """The report's body, for the preview page and the standalone document."""
    out = [
        '<article class="report" lang="' + escape(report.lang) + '">',
        '<div class="report-head"><div>',
        f"<p>{escape(report.agency_parent)}</p><p><strong>{escape(report.agency)}</strong></p>",
        f"<p>{escape(report.number_line)}</p></div>",
        f'<div class="report-motto"><p><strong>{escape(report.motto[0])}</strong></p>',
        f"<p><strong><u>{escape(report.motto[1])}</u></strong></p>",
        f'<p class="report-date">{escape(report.place_date)}</p></div></div>',
        f'<p class="report-kind">{escape(report.kind)}</p>',
        f'<p class="report-title">{escape(report.title)}</p>',
    ]
    for n, section in enumerate(report.sections, 1):
        out.append(f'<section id="report-{section.key}"><h2>{n}. {escape(section.title)}</h2>')
        if section.is_demo:
            out.append(
                f'<p class="demo-note"><span class="demo">{escape(report.demo_note)}</span></p>'
            )
        for block in section.blocks:
            if not section.has_data and isinstance(block, Paragraph):
                out.append(f'<p class="no-data">{escape(block.text)}</p>')
            else:
                out.append(_block(block, charts))
        out.append("</section>")
    recipients = "".join(f"<li>{escape(r)}</li>" for r in report.recipients)
    heading = escape(translate("report.recipients", report.lang))
    out.append(
        f'<div class="report-foot"><p><strong><em>{heading}'
        f"</em></strong></p><ul>{recipients}</ul><p><strong>{escape(report.signer)}</strong></p>"
        "</div></article>"
    )
    return "\n".join(out)


def document(report: Report) -> str:
    """A standalone HTML document."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(report.lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>"
        f"{fragment(report)}</body></html>\n"
    )
