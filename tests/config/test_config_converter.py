"""The one converter: every type of the library, strict on reading, canonical on writing."""

import enum
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pendulum
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core import ConfigError, CurrencyMismatchError, Money, Term
from aftersales_core.bands import Band, Bands
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.commitment import Contact, ServiceCommitment
from aftersales_core.config import _scalars as s
from aftersales_core.config import converter, structure, unstructure
from aftersales_core.config._errors import Problem, problems
from aftersales_core.facts import Claim, Customer, GeoPoint, Purchase
from aftersales_core.policies import (
    CompensationTier,
    FrozenMap,
    Policy,
    ReturnWindowPolicy,
    WarrantyPolicy,
    register_policy,
    unregister_policy,
)
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.testing.policies import claims, customers, purchases
from aftersales_core.testing.tickets import tickets
from aftersales_core.tickets import Ticket, TicketEvent, TicketWorkflow, Transition
from aftersales_core.vocabulary import Category, Channel, Priority

VN = "Asia/Ho_Chi_Minh"


def problem_of(data, cl):
    with pytest.raises(ConfigError) as caught:
        structure(data, cl)
    return str(caught.value)


# --- leaves ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("1500000 VND", Money(1_500_000, "VND")),
        (" 1_500_000 VND ", Money(1_500_000, "VND")),
        ("19.90 USD", Money("19.90", "USD")),
        ({"amount": 1500000, "currency": "VND"}, Money(1_500_000, "VND")),
        ({"amount": Decimal("19.9"), "currency": "USD"}, Money("19.90", "USD")),
        (Money(5, "VND"), Money(5, "VND")),
    ],
)
def test_money_reads_text_or_a_table(data, expected):
    assert structure(data, Money) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("1500000", "'1500000' is not money; write it as '1500000 VND'"),
        (1500000, "1500000 is not money"),
        ("0.5 VND", "'0.5' has more decimal places than VND allows"),
        ("5 ZZZ", "'ZZZ' is not a known ISO 4217"),
        ({"amount": 5}, "currency: is required"),
        ({"amount": 5, "currency": "VND", "rate": 1}, "rate: is not a known key"),
        ({"amount": 5, "currency": 704}, "currency: 704 must be text, not a number"),
        ({"amount": "0.5", "currency": "VND"}, "amount: '0.5' has more decimal places"),
    ],
)
def test_money_errors_say_what_is_wrong(data, message):
    assert message in problem_of(data, Money)


def test_scalars_are_strict():
    assert "days: '7' must be a whole number, not text" in problem_of(
        {"days": "7"}, ReturnWindowPolicy
    )
    assert "days: 7.5 must be a whole number" in problem_of(
        {"days": Decimal("7.5")}, ReturnWindowPolicy
    )
    assert "days: True must be a whole number, not true/false" in problem_of(
        {"days": True}, ReturnWindowPolicy
    )
    assert "require_receipt: 1 must be true or false, not a number" in problem_of(
        {"days": 7, "require_receipt": 1}, ReturnWindowPolicy
    )
    assert "timezone: 7 must be text, not a number" in problem_of(
        {"days": 7, "timezone": 7}, ReturnWindowPolicy
    )
    assert "final_sale_categories: 'gift' must be a list, not text" in problem_of(
        {"days": 7, "final_sale_categories": "gift"}, ReturnWindowPolicy
    )


def test_decimals_refuse_floats_and_bools():
    tier = {"late_by": "4h"}
    assert "credit: 0.1 is a float" in problem_of({**tier, "credit": 0.1}, CompensationTier)
    assert "below: True must be a str, int or Decimal" in problem_of(
        {"below": True, "credit": "0.1"}, CompensationTier
    )
    assert structure({**tier, "credit": "50000 VND"}, CompensationTier).credit == Money(
        50_000, "VND"
    )
    assert structure({**tier, "credit": {"amount": 1, "currency": "USD"}}, CompensationTier)


def test_coordinates_are_floats_read_from_exact_numbers():
    point = structure({"latitude": Decimal("10.7769"), "longitude": 106}, GeoPoint)
    assert point == GeoPoint(latitude=10.7769, longitude=106.0)
    assert "latitude: 'north' must be a finite number, not text" in problem_of(
        {"latitude": "north", "longitude": 0}, GeoPoint
    )
    assert "must be a finite number" in problem_of(
        {"latitude": Decimal("NaN"), "longitude": 0}, GeoPoint
    )


