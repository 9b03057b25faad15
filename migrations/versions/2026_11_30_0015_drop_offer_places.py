"""Drop the offer places index: matching searches each worker's offer catalogue in memory instead.

The table, its index and the triggers that kept it (migrations 0003 and 0013) cost every write to
offers and places; since 0014 nothing reads them. Going back runs 0003 and 0013 again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence
from types import ModuleType

from alembic import context, op
from alembic.script import ScriptDirectory

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _migration(revision: str) -> ModuleType:
    return ScriptDirectory.from_config(context.config).get_revision(revision).module


def upgrade() -> None:
    bands = _migration("0013")  # whose triggers and index are the ones standing
    bands._drop_triggers()
    op.drop_index(bands.NEW_INDEX, table_name="offer_places")
    op.drop_index("ix_offer_places_asset_id", table_name="offer_places")
    op.drop_table("offer_places")


def downgrade() -> None:
    """Build the index again as migrations 0003 and then 0013 did, filled from the offers there are."""
    _migration("0003").upgrade()
    _migration("0013").upgrade()
