r"""aftersales_core: typed, immutable, explainable building blocks for after-sales service.

Everything a user needs is importable from here or from one documented
subpackage (``metrics``, ``care``, ``config``, ``testing``).

Examples:
    >>> from aftersales_core import Money, Term
    >>> Money(500_000, "VND").format("vi_VN")
    '500.000\xa0₫'
    >>> str(Term.lifetime())
    'lifetime'
"""

from .claims import Category, Channel, ClaimKind, Priority
from .errors import (
    AftersalesError,
    ConfigError,
    CurrencyMismatchError,
    InvalidDurationError,
    InvalidTransition,
    InvalidTypeError,
    NaiveDatetimeError,
    UnknownCurrencyError,
    UnknownKindError,
    ValidationError,
)
from .money import Money
from .periods import Term, as_instant, format_duration, parse_duration

__version__ = "0.1.0.dev0"

__all__ = [
    "AftersalesError",
    "Category",
    "Channel",
    "ClaimKind",
    "ConfigError",
    "CurrencyMismatchError",
    "InvalidDurationError",
    "InvalidTransition",
    "InvalidTypeError",
    "Money",
    "NaiveDatetimeError",
    "Priority",
    "Term",
    "UnknownCurrencyError",
    "UnknownKindError",
    "ValidationError",
    "as_instant",
    "format_duration",
    "parse_duration",
]
