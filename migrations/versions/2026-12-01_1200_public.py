"""zone photos for the public investor view

Revision ID: 0011_public
Revises: 0010
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_public"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "zone_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=False),
        sa.Column("caption_en", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zone.id"], name=op.f("fk_zone_photo_zone_id_zone"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_photo")),
    )
    with op.batch_alter_table("zone_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zone_photo_zone_id"), ["zone_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("zone_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zone_photo_zone_id"))
    op.drop_table("zone_photo")
