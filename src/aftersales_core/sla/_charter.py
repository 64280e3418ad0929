"""The words of an SLA policy's charter section, in Vietnamese and English (private).

`SLAPolicy.describe` lists its targets most urgent first, one line each, and
says whether they count in business hours or around the clock.

Examples:
    >>> from datetime import timedelta
    >>> target_line(key_label(Priority.URGENT, "en"), timedelta(hours=4), timedelta(hours=6), "en")
    'Urgent: first response within 4 hours, resolution within 6 hours.'
"""

from __future__ import annotations

from datetime import timedelta

from .._internal import text as _text
from ..calendar import BusinessCalendar
from ..vocabulary import Category, Priority

__all__ = ["clock_line", "key_label", "key_order", "target_line"]

_PRIORITY_WORDS = {
    Priority.LOW: ("Thấp", "Low"),
    Priority.NORMAL: ("Thông thường", "Normal"),
    Priority.HIGH: ("Cao", "High"),
    Priority.URGENT: ("Khẩn cấp", "Urgent"),
}
_CATEGORY_WORDS = {
    Category.WARRANTY: ("bảo hành", "warranty"),
    Category.RETURN: ("đổi trả", "returns"),
    Category.TECHNICAL_SUPPORT: ("hỗ trợ kỹ thuật", "technical support"),
    Category.COMPLAINT: ("khiếu nại", "complaints"),
    Category.INSTALLATION: ("lắp đặt", "installation"),
    Category.MAINTENANCE: ("bảo dưỡng", "maintenance"),
    Category.DELIVERY: ("giao nhận", "delivery"),
    Category.BILLING: ("thanh toán", "billing"),
    Category.OTHER: ("khác", "other"),
}


def key_order(key: Priority | tuple[Priority, Category]) -> tuple[int, str]:
    """Most urgent first; a priority's own target before its categories'."""
    level, kind = key if isinstance(key, tuple) else (key, None)
    return (-level.rank, "" if kind is None else kind.value)


def key_label(key: Priority | tuple[Priority, Category], lang: str) -> str:
    """``"Khẩn cấp"``, or ``"Khẩn cấp (bảo hành)"`` for a (priority, category) pair."""
    index = 0 if lang == "vi" else 1
    if isinstance(key, tuple):
        return f"{_PRIORITY_WORDS[key[0]][index]} ({_CATEGORY_WORDS[key[1]][index]})"
    return _PRIORITY_WORDS[key][index]


def target_line(label: str, first_response: timedelta, resolution: timedelta, lang: str) -> str:
    """One target as a sentence."""
    first, done = _text.duration(first_response, lang), _text.duration(resolution, lang)
    if lang == "vi":
        return f"{label}: phản hồi trong {first}, xử lý xong trong {done}."
    return f"{label}: first response within {first}, resolution within {done}."


def clock_line(calendar: BusinessCalendar | None, lang: str) -> str:
    """Whether the targets count around the clock or in business hours (and where)."""
    vi = lang == "vi"
    if calendar is None or calendar == type(calendar).always_open(calendar.timezone):
        return "Tính liên tục 24/7." if vi else "Counted around the clock, 24/7."
    if vi:
        return f"Tính theo giờ làm việc ({calendar.timezone})."
    return f"Counted in business hours ({calendar.timezone})."
