"""Where ``aftersales report`` reads tickets other than event histories (private).

A helpdesk's export, one row per ticket, read through ``--mapping``; or an event store,
``--db URL`` (the ``store`` extra).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from .._internal.instants import unix_micros
from ..errors import ConfigError, InputError
from ..tickets import Ticket

__all__ = ["latest", "read_tickets"]


def read_tickets(args: argparse.Namespace) -> list[Ticket] | None:
    """The tickets of ``--tickets`` read through ``--mapping``, or of ``--db``; else ``None``.

    What an export's rows cannot tell is said on stderr, one line per clock.
    """
    if args.db is not None:
        import sqlalchemy

        from ..store import EventStore

        try:
            with EventStore(args.db) as store:
                return list(store.tickets())
        except (sqlalchemy.exc.SQLAlchemyError, ValueError) as err:
            problem = str(err).splitlines()[0]
            raise InputError(path=args.db, line=None, field="", problem=problem) from None
    if args.mapping is None:
        return None
    from ..config import read_tickets as read_export

    try:
        export = read_export(args.tickets, mapping=args.mapping)
    except ConfigError as err:
        raise InputError(
            path=args.mapping, line=err.line, field=err.path, problem=err.problem
        ) from None
    for clock, why in export.unjudged.items():
        print(f"aftersales: note: {clock}: {why}", file=sys.stderr)
    if export.waiting:
        print(
            f"aftersales: note: {len(export.waiting)} tickets are waiting; when they started "
            "waiting is not in the export, so their clocks read as running",
            file=sys.stderr,
        )
    return list(export.tickets)


def latest(tickets: list[Ticket]) -> datetime | None:
    """The latest event of any ticket, the instant the report reads the clocks at."""
    found = [t.last_event_at for t in tickets]
    return max(found, key=unix_micros) if found else None
