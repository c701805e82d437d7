"""The report as DOCX in the administrative layout of Decree 30/2020/NĐ-CP: A4 portrait,
Times New Roman 13–14 pt, margins top/bottom 20 mm, left 30 mm, right 15 mm, the agency and
national title and motto block, number and date line, page numbers centred at the top from
page 2, tables, charts as PNG images, and the "Nơi nhận" block."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from kcn.kit.i18n import translate
from kcn.reports.charts import png
from kcn.reports.model import Chart, Paragraph, Report, Table

FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # A4 less the left and right margins
BODY_PT, TITLE_PT, SMALL_PT, TABLE_PT = 14, 13, 12, 12


def _font(run_or_style: object, size: int | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size:
        font.size = Pt(size)
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container: object,
    text: str,
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
) -> DocxParagraph:
    paragraph: DocxParagraph = container.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    _font(run, size)
    run.bold, run.italic, run.underline = bold, italic, underline
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    return paragraph


def _no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    props = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    props.append(borders)


def _widths(table: object, *widths: object) -> None:
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = width
        for cell in column.cells:
            cell.width = width


def _page_number(paragraph: DocxParagraph) -> None:
    run = paragraph.add_run()
    _font(run, TITLE_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cell(cell: _Cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    _font(run, TABLE_PT)
    run.bold = bold


def _heading(document: object, report: Report) -> None:
    head = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(head, Mm(75), Mm(90))
    left, right = head.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)
    _para(left, report.agency_parent, size=TITLE_PT, align=centre)
    _para(left, report.agency, size=TITLE_PT, bold=True, align=centre)
    _para(left, report.number_line, size=TITLE_PT, align=centre)
    _para(right, report.motto[0], size=SMALL_PT, bold=True, align=centre)
    _para(right, report.motto[1], size=TITLE_PT, bold=True, underline=True, align=centre)
    _para(right, report.place_date, size=TITLE_PT, italic=True, align=centre)


def _table(document: object, block: Table) -> None:
    _para(document, block.caption, size=TABLE_PT, italic=True)
    table = document.add_table(rows=1, cols=len(block.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    others = len(block.headers) - 1
    first = TEXT_WIDTH_MM * (0.4 if others > 1 else 0.6)
    rest = (TEXT_WIDTH_MM - first) / max(others, 1)
    _widths(table, Mm(first), *[Mm(rest)] * others)
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        _cell(cell, header, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell(cell, text)


def render(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(header)
    normal = document.styles["Normal"]
    _font(normal, BODY_PT)
    document.core_properties.title = report.title
    document.core_properties.language = report.lang

    _heading(document, report)
    _para(document, report.kind, size=BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, report.title, size=BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for n, part in enumerate(report.sections, 1):
        _para(document, f"{n}. {part.title}", bold=True, align=justify)
        if part.is_demo:
            _para(document, report.demo_note, size=SMALL_PT, italic=True)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                _para(document, block.text, align=justify, indent=True, italic=not part.has_data)
            elif isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, Chart):
                picture = document.add_picture(io.BytesIO(png(block)), width=Mm(160))
                picture._inline.docPr.set("descr", block.title)  # the image's alternative text
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot = document.add_table(rows=1, cols=2)
    _no_borders(foot)
    _widths(foot, Mm(90), Mm(75))
    left, right = foot.rows[0].cells
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)
    _para(left, translate("report.recipients", report.lang), size=SMALL_PT, bold=True, italic=True)
    for recipient in report.recipients:
        _para(left, f"- {recipient}", size=11)
    _para(right, report.signer, size=BODY_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
