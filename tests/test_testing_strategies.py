from datetime import UTC, datetime, timedelta

import pendulum
import pytest
from hypothesis import given

from aftersales_core import Money, ValidationError
from aftersales_core.testing import strategies as st


@given(st.money(currencies=["BHD"], min_value=-1, max_value=1))
def test_money_respects_bounds_and_currency(m):
    assert m.currency == "BHD"
    assert Money(-1, "BHD") <= m <= Money(1, "BHD")


@given(st.instants(timezones=["Europe/Berlin"]))
def test_instants_are_aware_and_in_the_zone(at):
    assert at.tzinfo is not None
    assert at.timezone_name == "Europe/Berlin"


def test_instants_refuse_aware_bounds():
    with pytest.raises(ValidationError) as info:
        st.instants(min_value=datetime(2026, 1, 1, tzinfo=UTC))
    assert info.value.field == "min_value"


@given(st.terms())
def test_terms_include_lifetimes_or_finite_terms(term):
    assert term.is_lifetime or term.end(datetime(2026, 1, 1, tzinfo=UTC)) is not None


@given(st.durations(min_value=pendulum.duration(minutes=30), max_value=pendulum.duration(hours=4)))
def test_durations_accept_pendulum_bounds(d):
    assert pendulum.duration(minutes=30) <= d <= pendulum.duration(hours=4)


def test_durations_refuse_a_zero_resolution():
    with pytest.raises(ValidationError) as info:
        st.durations(resolution=timedelta(0))
    assert info.value.field == "resolution"
