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