def test_terms_and_durations_read_their_text():
    policy = structure({"term": "1y6mo"}, WarrantyPolicy)
    assert policy.term == Term(years=1, months=6)
    assert "term: 12 must be a term such as '12mo'" in problem_of({"term": 12}, WarrantyPolicy)
    assert "term: 'forever' is not a term" in problem_of({"term": "forever"}, WarrantyPolicy)
    target = structure({"first_response": "PT30M", "resolution": "1.5h"}, SLATarget)
    assert target.resolution == timedelta(minutes=90)
    assert "first_response: 30 must be a duration such as '30m'" in problem_of(
        {"first_response": 30, "resolution": "1h"}, SLATarget
    )
    assert unstructure(SLATarget(first_response="48h", resolution="14d")) == {
        "first_response": "48h",
        "resolution": "14d",
    }


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("2026-03-01T10:00:00+07:00[Asia/Ho_Chi_Minh]", "Asia/Ho_Chi_Minh"),
        ("2026-11-01T01:30:00-05:00[America/New_York]", "America/New_York"),
        ("2026-03-01T10:00:00+07:00", "+07:00"),
        ("2026-03-01T03:00:00Z", "UTC"),
    ],
)
def test_instants_keep_their_zone_name_when_written_with_it(text, zone):
    at = structure(text, pendulum.DateTime)
    assert at.timezone_name == zone
    assert structure(unstructure(at), pendulum.DateTime) == at


def test_a_repeated_wall_time_keeps_its_side_of_the_clock_change():
    first = pendulum.datetime(2026, 11, 1, 1, 30, tz="America/New_York", fold=0)
    second = pendulum.datetime(2026, 11, 1, 1, 30, tz="America/New_York", fold=1)
    assert unstructure(first) != unstructure(second)
    assert structure(unstructure(second), datetime) == second


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("2026-03-01T10:00:00", "has no time zone"),
        ("tomorrow", "'tomorrow' is not an ISO 8601 date and time"),
        ("2026-03-01T10:00:00+07:00[Mars/Base]", "'Mars/Base' is not an IANA time zone name"),
        ("2026-03-01T10:00:00+08:00[Asia/Ho_Chi_Minh]", "the offset is not that of"),
        (1767225600, "must be an aware date and time"),
    ],
)
def test_instants_refuse_what_is_not_an_aware_instant(data, message):
    assert message in problem_of(data, pendulum.DateTime)


def test_native_toml_datetimes_and_dates_are_accepted():
    aware = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=7)))
    assert structure(aware, datetime) == pendulum.datetime(2026, 1, 1, tz=VN)
    customer = structure({"id": "C", "name": "An", "birthday": date(1990, 2, 14)}, Customer)
    assert customer.birthday == date(1990, 2, 14)
    assert structure({"id": "C", "name": "An", "birthday": "1990-02-14"}, Customer) == customer
    assert "birthday: '14/02/1990' must be a date" in problem_of(
        {"id": "C", "name": "An", "birthday": "14/02/1990"}, Customer
    )
    assert "must be a date such as '2026-02-16', not a date and time" in problem_of(
        {"id": "C", "name": "An", "birthday": aware}, Customer
    )


def test_enums_read_their_values_only():
    assert structure("zalo_oa", Channel) is Channel.ZALO_OA
    assert "channel: 'Zalo' must be one of: hotline, email, zalo_oa" in problem_of(
        {"channel": "Zalo", "address": "x"}, Contact
    )
    assert "channel: 3 must be one of" in problem_of({"channel": 3, "address": "x"}, Contact)
    assert structure(Priority.URGENT, Priority) is Priority.URGENT


# --- containers -----------------------------------------------------------------------


def test_sla_targets_are_keyed_by_priority_or_priority_and_category():
    sla = structure(
        {
            "targets": {
                "urgent": {"first_response": "4h", "resolution": "6h"},
                "normal/installation": {"first_response": "24h", "resolution": "48h"},
            }
        },
        SLAPolicy,
    )
    assert set(sla.targets) == {Priority.URGENT, (Priority.NORMAL, Category.INSTALLATION)}
    assert list(unstructure(sla)["targets"]) == ["urgent", "normal/installation"]
    assert "targets['5']: 5 must be text, not a number" in problem_of(
        {"targets": {5: {"first_response": "4h", "resolution": "6h"}}}, SLAPolicy
    )
    assert "targets: [] must be a table, not a list" in problem_of({"targets": []}, SLAPolicy)


