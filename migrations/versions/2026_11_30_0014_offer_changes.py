"""Offer changes: a row for every write to an offer or a place, so that copies of the catalogue catch up;
and indexes on the matches that weigh in ranking.

Each worker keeps the published offers in memory for matching (app.store.catalogue) and asks on each
look whether anything changed since its copy was made. Triggers write the rows, whatever code writes
offers and assets: an offer inserted, updated or deleted names the offer; a place updated or deleted
names the place (all its offers are read again). The numbers grow in commit order: SQLite has one
writer at a time; on PostgreSQL a statement that writes offers or places first takes a lock held
until its transaction ends (an advisory lock, before the statement locks any row), so that a
transaction's changes get higher numbers than every change committed before it. Only the newest
`KEPT` changes are kept: a copy older than those is read again whole.

A look then reads the matches under way or refused of the hundred or so offers and the volunteers
near the need, by id: most matches are only proposed, and partial indexes on the others answer
that from a few entries where PostgreSQL would otherwise scan every match.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTIAL_INDEXES = [
    ("ix_matches_offer_weighing", "offer_id", "status IN ('introduced', 'met', 'continuing', 'did_not_fit')"),
    ("ix_matches_volunteer_refused", "volunteer_id", "status IN ('did_not_fit')"),
]
KEPT = 100_000
PRUNE = f"DELETE FROM offer_changes WHERE seq <= (SELECT max(seq) FROM offer_changes) - {KEPT}"
CHANGES_LOCK = 7_405_120_014  # any fixed number: the advisory lock's name
WRITES = [("offers", "offer_id", "INSERT"), ("offers", "offer_id", "UPDATE"), ("offers", "offer_id", "DELETE"),
          ("assets", "asset_id", "UPDATE"), ("assets", "asset_id", "DELETE")]  # fmt: skip


def _name(table: str, event: str) -> str:
    return f"offer_changes_on_{table}_{event.lower()}"


def _sqlite_trigger(table: str, column: str, event: str) -> str:
    row = "OLD" if event == "DELETE" else "NEW"
    return f"""CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} BEGIN
        INSERT INTO offer_changes ({column}) VALUES ({row}.id); {PRUNE};
    END"""


def _postgres_statements() -> list[str]:
    functions = [
        f"""CREATE FUNCTION offer_changes_lock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_xact_lock({CHANGES_LOCK}); RETURN NULL; END $$""",
        *(
            f"""CREATE FUNCTION offer_changes_of_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO offer_changes ({column}) SELECT DISTINCT id FROM changed; {PRUNE}; RETURN NULL; END $$"""
            for table, column in (("offers", "offer_id"), ("assets", "asset_id"))
        ),
    ]
    triggers = []
    for table, _, event in WRITES:
        rows = "OLD" if event == "DELETE" else "NEW"
        triggers += [
            f"""CREATE TRIGGER {_name(table, event)}_lock BEFORE {event} ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION offer_changes_lock()""",
            f"""CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} REFERENCING {rows} TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION offer_changes_of_{table}()""",
        ]
    return functions + triggers


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "offer_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=True),
        sa.Column("asset_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_offer_changes")),
        sqlite_autoincrement=True,
    )
    for name, column, where in PARTIAL_INDEXES:
        op.create_index(name, "matches", [column], postgresql_where=sa.text(where), sqlite_where=sa.text(where))
    statements = _postgres_statements() if _postgres() else [_sqlite_trigger(*write) for write in WRITES]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    for table, _, event in WRITES:
        if _postgres():
            op.execute(f"DROP TRIGGER {_name(table, event)}_lock ON {table}")
            op.execute(f"DROP TRIGGER {_name(table, event)} ON {table}")
        else:
            op.execute(f"DROP TRIGGER {_name(table, event)}")
    if _postgres():
        for function in ("offer_changes_lock", "offer_changes_of_offers", "offer_changes_of_assets"):
            op.execute(f"DROP FUNCTION {function}()")
    op.drop_table("offer_changes")
    for name, _, _ in PARTIAL_INDEXES:
        op.drop_index(name, table_name="matches")
