"""Reports that an offer stopped; every offer carries the day it was last confirmed.

Offers never confirmed count from the day they were made (docs/freshness.md); they get that day
as their `last_confirmed`, so that matching, which ranks by it, and the flags agree. The column is
updated in place: no table rebuild, so the offer places triggers on offers stay.

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MADE_ON = {"postgresql": "(created_at AT TIME ZONE 'UTC')::date", "sqlite": "date(created_at)"}


def upgrade() -> None:
    op.create_table(
        "offer_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=22), nullable=False),
        sa.Column("reported_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_reports_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"], ["api_tokens.id"], name=op.f("fk_offer_reports_reported_by_api_tokens"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["api_tokens.id"], name=op.f("fk_offer_reports_resolved_by_api_tokens"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_reports")),
    )
    op.create_index("ix_offer_reports_offer_id", "offer_reports", ["offer_id"], unique=False)
    made_on = MADE_ON[op.get_bind().dialect.name]
    op.execute(f"UPDATE offers SET last_confirmed = {made_on} WHERE last_confirmed IS NULL")


def downgrade() -> None:
    op.drop_index("ix_offer_reports_offer_id", table_name="offer_reports")
    op.drop_table("offer_reports")
