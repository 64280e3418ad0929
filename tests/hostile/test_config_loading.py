"""Loading and dumping under hostile arguments: typed errors, and whatever can be built is saved.

Composite policies nest at most 32 deep: the limit is refused when the value is built (in
Python or from a document), and every depth up to it dumps and loads back as TOML and JSON.
"""

import pytest

from aftersales_core.commitment import ServiceCommitment
from aftersales_core.config import (
    dump_commitment,
    load_commitment,
    load_value,
    loads_commitment,
    unstructure,
)
from aftersales_core.errors import ConfigError, InvalidTypeError, ValidationError
from aftersales_core.facts import Claim
from aftersales_core.policies import AllOf, AnyOf, FirstApplicable, WarrantyPolicy

LIMIT = 32
KINDS = (AllOf, AnyOf, FirstApplicable)


def _nested(depth):
    policy = WarrantyPolicy(term="12mo")
    for level in range(depth):
        policy = KINDS[level % 3](name=f"level{level}", policies=[policy])
    return policy


@pytest.mark.parametrize("form", ["toml", "json"])
def test_the_deepest_composite_that_can_be_built_can_be_saved(form):
    shop = ServiceCommitment(name="Shop", policies=[_nested(LIMIT)])
    assert loads_commitment(dump_commitment(shop, form), form) == shop


def test_one_level_deeper_is_refused_when_built():
    deepest = _nested(LIMIT)
    with pytest.raises(ValidationError) as caught:
        AllOf(name="too-deep", policies=[WarrantyPolicy(term="1y"), deepest])
    err = caught.value
    assert err.field == "policies"
    assert err.value == f"composites nested {LIMIT + 1} deep"
    assert err.rule == f"must nest composites at most {LIMIT} deep"


@pytest.mark.parametrize("depth", [LIMIT + 1, 150, 400])
def test_a_document_nested_too_deep_is_a_config_error(depth):
    inner = '{"kind": "warranty", "term": "12mo"}'
    for level in range(depth):
        inner = f'{{"kind": "all_of", "name": "l{level}", "policies": [{inner}]}}'
    with pytest.raises(ConfigError) as caught:
        loads_commitment(f'{{"name": "Shop", "policies": [{inner}]}}')
    assert "policies" in caught.value.path
    assert "deep" in caught.value.problem


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        (lambda: loads_commitment('name = "Shop"', max_size="10"), "max_size", "10"),
        (lambda: loads_commitment('name = "Shop"', max_size=True), "max_size", True),
        (lambda: load_commitment(None), "path", None),
        (lambda: load_commitment(0), "path", 0),
        (lambda: load_commitment(b"shop.toml"), "path", b"shop.toml"),
        (lambda: load_value(None, Claim), "path", None),
    ],
)
def test_arguments_of_the_wrong_type_are_typed_errors(call, field, value):
    with pytest.raises(InvalidTypeError) as caught:
        call()
    assert (caught.value.field, caught.value.value) == (field, value)


def test_a_negative_limit_and_a_nul_in_a_path_are_refused():
    with pytest.raises(ValidationError) as caught:
        loads_commitment('name = "Shop"', max_size=-1)
    assert (caught.value.field, caught.value.value, caught.value.rule) == (
        "max_size",
        -1,
        "must be zero or more",
    )
    with pytest.raises(ValidationError) as nul:
        load_commitment("shop\0.toml")
    assert (nul.value.field, nul.value.rule) == ("path", "must not hold a NUL character")


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (object(), "value"),
        ({"fee": 1j}, "value.fee"),
        ([1, {2, 3}], "value[1]"),
        ({1: "one"}, "value"),
        (b"bytes", "value"),
    ],
)
def test_unstructure_of_what_no_document_holds_is_a_typed_error(value, field):
    with pytest.raises(InvalidTypeError) as caught:
        unstructure(value)
    assert caught.value.field == field
    assert "cannot be written" in caught.value.rule


def test_unstructure_of_plain_data_is_itself():
    data = {"a": [1, 2.5, "x", True, None, {"b": []}]}
    assert unstructure(data) == data


def test_a_claim_file_refuses_a_key_twice(tmp_path):
    path = tmp_path / "claim.json"
    path.write_text('{"id": "K-1", "kind": "refund", "kind": "warranty"}', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_value(path, Claim)
    assert caught.value.problem == "the key 'kind' appears twice in one object"
