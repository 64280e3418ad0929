"""The store's own error: another writer got there first (no database library needed)."""

from __future__ import annotations

from typing import ClassVar

from ..errors import AftersalesError

__all__ = ["ConcurrencyError"]


class ConcurrencyError(AftersalesError):
    """An append expected a stream at one version and the store holds another; nothing is written.

    Load the stream again, re-apply the command, and append with the version just read.

    Args:
        stream: What kind of stream: ``"ticket"``, ``"ledger"`` or ``"commitment"``.
        ticket_id: The stream's id (the ticket's id for a ticket).
        expected: The version the writer read (0: a new stream).
        actual: The version the store holds.

    Examples:
        >>> err = ConcurrencyError(stream="ticket", ticket_id="T-1", expected=3, actual=4)
        >>> str(err)
        "ticket 'T-1': expected version 3, the store holds version 4; nothing was written"
        >>> (err.field, err.value, err.rule)
        ('expected_version', 3, 'the store holds version 4')
    """

    code: ClassVar[str] = "concurrent_write"
    stream: str
    ticket_id: str
    expected: int
    actual: int

    def __init__(self, *, stream: str, ticket_id: str, expected: int, actual: int) -> None:
        super().__init__(stream=stream, ticket_id=ticket_id, expected=expected, actual=actual)

    @property
    def field(self) -> str:
        """``"expected_version"``: the argument the store refused."""
        return "expected_version"

    @property
    def value(self) -> int:
        """The version the writer expected."""
        return self.expected

    @property
    def rule(self) -> str:
        """What the store holds instead."""
        return f"the store holds version {self.actual}"

    def _render(self) -> str:
        return (
            f"{self.stream} {self.ticket_id!r}: expected version {self.expected}, "
            f"the store holds version {self.actual}; nothing was written"
        )
