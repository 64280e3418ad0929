import pickle

import pytest

from aftersales_core import errors
from aftersales_core.errors import (
    AftersalesError,
    ConfigError,
    InvalidTransition,
    UnknownKindError,
    ValidationError,
)


def test_every_error_is_an_aftersales_error_and_a_builtin():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, AftersalesError)
        if cls is not AftersalesError:
            assert issubclass(cls, ValueError | TypeError | LookupError), name
            assert cls.code != AftersalesError.code, name


def test_codes_are_unique():
    codes = [getattr(errors, name).code for name in errors.__all__]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    "err",
    [
        ValidationError(field="days", value=-1, rule="must be zero or more"),
        InvalidTransition(
            ticket_id="T-1", status="closed", command="reopen", reason="closed is final"
        ),
        UnknownKindError(kind="magic", family="policy", known=("refund",)),
        ConfigError(path="a.b", problem="bad", line=1, column=2),
    ],
)
def test_errors_round_trip_through_pickle(err):
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is type(err)
    assert str(clone) == str(err)
    assert repr(clone) == repr(err)


def test_structured_attributes():
    err = InvalidTransition(ticket_id="T-1", status="closed", command="respond", reason="final")
    assert (err.ticket_id, err.status, err.command, err.reason) == (
        "T-1",
        "closed",
        "respond",
        "final",
    )
    assert "T-1" in str(err)
    assert "respond" in str(err)
    assert "closed" in str(err)


def test_config_error_message_variants():
    assert str(ConfigError(path="x", problem="bad")) == "x: bad"
    assert str(ConfigError(path="", problem="bad")) == "<document>: bad"
    assert str(ConfigError(path="x", problem="bad", line=2, column=3)) == "line 2, column 3 x: bad"


def test_base_error_renders_its_details_or_a_message():
    assert str(AftersalesError(field="x", value=1)) == "field='x', value=1"
    assert str(AftersalesError("plain message")) == "plain message"
    assert AftersalesError(field="x").field == "x"  # type: ignore[attr-defined]
