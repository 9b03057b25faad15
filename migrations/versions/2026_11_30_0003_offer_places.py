"""Offer places: published offers once per life domain, with what ranking needs first.

Matching asks "published offers in these life domains near this point". One row per offer and
domain, indexed on (domain, lat, lon), answers it without touching offers or assets, and
carries what a first ranking needs (place, support level, themes). Triggers keep the rows in
step with offers and assets on every write, whatever code makes it; deleting an offer removes
its rows by the foreign key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLISHED = "o.status = 'published' AND a.status = 'published'"
COLUMNS = "(offer_id, domain, asset_id, support_level, themes, lon, lat)"
# The rows for the offers chosen by {where}: a theme code is "domain/theme" (or a bare domain).
SQLITE_PLACES = f"""
    INSERT INTO offer_places {COLUMNS}
    SELECT DISTINCT o.id,
           CASE WHEN instr(t.value, '/') > 0 THEN substr(t.value, 1, instr(t.value, '/') - 1) ELSE t.value END,
           o.asset_id, a.support_level, o.themes, a.min_x, a.min_y
    FROM offers o JOIN assets a ON a.id = o.asset_id, json_each(o.themes) t
    WHERE {PUBLISHED} AND {{where}}
"""
POSTGRES_PLACES = f"""
    INSERT INTO offer_places {COLUMNS}
    SELECT o.id, d.domain, o.asset_id, a.support_level, o.themes, a.min_x, a.min_y
    FROM offers o JOIN assets a ON a.id = o.asset_id
    CROSS JOIN LATERAL (SELECT DISTINCT split_part(value, '/', 1) AS domain FROM json_array_elements_text(o.themes)) d
    WHERE {PUBLISHED} AND {{where}}
"""
OF_OFFER = "o.id = NEW.id"
OF_ASSET = "o.asset_id = NEW.id"
FORGET_OFFER = "DELETE FROM offer_places WHERE offer_id = NEW.id"
FORGET_ASSET = "DELETE FROM offer_places WHERE asset_id = NEW.id"
OFFER_CHANGES = "AFTER UPDATE OF themes, asset_id, status ON offers"
ASSET_CHANGES = "AFTER UPDATE OF min_x, min_y, support_level, status ON assets"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER offer_places_on_insert AFTER INSERT ON offers BEGIN
        {SQLITE_PLACES.format(where=OF_OFFER)};
    END""",
    f"""CREATE TRIGGER offer_places_on_update {OFFER_CHANGES} BEGIN
        {FORGET_OFFER};
        {SQLITE_PLACES.format(where=OF_OFFER)};
    END""",
    f"""CREATE TRIGGER offer_places_on_asset {ASSET_CHANGES} BEGIN
        {FORGET_ASSET};
        {SQLITE_PLACES.format(where=OF_ASSET)};
    END""",
)


def _plpgsql(name: str, forget: str, where: str) -> str:
    """A trigger function that rebuilds the rows `forget` removes."""
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {forget};
        {POSTGRES_PLACES.format(where=where)};
        RETURN NULL;
    END $$"""


POSTGRES_TRIGGERS = (
    _plpgsql("offer_places_of_offer", FORGET_OFFER, OF_OFFER),
    _plpgsql("offer_places_of_asset", FORGET_ASSET, OF_ASSET),
    "CREATE TRIGGER offer_places_on_insert AFTER INSERT ON offers FOR EACH ROW EXECUTE FUNCTION offer_places_of_offer()",
    f"CREATE TRIGGER offer_places_on_update {OFFER_CHANGES} FOR EACH ROW EXECUTE FUNCTION offer_places_of_offer()",
    f"CREATE TRIGGER offer_places_on_asset {ASSET_CHANGES} FOR EACH ROW EXECUTE FUNCTION offer_places_of_asset()",
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "offer_places",
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("asset_id", sa.Uuid(), nullable=False),
        sa.Column("support_level", sa.String(length=28), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_places_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "domain", name=op.f("pk_offer_places")),
    )
    op.create_index("ix_offer_places_domain_lat_lon", "offer_places", ["domain", "lat", "lon"], unique=False)
    op.create_index("ix_offer_places_asset_id", "offer_places", ["asset_id"], unique=False)
    op.execute((POSTGRES_PLACES if _postgres() else SQLITE_PLACES).format(where="TRUE"))
    for statement in POSTGRES_TRIGGERS if _postgres() else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if _postgres():
        op.execute("DROP TRIGGER offer_places_on_asset ON assets")
        op.execute("DROP TRIGGER offer_places_on_update ON offers")
        op.execute("DROP TRIGGER offer_places_on_insert ON offers")
        op.execute("DROP FUNCTION offer_places_of_asset()")
        op.execute("DROP FUNCTION offer_places_of_offer()")
    else:
        for name in ("offer_places_on_asset", "offer_places_on_update", "offer_places_on_insert"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_index("ix_offer_places_asset_id", table_name="offer_places")
    op.drop_index("ix_offer_places_domain_lat_lon", table_name="offer_places")
    op.drop_table("offer_places")
