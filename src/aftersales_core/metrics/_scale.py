"""The counting core shared by NPS, CSAT and CES: a validated histogram of a score scale.

Survey answers take a handful of values (11 for NPS), so the state of every
satisfaction metric is one count per value: constant memory, exact integer
arithmetic, and a merge that is plain addition (hence associative and
commutative without any floating-point caveat).

What counts as a score: a whole number of the scale — an ``int``, any other
integer (an object `operator.index` accepts, such as ``numpy.int64``), or a real
number equal to one (``9.0``, ``Decimal(9)``, ``Fraction(9)``). Bools are not scores:
``True == 1`` and ``hash(True) == hash(1)``, so a dict or a `collections.Counter` silently
counts ``True`` as a 1 and ``False`` as a 0; the library refuses bools everywhere else, and so
does every counting path here (numpy's bool too), at the bool's position. Nor are complex
numbers, though ``9 + 0j == 9`` hashes like 9 too, nor any other type that is not a real
number (`numbers.Real`, ``Decimal``, or an integer type): a score is a point of the scale.

Speed: a chunk whose items are all integers from 0 to 255 is converted to `bytes`
in one C-speed pass. A bool can only hide among the items equal to 0 or 1, so only
those are type-checked (`itertools.compress` picks them out); a chunk holding a bool is
counted item by item. The bytes of a short scale (NPS, CSAT, CES) are counted with
`bytes.translate`, which deletes one answer value per pass from a shrinking buffer; any
other chunk is type-checked in full and goes through `collections.Counter`, whose C loop
is the fastest way CPython has to tally hashable values. Either way validation looks at the
(few) distinct values found instead of at every item. Streams are counted in chunks of
`CHUNK` items so memory does not grow with the stream and the position of a bad value
can still be reported.
"""

from __future__ import annotations

import copy
import numbers
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import compress, islice
from typing import Any, ClassVar, Generic, Self, TypeVar

from ..errors import InvalidTypeError, ValidationError
from ._accumulator import (
    InvalidScoreError,
    KeyLike,
    OnInvalid,
    check_choice,
    check_compatible,
    check_items,
    key_function,
)

__all__ = ["CHUNK", "ScaleAccumulator", "check_scale"]

CHUNK = 1 << 16
"""Items counted per chunk of a stream (bounded memory, position of errors)."""

_BYTES_MAX_VALUES = 16
# The bytes path makes one pass per answer value over what is left: on a uniform chunk
# that is about (values + 1) / 2 passes, cheaper than Counter up to about 20 values.

_ZERO_OR_ONE = bytes(1 if value < 2 else 0 for value in range(256))
# A translate table marking the bytes a bool converts to: where a bool can hide.

R = TypeVar("R")


