"""Loyalty under hostile input: a negative spend earns nothing, a backward window is refused.

A spend is never negative (a return is recorded with ``record_return``), so
``points_for(Money(-100000, "VND"))`` is a typed error, not −10 points; and asking which
points expire "until" an instant before "at" is a typed error, not 0.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given

from aftersales_core import Money
from aftersales_core.care import LoyaltyLedger, LoyaltyProgram
from aftersales_core.errors import InvalidTypeError, ValidationError
from aftersales_core.testing import strategies

CLUB = LoyaltyProgram(name="C", currency="VND", spend_per_point=Money(10_000, "VND"))
AT = pendulum.datetime(2026, 1, 2, tz="Asia/Ho_Chi_Minh")


def test_a_negative_spend_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        CLUB.points_for(Money(-100_000, "VND"))
    assert caught.value.field == "spent"
    assert caught.value.value == Money(-100_000, "VND")
    assert "never negative" in caught.value.rule


@given(strategies.money(currencies=["VND"], max_value=-1))
def test_no_negative_spend_earns_points(spent: Money) -> None:
    with pytest.raises(ValidationError) as caught:
        CLUB.points_for(spent)
    assert (caught.value.field, caught.value.value) == ("spent", spent)


def test_a_spend_that_is_not_money_is_refused_by_type() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        CLUB.points_for(100_000)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "spent", 100_000, "must be Money",
    )  # fmt: skip


def test_a_negative_multiplier_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        CLUB.points_for(Money(100_000, "VND"), multiplier=Decimal(-2))
    assert (caught.value.field, caught.value.rule) == ("multiplier", "must be zero or more")


def test_zero_spend_earns_zero() -> None:
    assert CLUB.points_for(Money(0, "VND")) == 0


def test_expiring_until_before_at_is_refused() -> None:
    ledger = LoyaltyLedger(program=CLUB, customer_id="C-1").bonus(id="B", points=10, at=AT)
    until = AT.subtract(days=1)
    with pytest.raises(ValidationError) as caught:
        ledger.expiring(AT, until=until)
    assert (caught.value.field, caught.value.value) == ("until", until)
    assert caught.value.rule == f"is before at ({AT.isoformat()})"
    assert ledger.expiring(AT, until=AT) == 0  # an empty window is a window
