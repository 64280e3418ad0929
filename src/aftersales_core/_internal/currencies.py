"""Which ISO 4217 codes are money, and the size of their minor unit (Babel's CLDR data).

Babel lists every ISO 4217 code, including the "X" codes that are not money: ``XXX``
(no currency), ``XTS`` (testing), the precious metals ``XAU``, ``XAG``, ``XPT`` and
``XPD`` (ISO gives them no minor unit; CLDR's default of 2 would be invented), and funds
or units of account such as ``XDR``. Those are refused; the X codes of real currencies
(`CIRCULATING_X`) are accepted.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from ..errors import UnknownCurrencyError, ValidationError

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["CIRCULATING_X", "babel_locale", "format_amount", "quantum"]

CIRCULATING_X: Final = frozenset({"XAF", "XCD", "XCG", "XOF", "XPF"})
"""The ISO 4217 X codes of real currencies: CFA francs, CFP franc, Caribbean dollar and guilder."""

_NOT_MONEY_RULE = (
    "is an ISO 4217 code for something that is not money (no currency, testing, a precious "
    "metal, a fund or unit of account); of the X codes only XAF, XCD, XCG, XOF and XPF are "
    "accepted"
)
_QUANTUM: dict[str, Decimal] = {}


@cache
def _known_currencies() -> frozenset[str]:
    # Babel is imported on first use, so that importing the package stays cheap.
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def quantum(currency: str) -> Decimal:
    """The currency's minor unit as a ``Decimal`` (``1`` for VND, ``0.01`` for USD).

    Raises:
        UnknownCurrencyError: An unknown code, or an X code that is not money.

    Examples:
        >>> quantum("USD"), quantum("VND")
        (Decimal('0.01'), Decimal('1'))
    """
    try:
        return _QUANTUM[currency]
    except (KeyError, TypeError):
        pass
    if not isinstance(currency, str) or currency not in _known_currencies():
        raise UnknownCurrencyError(
            field="currency",
            value=currency,
            rule="is not a known ISO 4217 currency code (upper case, e.g. 'VND', 'USD')",
        )
    if currency.startswith("X") and currency not in CIRCULATING_X:
        raise UnknownCurrencyError(field="currency", value=currency, rule=_NOT_MONEY_RULE)
    from babel.numbers import get_currency_precision

    value = Decimal(1).scaleb(-get_currency_precision(currency))
    _QUANTUM[currency] = value
    return value


def babel_locale(locale: object) -> Locale:
    """Babel's locale for an identifier such as ``"vi_VN"``.

    Raises:
        ValidationError: Not text, or not a locale Babel knows.

    Examples:
        >>> babel_locale("vi_VN").territory
        'VN'
    """
    from babel import Locale, UnknownLocaleError

    try:
        if isinstance(locale, str):
            return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        pass
    raise ValidationError(
        field="locale",
        value=locale,
        rule="is not a locale Babel knows (an identifier such as 'vi_VN' or 'en_US')",
    )


def format_amount(amount: Decimal, currency: str, locale: object, options: dict[str, Any]) -> str:
    """``amount`` in ``currency`` formatted by Babel for ``locale``, with Babel's ``options``.

    Raises:
        ValidationError: An unknown locale, or options Babel refuses.
    """
    from babel.numbers import format_currency

    known = babel_locale(locale)
    try:
        return str(format_currency(amount, currency, locale=known, **options))
    except (TypeError, ValueError, LookupError, AttributeError) as err:
        raise ValidationError(
            field="babel_options", value=options, rule=f"are refused by Babel: {err}"
        ) from None
