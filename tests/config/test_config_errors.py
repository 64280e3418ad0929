"""Every refusal names the full path of the offending value and the library's own message."""

from typing import ClassVar

import attrs
import pytest
from cattrs.errors import AttributeValidationNote, ClassValidationError

from aftersales_core import ConfigError
from aftersales_core.config import loads_commitment, structure
from aftersales_core.config._errors import config_error, join, problems, short_repr
from aftersales_core.policies import Policy, register_policy, unregister_policy
from aftersales_core.vocabulary import ClaimKind

DOC = """
name = "Shop"

[[policies]]
kind = "warranty"
term = "12mo"

[[policies]]
kind = "returns"
days = 7

[[policies]]
kind = "refund"
tiers = [{ min_error_rate = 0.2, refund_ratio = 1.5 }]
"""


def error_of(text):
    with pytest.raises(ConfigError) as caught:
        loads_commitment(text)
    return caught.value


def test_the_path_leads_to_the_value_and_the_message_is_the_librarys():
    err = error_of(DOC)
    assert err.path == "policies[2].tiers[0].refund_ratio"
    assert err.problem == "Decimal('1.5') must be between 0 and 1"
    assert str(err) == "policies[2].tiers[0].refund_ratio: Decimal('1.5') must be between 0 and 1"
    assert (err.line, err.column) == (None, None)


def test_a_rule_between_fields_names_the_later_field():
    err = error_of(
        DOC.replace(
            "tiers = [{ min_error_rate = 0.2, refund_ratio = 1.5 }]",
            "tiers = [{ min_error_rate = 0.2, refund_ratio = 1 }, "
            "{ min_error_rate = 0.1, refund_ratio = 1 }]",
        )
    )
    assert err.path == "policies[2].tiers[1].min_error_rate"
    assert "must be above the tier before it" in err.problem


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (("days = 7", "days = 7\ncolour = 'red'"), "policies[1].colour", "is not a known key"),
        (('kind = "returns"', 'kind = "magic"'), "policies[1].kind", "unknown policy kind 'magic'"),
        (("days = 7", ""), "policies[1].days", "is required"),
        (('name = "Shop"', 'name = "Shop"\nlogo = 1'), "logo", "is not a known key"),
        (('name = "Shop"', ""), "name", "is required"),
        (('term = "12mo"', 'term = "12mo"\nmax_claims = 0'), "policies[0].max_claims", "0 must be"),
    ],
)
def test_paths_of_common_mistakes(change, path, problem):
    err = error_of(DOC.replace("refund_ratio = 1.5", "refund_ratio = 1").replace(*change))
    assert err.path == path
    assert problem in err.problem


def test_unknown_keys_list_the_known_ones():
    err = error_of('name = "S"\n[[policies]]\nkind = "warranty"\nterm = "1y"\nterms = "2y"')
    assert err.problem == (
        "is not a known key; expected one of: kind, name, term, start, covered_defects, "
        "exclusions, max_claims"
    )


def test_further_problems_are_attached_as_notes():
    err = error_of('version = 2\n[[policies]]\nkind = "returns"')
    assert err.path == "name"
    assert err.__notes__ == [
        "also: version: 2 must be text, not a number",
        "also: policies[0].days: is required",
    ]


def test_paths_are_joined_like_code():
    assert join(("policies", 2, "tiers", 0), "refund_ratio") == "policies[2].tiers[0].refund_ratio"
    assert join(("hours",), "weekly['mon'][1]") == "hours.weekly.mon[1]"
    assert join(("targets", "normal/installation")) == "targets['normal/installation']"
    assert join((), "[0].kind") == "[0].kind"
    assert join(()) == ""


def test_long_values_are_cut_in_messages():
    assert short_repr("x" * 200) == repr("x" * 200)[:77] + "..."
    assert short_repr(7) == "7"


def test_foreign_errors_are_reported_not_raised():
    assert list(problems(RuntimeError("boom"), ("a",))) == [
        ("a", "cannot be read (RuntimeError: boom)")
    ]
    assert list(problems(RecursionError(), ("a", 0))) == [("a[0]", "is nested too deeply")]
    assert str(config_error(KeyError("x"))) == "<document>: cannot be read (KeyError: 'x')"


@attrs.frozen(kw_only=True)
class Fragile(Policy):
    """A policy whose validator fails with a foreign error, as a buggy user class might."""

    kind = "tests.fragile"
    handles: ClassVar[frozenset[ClaimKind]] = frozenset({ClaimKind.COMPLAINT})
    level: int = attrs.field()

    @level.validator
    def _check(self, attribute, value):
        if value > 1:
            raise RuntimeError("level too high")

    def assess(self, claim):  # pragma: no cover - never decided here
        raise NotImplementedError

    def describe(self, lang="vi"):  # pragma: no cover - never rendered here
        return ""


def test_a_user_class_failing_badly_still_gives_a_config_error():
    register_policy(Fragile)
    try:
        err = error_of('name = "S"\n[[policies]]\nkind = "tests.fragile"\nlevel = 2')
        assert err.path == "policies[0]"
        assert err.problem == "cannot be read (RuntimeError: level too high)"
        assert isinstance(err.__context__, Exception)  # the cattrs group, for debugging
        assert structure({"kind": "tests.fragile", "level": 1}, Policy) == Fragile(level=1)
    finally:
        unregister_policy("tests.fragile")


def test_deeply_nested_documents_fail_typed():
    depth = 450
    text = (
        '{"name": "S", "policies": ['
        + '{"kind": "all_of", "policies": [' * depth
        + '{"kind": "warranty", "term": "1y"}'
        + "]}" * depth
        + "]}"
    )
    with pytest.raises(ConfigError):
        loads_commitment(text)


def test_an_error_tree_too_deep_to_walk_is_reported_as_such():
    error: Exception = ValueError("bad")
    for _ in range(5000):
        error.add_note(AttributeValidationNote("@ attribute policies", "policies", object))
        error = ClassValidationError("While structuring", [error], object)
    assert str(config_error(error)) == "<document>: the document is nested too deeply"


# --- out-of-range values are refused on loading, with their path, not later in a crash ---

SLA = '"sla": {"targets": {"urgent": {"first_response": "1h", "resolution": "999999999d"}}}'


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ('"policies": [{"kind": "warranty", "term": "99999999999y"}]', "policies[0].term"),
        (
            '"policies": [{"kind": "maintenance", "every_months": 100000}]',
            "policies[0].every_months",
        ),
        ('"policies": [{"kind": "returns", "days": 1000000000}]', "policies[0].days"),
        (
            '"policies": [{"kind": "service_area", "service_points": [{"latitude": 1, '
            '"longitude": 1}], "free_radius_km": "1e999999999"}]',
            "policies[0].free_radius_km",
        ),
        (SLA, "sla.targets.urgent.resolution"),
        (
            '"policies": [{"kind": "refund", "tiers": [{"min_error_rate": 0.2, '
            '"refund_ratio": 1}], "cap": "5 XXX"}]',
            "policies[0].cap",
        ),
        (
            '"policies": [{"kind": "refund", "tiers": [{"min_error_rate": 0.2, '
            '"refund_ratio": 1}], "cap": "1e30 VND"}]',
            "policies[0].cap",
        ),
    ],
)
def test_values_out_of_range_are_refused_with_their_path(body, path):
    err = error_of('{"name": "Shop", ' + body + "}")
    assert err.path == path
