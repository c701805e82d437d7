"""The report as data: sections of paragraphs, tables and charts, rendered by each format.

A renderer never sees the database: it gets a :class:`Report` whose text is already written
in the report's language and whose numbers are already formatted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar per label (values in the report's unit, None: no data).

    ``target`` draws a line the bars should reach (``target_label`` in the legend), and the
    bars flagged in ``flagged`` are drawn in a warning colour (``flagged_label``)."""

    key: str
    title: str
    labels: tuple[str, ...]
    values: tuple[Decimal | None, ...]
    unit_label: str
    lang: str
    target: Decimal | None = None
    target_label: str = ""
    flagged: tuple[bool, ...] = ()
    flagged_label: str = ""


Block = Paragraph | Table | Chart


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    has_data: bool = True
    is_demo: bool = False

    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Paragraph)]


@dataclass(frozen=True)
class ReportRequest:
    """What a report is built from: the half-year, the language and the date it reads the
    registries on (default: the last day of the half)."""

    year: int
    half: int
    lang: str
    as_of: date | None = None

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1) if self.half == 1 else date(self.year, 7, 1)

    @property
    def on(self) -> date:
        return self.as_of or self.end


@dataclass
class Report:
    lang: str
    province: str
    agency_parent: str
    agency: str
    number_line: str
    place_date: str
    kind: str
    title: str
    sections: list[Section]
    recipients: list[str]
    signer: str
    demo_note: str
    no_data_text: str
    motto: tuple[str, str] = ("", "")

    def text(self) -> str:
        """Every sentence and table cell, for tests and search."""
        parts = [self.title]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    parts.append(block.text)
                elif isinstance(block, Table):
                    parts.append(" | ".join(block.headers))
                    parts.extend(" | ".join(row) for row in block.rows)
        return "\n".join(parts)
