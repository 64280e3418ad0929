import pytest

from aftersales_core import Category, Channel, ClaimKind, Priority


def test_priorities_order_by_urgency_not_by_name():
    assert sorted(Priority, reverse=True) == [
        Priority.URGENT,
        Priority.HIGH,
        Priority.NORMAL,
        Priority.LOW,
    ]
    assert Priority.LOW < Priority.NORMAL <= Priority.NORMAL
    assert Priority.URGENT > Priority.HIGH >= Priority.HIGH
    assert not Priority.LOW > Priority.URGENT
    assert [p.rank for p in Priority] == [0, 1, 2, 3]


@pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_priorities_do_not_compare_with_plain_strings(op):
    assert getattr(Priority.LOW, op)("normal") is NotImplemented
    with pytest.raises(TypeError):
        Priority.LOW < 1  # noqa: B015


def test_vocabulary_serialises_as_readable_strings():
    assert Channel.ZALO_OA == "zalo_oa"
    assert Category("warranty") is Category.WARRANTY
    assert {k.value for k in ClaimKind} >= {
        "warranty",
        "return",
        "exchange",
        "refund",
        "repair",
        "complaint",
    }


# --- open vocabularies: an application adds its own channels and categories ---------------

import pendulum  # noqa: E402

from aftersales_core.commitment import Contact  # noqa: E402
from aftersales_core.config import dump_commitment, loads_commitment  # noqa: E402
from aftersales_core.errors import ConfigError, InvalidTypeError, ValidationError  # noqa: E402
from aftersales_core.sla import SLARule  # noqa: E402
from aftersales_core.tickets import Ticket  # noqa: E402
from aftersales_core.vocabulary import Term, Vocabulary, use_translations  # noqa: E402

AT = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def test_an_added_channel_is_a_member_every_api_accepts():
    messenger = Channel.add("facebook", en="Facebook Messenger")
    assert Channel("facebook") is messenger
    assert isinstance(messenger, Channel)
    assert messenger == "facebook"
    assert messenger not in list(Channel)  # iterating lists the built-ins only
    assert Channel.known()[-1] is messenger or messenger in Channel.known()
    assert not Channel.is_builtin("facebook")
    assert Channel.is_builtin("email")
    ticket = Ticket.open(id="T-1", channel="facebook", at=AT)
    assert ticket.channel is messenger
    assert Contact(channel="facebook", address="m.me/shop").channel is messenger
    assert SLARule(policy="P", channels=["facebook"]).channels == frozenset({messenger})


def test_an_added_category_classifies_a_ticket_and_survives_the_fold():
    spare = Category.add("spare_parts", en="Spare parts", vi="Phụ tùng")
    ticket = Ticket.open(id="T-2", channel="email", at=AT, category="spare_parts")
    assert ticket.category is spare
    later = ticket.classify(category="spare_parts", at=AT.add(minutes=1))
    assert later.category is spare
    assert spare.label("vi") == "Phụ tùng"


def test_adding_the_same_value_again_with_the_same_labels_returns_the_member():
    first = Channel.add("phone", en="Phone", vi="Điện thoại")
    assert Channel.add("phone", en="Phone", vi="Điện thoại") is first


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("Zalo", "must be lower-case letters, digits and _, starting with a letter"),
        ("1line", "must be lower-case letters, digits and _, starting with a letter"),
        ("", "must be lower-case letters, digits and _, starting with a letter"),
        ("email", "is a built-in channel"),
    ],
)
def test_malformed_or_built_in_values_cannot_be_added(value, rule):
    with pytest.raises(ValidationError) as caught:
        Channel.add(value)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("channel", value, rule)


