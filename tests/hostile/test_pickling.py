"""Pickling keeps every instant: the same real time, the same zone and the same ``fold``.

pendulum pickles a ``DateTime`` without its ``fold``, so the second pass of a repeated
hour (01:10 EST after the clocks go back) used to come back as the first (01:10 EDT),
an hour earlier, while ``==`` (which compares one zone's datetimes by their wall clocks)
still said the values were equal. Every value type that holds an instant now pickles
through one mechanism, and equality compares instants on the real time line.
"""

from __future__ import annotations

import importlib
import pickle
import pkgutil
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs
import cloudpickle
import dask.bag as db
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

import aftersales_core
from aftersales_core import Money
from aftersales_core._internal.instants import real_time, reduce_keeping_fold, unix_micros
from aftersales_core.care import Expiry, LoyaltyLedger, LoyaltyProgram
from aftersales_core.facts import Claim, Purchase
from aftersales_core.testing import care, commitments, policies, strategies, tickets

NEW_YORK = "America/New_York"
# 2 Nov 2025: New York's clocks go back at 02:00 EDT; 01:00-02:00 happens twice.
FIRST_PASS = pendulum.datetime(2025, 11, 2, 5, 10, tz="UTC").in_timezone(NEW_YORK)  # 01:10 EDT
SECOND_PASS = pendulum.datetime(2025, 11, 2, 6, 10, tz="UTC").in_timezone(NEW_YORK)  # 01:10 EST


def instants_in(value: Any, path: str = "value") -> Iterator[tuple[str, datetime]]:
    """Every instant a value holds, with where it is, through attrs fields and containers."""
    if isinstance(value, datetime):
        yield path, value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from instants_in(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, tuple | list | frozenset | set):
        for i, item in enumerate(value):
            yield from instants_in(item, f"{path}[{i}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from instants_in(item, f"{path}[{key!r}]")


def assert_same_instants(restored: Any, original: Any) -> None:
    assert restored == original
    before, after = list(instants_in(original)), list(instants_in(restored))
    assert [path for path, _ in after] == [path for path, _ in before]
    for (path, was), (_, now) in zip(before, after, strict=True):
        assert unix_micros(now) == unix_micros(was), path
        assert (now.fold, str(now.tzinfo)) == (was.fold, str(was.tzinfo)), path


VALUES = hs.one_of(
    policies.purchases(),
    policies.claims(),
    policies.customers(),
    policies.policies(),
    care.loyalty_ledgers(max_commands=6),
    care.referrals(),
    care.care_journeys(),
    care.loyalty_programs(),
    commitments.service_commitments(),
    commitments.commitment_histories(),
    commitments.contacts(),
    tickets.tickets(timezones=None, max_events=6),
)


@given(VALUES)
def test_a_pickled_value_keeps_every_instant(value: Any) -> None:
    assert_same_instants(pickle.loads(pickle.dumps(value)), value)
    assert_same_instants(pickle.loads(pickle.dumps(value, protocol=2)), value)


@given(hs.lists(VALUES, max_size=3))
def test_cloudpickle_as_dask_ships_them_keeps_every_instant(values: list[Any]) -> None:
    assert_same_instants(cloudpickle.loads(cloudpickle.dumps(values)), values)


def test_the_public_instants_reach_the_second_pass_of_a_repeated_hour() -> None:
    # The property above is only as good as its instants: they must include fold=1 times
    # whose offset differs from fold=0's (the second pass of a repeated hour).
    seen: list[bool] = []

    @settings(max_examples=500, derandomize=True)  # whatever the profile
    @given(strategies.instants())
    def draw(at: pendulum.DateTime) -> None:
        seen.append(at.fold == 1 and at.utcoffset() != at.replace(fold=0).utcoffset())

    draw()
    assert any(seen)


def _purchase(at: pendulum.DateTime) -> Purchase:
    return Purchase(
        id="O-1", customer_id="C-1", sku="X", product_category="x",
        price=Money(100, "USD"), purchased_at=at,
    )  # fmt: skip


def test_a_purchase_in_the_second_pass_comes_back_in_the_second_pass() -> None:
    purchase = _purchase(SECOND_PASS)
    back = pickle.loads(pickle.dumps(purchase))
    assert back.purchased_at.fold == 1
    assert unix_micros(back.purchased_at) == unix_micros(SECOND_PASS)


def test_values_an_hour_apart_in_a_repeated_hour_are_not_equal() -> None:
    assert FIRST_PASS == SECOND_PASS  # Python: one zone's datetimes compare by wall clock
    assert _purchase(FIRST_PASS) != _purchase(SECOND_PASS)
    claim = Claim(id="R-1", kind="refund", purchase=_purchase(FIRST_PASS), opened_at=FIRST_PASS)
    assert claim != attrs.evolve(claim, opened_at=SECOND_PASS)
    expiry = Expiry(batch_id="B", points=1, at=FIRST_PASS)
    assert expiry != attrs.evolve(expiry, at=SECOND_PASS)
    assert len({_purchase(FIRST_PASS), _purchase(SECOND_PASS)}) == 2


def test_the_same_instant_in_two_zones_is_equal() -> None:
    assert _purchase(SECOND_PASS) == _purchase(SECOND_PASS.in_timezone("UTC"))
    assert hash(_purchase(SECOND_PASS)) == hash(_purchase(SECOND_PASS.in_timezone("UTC")))


def test_a_ledger_in_a_dask_bag_keeps_its_second_pass() -> None:
    club = LoyaltyProgram(name="C", currency="USD", spend_per_point=Money(1, "USD"))
    ledger = LoyaltyLedger(program=club, customer_id="C-1").bonus(id="B", points=5, at=SECOND_PASS)
    bag = db.from_sequence([ledger, ledger], npartitions=2)
    # The multiprocessing scheduler ships partitions with cloudpickle.
    shipped = cloudpickle.loads(cloudpickle.dumps(bag.compute(scheduler="sync")))
    assert [entry.at.fold for back in shipped for entry in back.entries] == [1, 1]


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_every_pickle_protocol_keeps_fold(protocol: int) -> None:
    back = pickle.loads(pickle.dumps(_purchase(SECOND_PASS), protocol=protocol))
    assert back.purchased_at.fold == 1


def _value_types_with_instants() -> list[tuple[type, list[str]]]:
    found: dict[type, list[str]] = {}
    for info in pkgutil.walk_packages(aftersales_core.__path__, "aftersales_core."):
        module = importlib.import_module(info.name)
        for item in vars(module).values():
            if isinstance(item, type) and item.__module__ == module.__name__ and attrs.has(item):
                names = [
                    f.name
                    for f in attrs.fields(item)
                    if "DateTime" in str(f.type) or "datetime" in str(f.type)
                ]
                if names:
                    found[item] = names
    return sorted(found.items(), key=lambda kv: f"{kv[0].__module__}.{kv[0].__qualname__}")


@pytest.mark.parametrize(
    ("kind", "names"), _value_types_with_instants(), ids=lambda v: getattr(v, "__qualname__", "")
)
def test_every_value_type_holding_an_instant_uses_the_one_mechanism(
    kind: type, names: list[str]
) -> None:
    # The strategies above cannot reach every type; this finds them all by their fields.
    assert kind.__reduce__ is reduce_keeping_fold  # type: ignore[comparison-overlap]
    fields = attrs.fields_dict(kind)
    assert [n for n in names if fields[n].eq_key is not real_time] == []
