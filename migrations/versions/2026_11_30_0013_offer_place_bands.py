"""Offer places in bands of longitude, and an index that answers the search on its own.

The index on (domain, lat, lon) read every offer of a domain in the latitude range, across the
whole width of the data (for the Netherlands 300 km where a walking need looks 2 km wide), and
then each row from the table. Rows now carry a band of 0.02 degrees of longitude (about 1.4 km
here); the index on (domain, band, lat, lon) and the columns the search reads lets a need's
box be read from the few bands it spans, from the index alone. `themes` becomes text so that it
can be part of the index on PostgreSQL (no JSON in a b-tree); it was only ever read as text.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_INDEX, NEW_INDEX = "ix_offer_places_domain_lat_lon", "ix_offer_places_search"
SEARCHED = ["domain", "band", "lat", "lon", "offer_id", "asset_id", "support_level", "themes"]
# floor((lon + 180) * 50): SQLite's cast cuts toward zero, which is the floor of a number >= 0.
SQLITE_BAND, POSTGRES_BAND = "CAST((a.min_x + 180) * 50 AS INTEGER)", "floor((a.min_x + 180) * 50)::integer"
PUBLISHED = "o.status = 'published' AND a.status = 'published'"


def _sqlite_places(banded: bool) -> str:
    """The rows for the offers chosen by {where}: a theme code is "domain/theme" (or a bare domain)."""
    return f"""
    INSERT INTO offer_places (offer_id, domain, asset_id, support_level, themes, lon, lat{", band" if banded else ""})
    SELECT DISTINCT o.id,
           CASE WHEN instr(t.value, '/') > 0 THEN substr(t.value, 1, instr(t.value, '/') - 1) ELSE t.value END,
           o.asset_id, a.support_level, o.themes, a.min_x, a.min_y{", " + SQLITE_BAND if banded else ""}
    FROM offers o JOIN assets a ON a.id = o.asset_id, json_each(o.themes) t
    WHERE {PUBLISHED} AND {{where}}
    """


def _postgres_places(banded: bool) -> str:
    themes = "o.themes::text" if banded else "o.themes"
    return f"""
    INSERT INTO offer_places (offer_id, domain, asset_id, support_level, themes, lon, lat{", band" if banded else ""})
    SELECT o.id, d.domain, o.asset_id, a.support_level, {themes}, a.min_x, a.min_y{", " + POSTGRES_BAND if banded else ""}
    FROM offers o JOIN assets a ON a.id = o.asset_id
    CROSS JOIN LATERAL (SELECT DISTINCT split_part(value, '/', 1) AS domain FROM json_array_elements_text(o.themes)) d
    WHERE {PUBLISHED} AND {{where}}
    """


OF_OFFER, OF_ASSET = "o.id = NEW.id", "o.asset_id = NEW.id"
FORGET_OFFER = "DELETE FROM offer_places WHERE offer_id = NEW.id"
FORGET_ASSET = "DELETE FROM offer_places WHERE asset_id = NEW.id"
OFFER_CHANGES = "AFTER UPDATE OF themes, asset_id, status ON offers"
ASSET_CHANGES = "AFTER UPDATE OF min_x, min_y, support_level, status ON assets"
TRIGGERS = ("offer_places_on_asset", "offer_places_on_update", "offer_places_on_insert")


def _sqlite_triggers(banded: bool) -> list[str]:
    places = _sqlite_places(banded)
    return [
        f"CREATE TRIGGER offer_places_on_insert AFTER INSERT ON offers BEGIN {places.format(where=OF_OFFER)}; END",
        f"""CREATE TRIGGER offer_places_on_update {OFFER_CHANGES} BEGIN
            {FORGET_OFFER}; {places.format(where=OF_OFFER)};
        END""",
        f"""CREATE TRIGGER offer_places_on_asset {ASSET_CHANGES} BEGIN
            {FORGET_ASSET}; {places.format(where=OF_ASSET)};
        END""",
    ]


def _postgres_triggers(banded: bool) -> list[str]:
    places = _postgres_places(banded)

    def function(name: str, forget: str, where: str) -> str:
        return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {forget}; {places.format(where=where)}; RETURN NULL; END $$"""

    return [
        function("offer_places_of_offer", FORGET_OFFER, OF_OFFER),
        function("offer_places_of_asset", FORGET_ASSET, OF_ASSET),
        "CREATE TRIGGER offer_places_on_insert AFTER INSERT ON offers FOR EACH ROW EXECUTE FUNCTION offer_places_of_offer()",
        f"CREATE TRIGGER offer_places_on_update {OFFER_CHANGES} FOR EACH ROW EXECUTE FUNCTION offer_places_of_offer()",
        f"CREATE TRIGGER offer_places_on_asset {ASSET_CHANGES} FOR EACH ROW EXECUTE FUNCTION offer_places_of_asset()",
    ]


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_triggers() -> None:
    tables = {"offer_places_on_asset": "assets", "offer_places_on_update": "offers", "offer_places_on_insert": "offers"}
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON {tables[name]}" if _postgres() else f"DROP TRIGGER {name}")
    if _postgres():
        op.execute("DROP FUNCTION offer_places_of_asset()")
        op.execute("DROP FUNCTION offer_places_of_offer()")


def _rebuild(banded: bool) -> None:
    """Fill the emptied table again and put the triggers back, with or without bands."""
    places = _postgres_places(banded) if _postgres() else _sqlite_places(banded)
    op.execute(places.format(where="TRUE"))
    for statement in _postgres_triggers(banded) if _postgres() else _sqlite_triggers(banded):
        op.execute(statement)


def upgrade() -> None:
    _drop_triggers()
    op.drop_index(OLD_INDEX, table_name="offer_places")
    op.execute("DELETE FROM offer_places")
    with op.batch_alter_table("offer_places") as batch:
        batch.add_column(sa.Column("band", sa.Integer(), nullable=False))
        batch.alter_column("themes", type_=sa.Text(), existing_nullable=False, postgresql_using="themes::text")
    op.create_index(NEW_INDEX, "offer_places", SEARCHED, unique=False)
    _rebuild(banded=True)


def downgrade() -> None:
    _drop_triggers()
    op.drop_index(NEW_INDEX, table_name="offer_places")
    op.execute("DELETE FROM offer_places")
    with op.batch_alter_table("offer_places") as batch:
        batch.drop_column("band")
        batch.alter_column("themes", type_=sa.JSON(), existing_nullable=False, postgresql_using="themes::json")
    op.create_index(OLD_INDEX, "offer_places", ["domain", "lat", "lon"], unique=False)
    _rebuild(banded=False)
