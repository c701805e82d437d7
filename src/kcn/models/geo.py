"""Administrative units, each valid between two dates, and the crosswalk between eras."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcn.db import Base
from kcn.kit.text import ascii_name

# A unit's type word and its usual English rendering, longest first ("Thành phố" before
# "Thị"): "Huyện Hiệp Hòa" → "Hiep Hoa District", "Quận 1" → "District 1".
UNIT_TYPES_EN = (
    ("Thành phố", "City"),
    ("Thị trấn", "Township"),
    ("Thị xã", "Town"),
    ("Huyện", "District"),
    ("Quận", "District"),
    ("Tỉnh", "Province"),
    ("Phường", "Ward"),
    ("Đặc khu", "Special Zone"),
    ("Xã", "Commune"),
)


def english_unit_name(name: str) -> str:
    """The English name of a unit, by the usual rule (no English names are published): the
    name without diacritics, then the type ("District 1" when the name is a number)."""
    for vi, en in UNIT_TYPES_EN:
        if name.startswith(vi + " "):
            rest = ascii_name(name[len(vi) + 1 :])
            return f"{en} {rest}" if rest.isdigit() else f"{rest} {en}"
    return ascii_name(name)


class AdminUnit(Base):
    """A province, district-level unit or commune (đơn vị hành chính) with its validity."""

    __tablename__ = "admin_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    level: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    mountainous: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[AdminUnit | None] = relationship(remote_side="AdminUnit.id")

    @property
    def name_en(self) -> str:
        return english_unit_name(self.name)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class AdminUnitSuccession(Base):
    """One edge of the crosswalk: ``predecessor`` (wholly or partly) became ``successor``."""

    __tablename__ = "admin_unit_succession"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"))
    successor_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"))
    effective: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
