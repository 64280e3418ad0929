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
from typing import Final

from ..errors import UnknownCurrencyError

__all__ = ["CIRCULATING_X", "quantum"]

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
