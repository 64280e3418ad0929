"""A realistic demo data set: a year of after-sales at a Vietnamese electronics shop.

Điện máy Phương Nam sells phones, laptops, TVs, air conditioners and kitchen
appliances in Ho Chi Minh City. :func:`generate` makes a year of its after-sales
(1 January 2026 to 1 January 2027, Tết included): customers with birthdays and
membership tiers, purchases with repeat buyers, tickets on the hotline, Zalo OA,
e-mail, live chat, the web form and in store — classified, answered, sometimes
waiting on the customer or on the authorised service centre, escalated, reopened or
cancelled — and the NPS, CSAT and CES answers of the customers afterwards. Staff
work the shop's hours (08:00–21:00 every day, closed on Vietnam's public holidays,
so nobody answers during Tết); customers act in waking hours.

The data set is deterministic for a random-number seed and grows with ``size`` (the number of
tickets). The default one ships with the package as JSON Lines (:func:`load`,
:func:`data_files`), together with the shop's published commitment
(:func:`commitment`); ``aftersales demo`` reports on them.

Examples:
    >>> from aftersales_core.sample import generate
    >>> data = generate(seed=7, size=50)
    >>> len(data.tickets), data.at.isoformat()
    (50, '2027-01-01T00:00:00+07:00')
    >>> generate(seed=7, size=50) == data
    True
    >>> sorted({str(t.channel) for t in data.tickets})[:3]
    ['email', 'hotline', 'in_store']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._internal.instants import real_time, reduce_keeping_fold
from ..errors import InvalidTypeError, ValidationError
from ..facts import Customer, Purchase
from ..surveys import SurveyResponse
from ..tickets import Ticket

if TYPE_CHECKING:
    from ..commitment import ServiceCommitment

__all__ = [
    "AS_OF",
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "MAX_SIZE",
    "SampleData",
    "commitment",
    "data_files",
    "generate",
    "load",
    "write",
]

AS_OF = pendulum.datetime(2027, 1, 1, tz="Asia/Ho_Chi_Minh")
"""When the sample's data was exported: the end of its year, and "now" for reports on it."""
DEFAULT_SEED = 2026
"""The random-number seed (of the generator, not a document) that draws the shipped data set."""
DEFAULT_SIZE = 400
"""The number of tickets of the shipped data set."""
MAX_SIZE = 1_000_000
"""The most tickets a data set has: about 1.1 GB of JSON Lines, written in about ten minutes.

The generator holds a few hundred bytes per ticket until the tickets are written, so a
bound keeps a mistyped size from filling the disk and the memory."""

_FILES = {
    "customers": "customers.jsonl",
    "purchases": "purchases.jsonl",
    "tickets": "tickets.jsonl",
    "surveys": "surveys.jsonl",
}
_COMMITMENT = "electronics_shop.toml"


@attrs.frozen(kw_only=True)
class SampleData:
    """The records of a sample data set, and the instant it was taken.

    Attributes:
        customers: The shop's customers.
        purchases: Their purchases over the year, oldest first.
        tickets: The after-sales tickets, by the time they were opened.
        surveys: The survey responses, one per answering customer and ticket.
        at: When the data was exported: "now" for a report on it. Events after
            it have not happened yet, so the latest tickets are still open.

    Examples:
        >>> data = generate(seed=1, size=5)
        >>> {t.customer_id for t in data.tickets} <= {c.id for c in data.customers}
        True
    """

    __reduce__ = reduce_keeping_fold

    customers: tuple[Customer, ...]
    purchases: tuple[Purchase, ...]
    tickets: tuple[Ticket, ...]
    surveys: tuple[SurveyResponse, ...]
    at: pendulum.DateTime = attrs.field(eq=real_time)


