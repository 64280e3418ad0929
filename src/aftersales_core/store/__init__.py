"""Keep tickets, loyalty ledgers and commitment versions in a database (the ``store`` extra).

`EventStore` (SQLAlchemy 2 Core; SQLite embedded, PostgreSQL supported) stores each ticket,
ledger and commitment as an append-only history with a version, refuses a writer that read an
older version with a `ConcurrencyError`, and keeps for each ticket when its SLA state next
changes, so `EventStore.due_before` never scans every open ticket.

``import aftersales_core`` does not import this package; ``ConcurrencyError`` imports without
the database libraries, `EventStore` needs ``pip install 'aftersales-core[store]'``.

Examples:
    >>> from aftersales_core.store import ConcurrencyError, EventStore
    >>> EventStore("sqlite://").ticket_ids()
    []
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING

from .._internal.lazy import attach
from ._errors import ConcurrencyError

if TYPE_CHECKING:
    from ._schema import SCHEMA_VERSION
    from .event_store import DueTicket, EventStore

__all__ = ["SCHEMA_VERSION", "ConcurrencyError", "DueTicket", "EventStore"]

if importlib.util.find_spec("sqlalchemy") is None:  # pragma: no cover - the test extra has it

    def __getattr__(name: str) -> object:
        from ..config import MissingExtraError

        if name in __all__:
            raise MissingExtraError(extra="store", package="SQLAlchemy", needed_for="EventStore")
        raise AttributeError(name)

else:
    __getattr__, __dir__ = attach(
        sys.modules[__name__],
        {"SCHEMA_VERSION": "._schema", "DueTicket": ".event_store", "EventStore": ".event_store"},
    )
