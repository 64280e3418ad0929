"""The accumulator contract every metric shares, and its small helpers.

A metric is a fold: an accumulator starts empty, ``add`` folds one item in,
``merge`` combines two partial accumulators, ``result`` reads the frozen answer.
The pure function of each metric is ``Accumulator().update(items).result()``,
so a list, a stream and the partitions of a cluster all run the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import reduce
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, Self, TypeVar, cast

from ..errors import AftersalesError, InvalidTypeError, ValidationError

if TYPE_CHECKING:
    from ..tickets import Ticket

__all__ = [
    "Accumulator",
    "FieldGetter",
    "IncompatibleMergeError",
    "InvalidScoreError",
    "KeyLike",
    "OnInvalid",
    "check_choice",
    "check_items",
    "check_ticket",
    "key_function",
    "merge_all",
]

OnInvalid = Literal["raise", "skip"]
"""What a metric does with an out-of-range score: raise, or skip it and count it."""

KeyLike = str | Callable[[Any], Any]
"""A key function, or the name of a field (``"channel"``, ``"customer.tier"``) read as an
attribute, or as a key of a mapping."""

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
T_contra = TypeVar("T_contra", contravariant=True)
A = TypeVar("A", bound="Accumulator[Any, Any]")


class Accumulator(Protocol[T_contra, R_co]):
    """The streaming, mergeable form of a metric.

    ``add`` and ``update`` fold items into the accumulator (in place, and
    atomically: an error leaves it as it was); ``merge`` returns a *new*
    accumulator equal to one pass over both inputs and leaves both operands
    unchanged; ``result`` reads a frozen value and can be called any time.
    ``merge`` is associative and commutative, so partial accumulators may be
    combined in any grouping and order (Dask, multiprocessing, nightly batches).

    Examples:
        >>> from aftersales_core.metrics import NPSAccumulator, merge_all
        >>> monday = NPSAccumulator().update([10, 9, 8])
        >>> tuesday = NPSAccumulator()
        >>> tuesday.add(0)
        >>> merge_all([monday, tuesday]).result().score
        25.0
    """

    def add(self, item: T_contra, /) -> None:
        """Fold one item in."""

    def update(self, items: Iterable[T_contra], /) -> Self:
        """Fold every item in and return the accumulator itself."""

    def merge(self, other: Self, /) -> Self:
        """Return a new accumulator holding both inputs."""

    def result(self) -> R_co:
        """Read the metric's frozen result."""


def merge_all(accumulators: Iterable[A]) -> A:
    """Merge a non-empty collection of accumulators into one.

    Handy as the ``aggregate`` step of a distributed reduction.

    Args:
        accumulators: Partial accumulators of the same metric and settings.

    Returns:
        An accumulator equal to one pass over every input (the input itself
        when there is only one; ``merge`` never mutates its operands).

    Raises:
        ValidationError: ``accumulators`` is empty.

    Examples:
        >>> from aftersales_core.metrics import CSATAccumulator, merge_all
        >>> parts = [CSATAccumulator().update(chunk) for chunk in ([5, 4], [2], [])]
        >>> round(merge_all(parts).result().score, 1)
        66.7
    """
    check_items(accumulators, "accumulators")
    items = iter(accumulators)
    first = next(items, None)
    if first is None:
        raise ValidationError(
            field="accumulators", value=[], rule="must hold at least one accumulator"
        )
    return reduce(lambda acc, other: acc.merge(other), items, first)


class InvalidScoreError(ValidationError):
    """A score is out of its scale (or not a score at all).

    ``field`` names the input and the position (``scores[3]``); ``position`` is
    the 0-based index of the offending item in what the accumulator was given.

    Examples:
        >>> from aftersales_core.metrics import nps
        >>> try:
        ...     nps([10, 11])
        ... except InvalidScoreError as err:
        ...     print(err)
        ...     print(err.position, err.value, err.code)
        scores[1]: 11 is not a whole number from 0 to 10
        1 11 invalid_score
    """

    code: ClassVar[str] = "invalid_score"
    position: int

    def __init__(self, *, field: str, value: Any, rule: str, position: int) -> None:
        AftersalesError.__init__(self, field=field, value=value, rule=rule, position=position)

    def at(self, position: int) -> InvalidScoreError:
        """The same error at another position (of an enclosing input)."""
        noun = self.field.rpartition("[")[0]
        return type(self)(
            field=f"{noun}[{position}]", value=self.value, rule=self.rule, position=position
        )


