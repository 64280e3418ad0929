"""Arrays of instants and durations in and out of the columnar calendar (private).

Instants come in as numpy ``datetime64`` (any unit, converted exactly; numpy's
datetime64 counts from 1970 on UTC's clock), int64 UTC microseconds, or Arrow
timestamp arrays with a time zone (anything with the Arrow PyCapsule interface);
they go back out as the same kind. Bad input is refused with a typed error naming
the element: NaT or null, a naive Arrow timestamp, a unit finer than a
microsecond that does not divide exactly, an instant outside the years 3 to 9997.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .._internal.instants import micros_of
from ..errors import InvalidTypeError, NaiveDatetimeError, ValidationError
from ..terms import parse_duration

__all__ = [
    "HIGHEST",
    "LOWEST",
    "Kind",
    "read_durations",
    "read_instants",
    "write_durations",
    "write_flags",
    "write_instants",
]

I64 = npt.NDArray[np.int64]
# The instants the calendar counts in (UTC 0003-01-01 to 9998-01-01, exclusive), in micros.
LOWEST = -62_072_524_800_000_000
HIGHEST = 253_339_228_800_000_000
_RANGE = "must fall in the years 3 to 9997, where the calendar counts"
_ARRAYS = "must be an array: numpy datetime64, int64 UTC microseconds, or an Arrow timestamp array"


class Kind(NamedTuple):
    """What an input array was, so that results come back as the same kind."""

    name: str  # "int", "datetime64" or "arrow"
    zone: str | None = None  # an Arrow input's time zone


# -- reading and writing arrays ---------------------------------------------------------------
def _arrow_like(values: object) -> bool:
    return hasattr(values, "__arrow_c_array__") or hasattr(values, "__arrow_c_stream__")


def _from_arrow(values: Any, field: str, what: str) -> tuple[Any, Any]:
    import pyarrow as pa

    if not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.chunked_array(values) if hasattr(values, "__arrow_c_stream__") else (
            pa.array(values)
        )  # fmt: skip
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.null_count:
        first = int(np.argmax(values.is_null().to_numpy(zero_copy_only=False)))
        raise ValidationError(
            field=f"{field}[{first}]", value=None, rule=f"is null: every {what} must be given"
        )
    return pa, values


def _refuse_nat(array: Any, field: str, rule: str) -> None:
    """Name the first NaT of a datetime64/timedelta64 array, which has no business time."""
    missing = np.isnat(array)
    if missing.any():
        i = int(np.argmax(missing))
        raise ValidationError(field=f"{field}[{i}]", value="NaT", rule=rule)


def _exact(values: Any, target: str, field: str, what: str) -> Any:
    """``values`` cast to ``target`` (a numpy unit dtype), refusing any rounding."""
    cast = values.astype(target)
    wrong = cast.astype(values.dtype) != values
    if wrong.any():
        i = int(np.argmax(wrong))
        raise ValidationError(
            field=f"{field}[{i}]",
            value=str(values[i]),
            rule=f"is not a whole number of microseconds; {what} are counted in microseconds",
        )
    return cast


def read_instants(values: object, field: str) -> tuple[I64, Kind]:
    """``values`` as int64 UTC microseconds, and its kind; typed errors for what is not."""
    if _arrow_like(values) and not isinstance(values, np.ndarray):
        pa, array = _from_arrow(values, field, "instant")
        kind = array.type
        if not pa.types.is_timestamp(kind):
            raise InvalidTypeError(field=field, value=str(kind), rule=_ARRAYS)
        if kind.tz is None:
            raise NaiveDatetimeError(
                field=field,
                value=str(kind),
                rule="is an Arrow timestamp without a time zone (a wall clock, not an "
                "instant); give it tz='UTC' or its zone",
            )
        micros = array.cast(pa.int64()).to_numpy()
        if kind.unit != "us":
            scale = {"s": 1_000_000, "ms": 1_000, "ns": 1}[kind.unit]
            if kind.unit == "ns":
                wrong = micros % 1000 != 0
                if wrong.any():
                    i = int(np.argmax(wrong))
                    raise ValidationError(
                        field=f"{field}[{i}]",
                        value=int(micros[i]),
                        rule="is not a whole number of microseconds; instants are counted "
                        "in microseconds",
                    )
                micros = micros // 1000
            else:
                micros = micros * scale
        return _in_range(micros.astype(np.int64), field), Kind("arrow", kind.tz)
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidTypeError(field=field, value=array.shape, rule="must be one-dimensional")
    if array.dtype.kind == "M":
        _refuse_nat(array, field, "is NaT: every instant must be given")
        micros = _exact(array, "datetime64[us]", field, "instants").view(np.int64)
        return _in_range(micros, field), Kind("datetime64")
    if array.dtype.kind in "iu" and array.dtype != np.uint64:
        return _in_range(array.astype(np.int64), field), Kind("int")
    raise InvalidTypeError(field=field, value=str(array.dtype), rule=_ARRAYS)


def _in_range(micros: I64, field: str) -> I64:
    bad = (micros < LOWEST) | (micros >= HIGHEST)
    if len(micros) and bad.any():
        i = int(np.argmax(bad))
        raise ValidationError(field=f"{field}[{i}]", value=int(micros[i]), rule=_RANGE)
    return micros


def write_instants(micros: I64, kind: Kind, zone: str) -> Any:
    """Instants back as the kind they came in (Arrow ones in the calendar's zone)."""
    if kind.name == "int":
        return micros
    if kind.name == "datetime64":
        return micros.view("datetime64[us]")
    import pyarrow as pa

    return pa.array(micros, type=pa.int64()).view(pa.timestamp("us", tz=zone))


def write_durations(micros: I64, kind: Kind) -> Any:
    """Business time back as the kind the instants came in: ints, timedelta64 or Arrow durations."""
    if kind.name == "int":
        return micros
    if kind.name == "datetime64":
        return micros.view("timedelta64[us]")
    import pyarrow as pa

    return pa.array(micros, type=pa.int64()).view(pa.duration("us"))


def write_flags(flags: npt.NDArray[np.bool_], kind: Kind) -> Any:
    """Booleans back as numpy, or as an Arrow boolean array for Arrow input."""
    if kind.name != "arrow":
        return flags
    import pyarrow as pa

    return pa.array(flags, type=pa.bool_())


def _scalar_duration(value: object, field: str) -> int:
    if isinstance(value, bool | float):
        raise InvalidTypeError(
            field=field, value=value, rule="must be microseconds (an int), a timedelta or text"
        )
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            raise ValidationError(field=field, value="NaT", rule="is NaT: give a duration")
        found = int(
            _exact(np.asarray([value]), "timedelta64[us]", field, "durations")[0].view(np.int64)
        )
    elif isinstance(value, int | np.integer):
        found = int(value)
    elif isinstance(value, timedelta | str):
        found = micros_of(parse_duration(value, field=field))
    else:
        raise InvalidTypeError(
            field=field, value=value, rule="must be microseconds (an int), a timedelta or text"
        )
    if found < 0:
        raise ValidationError(field=field, value=value, rule="must not be negative")
    return found


def read_durations(values: object, field: str, count: int) -> I64:
    """Durations as int64 microseconds, one per instant (a scalar is repeated)."""
    if _arrow_like(values) and not isinstance(values, np.ndarray):
        pa, array = _from_arrow(values, field, "duration")
        if pa.types.is_duration(array.type):
            found = _exact(
                array.to_numpy(zero_copy_only=False), "timedelta64[us]", field, "durations"
            ).view(np.int64)
        elif pa.types.is_integer(array.type):
            found = array.to_numpy().astype(np.int64)
        else:
            raise InvalidTypeError(field=field, value=str(array.type), rule=_DURATIONS)
    elif isinstance(values, np.ndarray | list | tuple):
        array = np.asarray(values)
        if array.dtype.kind == "m":
            _refuse_nat(array, field, "is NaT: give a duration")
            found = _exact(array, "timedelta64[us]", field, "durations").view(np.int64)
        elif array.dtype.kind in "iu" and array.dtype != np.uint64 and array.ndim == 1:
            found = array.astype(np.int64)
        else:
            raise InvalidTypeError(field=field, value=str(array.dtype), rule=_DURATIONS)
    else:
        return np.full(count, _scalar_duration(values, field), dtype=np.int64)
    if len(found) != count:
        raise ValidationError(
            field=field, value=len(found), rule=f"must hold one duration per instant ({count})"
        )
    negative = found < 0
    if negative.any():
        i = int(np.argmax(negative))
        raise ValidationError(
            field=f"{field}[{i}]", value=int(found[i]), rule="must not be negative"
        )
    return np.asarray(found, dtype=np.int64)


_DURATIONS = (
    "must be durations: numpy timedelta64, int64 microseconds, an Arrow duration array, "
    "or one duration for all"
)
