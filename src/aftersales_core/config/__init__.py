"""Load and dump service commitments (and every other value) as TOML or JSON.

One [cattrs](https://catt.rs) converter serves the whole library
(`converter`); these functions put it to work on documents:

* `load_commitment` reads a ``.toml`` or ``.json`` file,
  `loads_commitment` parses text; `load_value` reads any other value (a claim) from a file;
* `dump_commitment` writes JSON (or TOML, with the ``toml`` extra);
* `structure` and `unstructure` convert any other value — claims,
  purchases, tickets, histories — between Python and plain data.

Reading is strict and says where: unknown keys, unknown policy kinds and invalid
values are refused with a `ConfigError` that names the
path (``policies[2].tiers[0].refund_ratio``) and the problem; malformed TOML or JSON
names the line and column; a document over ``max_size`` is refused before it is
parsed. Nothing but `AftersalesError` subclasses comes
out of a bad document. Only policy kinds registered with
`register_policy` are ever instantiated.

Numbers are exact: a TOML or JSON number with a fraction is read from its text as a
``Decimal`` (``0.2`` is ``Decimal("0.2")``), never through a float. Decimals are
written as text (``"0.2"``), so no JSON reader rounds them. Dumping writes only the
fields that differ from their defaults; ``loads_commitment(dump_commitment(x)) == x``.

Examples:
    >>> from aftersales_core.config import dump_commitment, loads_commitment
    >>> text = '''
    ... name = "Dịch thuật Sao Việt"
    ... [[policies]]
    ... kind = "refund"
    ... tiers = [{ min_error_rate = 0.2, refund_ratio = 1 }]
    ... '''
    >>> commitment = loads_commitment(text)
    >>> commitment.policies[0].tiers[0].min_error_rate
    Decimal('0.2')
    >>> loads_commitment(dump_commitment(commitment)) == commitment
    True
    >>> loads_commitment(text.replace("refund_ratio = 1", "refund_ratio = 1.5"))
    Traceback (most recent call last):
    ...
    aftersales_core.errors.ConfigError: policies[0].tiers[0].refund_ratio: Decimal('1.5') must be between 0 and 1
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TypeVar

from .._internal.lazy import attach
from ..errors import ConfigError, InvalidTypeError, ValidationError
from ._documents import MAX_DOCUMENT_SIZE, MissingExtraError

if TYPE_CHECKING:
    import cattrs

    from ..commitment import ServiceCommitment
    from .exports import PRESETS, ExportedTickets, ExportMapping, load_mapping, read_tickets
    from .output import atomic_output
    from .records import MAX_LINE, RECORD_KINDS, read_records, record_type

__all__ = [
    "MAX_DOCUMENT_SIZE",
    "MAX_LINE",
    "PRESETS",
    "RECORD_KINDS",
    "ExportMapping",
    "ExportedTickets",
    "MissingExtraError",
    "atomic_output",
    "converter",
    "dump_commitment",
    "load_commitment",
    "load_mapping",
    "load_value",
    "loads_commitment",
    "read_records",
    "read_tickets",
    "record_type",
    "structure",
    "unstructure",
]

T = TypeVar("T")

# The record reader pulls in cattrs and every record type: only when it is used.
__getattr__, __dir__ = attach(
    sys.modules[__name__],
    {
        **dict.fromkeys(("MAX_LINE", "RECORD_KINDS", "read_records", "record_type"), ".records"),
        "atomic_output": ".output",
        **dict.fromkeys(
            ("PRESETS", "ExportMapping", "ExportedTickets", "load_mapping", "read_tickets"),
            ".exports",
        ),
    },
)


def converter() -> cattrs.Converter:
    """The library's one cattrs converter, built on first use.

    Use it to register hooks for your own types. Its errors are cattrs' exception
    groups; `structure` turns them into a
    `ConfigError` with the path.

    Examples:
        >>> from aftersales_core.facts import GeoPoint
        >>> converter().structure({"latitude": 10.7769, "longitude": 106.7009}, GeoPoint)
        GeoPoint(latitude=10.7769, longitude=106.7009)
    """
    from ._converter import get_converter

    return get_converter()


def structure(data: Any, cl: type[T]) -> T:
    """Build a value of type ``cl`` from plain data (dicts, lists, text, numbers).

    Args:
        data: What a TOML or JSON parser returns.
        cl: The type to build: an attrs class of the library (``Claim``, ``Purchase``,
            ``ServiceCommitment``, ``CommitmentHistory``, a policy), ``list[Claim]``, ...

    Raises:
        ConfigError: The data does not describe a valid ``cl``; the error names the
            path and the problem (further problems are attached as notes).

    Examples:
        >>> from aftersales_core.facts import GeoPoint, Purchase
        >>> p = structure({"id": "O-1", "customer_id": "C-1", "sku": "PHONE-X",
        ...                "product_category": "phone", "price": "9990000 VND",
        ...                "purchased_at": "2026-03-01T10:00:00+07:00[Asia/Ho_Chi_Minh]"}, Purchase)
        >>> p.price, p.purchased_at.timezone_name
        (Money('9990000', 'VND'), 'Asia/Ho_Chi_Minh')
        >>> structure({"latitude": 91, "longitude": 0}, GeoPoint)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ConfigError: latitude: 91.0 must be between -90 and 90
    """
    from ._converter import structure as structure_

    return structure_(data, cl)


def unstructure(value: Any, cl: Any = None) -> Any:
    """Plain data (dicts, lists, text, numbers) for a value, as `structure` reads it.

    Args:
        value: The value.
        cl: The type to write it as (by default, its own class).

    Raises:
        ConfigError: The value cannot be written (a policy class that is not registered,
            a ticket on a custom workflow).
        InvalidTypeError: The value (or a part of it, named by ``field``) is neither a
            value of the library nor plain data.

    Examples:
        >>> from aftersales_core import Money
        >>> from aftersales_core.policies import DistanceFee
        >>> unstructure(DistanceFee(up_to_km=10, fee=Money(30_000, "VND")))
        {'up_to_km': '10', 'fee': '30000 VND'}
        >>> unstructure({"fee": object()})
        Traceback (most recent call last):
        ...
        aftersales_core.errors.InvalidTypeError: value.fee: <object object at ...> cannot be written: ...
    """
    from ._documents import check_plain

    try:
        data = converter().unstructure(value, cl)
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(path="", problem=f"cannot be written: {exc}") from None
    return check_plain(data)


def loads_commitment(
    text: str, format: str | None = None, *, max_size: int = MAX_DOCUMENT_SIZE
) -> ServiceCommitment:
    r"""Parse a service commitment from TOML or JSON text.

    Args:
        text: The document.
        format: ``"toml"`` or ``"json"``; ``None`` detects it (JSON starts with ``{``
            or ``[``).
        max_size: The most characters read; larger documents are refused unparsed.

    Raises:
        ConfigError: The document is too large, malformed (with line and column) or
            describes no valid commitment (with the path).
        ValidationError: An unknown ``format``, a negative ``max_size``.
        InvalidTypeError: ``text`` is not text, ``max_size`` not a whole number.

    Examples:
        >>> loads_commitment('{"name": "Shop", "colour": "red"}')
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ConfigError: colour: is not a known key; expected one of: name, ...
        >>> loads_commitment('name = "Shop"\nversion = ')
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ConfigError: line 2, column 11: Invalid value
    """
    from ..commitment import ServiceCommitment
    from ..vocabulary import Vocabulary
    from ._documents import parse

    data = parse(text, format, max_size)
    if isinstance(data, dict) and "vocabulary" in data:
        # The added channels and categories first: the contacts and the SLA may use them.
        terms = structure({"vocabulary": data["vocabulary"]}, dict[str, Vocabulary])
        try:
            terms["vocabulary"].install()
        except ValidationError as exc:
            raise ConfigError(
                path=f"vocabulary.{exc.field}", problem=f"{exc.value!r} {exc.rule}"
            ) from None
    return structure(data, ServiceCommitment)


def load_commitment(
    path: str | os.PathLike[str], *, max_size: int = MAX_DOCUMENT_SIZE
) -> ServiceCommitment:
    """Read a service commitment from a ``.toml`` or ``.json`` file (UTF-8).

    The suffix gives the format; any other suffix is detected as in
    `loads_commitment`.

    Args:
        path: The file.
        max_size: The most bytes read; larger files are refused.

    Raises:
        ConfigError: As `loads_commitment`, or the file is not UTF-8.
        InvalidTypeError: ``path`` is not a path (``None``, a number).
        OSError: The file cannot be opened.

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / "shop.toml").write_text('name = "Shop"', encoding="utf-8")
        13
        >>> load_commitment(folder / "shop.toml").name
        'Shop'
    """
    from ._documents import read_file

    text, format = read_file(path, max_size)
    return loads_commitment(text, format, max_size=max_size)


def load_value(
    path: str | os.PathLike[str], cl: type[T], *, max_size: int = MAX_DOCUMENT_SIZE
) -> T:
    """Read any value — a claim, a purchase, a list of them — from a ``.toml`` or ``.json`` file.

    The document is read as strictly as a commitment (`load_commitment`): within
    ``max_size`` bytes, exact decimals, no key twice in one object, no NaN; then built
    with `structure`.

    Args:
        path: The file (UTF-8).
        cl: The type to build (``Claim``, ``list[Purchase]``, ...).
        max_size: The most bytes read; larger files are refused.

    Raises:
        ConfigError: The file is too large, not UTF-8, malformed (with line and column),
            or does not describe a valid ``cl`` (with the path).
        InvalidTypeError: ``path`` is not a path.
        OSError: The file cannot be opened.

    Examples:
        >>> import pathlib, tempfile
        >>> from aftersales_core.facts import GeoPoint
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "shop.json"
        >>> _ = path.write_text('{"latitude": 10.7769, "longitude": 106.7009}')
        >>> load_value(path, GeoPoint)
        GeoPoint(latitude=10.7769, longitude=106.7009)
        >>> _ = path.write_text('{"latitude": 10.7769, "latitude": 0}')
        >>> load_value(path, GeoPoint)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ConfigError: <document>: the key 'latitude' appears twice in one object
    """
    from ._documents import parse, read_file

    text, format = read_file(path, max_size)
    return structure(parse(text, format, max_size), cl)


def dump_commitment(commitment: ServiceCommitment, format: str = "json") -> str:
    """Write a service commitment as JSON, or as TOML with the ``toml`` extra (tomli-w).

    Only fields that differ from their defaults are written; every policy carries its
    ``kind``.

    Args:
        commitment: The commitment.
        format: ``"json"`` (default) or ``"toml"``.

    Raises:
        InvalidTypeError: ``commitment`` is not a ServiceCommitment.
        ConfigError: It holds a value that cannot be written (an unregistered policy class).
        MissingExtraError: ``format="toml"`` without tomli-w installed.

    Examples:
        >>> from aftersales_core.policies import WarrantyPolicy
        >>> from aftersales_core.commitment import ServiceCommitment
        >>> print(dump_commitment(ServiceCommitment(name="Shop",
        ...                                         policies=[WarrantyPolicy(term="12mo")])))
        {
          "name": "Shop",
          "policies": [
            {
              "kind": "warranty",
              "term": "12mo"
            }
          ]
        }
        <BLANKLINE>
    """
    from ..commitment import ServiceCommitment
    from ._documents import emit

    if not isinstance(commitment, ServiceCommitment):
        raise InvalidTypeError(
            field="commitment", value=commitment, rule="must be a ServiceCommitment"
        )
    return emit(unstructure(commitment, ServiceCommitment), format)
