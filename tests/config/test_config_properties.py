"""Properties of loading and dumping: lossless round trips; bad documents fail only typed."""

import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from aftersales_core import AftersalesError, ConfigError
from aftersales_core.commitment import ServiceCommitment
from aftersales_core.commitment.versions import CommitmentHistory
from aftersales_core.config import dump_commitment, loads_commitment, structure, unstructure
from aftersales_core.policies import ReturnWindowPolicy, register_policy, unregister_policy
from aftersales_core.testing.commitments import commitment_histories, service_commitments

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(service_commitments(currency="VND"))
def test_json_round_trip_is_lossless(commitment):
    text = dump_commitment(commitment)
    back = loads_commitment(text)
    assert back == commitment
    assert dump_commitment(back) == text
    if commitment.effective_from is not None:  # the zone's name survives, not just the offset
        assert back.effective_from.timezone_name == commitment.effective_from.timezone_name


@SLOW
@given(service_commitments(currency="USD"))
def test_toml_round_trip_is_lossless(commitment):
    pytest.importorskip("tomli_w")
    assert loads_commitment(dump_commitment(commitment, "toml")) == commitment


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(commitment_histories(currency="VND"))
def test_histories_round_trip(history):
    assert structure(json.loads(json.dumps(unstructure(history))), CommitmentHistory) == history


@attrs.frozen(kw_only=True)
class GoldReturns(ReturnWindowPolicy):
    """Longer returns for Gold members: a user's subclass with its own field and kind."""

    kind = "tests.properties_gold"
    gold_days: int = 30


@given(
    days=hs.integers(0, 60),
    gold_days=hs.integers(0, 365),
    named=hs.booleans(),
    base=service_commitments(max_policies=2),
)
def test_a_registered_user_subclass_round_trips(days, gold_days, named, base):
    register_policy(GoldReturns)
    try:
        gold = GoldReturns(days=days, gold_days=gold_days, **({"name": "gold"} if named else {}))
        names = {p.name for p in base.policies}
        if gold.name in names:
            gold = attrs.evolve(gold, name="gold_unique")
        commitment = attrs.evolve(base, policies=[*base.policies, gold])
        assert loads_commitment(dump_commitment(commitment)) == commitment
    finally:
        unregister_policy(GoldReturns.kind)


def _mutate(text, data):
    op = data.draw(hs.sampled_from(["cut", "replace", "insert", "delete", "swap"]))
    i = data.draw(hs.integers(0, len(text)))
    if op == "cut":
        return text[:i]
    if op == "replace":
        piece = data.draw(hs.sampled_from([*'{}[]",:=.0-19eaZ \n#\\', "true", "nan"]))
        return text[:i] + piece + text[i + 1 :]
    if op == "insert":
        return text[:i] + data.draw(hs.text(max_size=6)) + text[i:]
    if op == "delete":
        return text[:i] + text[i + data.draw(hs.integers(1, 20)) :]
    j = data.draw(hs.integers(0, len(text)))
    return text[: min(i, j)] + text[max(i, j) :] + text[min(i, j) : max(i, j)]


@SLOW
@given(service_commitments(currency="VND"), hs.sampled_from(["json", "toml"]), hs.data())
def test_mutated_and_truncated_documents_raise_only_library_errors(commitment, fmt, data):
    if fmt == "toml":
        pytest.importorskip("tomli_w")
    text = dump_commitment(commitment, fmt)
    for _ in range(data.draw(hs.integers(1, 3))):
        text = _mutate(text, data)
    try:
        result = loads_commitment(text)
    except AftersalesError:
        return
    assert isinstance(result, ServiceCommitment)


_ODD_VALUES = hs.sampled_from(
    [None, "", "x", -1, 0, 10**30, Decimal("1.5"), Decimal("NaN"), True, [], {}, [1, "a"], {"a": 1}]
)


def _paths(tree, prefix=()):
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _paths(value, (*prefix, i))


def _replace(tree, path, value):
    if not path:
        return value
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[path[0]] = _replace(copy[path[0]], path[1:], value)
    return copy


@SLOW
@given(service_commitments(currency="VND"), hs.data())
def test_any_value_replaced_by_an_odd_one_gives_a_config_error_or_a_commitment(commitment, data):
    tree = unstructure(commitment)
    path = data.draw(hs.sampled_from(list(_paths(tree))))
    odd = _replace(tree, path, data.draw(_ODD_VALUES))
    try:
        result = structure(odd, ServiceCommitment)
    except ConfigError as err:
        problem = err.problem
    else:
        problem = "-"
        assert isinstance(result, ServiceCommitment)
    assert problem
