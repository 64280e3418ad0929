"""The SQLAlchemy engine of a store URL (private)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

__all__: list[str] = []


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``: psycopg 3 for PostgreSQL, SQLite set up for many writers."""
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = sa.create_engine(
        url,
        connect_args={"timeout": 60, "check_same_thread": False},
        poolclass=sa.pool.StaticPool if memory else sa.pool.QueuePool,
    )

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        # The driver's own transactions off: a writer's BEGIN IMMEDIATE (below) takes the write
        # lock at the start, so two writers queue instead of deadlocking on a lock upgrade.
        dbapi.isolation_level = None
        if not memory:
            dbapi.execute("PRAGMA journal_mode=WAL")
        dbapi.execute("PRAGMA synchronous=NORMAL" if not memory else "PRAGMA synchronous=OFF")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        write = connection.get_execution_options().get("aftersales_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
