"""`EventStore`: tickets, loyalty ledgers and commitment versions in a SQL database.

Each ticket, ledger and commitment is a *stream*: an append-only history and a version (how
many items it holds). `EventStore.append` writes what a ticket gained since the version the
writer read, in one transaction, and only if the store still holds that version; otherwise a
`ConcurrencyError` says so and nothing is written (optimistic concurrency). `EventStore.load`
replays the history into a `Ticket` equal to the one stored.

With an `SLAPolicy` bound (``sla=``), each append also stores when the ticket's SLA state next
changes (a warning, a breach) if nothing else happens, so `EventStore.due_before` answers
"which tickets need a look before this instant" from an index, without evaluating every open
ticket.

SQLite is the embedded default (``sqlite://`` in memory, ``sqlite:///file.db`` on disk);
PostgreSQL is supported (``postgresql://user@host/db``, through psycopg 3).

Examples:
    >>> import pendulum
    >>> from aftersales_core.sla import SLAPolicy, SLATarget
    >>> from aftersales_core.tickets import Ticket
    >>> sla = SLAPolicy(default=SLATarget(first_response="30m", resolution="4h"))
    >>> store = EventStore("sqlite://", sla=sla)
    >>> t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")
    >>> ticket = Ticket.open(id="T-1", channel="hotline", at=t0)
    >>> store.append(ticket, expected_version=0)
    1
    >>> store.load("T-1") == ticket
    True
    >>> [d.ticket_id for d in store.due_before(t0.add(hours=1))]  # the first reply falls due
    ['T-1']
    >>> store.append(ticket.respond(at=t0.add(minutes=5)), expected_version=0)
    Traceback (most recent call last):
    ...
    aftersales_core.store._errors.ConcurrencyError: ticket 'T-1': expected version 0, the store holds version 1; nothing was written
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

import attrs
import pendulum
import sqlalchemy as sa

from .._internal.instants import real_time, reduce_keeping_fold, unix_micros
from ..errors import ValidationError
from ..sla import SLAPolicy, next_change
from ..terms import as_instant
from ..tickets import StrictWorkflow, Ticket, TicketWorkflow
from . import _schema as s
from ._engine import make_engine
from ._errors import ConcurrencyError
from ._others import LedgersAndCommitments, Taken
from ._rows import event_of, event_row, instant_of

__all__ = ["DueTicket", "EventStore"]

_TICKET, _LEDGER, _COMMITMENT = "ticket", "ledger", "commitment"
_EVENT_COLUMNS = (
    s.ticket_events.c.kind,
    s.ticket_events.c.at_us,
    s.ticket_events.c.fold,
    s.ticket_events.c.zone,
    s.ticket_events.c.actor,
    s.ticket_events.c.note,
    s.ticket_events.c.data,
)


@attrs.frozen
class DueTicket:
    """A ticket whose SLA state changes (a warning, a breach) at ``at``, if nothing else happens.

    Examples:
        >>> import pendulum
        >>> DueTicket("T-1", pendulum.datetime(2026, 3, 2, 2, tz="UTC")).ticket_id
        'T-1'
    """

    ticket_id: str
    at: pendulum.DateTime = attrs.field(eq=real_time)

    __reduce__ = reduce_keeping_fold


class EventStore(LedgersAndCommitments):
    """Tickets, loyalty ledgers and commitment versions in a SQL database; see the module.

    Args:
        url: A SQLAlchemy URL: ``"sqlite://"`` (in memory, the default),
            ``"sqlite:///tickets.db"``, ``"postgresql://user@host/db"``.
        sla: The SLA policy whose warnings and breaches `due_before` reports; without it
            no ``next_change`` is stored.
        workflows: Ticket workflows besides the built-in ones that stored tickets may name.

    Raises:
        ValidationError: The database holds a newer schema than this version knows.

    Examples:
        >>> store = EventStore()
        >>> store.schema_version, store.ticket_ids()
        (1, [])
    """

    def __init__(
        self,
        url: str = "sqlite://",
        *,
        sla: SLAPolicy | None = None,
        workflows: Iterable[type[TicketWorkflow]] = (),
    ) -> None:
        self.url = url
        self.sla = sla
        self.engine = make_engine(url)
        known: list[type[TicketWorkflow]] = [TicketWorkflow, StrictWorkflow, *workflows]
        self._workflows = {_workflow_name(w): w for w in known}
        try:
            self.schema_version = self._create()
        except BaseException:
            self.engine.dispose()
            raise

    # -- schema ------------------------------------------------------------------------

    def _create(self) -> int:
        """The stored schema version; the tables and triggers first, in a new database."""
        row = None
        if sa.inspect(self.engine).has_table("aftersales_schema"):
            with self.engine.begin() as conn:
                row = conn.execute(
                    sa.select(s.schema_info.c.version).where(s.schema_info.c.name == "store")
                ).first()
        if row is None:
            with self._writing() as conn:
                s.metadata.create_all(conn)
                for statement in s.append_only_ddl(conn.dialect.name):
                    conn.exec_driver_sql(statement)
                conn.execute(s.schema_info.insert().values(name="store", version=s.SCHEMA_VERSION))
            return s.SCHEMA_VERSION
        if row.version > s.SCHEMA_VERSION:
            raise ValidationError(
                field="schema_version",
                value=row.version,
                rule=f"is newer than this aftersales_core knows ({s.SCHEMA_VERSION}); upgrade it",
            )
        return int(row.version)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventStore({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- streams -----------------------------------------------------------------------

    def _version(self, conn: sa.Connection, kind: str, stream_id: str) -> int:
        found = conn.execute(
            sa.select(s.streams.c.version).where(
                s.streams.c.kind == kind, s.streams.c.stream_id == stream_id
            )
        ).scalar()
        return 0 if found is None else int(found)

    def _advance(
        self,
        conn: sa.Connection,
        kind: str,
        stream_id: str,
        expected: int,
        version: int,
        **head: Any,
    ) -> None:
        """Move the stream from ``expected`` to ``version``, in an `_appending` transaction.

        A new stream is an INSERT (a second creator breaks the primary key); an existing one
        an UPDATE that matches only at the expected version. Either way a conflict aborts the
        whole transaction, and `_appending` reports it.
        """
        if expected == 0:
            conn.execute(
                s.streams.insert().values(kind=kind, stream_id=stream_id, version=version, **head)
            )
            return
        done = conn.execute(
            s.streams.update()
            .where(
                s.streams.c.kind == kind,
                s.streams.c.stream_id == stream_id,
                s.streams.c.version == expected,
            )
            .values(version=version, **head)
        )
        if done.rowcount != 1:
            raise Taken

    # -- tickets -----------------------------------------------------------------------

    def version(self, ticket_id: str) -> int:
        """How many events the store holds for ``ticket_id`` (0: none).

        Examples:
            >>> EventStore().version("T-404")
            0
        """
        with self.engine.begin() as conn:
            return self._version(conn, _TICKET, ticket_id)

    def append(self, ticket: Ticket, *, expected_version: int) -> int:
        """Store the events ``ticket`` holds beyond the first ``expected_version``.

        Args:
            ticket: The ticket as the writer has it: the stored history, then new events.
            expected_version: How many of its events the writer read from the store (0
                for a new ticket).

        Returns:
            The ticket's version now (its number of events).

        Raises:
            ConcurrencyError: The store holds another version; nothing was written.
            ValidationError: ``expected_version`` is negative or beyond the ticket's events.

        Examples:
            >>> import pendulum
            >>> store = EventStore()
            >>> t = Ticket.open(id="T-2", channel="email", at=pendulum.datetime(2026, 3, 2, tz="UTC"))
            >>> store.append(t, expected_version=0), store.append(t, expected_version=1)
            (1, 1)
        """
        events = ticket.events
        if not isinstance(expected_version, int) or not 0 <= expected_version <= len(events):
            raise ValidationError(
                field="expected_version",
                value=expected_version,
                rule=f"must be a whole number from 0 to the ticket's {len(events)} events",
            )
        new = events[expected_version:]
        if not new:
            with self.engine.begin() as conn:
                actual = self._version(conn, _TICKET, ticket.id)
            if actual != expected_version:
                raise ConcurrencyError(
                    stream=_TICKET, ticket_id=ticket.id, expected=expected_version, actual=actual
                )
            return expected_version
        head = {
            "workflow": _workflow_name(ticket.workflow.__class__),
            "status": str(ticket.status),
            "last_us": unix_micros(ticket.last_event_at),
            "next_change_us": self._next_change(ticket, ticket.last_event_at),
        }
        rows = [event_row(ticket.id, expected_version + i, e) for i, e in enumerate(new, 1)]
        with self._appending(_TICKET, ticket.id, expected_version) as conn:
            self._advance(conn, _TICKET, ticket.id, expected_version, len(events), **head)
            conn.execute(s.ticket_events.insert(), rows)
        return len(events)

    def _next_change(self, ticket: Ticket, after: datetime) -> int | None:
        if self.sla is None or ticket.is_terminal:
            return None
        when = next_change(self.sla, ticket, at=after)
        return None if when is None else unix_micros(when)

    def load(self, ticket_id: str) -> Ticket:
        """The stored ticket, replayed from its events.

        Raises:
            KeyError: The store holds no such ticket.
            ValidationError: The ticket names a workflow this store was not given.
        """
        joined = s.streams.outerjoin(
            s.ticket_events, s.ticket_events.c.ticket_id == s.streams.c.stream_id
        )
        with self.engine.begin() as conn:  # one round trip: the workflow beside each event
            rows = conn.execute(
                sa.select(s.streams.c.workflow, *_EVENT_COLUMNS)
                .select_from(joined)
                .where(s.streams.c.kind == _TICKET, s.streams.c.stream_id == ticket_id)
                .order_by(s.ticket_events.c.seq)
            ).all()
        if not rows:
            raise KeyError(ticket_id)
        return self._ticket(ticket_id, rows[0][0], [tuple(r)[1:] for r in rows])

    def _ticket(self, ticket_id: str, workflow: str, rows: Sequence[Any]) -> Ticket:
        try:
            kind = self._workflows[workflow]
        except KeyError:
            raise ValidationError(
                field="workflow",
                value=workflow,
                rule="is not a workflow this store knows; pass its class in workflows=",
            ) from None
        return Ticket.from_events(ticket_id, [event_of(tuple(r)) for r in rows], workflow=kind())

    def ticket_ids(self) -> list[str]:
        """Every stored ticket's id, in order."""
        with self.engine.begin() as conn:
            return list(
                conn.execute(
                    sa.select(s.streams.c.stream_id)
                    .where(s.streams.c.kind == _TICKET)
                    .order_by(s.streams.c.stream_id)
                ).scalars()
            )

    def tickets(self) -> Iterator[Ticket]:
        """Every stored ticket, replayed, in the order of their ids (one pass over the events)."""
        with self.engine.begin() as conn:
            workflows: dict[str, str] = {
                row[0]: row[1]
                for row in conn.execute(
                    sa.select(s.streams.c.stream_id, s.streams.c.workflow).where(
                        s.streams.c.kind == _TICKET
                    )
                )
            }
            rows = conn.execute(
                sa.select(s.ticket_events.c.ticket_id, *_EVENT_COLUMNS).order_by(
                    s.ticket_events.c.ticket_id, s.ticket_events.c.seq
                )
            ).all()
        current, batch = "", list[Any]()
        for row in rows:
            if row[0] != current and batch:
                yield self._ticket(current, workflows[current], batch)
                batch = []
            current = row[0]
            batch.append(tuple(row)[1:])
        if batch:
            yield self._ticket(current, workflows[current], batch)

    def due_before(self, instant: datetime) -> list[DueTicket]:
        """The tickets whose SLA state changes before ``instant``, soonest first.

        Read from the stored ``next_change`` (an index), not by evaluating tickets. After
        acting on a ticket, `reschedule` it (or append to it) so its next change is stored.

        Raises:
            NaiveDatetimeError: ``instant`` has no time zone.
        """
        limit = unix_micros(as_instant(instant, field="instant"))
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(s.streams.c.stream_id, s.streams.c.next_change_us)
                .where(s.streams.c.kind == _TICKET, s.streams.c.next_change_us < limit)
                .order_by(s.streams.c.next_change_us, s.streams.c.stream_id)
            ).all()
        return [DueTicket(r[0], instant_of(r[1], 0, "UTC")) for r in rows]

    def reschedule(self, ticket_id: str, *, after: datetime) -> pendulum.DateTime | None:
        """Store the ticket's first SLA change after ``after`` (a scheduler's acknowledgement).

        Returns:
            The instant stored, or ``None`` when nothing is ahead.
        """
        after = as_instant(after, field="after")
        ticket = self.load(ticket_id)
        when = self._next_change(ticket, after)
        with self._writing() as conn:
            conn.execute(
                s.streams.update()
                .where(
                    s.streams.c.kind == _TICKET,
                    s.streams.c.stream_id == ticket_id,
                    s.streams.c.version == len(ticket.events),
                )
                .values(next_change_us=when)
            )
        return None if when is None else instant_of(when, 0, "UTC")


def _workflow_name(kind: type[TicketWorkflow]) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"
