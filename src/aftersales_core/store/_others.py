"""Loyalty ledgers and commitment histories in the store (private; methods of `EventStore`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa

from ..errors import ValidationError
from . import _schema as s
from ._errors import ConcurrencyError
from ._rows import instant_columns

if TYPE_CHECKING:
    from ..care import LoyaltyLedger, LoyaltyProgram
    from ..commitment import CommitmentHistory

__all__: list[str] = []


class Taken(Exception):
    """Inside an append: the stream is not at the expected version (the transaction aborts)."""


_LEDGER, _COMMITMENT = "ledger", "commitment"


def _check(expected: int, held: int) -> None:
    if not isinstance(expected, int) or not 0 <= expected <= held:
        raise ValidationError(
            field="expected_version",
            value=expected,
            rule=f"must be a whole number from 0 to the {held} items held",
        )


class LedgersAndCommitments:
    """`EventStore`'s streams besides tickets: the same versions, the same refusals."""

    engine: sa.Engine

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """A transaction that takes SQLite's write lock at its start (``BEGIN IMMEDIATE``)."""
        with self.engine.connect() as conn:
            conn.execution_options(aftersales_write=True)
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _appending(self, kind: str, stream_id: str, expected: int) -> Iterator[sa.Connection]:
        """A write transaction; a conflict rolls it all back and raises `ConcurrencyError`."""
        try:
            with self._writing() as conn:
                yield conn
            return
        except (Taken, sa.exc.IntegrityError):
            pass
        with self.engine.begin() as conn:
            actual = conn.execute(
                sa.select(s.streams.c.version).where(
                    s.streams.c.kind == kind, s.streams.c.stream_id == stream_id
                )
            ).scalar()
        raise ConcurrencyError(
            stream=kind, ticket_id=stream_id, expected=expected, actual=actual or 0
        )

    def _advance(
        self, conn: sa.Connection, kind: str, stream_id: str, expected: int, version: int
    ) -> None:
        raise NotImplementedError  # pragma: no cover - EventStore defines it

    def _unchanged(self, kind: str, stream_id: str, expected: int) -> int:
        with self.engine.begin() as conn:
            actual = conn.execute(
                sa.select(s.streams.c.version).where(
                    s.streams.c.kind == kind, s.streams.c.stream_id == stream_id
                )
            ).scalar()
        if (actual or 0) != expected:
            raise ConcurrencyError(
                stream=kind, ticket_id=stream_id, expected=expected, actual=actual or 0
            )
        return expected

    def append_ledger(self, ledger: LoyaltyLedger, *, expected_version: int) -> int:
        """Store the entries ``ledger`` holds beyond the first ``expected_version``.

        The ledger's id in the store is its programme's name and the customer's id.

        Raises:
            ConcurrencyError: The store holds another version; nothing was written.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.care import LoyaltyLedger, LoyaltyProgram
            >>> from aftersales_core.facts import Purchase
            >>> from aftersales_core.store import EventStore
            >>> club = LoyaltyProgram(name="Club", currency="VND",
            ...                       spend_per_point=Money(10_000, "VND"))
            >>> bought = Purchase(id="O-1", customer_id="C-1", sku="X", product_category="x",
            ...                   price=Money(95_000, "VND"),
            ...                   purchased_at=pendulum.datetime(2026, 1, 2, tz="UTC"))
            >>> ledger = LoyaltyLedger(program=club, customer_id="C-1").earn(bought)
            >>> store = EventStore()
            >>> store.append_ledger(ledger, expected_version=0)
            1
            >>> store.load_ledger(club, "C-1") == ledger
            True
        """
        from ..care import LedgerEntry
        from ..config import unstructure

        stream_id = f"{ledger.program.name}:{ledger.customer_id}"
        _check(expected_version, len(ledger.entries))
        new = ledger.entries[expected_version:]
        if not new:
            return self._unchanged(_LEDGER, stream_id, expected_version)
        rows = []
        for seq, entry in enumerate(new, expected_version + 1):
            at_us, fold, zone = instant_columns(entry.at)
            document = json.dumps(unstructure(entry, LedgerEntry), ensure_ascii=False)
            rows.append(
                {
                    "ledger_id": stream_id,
                    "seq": seq,
                    "at_us": at_us,
                    "fold": fold,
                    "zone": zone,
                    "entry": document,
                }
            )
        with self._appending(_LEDGER, stream_id, expected_version) as conn:
            self._advance(conn, _LEDGER, stream_id, expected_version, len(ledger.entries))
            conn.execute(s.ledger_entries.insert(), rows)
        return len(ledger.entries)

    def load_ledger(self, program: LoyaltyProgram, customer_id: str) -> LoyaltyLedger:
        """The customer's stored ledger under ``program`` (empty if none is stored)."""
        from ..care import LedgerEntry, LoyaltyLedger
        from ..config import structure

        stream_id = f"{program.name}:{customer_id}"
        with self.engine.begin() as conn:
            documents = conn.execute(
                sa.select(s.ledger_entries.c.entry)
                .where(s.ledger_entries.c.ledger_id == stream_id)
                .order_by(s.ledger_entries.c.seq)
            ).scalars()
            entries: list[Any] = [
                structure(json.loads(d), cast(Any, LedgerEntry)) for d in documents
            ]
        return LoyaltyLedger(program=program, customer_id=customer_id, entries=entries)

    def append_commitment(self, history: CommitmentHistory, *, expected_version: int) -> int:
        """Store the versions ``history`` holds beyond the first ``expected_version``.

        The history's id in the store is the name of its first version.

        Raises:
            ConcurrencyError: The store holds another version; nothing was written.

        Examples:
            >>> from aftersales_core.commitment import CommitmentHistory, ServiceCommitment
            >>> from aftersales_core.store import EventStore
            >>> history = CommitmentHistory(versions=[ServiceCommitment(name="Shop")])
            >>> store = EventStore()
            >>> store.append_commitment(history, expected_version=0)
            1
            >>> store.load_commitments("Shop") == history
            True
        """
        from ..config import dump_commitment

        name = history.versions[0].name
        _check(expected_version, len(history.versions))
        new = history.versions[expected_version:]
        if not new:
            return self._unchanged(_COMMITMENT, name, expected_version)
        rows = [
            {
                "name": name,
                "seq": seq,
                "label": version.version,
                "effective_us": None
                if version.effective_from is None
                else instant_columns(version.effective_from)[0],
                "document": dump_commitment(version),
            }
            for seq, version in enumerate(new, expected_version + 1)
        ]
        with self._appending(_COMMITMENT, name, expected_version) as conn:
            self._advance(conn, _COMMITMENT, name, expected_version, len(history.versions))
            conn.execute(s.commitment_versions.insert(), rows)
        return len(history.versions)

    def load_commitments(self, name: str) -> CommitmentHistory:
        """The stored versions of the commitment ``name``.

        Raises:
            KeyError: The store holds no such commitment.
        """
        from ..commitment import CommitmentHistory
        from ..config import loads_commitment

        with self.engine.begin() as conn:
            documents = list(
                conn.execute(
                    sa.select(s.commitment_versions.c.document)
                    .where(s.commitment_versions.c.name == name)
                    .order_by(s.commitment_versions.c.seq)
                ).scalars()
            )
        if not documents:
            raise KeyError(name)
        return CommitmentHistory(versions=[loads_commitment(d, "json") for d in documents])