def test_frozen_maps_of_any_types():
    data = {"2026-02-16": "1500000 VND"}
    value = structure(data, FrozenMap[date, Money])
    assert value == {date(2026, 2, 16): Money(1_500_000, "VND")}
    assert unstructure(value, FrozenMap[date, Money]) == data


def test_frozensets_are_written_sorted_and_tuples_as_lists():
    policy = WarrantyPolicy(term="12mo", exclusions={"water_damage", "misuse"})
    assert unstructure(policy)["exclusions"] == ["misuse", "water_damage"]
    assert structure(["b", "a"], tuple[str, ...]) == ("b", "a")
    assert structure(("a",), list[str]) == ["a"]
    assert structure(["a", "a"], set[str]) == {"a"}


def test_calendars_read_24_7_holiday_tables_and_overrides():
    data = {
        "timezone": VN,
        "weekly": {"mon": "08:00-12:00", "sat": ["08:00-12:00"]},
        "holidays": {"country": "VN", "years": 2026},
        "overrides": {"2026-02-14": []},
    }
    cal = structure(data, BusinessCalendar)
    assert date(2026, 2, 17) in cal.holidays
    assert structure(unstructure(cal), BusinessCalendar) == cal
    assert unstructure(cal)["overrides"] == {"2026-02-14": []}
    always = structure({"timezone": VN, "weekly": "24/7"}, BusinessCalendar)
    assert always == BusinessCalendar.always_open(VN)
    assert unstructure(always) == {"timezone": VN, "weekly": "24/7"}
    assert structure(always, BusinessCalendar) is always
    subdivided = {**data, "holidays": {"country": "US", "years": [2026], "subdiv": "CA"}}
    assert structure(subdivided, BusinessCalendar).holidays


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekly": "24/7"}, "timezone: is required"),
        ({"timezone": VN}, "weekly: is required"),
        ({"timezone": VN, "weekly": "24/7", "lunch": 1}, "lunch: is not a known key"),
        (
            {"timezone": VN, "weekly": "always"},
            "weekly: 'always' must be a table of days or '24/7'",
        ),
        ({"timezone": VN, "weekly": {"mon": ["13:00-17:00", "08:00-12:00"]}}, "weekly.mon[1]"),
        ({"timezone": VN, "weekly": {"funday": ["08:00-12:00"]}}, "is not a day of the week"),
        ({"timezone": "Mars", "weekly": "24/7"}, "timezone: 'Mars' is not an IANA time zone"),
        ({"timezone": VN, "weekly": "24/7", "holidays": "2026-01-01"}, "holidays: '2026-01-01'"),
        (
            {"timezone": VN, "weekly": "24/7", "holidays": {"country": "XX", "years": 2026}},
            "holidays.country: 'XX' is not known to the holidays package",
        ),
        (
            {"timezone": VN, "weekly": "24/7", "holidays": {"country": "VN", "years": [0]}},
            "holidays.years: [0] must be years 1 to 9999",
        ),
        (
            {"timezone": VN, "weekly": "24/7", "holidays": {"country": "VN", "years": "2026"}},
            "holidays.years: '2026' must be a year or a list of years",
        ),
        (
            {"timezone": VN, "weekly": "24/7", "holidays": {"country": 84, "years": 2026}},
            "holidays.country: 84 must be text",
        ),
        (
            {"timezone": VN, "weekly": "24/7", "holidays": {"years": 2026}},
            "holidays.country: is required",
        ),
        ("24/7", "'24/7' must be a table, not text"),
    ],
)
def test_calendar_errors_name_the_field(data, message):
    assert message in problem_of(data, BusinessCalendar)


def test_tickets_round_trip_through_their_events():
    at = pendulum.datetime(2026, 3, 2, 9, tz=VN)
    ticket = (
        Ticket.open(id="T-1", channel="hotline", at=at)
        .classify(category="warranty", priority="urgent", at=at.add(minutes=5))
        .respond(at=at.add(minutes=20), actor="lan", note="Đã nhận")
    )
    data = unstructure(ticket)
    assert data["events"][0] == {
        "kind": "open",
        "at": "2026-03-02T09:00:00+07:00[Asia/Ho_Chi_Minh]",
        "data": {"channel": "hotline", "priority": "normal"},
    }
    assert structure(data, Ticket) == ticket
    assert structure(ticket, Ticket) is ticket