def _check(seed: object, size: object) -> None:
    for name, value in (("seed", seed), ("size", size)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidTypeError(field=name, value=value, rule="must be a whole number")
    if size < 1:  # type: ignore[operator]
        raise ValidationError(field="size", value=size, rule="must be at least 1 ticket")
    if size > MAX_SIZE:  # type: ignore[operator]
        raise ValidationError(
            field="size", value=size, rule=f"must be at most MAX_SIZE ({MAX_SIZE}) tickets"
        )


def _rows(seed: int, size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    _check(seed, size)
    from ._plan import records

    return records(seed, size)


def generate(*, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE) -> SampleData:
    """Generate a sample data set in memory.

    Args:
        seed: The random seed; the same seed and size give the same data everywhere.
        size: How many tickets (1 to `MAX_SIZE`); there are about 0.6 customers and 0.9
            purchases per ticket, and a survey response for about 4 tickets in 10.
            Use :func:`write` for large sizes: it streams to files.

    Returns:
        The data set, equal to what :func:`write` writes for the same arguments.

    Raises:
        ValidationError: ``size`` is below 1 or above `MAX_SIZE`.
        InvalidTypeError: ``seed`` or ``size`` is not a whole number.

    Examples:
        >>> generate(size=0)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: size: 0 must be at least 1 ticket
        >>> generate(size=10**30)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: size: 1000000000000000000000000000000 must be at most MAX_SIZE (1000000) tickets
    """
    from ..config import structure

    kinds: dict[str, tuple[str, type[Any]]] = {
        "customer": ("customers", Customer),
        "purchase": ("purchases", Purchase),
        "ticket": ("tickets", Ticket),
        "survey": ("surveys", SurveyResponse),
    }
    found: dict[str, list[Any]] = {name: [] for name, _ in kinds.values()}
    for kind, row in _rows(seed, size):
        name, cls = kinds[kind]
        found[name].append(structure(row, cls))
    return SampleData(**{k: tuple(v) for k, v in found.items()}, at=AS_OF)


def write(
    directory: str | os.PathLike[str], *, seed: int = DEFAULT_SEED, size: int = DEFAULT_SIZE
) -> dict[str, Path]:
    """Generate a data set straight into JSON Lines files, in constant memory per ticket.

    Writes ``customers.jsonl``, ``purchases.jsonl``, ``tickets.jsonl`` and
    ``surveys.jsonl`` (UTF-8, one record per line, as
    :func:`aftersales_core.config.unstructure` writes them) into ``directory``,
    which must exist. Each file appears complete or not at all.

    Args:
        directory: Where to write.
        seed: The random seed.
        size: How many tickets (1 to `MAX_SIZE`).

    Returns:
        The path of each file, by kind (``"tickets"``, ...).

    Raises:
        ValidationError: ``size`` is out of bounds (before any file is made).
        InvalidTypeError: ``seed`` or ``size`` is not a whole number.
        OSError: A file cannot be written; the error names the file, never its
            temporary name.

    Examples:
        >>> import tempfile
        >>> paths = write(tempfile.mkdtemp(), seed=7, size=20)
        >>> sorted(paths), len(paths["tickets"].read_text(encoding="utf-8").splitlines())
        (['customers', 'purchases', 'surveys', 'tickets'], 20)
    """
    import contextlib

    from ..config.output import atomic_output

    folder = Path(directory)
    paths = {kind: folder / name for kind, name in _FILES.items()}
    rows = _rows(seed, size)
    with contextlib.ExitStack() as stack:
        out = {kind: stack.enter_context(atomic_output(path)) for kind, path in paths.items()}
        for kind, row in rows:
            out[f"{kind}s"].write(json.dumps(row, ensure_ascii=False) + "\n")
    return paths


def data_files() -> dict[str, Path]:
    """The shipped default data set's files, by kind, and its commitment (``"commitment"``).

    Examples:
        >>> sorted(data_files())
        ['commitment', 'customers', 'purchases', 'surveys', 'tickets']
    """
    folder = resources.files(__name__).joinpath("data")
    paths = {kind: Path(str(folder.joinpath(name))) for kind, name in _FILES.items()}
    return {**paths, "commitment": Path(str(folder.joinpath(_COMMITMENT)))}


def load() -> SampleData:
    """The shipped default data set: ``generate()`` with the default seed and size, from files.

    Examples:
        >>> data = load()
        >>> len(data.tickets) == DEFAULT_SIZE, data.tickets[0].id
        (True, 'T-000001')
    """
    from ..config.records import read_records

    files = data_files()
    found = {kind: tuple(read_records(files[kind], kind)) for kind in _FILES}
    return SampleData(**found, at=AS_OF)


def commitment() -> ServiceCommitment:
    """The electronics shop's published service commitment, shipped with the data set.

    A copy of ``examples/commitments/electronics_shop.toml``: a 12-month warranty,
    7-day returns, maintenance every 6 months, and first response / resolution within
    4 / 6 hours for urgent requests and 24 / 48 hours for normal ones.

    Examples:
        >>> shop = commitment()
        >>> shop.name, shop.sla.target_for("urgent").resolution.in_hours()
        ('Điện máy Phương Nam', 6)
    """
    from ..config import load_commitment

    return load_commitment(data_files()["commitment"])
