"""Dutch addresses (BAG points) for the local postcode and house number lookup.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("huisnummer", sa.Integer(), nullable=False),
        sa.Column("huisletter", sa.String(length=1), nullable=False),
        sa.Column("toevoeging", sa.String(length=4), nullable=False),
        sa.Column("straat", sa.String(length=80), nullable=False),
        sa.Column("woonplaats", sa.String(length=80), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
    )
    op.create_index(
        "uq_addresses_address", "addresses", ["postcode", "huisnummer", "huisletter", "toevoeging"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_addresses_address", table_name="addresses")
    op.drop_table("addresses")