class IncompatibleMergeError(ValidationError):
    """Two accumulators with different settings (scale, threshold...) were merged.

    Examples:
        >>> from aftersales_core.metrics import CSATAccumulator
        >>> CSATAccumulator(scale=5).merge(CSATAccumulator(scale=10))
        Traceback (most recent call last):
        ...
        aftersales_core.metrics._accumulator.IncompatibleMergeError: other: ...
    """

    code: ClassVar[str] = "incompatible_merge"


def check_compatible(left: object, right: object, settings: Callable[[Any], object]) -> None:
    """Refuse to merge accumulators of another kind or with other settings."""
    if type(left) is not type(right) or settings(left) != settings(right):
        raise IncompatibleMergeError(
            field="other",
            value=right,
            rule=f"cannot be merged into {left!r}: the metric or its settings differ",
        )


def check_items(items: object, field: str) -> None:
    """Refuse what a metric cannot iterate over as items: a lone value, text, bytes.

    Examples:
        >>> check_items([9, 10], "scores")
        >>> check_items(9, "scores")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: scores: 9 must be a collection (a list, a generator...) of items, not one value
    """
    if not isinstance(items, Iterable) or isinstance(items, str | bytes | bytearray):
        raise InvalidTypeError(
            field=field,
            value=items,
            rule="must be a collection (a list, a generator...) of items, not one value",
        )


def check_ticket(value: object) -> Ticket:
    """``value`` if it is a `Ticket`: a metric over tickets refuses anything else by type."""
    from ..tickets import Ticket

    if not isinstance(value, Ticket):
        raise InvalidTypeError(field="tickets", value=value, rule="must hold Ticket values only")
    return value


def check_choice(field: str, value: object, choices: tuple[object, ...]) -> None:
    """Refuse a value that is not one of ``choices``.

    Examples:
        >>> check_choice("on_invalid", "ignore", ("raise", "skip"))
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: on_invalid: 'ignore' must be one of 'raise', 'skip'
    """
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ValidationError(field=field, value=value, rule=f"must be one of {allowed}")


class FieldGetter:
    """Read a (dotted) field of an item: an attribute, or a key of a mapping.

    A class rather than a closure so that accumulators pickle (multiprocessing,
    Dask workers).

    Examples:
        >>> FieldGetter("customer.tier")({"customer": {"tier": "gold"}})
        'gold'
        >>> FieldGetter("channel")(object())
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: channel: <object object at ...> has no field 'channel'
    """

    __slots__ = ("name", "parts")

    def __init__(self, name: str) -> None:
        self.name = name
        self.parts = tuple(name.split("."))

    def __call__(self, item: Any) -> Any:
        value = item
        for part in self.parts:
            try:
                value = value[part] if isinstance(value, Mapping) else getattr(value, part)
            except (AttributeError, KeyError):
                raise ValidationError(
                    field=self.name, value=item, rule=f"has no field {part!r}"
                ) from None
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldGetter) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"FieldGetter({self.name!r})"


def key_function(key: KeyLike | None, *, field: str) -> Callable[[Any], Any] | None:
    """Turn a field name into a `FieldGetter`; pass functions and ``None`` through.

    Examples:
        >>> key_function("channel", field="by")
        FieldGetter('channel')
        >>> key_function(len, field="by") is len
        True
        >>> key_function(3, field="by")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: by: 3 must be a field name or a function
    """
    if key is None or callable(key):
        return key
    if isinstance(key, str):
        return FieldGetter(key)
    raise InvalidTypeError(field=field, value=key, rule="must be a field name or a function")


def required_key(key: KeyLike, *, field: str) -> Callable[[Any], Any]:
    """Like `key_function`, but ``None`` is refused too."""
    function = key_function(key, field=field)
    if function is None:
        raise InvalidTypeError(field=field, value=key, rule="must be a field name or a function")
    return function


def sort_segments(results: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    """Order segments by key when the keys compare; otherwise keep first-seen order."""
    try:
        return dict(sorted(results.items(), key=lambda kv: cast(Any, kv[0])))
    except TypeError:
        return dict(results)
