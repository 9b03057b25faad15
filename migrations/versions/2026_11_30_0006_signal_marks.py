"""Collective signals a builder has taken up, by buurt and theme.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_marks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=False),
        sa.Column("theme", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["marked_by"], ["api_tokens.id"], name=op.f("fk_signal_marks_marked_by_api_tokens"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_marks")),
    )
    op.create_index("ix_signal_marks_area_code_theme", "signal_marks", ["area_code", "theme"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_signal_marks_area_code_theme", table_name="signal_marks")
    op.drop_table("signal_marks")
