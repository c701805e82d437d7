"""the data version: one row whose stamp changes with every committed write

Revision ID: 0011_perf1
Revises: 0011_synth
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_perf1"
down_revision: str | None = "0011_synth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0, "stamp": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("data_version")