def test_a_value_cannot_be_added_twice_with_other_labels():
    Channel.add("viber", en="Viber")
    with pytest.raises(ValidationError) as caught:
        Channel.add("viber", en="Rakuten Viber")
    assert caught.value.field == "channel"
    assert caught.value.value == "viber"
    assert "cannot change" in caught.value.rule
    with pytest.raises(InvalidTypeError) as typed:
        Channel.add(7)  # type: ignore[arg-type]
    assert (typed.value.field, typed.value.value) == ("channel", 7)
    with pytest.raises(ValidationError) as blank:
        Channel.add("line_app", en="  ")
    assert (blank.value.field, blank.value.rule) == ("channel.vi", "must be non-empty text")


@pytest.mark.parametrize("make", [Channel, lambda v: Ticket.open(id="T", channel=v, at=AT)])
def test_unknown_values_are_refused_with_the_known_ones_listed(make):
    Channel.add("facebook", en="Facebook Messenger")
    with pytest.raises(ValidationError) as caught:
        make("fax")
    assert caught.value.field == "channel"
    assert caught.value.value == "fax"
    assert caught.value.rule.startswith("must be one of: hotline, email, zalo_oa")
    assert "facebook" in caught.value.rule


def test_unknown_categories_in_an_sla_rule_name_the_known_ones():
    with pytest.raises(ValidationError) as caught:
        SLARule(policy="P", categories=["gardening"])
    assert caught.value.field == "categories"
    assert caught.value.value == "gardening"
    assert "known: warranty, return" in caught.value.rule


def test_labels_come_in_both_languages_and_a_translation_hook_is_asked_first():
    assert Channel.IN_STORE.label("vi") == "Tại cửa hàng"
    assert Category.WARRANTY.label("vi") == "Bảo hành"
    assert Category.WARRANTY.label() == "Warranty"
    assert Channel.add("tiktok_shop").label("en") == "Tiktok shop"
    seen = []

    def lookup(field, value, lang):
        seen.append((field, value, lang))
        return "Bảo hành (catalogue)" if value == "warranty" else None

    use_translations(lookup)
    try:
        assert Category.WARRANTY.label("vi") == "Bảo hành (catalogue)"
        assert Category.RETURN.label("vi") == "Đổi trả"
    finally:
        use_translations(None)
    assert seen == [("category", "warranty", "vi"), ("category", "return", "vi")]
    with pytest.raises(ValidationError) as caught:
        Channel.EMAIL.label("fr")
    assert (caught.value.field, caught.value.value) == ("lang", "fr")


COMMITMENT = """
name = "Điện máy Phương Nam"

[vocabulary]
channels = [{ value = "zalo", en = "Zalo", vi = "Zalo" }]
categories = [{ value = "screen_repair", en = "Screen repair", vi = "Thay màn hình" }]

[[contacts]]
channel = "zalo"
address = "zalo.me/phuongnam"
"""


def test_a_commitment_file_adds_its_vocabulary_before_its_contacts_are_read():
    commitment = loads_commitment(COMMITMENT)
    assert commitment.contacts[0].channel is Channel("zalo")
    assert Category("screen_repair").label("vi") == "Thay màn hình"
    assert commitment.vocabulary == Vocabulary(
        channels=[Term(value="zalo", en="Zalo", vi="Zalo")],
        categories=[Term(value="screen_repair", en="Screen repair", vi="Thay màn hình")],
    )
    assert loads_commitment(dump_commitment(commitment)) == commitment
    assert "**Zalo**" in commitment.render("vi")


def test_a_bad_vocabulary_in_a_commitment_file_names_its_place():
    with pytest.raises(ConfigError) as caught:
        loads_commitment('name = "S"\n[vocabulary]\ncategories = [{ value = "Bad Value" }]')
    assert caught.value.path == "vocabulary.categories[0].value"
    assert "'Bad Value'" in caught.value.problem
    with pytest.raises(InvalidTypeError) as typed:
        Vocabulary(channels="zalo")  # type: ignore[arg-type]
    assert typed.value.field == "terms"
    with pytest.raises(InvalidTypeError):
        Vocabulary(channels=["zalo"])  # type: ignore[list-item]