def _is_bool(kind: type) -> bool:
    # numpy's bool (numpy.bool_ before numpy 2) equals 0/1 and hashes like them, as bool does;
    # it is recognised by name so that numpy is never imported here.
    return kind is bool or (kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_"))


@lru_cache(maxsize=256)
def _is_score_type(kind: type) -> bool:
    """Whether values of ``kind`` may be scores: real numbers and integer types, not bools."""
    if _is_bool(kind):
        return False
    return issubclass(kind, numbers.Real | Decimal) or hasattr(kind, "__index__")


@lru_cache(maxsize=256)
def _merges_wrongly(kind: type) -> bool:
    """Whether a `Counter` may merge a value of ``kind`` into an equal score it is not.

    A bool merges into 0 or 1, a complex number into the integer it equals; text and
    ``None`` never equal a score, and a real number equal to one is that score.
    """
    return not (_is_score_type(kind) or issubclass(kind, str | bytes | type(None)))


@lru_cache(maxsize=64)
def _index(low: int, high: int) -> dict[int, int]:
    # Dict lookup matches by hash and equality, so 9.0 and numpy.int64(9)
    # count as 9 while 9.5, "9" and None do not (nor True: it is refused before).
    return {value: value - low for value in range(low, high + 1)}


def _as_bytes(chunk: Sequence[Any]) -> bytes | None:
    """The chunk as bytes, or ``None`` when an item is not an integer from 0 to 255."""
    try:
        return bytes(chunk)
    except (TypeError, ValueError):  # not an integer, or outside 0-255
        return None


def check_scale(scale: int) -> int:
    """Refuse a rating scale that is not a whole number from 2 to 100."""
    if isinstance(scale, bool) or not isinstance(scale, int):
        raise InvalidTypeError(field="scale", value=scale, rule="must be a whole number")
    if not 2 <= scale <= 100:
        raise ValidationError(field="scale", value=scale, rule="must be from 2 to 100")
    return scale


class ScaleAccumulator(Generic[R]):
    """Counts of whole-number scores from ``low`` to ``high``; subclasses read them.

    Subclasses set ``_noun`` (for error messages), implement ``_finish`` and
    ``_settings`` (what must match for two accumulators to merge).
    """

    __slots__ = (
        "_bytes",
        "_counts",
        "_high",
        "_index",
        "_low",
        "_on_invalid",
        "_score",
        "_skipped",
    )
    _noun: ClassVar[str] = "scores"

    def __init__(
        self, *, low: int, high: int, on_invalid: OnInvalid, score: KeyLike | None
    ) -> None:
        check_choice("on_invalid", on_invalid, ("raise", "skip"))
        self._low = low
        self._high = high
        self._index = _index(low, high)
        self._bytes = low >= 0 and high <= 255 and high - low < _BYTES_MAX_VALUES
        self._counts = [0] * (high - low + 1)
        self._skipped = 0
        self._on_invalid = on_invalid
        self._score: Callable[[Any], Any] | None = key_function(score, field="score")

    @property
    def n(self) -> int:
        """Valid scores counted so far."""
        return sum(self._counts)

    @property
    def skipped(self) -> int:
        """Invalid scores skipped so far (with ``on_invalid="skip"``)."""
        return self._skipped

    def add(self, item: Any, /) -> None:
        """Count one score (or one record, read with ``score=``)."""
        value = item if self._score is None else self._score(item)
        i = self._lookup(value)
        if i is None:
            if self._on_invalid == "raise":
                raise self._invalid(value, self.n + self._skipped)
            self._skipped += 1
        else:
            self._counts[i] += 1

    def update(self, items: Iterable[Any], /) -> Self:
        """Count every score of ``items`` and return ``self``; atomic on error."""
        check_items(items, self._noun)
        values = items if self._score is None else map(self._score, items)
        counts = list(self._counts)
        skipped = self._skipped
        offset = self.n + skipped
        for chunk in _chunks(values):
            skipped += self._tally(chunk, offset, counts)
            offset += len(chunk)
            del chunk  # so that only one chunk is alive while the next is read
        self._counts = counts
        self._skipped = skipped
        return self

    def merge(self, other: Self, /) -> Self:
        """A new accumulator holding the counts of both; neither operand changes."""
        check_compatible(self, other, type(self)._settings)
        merged = copy.copy(self)
        merged._counts = [a + b for a, b in zip(self._counts, other._counts, strict=True)]
        merged._skipped = self._skipped + other._skipped
        return merged

    def result(self) -> R:
        """The frozen result for the scores counted so far."""
        return self._finish(tuple(self._counts), self._skipped)

    def _finish(self, counts: tuple[int, ...], skipped: int) -> R:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def _settings(self) -> tuple[object, ...]:
        return (self._low, self._high)

    def _pairs(self, counts: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        return tuple(zip(range(self._low, self._high + 1), counts, strict=True))

    def _lookup(self, value: Any) -> int | None:
        kind: type = type(value)
        if not _is_score_type(kind):  # a bool equals 0 or 1, 9 + 0j equals 9: not scores
            return None
        try:
            found = self._index.get(value)
        except TypeError:  # unhashable
            found = None
        if found is None and kind is not int and hasattr(kind, "__index__"):
            try:  # an integer of its own type, as the bytes path reads it
                found = self._index.get(operator.index(value))
            except TypeError:  # __index__ returned something else than an int
                return None
        return found

    def _invalid(self, value: Any, position: int) -> InvalidScoreError:
        return InvalidScoreError(
            field=f"{self._noun}[{position}]",
            value=value,
            rule=f"is not a whole number from {self._low} to {self._high}",
            position=position,
        )

    def _tally(self, chunk: Sequence[Any], offset: int, counts: list[int]) -> int:
        data = _as_bytes(chunk)
        # A bool converts to byte 0 or 1: only those items need their type checked.
        suspects = chunk if data is None else compress(chunk, data.translate(_ZERO_OR_ONE))
        if any(map(_merges_wrongly, set(map(type, suspects)))):
            # Counter would merge True into 1, or 9 + 0j into 9: go item by item instead.
            return self._tally_each(chunk, offset, counts)
        if data is not None and self._bytes:
            bad = self._tally_bytes(data, counts)
        else:
            try:
                tally = Counter(chunk)
            except TypeError:  # an unhashable item: fall back to one item at a time
                return self._tally_each(chunk, offset, counts)
            bad = 0
            for value, k in tally.items():
                i = self._lookup(value)
                if i is None:
                    bad += k
                else:
                    counts[i] += k
        if bad and self._on_invalid == "raise":
            self._tally_each(chunk, offset, [0] * len(counts))  # raises at the first bad item
        return bad

    def _tally_bytes(self, data: bytes, counts: list[int]) -> int:
        """Count a chunk of integers from 0 to 255; return how many lie outside the scale."""
        for i, value in enumerate(range(self._low, self._high + 1)):
            rest = data.translate(None, bytes((value,)))
            counts[i] += len(data) - len(rest)
            data = rest
        return len(data)

    def _tally_each(self, chunk: Sequence[Any], offset: int, counts: list[int]) -> int:
        bad = 0
        for position, value in enumerate(chunk, offset):
            i = self._lookup(value)
            if i is None:
                if self._on_invalid == "raise":
                    raise self._invalid(value, position)
                bad += 1
            else:
                counts[i] += 1
        return bad

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n={self.n}, skipped={self._skipped})"


def _chunks(values: Iterable[Any]) -> Iterator[Sequence[Any]]:
    if isinstance(values, list | tuple):
        yield values  # already in memory: one C-speed pass
        return
    iterator = iter(values)
    while True:
        chunk = list(islice(iterator, CHUNK))
        if not chunk:
            return
        yield chunk
        del chunk
