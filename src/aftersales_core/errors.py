"""The errors raised by aftersales_core.

Every error the library raises on bad input is a subclass of
`AftersalesError`. Each subclass also inherits the matching builtin
(``ValueError``, ``TypeError`` or ``LookupError``), so callers can catch either,
as with attrs and cattrs.

Errors carry structured, keyword-only attributes (``field``, ``value``,
``rule``, ...) and build their message from them; ``code`` is a stable string a
UI or a log query can rely on while the English message is free to improve.

Examples:
    >>> from aftersales_core.errors import ValidationError
    >>> err = ValidationError(field="days", value=-1, rule="must be zero or more")
    >>> str(err)
    'days: -1 must be zero or more'
    >>> err.code, err.field, err.value
    ('invalid_value', 'days', -1)
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AftersalesError",
    "ConfigError",
    "CurrencyMismatchError",
    "InputError",
    "InvalidDurationError",
    "InvalidTransition",
    "InvalidTypeError",
    "NaiveDatetimeError",
    "UnknownCurrencyError",
    "UnknownKindError",
    "ValidationError",
]


class AftersalesError(Exception):
    """Root of every error raised by aftersales_core.

    Subclasses declare the keyword-only attributes they carry and how the
    message reads; the base keeps them for pickling and ``repr``.

    Attributes:
        code: A stable identifier of the kind of error, for UIs and logs.

    Examples:
        >>> from aftersales_core import AftersalesError, Money
        >>> try:
        ...     Money(1.5, "USD")
        ... except AftersalesError as err:
        ...     print(err.code)
        invalid_type
    """

    code: ClassVar[str] = "aftersales_error"

    def __init__(self, message: str = "", **details: Any) -> None:
        self._details = details
        for key, val in details.items():
            setattr(self, key, val)
        super().__init__(message or self._render())

    def _render(self) -> str:
        return ", ".join(f"{k}={_shown(v)}" for k, v in self._details.items())

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only construction would otherwise break pickling across processes
        # (multiprocessing, Dask workers).
        return (_rebuild, (type(self), self._details))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_shown(v)}" for k, v in self._details.items())
        return f"{type(self).__name__}({args})"


_SHOWN_LIMIT = 200
"""The most characters of a refused value a message shows (the error keeps the whole value)."""


def _shown(value: Any) -> str:
    """``repr(value)`` for a message, cut to about ``_SHOWN_LIMIT`` characters.

    A refused value may be enormous (an amount of 5,000 digits, a list of a million items)
    or have no usable ``repr`` (an ``int`` past Python's limit on digits in text); the
    message shows its start and end and how long it is.

    Examples:
        >>> _shown(10**300)[:20], len(_shown(10**300)) < 260
        ('10000000000000000000', True)
        >>> _shown(10**5000)
        '<int of 5001 digits>'
    """
    try:
        text = repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        if isinstance(value, int):
            return f"<int of {_digits(value)} digits>"
        return f"<{type(value).__name__} that cannot be shown>"
    except Exception:  # a repr that fails is a value of the caller's own making
        return f"<{type(value).__name__} that cannot be shown>"
    if len(text) <= _SHOWN_LIMIT:
        return text
    return f"{text[: _SHOWN_LIMIT - 40]}…{text[-20:]} ({len(text)} characters)"


def _digits(value: int) -> int:
    # log10 from the bit length, corrected by one comparison: exact, and no text is built.
    magnitude = abs(value)
    estimate = int(magnitude.bit_length() * 0.30102999566398120) + 1
    return estimate if magnitude >= 10 ** (estimate - 1) else estimate - 1


def _rebuild(cls: type[AftersalesError], details: dict[str, Any]) -> AftersalesError:
    return cls(**details)


class ValidationError(AftersalesError, ValueError):
    """A field has a value the rules refuse.

    Args:
        field: The name (or path, ``tiers[0].refund_ratio``) of the offending field.
        value: The value that was refused.
        rule: What the value should have been, in words.

    Examples:
        >>> from aftersales_core import Term
        >>> Term(months=-1)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: months: -1 must be a whole number, zero or more
    """

    code: ClassVar[str] = "invalid_value"
    field: str
    value: Any
    rule: str

    def __init__(self, *, field: str, value: Any, rule: str) -> None:
        super().__init__(field=field, value=value, rule=rule)

    def _render(self) -> str:
        return f"{self.field}: {_shown(self.value)} {self.rule}"


class InvalidTypeError(ValidationError, TypeError):
    """A field has a value of a type the rules refuse (a ``float`` for money, say).

    Examples:
        >>> from aftersales_core import Money
        >>> Money(0.1, "USD")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: amount: 0.1 is a float; ...
    """

    code: ClassVar[str] = "invalid_type"


class NaiveDatetimeError(ValidationError):
    """A datetime without a time zone was given where an instant is required.

    Examples:
        >>> from datetime import datetime
        >>> from aftersales_core import as_instant
        >>> as_instant(datetime(2026, 2, 14, 11, 0))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.NaiveDatetimeError: at: datetime.datetime(2026, 2, 14, 11, 0) ...
    """

    code: ClassVar[str] = "naive_datetime"


class InvalidDurationError(ValidationError):
    """A duration text or value could not be read, or is negative.

    Examples:
        >>> from aftersales_core import parse_duration
        >>> parse_duration("4 hours-ish")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidDurationError: duration: '4 hours-ish' is not a duration; ...
    """

    code: ClassVar[str] = "invalid_duration"


class UnknownCurrencyError(ValidationError, LookupError):
    """A currency code is not an ISO 4217 code known to Babel's currency data.

    Examples:
        >>> from aftersales_core import Money
        >>> Money(1, "ZZZ")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.UnknownCurrencyError: currency: 'ZZZ' is not a known ISO 4217 ...
    """

    code: ClassVar[str] = "unknown_currency"


class CurrencyMismatchError(AftersalesError, ValueError):
    """Two amounts in different currencies were combined.

    Args:
        left: Currency of the left operand.
        right: Currency of the right operand.
        operation: What was attempted (``"+"``, ``"compare"``, ...).

    Examples:
        >>> from aftersales_core import Money
        >>> Money(1, "USD") + Money(1, "VND")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.CurrencyMismatchError: cannot add USD and VND: ...
    """

    code: ClassVar[str] = "currency_mismatch"
    left: str
    right: str
    operation: str

    def __init__(self, *, left: str, right: str, operation: str) -> None:
        super().__init__(left=left, right=right, operation=operation)

    def _render(self) -> str:
        return (
            f"cannot {self.operation} {self.left} and {self.right}: "
            "amounts in different currencies never mix; convert one first"
        )


class InvalidTransition(AftersalesError, ValueError):
    """A command is not allowed in the current status of a ticket.

    Args:
        ticket_id: The ticket the command was sent to.
        status: The status the ticket was in.
        command: The refused command.
        reason: Why it was refused.

    Examples:
        >>> from aftersales_core.errors import InvalidTransition
        >>> str(InvalidTransition(ticket_id="T-1", status="closed", command="respond",
        ...                       reason="a closed ticket accepts no command"))
        "ticket 'T-1': cannot respond while closed: a closed ticket accepts no command"
    """

    code: ClassVar[str] = "invalid_transition"
    ticket_id: str
    status: str
    command: str
    reason: str

    def __init__(self, *, ticket_id: str, status: str, command: str, reason: str) -> None:
        super().__init__(ticket_id=ticket_id, status=status, command=command, reason=reason)

    def _render(self) -> str:
        return (
            f"ticket {self.ticket_id!r}: cannot {self.command} while {self.status}: {self.reason}"
        )


class UnknownKindError(AftersalesError, LookupError):
    """A ``kind`` string names no registered class.

    Args:
        kind: The unknown kind.
        family: What was being looked up (``"policy"``, ...).
        known: The kinds that are registered.

    Examples:
        >>> from aftersales_core.errors import UnknownKindError
        >>> str(UnknownKindError(kind="magic", family="policy", known=("refund", "warranty")))
        "unknown policy kind 'magic'; registered kinds: refund, warranty"
    """

    code: ClassVar[str] = "unknown_kind"
    kind: str
    family: str
    known: tuple[str, ...]

    def __init__(self, *, kind: str, family: str, known: tuple[str, ...]) -> None:
        super().__init__(kind=kind, family=family, known=tuple(known))

    def _render(self) -> str:
        return (
            f"unknown {self.family} kind {self.kind!r}; registered kinds: {', '.join(self.known)}"
        )


class ConfigError(AftersalesError, ValueError):
    """A configuration document could not be read.

    Args:
        path: Where in the document (``policies[2].tiers[0].refund_ratio``), or ``""``.
        problem: What is wrong there.
        line: 1-based line of a syntax error, when known.
        column: 1-based column of a syntax error, when known.

    Examples:
        >>> from aftersales_core.errors import ConfigError
        >>> str(ConfigError(path="policies[2].tiers[0].refund_ratio", problem="1.5 is above 1"))
        'policies[2].tiers[0].refund_ratio: 1.5 is above 1'
        >>> str(ConfigError(path="", problem="expected a value", line=3, column=7))
        'line 3, column 7: expected a value'
    """

    code: ClassVar[str] = "invalid_config"
    path: str
    problem: str
    line: int | None
    column: int | None

    def __init__(
        self, *, path: str, problem: str, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(path=path, problem=problem, line=line, column=column)

    def _render(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}, column {self.column}")
        if self.path:
            where.append(self.path)
        return f"{' '.join(where) or '<document>'}: {self.problem}"


class InputError(AftersalesError, ValueError):
    """A record file cannot be read: which file, which line, which field, and why.

    Args:
        path: The file.
        line: The 1-based line, when the problem is in a record.
        field: The path of the field in the record (``events[2].at``), or ``""``.
        problem: What is wrong.

    Examples:
        >>> str(InputError(path="a.csv", line=None, field="", problem="does not exist"))
        'a.csv: does not exist'
    """

    code: ClassVar[str] = "invalid_input"
    path: str
    line: int | None
    field: str
    problem: str

    def __init__(self, *, path: str, line: int | None, field: str, problem: str) -> None:
        super().__init__(path=path, line=line, field=field, problem=problem)

    def _render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.problem}" if self.field else f"{where}: {self.problem}"
        )
