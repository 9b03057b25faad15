"""Drop the offer places index: matching searches each worker's offer catalogue in memory instead.

The table, its index and the triggers that kept it (migrations 0003 and 0013) cost every write to
offers and places; since 0014 nothing reads them. Going back builds them again as 0013 left them,
with 0013's own statements.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from types import ModuleType

import sqlalchemy as sa
from alembic import context, op
from alembic.script import ScriptDirectory

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _bands() -> ModuleType:
    """Migration 0013, whose triggers and statements are the ones to drop or to build again."""
    return ScriptDirectory.from_config(context.config).get_revision("0013").module


def upgrade() -> None:
    bands = _bands()
    bands._drop_triggers()
    op.drop_index(bands.NEW_INDEX, table_name="offer_places")
    op.drop_index("ix_offer_places_asset_id", table_name="offer_places")
    op.drop_table("offer_places")


def downgrade() -> None:
    bands = _bands()
    op.create_table(
        "offer_places",
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("support_level", sa.String(length=28), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_places_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "domain", name=op.f("pk_offer_places")),
    )
    op.create_index("ix_offer_places_asset_id", "offer_places", ["asset_id"], unique=False)
    op.create_index(bands.NEW_INDEX, "offer_places", bands.SEARCHED, unique=False)
    bands._rebuild(banded=True)