@settings(max_examples=40)
@given(tickets(max_events=8))
def test_any_ticket_round_trips(ticket):
    assert structure(unstructure(ticket), Ticket) == ticket


def test_event_data_numbers_come_back_as_json_scalars():
    at = pendulum.datetime(2026, 3, 2, 9, tz=VN)
    data = {"kind": "confirm", "at": "2026-03-02T09:00:00+07:00", "data": {"score": Decimal("4.5")}}
    assert structure(data, TicketEvent) == TicketEvent(kind="confirm", at=at, data={"score": 4.5})
    bad = {**data, "data": {"list": [1]}}
    assert "data.list: [1] must be text, a number, true/false or null" in problem_of(
        bad, TicketEvent
    )
    assert "data: 'x' must be a table" in problem_of({**data, "data": "x"}, TicketEvent)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "T-1"}, "events: is required"),
        ({"id": 1, "events": []}, "id: 1 must be text"),
        ({"id": "T-1", "events": [{"kind": "open"}]}, "events[0].at: is required"),
        ({"id": "T-1", "events": []}, "events: () must start with an 'open' event"),
        (
            {
                "id": "T-1",
                "events": [
                    {"kind": "open", "at": "2026-03-02T09:00:00+07:00", "data": {"channel": "web"}},
                    {"kind": "confirm", "at": "2026-03-02T10:00:00+07:00"},
                ],
            },
            "events: ticket 'T-1': cannot confirm while new",
        ),
        (
            {
                "id": "T-1",
                "events": [
                    {"kind": "open", "at": "2026-03-02T09:00:00+07:00", "data": {"channel": "web"}},
                    {"kind": "respond", "at": "2026-03-02T08:00:00+07:00"},
                ],
            },
            "is earlier than the last event",
        ),
        ("T-1", "'T-1' must be a table, not text"),
        ({"id": "T-1", "events": [], "status": "new"}, "status: is not a known key"),
    ],
)
def test_ticket_errors_name_the_event(data, message):
    assert message in problem_of(data, Ticket)


def test_tickets_on_a_custom_workflow_are_not_written():
    class Visits(TicketWorkflow):
        transitions = (
            *TicketWorkflow.transitions,
            Transition(source="in_progress", command="schedule_visit", target="in_progress"),
        )

    at = pendulum.datetime(2026, 3, 2, 9, tz=VN)
    ticket = Ticket.open(id="T-9", channel="web", at=at, workflow=Visits())
    with pytest.raises(ConfigError, match=r"runs on the custom workflow .*Visits"):
        unstructure(ticket)


def test_bands_round_trip_bare_or_parameterized():
    bands = Bands.at_least([(Decimal("0.2"), "half"), (Decimal("0.5"), "full")], upper=1)
    data = unstructure(bands)
    assert data["bands"][0] == {"value": "half", "lower": "0.2", "upper": "0.5"}
    assert structure(data, Bands) == bands
    assert structure(data, Bands[str]) == bands
    assert structure({"value": 1, "lower": 0}, Band[int]) == Band(value=1, lower=0)


# --- policies and facts ---------------------------------------------------------------


def test_policies_are_written_with_their_kind_first_then_their_name():
    policy = WarrantyPolicy(name="extended", term="3y")
    assert list(unstructure(policy, Policy)) == ["kind", "name", "term"]
    assert structure(unstructure(policy, Policy), Policy) == policy
    assert structure(policy, Policy) is policy


def test_a_concrete_position_needs_no_kind_but_checks_one_given():
    sla = {"targets": {"urgent": {"first_response": "1h", "resolution": "2h"}}}
    assert structure(sla, SLAPolicy) == structure({**sla, "kind": "sla"}, SLAPolicy)
    assert "kind: 'returns' is a ReturnWindowPolicy, which cannot stand where a SLAPolicy" in (
        problem_of({**sla, "kind": "returns"}, SLAPolicy)
    )
    assert "kind: 5 must be text, not a number" in problem_of({**sla, "kind": 5}, SLAPolicy)
    assert "kind: is required; registered kinds: all_of" in problem_of({"term": "1y"}, Policy)
    assert "must be a table of a policy's fields with its kind, not a list" in problem_of(
        [], Policy
    )


