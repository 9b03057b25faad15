"""Imported records keep their source and id there; assets get contact details; areas a status.

Columns are added in place (no table rebuild on SQLite, so the offer places triggers on
assets stay); existing areas are published.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE_COLUMNS = ("source", "source_id")
CONTACT_COLUMNS = (("website", 500), ("email", 254), ("phone", 40))


def upgrade() -> None:
    op.add_column("areas", sa.Column("status", sa.String(length=17), nullable=False, server_default="published"))
    for table in ("areas", "assets"):
        for name in SOURCE_COLUMNS:
            op.add_column(table, sa.Column(name, sa.String(length=100), nullable=True))
    for name, length in CONTACT_COLUMNS:
        op.add_column("assets", sa.Column(name, sa.String(length=length), nullable=True))
    op.create_index("ix_assets_source_source_id", "assets", ["source", "source_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_assets_source_source_id", table_name="assets")
    with op.batch_alter_table("assets", recreate="never") as batch_op:
        for name in (*SOURCE_COLUMNS, *(name for name, _ in CONTACT_COLUMNS)):
            batch_op.drop_column(name)
    with op.batch_alter_table("areas", recreate="never") as batch_op:
        for name in (*SOURCE_COLUMNS, "status"):
            batch_op.drop_column(name)
