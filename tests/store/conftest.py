"""Stores for the tests: SQLite in a temporary file always, PostgreSQL when a server exists.

Each PostgreSQL test gets a schema of its own (``search_path``), so tests in parallel never
see each other's tables.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from . import _postgres


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get(_postgres.ENV)
    if url:
        yield url
        return
    folder = _postgres.binaries()
    if folder is None:
        pytest.skip(_postgres.describe())
    cluster = _postgres.Cluster(folder)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def _schema_url(server: str) -> str:
    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    engine.dispose()
    joiner = "&" if "?" in server else "?"
    return f"{server}{joiner}options={quote(f'-csearch_path={name}')}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _schema_url(request.getfixturevalue("postgres_server"))