@attrs.frozen(kw_only=True)
class GoldReturns(ReturnWindowPolicy):
    """A user's subclass with a field of its own."""

    kind = "tests.gold_returns"
    gold_days: int = 30

    def window_days(self, claim):
        return self.gold_days if claim.customer and claim.customer.tier == "gold" else self.days


@pytest.fixture
def gold():
    register_policy(GoldReturns)
    yield GoldReturns
    unregister_policy(GoldReturns.kind)


def test_a_registered_user_subclass_round_trips(gold):
    shop = ServiceCommitment(name="Shop", policies=[gold(days=7, gold_days=45)])
    data = unstructure(shop)
    assert data["policies"][0] == {"kind": "tests.gold_returns", "days": 7, "gold_days": 45}
    assert structure(data, ServiceCommitment) == shop


def test_an_unregistered_class_is_neither_read_nor_written():
    shop = ServiceCommitment(name="Shop", policies=[GoldReturns(days=7)])
    with pytest.raises(ConfigError, match=r"GoldReturns is not registered .* register_policy"):
        unstructure(shop)
    data = {"name": "Shop", "policies": [{"kind": "tests.gold_returns", "days": 7}]}
    assert "policies[0].kind: unknown policy kind 'tests.gold_returns'" in problem_of(
        data, ServiceCommitment
    )


@settings(max_examples=50)
@given(hs.one_of(claims(), purchases(), customers()))
def test_facts_round_trip(fact):
    assert structure(unstructure(fact), type(fact)) == fact


def test_lists_of_claims_read_at_once():
    at = "2026-03-01T10:00:00+07:00[Asia/Ho_Chi_Minh]"
    order = {
        "id": "O-1",
        "customer_id": "C-1",
        "sku": "S",
        "product_category": "shoes",
        "price": "790000 VND",
        "purchased_at": at,
    }
    found = structure(
        [{"id": "R-1", "kind": "return", "purchase": order, "opened_at": at}], list[Claim]
    )
    assert found[0].purchase == structure(order, Purchase)
    assert "[0].kind: 'refnud' must be one of" in problem_of(
        [{"id": "R-1", "kind": "refnud", "purchase": order, "opened_at": at}], list[Claim]
    )


def test_the_converter_is_built_once():
    assert converter() is converter()


def test_unstructure_turns_unexpected_failures_into_config_errors():
    class Odd:
        pass

    with pytest.raises(ConfigError, match="cannot be written"):
        unstructure(Odd(), Money)


def test_leaf_hooks_cover_the_rare_cases():
    assert s.describe(date(2026, 1, 1)) == "a date"
    assert s.describe(object()) == "object"

    class Floor(enum.IntEnum):
        GROUND = 0

    assert structure(0, Floor) is Floor.GROUND
    assert "5 must be one of: 0" in problem_of(5, Floor)
    term = Term(months=12)
    assert structure(term, Term) is term
    assert structure({"days": 7, "restocking_fee": None}, ReturnWindowPolicy).restocking_fee is None

    @s.leaf
    def mixes(value, cl):
        raise CurrencyMismatchError(left="VND", right="USD", operation="add")

    with pytest.raises(Problem, match="cannot add VND and USD"):
        mixes(1, Money)


def test_notes_other_than_cattrs_are_ignored_in_paths():
    inner = ValueError("bad")
    inner.add_note("a note of someone else")
    group = ClassValidationError("While structuring", [inner], GeoPoint)
    assert list(problems(group, ("x",))) == [("x", "cannot be read (ValueError: bad)")]


def test_other_library_errors_are_reported_at_their_object():
    area = {
        "kind": "service_area",
        "service_points": [{"latitude": 0, "longitude": 0}],
        "free_radius_km": 2,
        "fee_bands": [{"up_to_km": 5, "fee": "1 VND"}, {"up_to_km": 9, "fee": "1 USD"}],
    }
    assert problem_of({"name": "S", "policies": [area]}, ServiceCommitment) == (
        "policies[0]: cannot mix fees of VND and USD: amounts in different currencies never mix; "
        "convert one first"
    )


def test_tables_and_enums_refuse_other_shapes():
    assert "'north' must be a table, not text" in problem_of("north", GeoPoint)
    assert "True must be one of: hotline" in problem_of(True, Channel)
