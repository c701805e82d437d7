"""Figures as an authority published them, kept beside what the registry derives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kcn.db import Base
from kcn.models.mixins import Timestamped


class PublishedFigure(Timestamped, Base):
    """One published figure (số liệu đã công bố) with its source and qualifier."""

    __tablename__ = "published_figure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    label_vi: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    decimals: Mapped[int] = mapped_column(Integer, default=0)  # digits after the point as published
    unit: Mapped[str] = mapped_column(String(32))
    qualifier: Mapped[str] = mapped_column(String(16), default="exact")
    period: Mapped[str] = mapped_column(String(16))
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    source_line: Mapped[str] = mapped_column(String(32), default="")
    # Summary paths whose sum the registry derives for this figure (None: not derivable yet).
    metric: Mapped[list[str] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
