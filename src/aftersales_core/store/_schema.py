"""The store's tables, in SQLAlchemy Core: append-only histories and one row per stream.

Three histories — ticket events, loyalty-ledger entries, commitment versions — are append-only
(database triggers refuse an UPDATE or a DELETE on them). ``streams`` holds one row per ticket,
ledger and commitment: its version (the number of stored items) for optimistic concurrency
and, for tickets, the stored ``next_change`` that `EventStore.due_before` reads. Instants are
stored as UTC microseconds since 1970 (``*_us``), with ``fold`` and the zone, so each comes back
exactly.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["HISTORIES", "SCHEMA_VERSION", "append_only_ddl", "metadata"]

SCHEMA_VERSION = 1
"""The layout these tables have; stored in ``aftersales_schema`` for migrations."""

metadata = sa.MetaData()

schema_info = sa.Table(
    "aftersales_schema",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

streams = sa.Table(
    "streams",
    metadata,
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("stream_id", sa.String(200), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("workflow", sa.String(200)),
    sa.Column("status", sa.String(64)),
    sa.Column("last_us", sa.BigInteger),
    sa.Column("next_change_us", sa.BigInteger),
)
sa.Index("streams_next_change", streams.c.kind, streams.c.next_change_us)

ticket_events = sa.Table(
    "ticket_events",
    metadata,
    sa.Column("ticket_id", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("at_us", sa.BigInteger, nullable=False),
    sa.Column("fold", sa.SmallInteger, nullable=False),
    sa.Column("zone", sa.String(64), nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("data", sa.Text),
)

ledger_entries = sa.Table(
    "ledger_entries",
    metadata,
    sa.Column("ledger_id", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at_us", sa.BigInteger, nullable=False),
    sa.Column("fold", sa.SmallInteger, nullable=False),
    sa.Column("zone", sa.String(64), nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
)

commitment_versions = sa.Table(
    "commitment_versions",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("label", sa.String(64), nullable=False),
    sa.Column("effective_us", sa.BigInteger),
    sa.Column("document", sa.Text, nullable=False),
)

HISTORIES = ("ticket_events", "ledger_entries", "commitment_versions")


def append_only_ddl(dialect: str) -> list[str]:
    """The statements that make each history append-only on ``dialect``."""
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_{op}_refused BEFORE {op.upper()} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            for table in HISTORIES
            for op in ("update", "delete")
        ]
    if dialect == "postgresql":
        out = [
            "CREATE OR REPLACE FUNCTION aftersales_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END $$ "
            "LANGUAGE plpgsql"
        ]
        for table in HISTORIES:
            out.append(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION aftersales_append_only()"
            )
        return out
    return []
