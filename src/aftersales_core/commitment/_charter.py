"""Writing a service commitment as its customer-facing charter, in Vietnamese or English.

The charter is Markdown: a title with the business's name, the version and the date
from which it applies, a short promise, one section per policy (each policy writes
its own with ``describe(lang)``), the response times, then the contacts with their
hours and response times. Money and dates are formatted with Babel for the language's
locale (``vi_VN``, ``en_US``); weekday names come from Babel too.

Examples:
    >>> from aftersales_core.calendar import BusinessCalendar
    >>> weekday = ["08:00-12:00", "13:00-17:30"]
    >>> shop = BusinessCalendar(timezone="Asia/Ho_Chi_Minh",
    ...                         weekly={"mon": weekday, "tue": weekday, "wed": weekday,
    ...                                 "thu": weekday, "fri": weekday, "sat": ["08:00-12:00"]})
    >>> hours_text(shop, "vi")
    'từ Thứ Hai đến Thứ Sáu, 08:00–12:00 và 13:00–17:30; Thứ Bảy, 08:00–12:00'
    >>> hours_text(shop, "en")
    'Monday to Friday, 08:00–12:00 and 13:00–17:30; Saturday, 08:00–12:00'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from .._internal import text as _text
from ..vocabulary import Channel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..calendar import BusinessCalendar
    from ..policies.base import Policy
    from ..sla.policy import SLAPolicy
    from .contacts import Contact


class Charterable(Protocol):
    """What the charter reads of a commitment (`ServiceCommitment` is one).

    The charter is written from these fields only, so the commitment can render itself
    without the charter importing it back.
    """

    @property
    def name(self) -> str:
        """The business's name: the charter's title."""

    @property
    def version(self) -> str:
        """The version label."""

    @property
    def effective_from(self) -> datetime | None:
        """When this version applies from."""

    @property
    def policies(self) -> Sequence[Policy]:
        """The policies, each writing its own section."""

    @property
    def sla(self) -> SLAPolicy | None:
        """The response and resolution times."""

    @property
    def contacts(self) -> Sequence[Contact]:
        """Where customers reach the business."""


__all__ = ["channel_label", "date_text", "hours_text", "render_charter"]

_LOCALES = {"vi": "vi_VN", "en": "en_US"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALL_DAY = ("00:00-24:00",)

_WORDS = {
    "title": ("Cam kết dịch vụ khách hàng", "Customer service commitment"),
    "version": ("Phiên bản", "Version"),
    "promise": (
        "Đây là những điều chúng tôi cam kết với quý khách sau khi mua hàng: mọi yêu cầu "
        "đều được giải quyết đúng theo các điều khoản dưới đây. Khi có nhiều điều khoản "
        "cùng áp dụng cho một yêu cầu, quý khách được hưởng điều khoản có lợi hơn.",
        "This is what we promise you after the sale: every request is settled by the "
        "terms below. When more than one term applies to a request, you get the more "
        "favourable one.",
    ),
    "policies": ("Chính sách hậu mãi", "Our after-sales policies"),
    "contacts": ("Liên hệ", "Contact us"),
    "hours": ("Thời gian tiếp nhận", "Hours"),
    "always": ("24/7", "24/7"),
    "daily": ("hằng ngày", "every day"),
    "holidays": ("nghỉ các ngày lễ", "closed on public holidays"),
    "closed": ("nghỉ", "closed"),
}


def _word(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "vi" else 1]


def channel_label(channel: Channel, lang: str) -> str:
    """The name of a channel for customers: ``"Zalo OA"``, ``"Tại cửa hàng"``/``"In store"``.

    Examples:
        >>> channel_label(Channel.IN_STORE, "vi"), channel_label(Channel.IN_STORE, "en")
        ('Tại cửa hàng', 'In store')
    """
    return channel.label(_text.check_lang(lang))


def date_text(when: date | datetime, lang: str) -> str:
    """A date written out for the locale with Babel; an instant is read in its own zone.

    Examples:
        >>> import pendulum
        >>> t = pendulum.datetime(2026, 1, 1, tz="Asia/Ho_Chi_Minh")
        >>> date_text(t, "vi"), date_text(t, "en")
        ('1 tháng 1, 2026', 'January 1, 2026')
    """
    from babel.dates import format_date

    day = when.date() if isinstance(when, datetime) else when
    return str(format_date(day, format="long", locale=_LOCALES[_text.check_lang(lang)]))


def _join(items: list[str], lang: str) -> str:
    """``a``, ``a và b``, ``a, b và c`` (``and`` in English)."""
    word = " và " if lang == "vi" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def _intervals(hours: tuple[str, ...], lang: str) -> str:
    return _join([interval.replace("-", "–") for interval in hours], lang)


def _day_names(lang: str) -> list[str]:
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=_LOCALES[lang])
    return [str(names[i]) for i in range(7)]


def _days(names: list[str], first: int, last: int, lang: str) -> str:
    if first == last:
        return names[first]
    if last == first + 1:
        return _join([names[first], names[last]], lang)
    return (
        f"từ {names[first]} đến {names[last]}"
        if lang == "vi"
        else f"{names[first]} to {names[last]}"
    )


def hours_text(calendar: BusinessCalendar, lang: str) -> str:
    """A calendar's opening hours in words: runs of days with the same hours, holidays, overrides.

    Consecutive days with the same hours are written as a range (``từ Thứ Hai đến Thứ
    Sáu``); a calendar open all day every day is ``24/7``; one with the same hours every
    day is ``08:00–21:00 hằng ngày``/``every day``.

    Examples:
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> hours_text(BusinessCalendar.always_open("Asia/Ho_Chi_Minh"), "vi")
        '24/7'
        >>> daily = BusinessCalendar(timezone="UTC", weekly=dict.fromkeys(
        ...     ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ["08:00-21:00"]),
        ...     holidays=["2026-01-01"], overrides={"2026-02-16": []})
        >>> hours_text(daily, "en")
        '08:00–21:00 every day; closed on public holidays; on February 16, 2026: closed'
    """
    lang = _text.check_lang(lang)
    vi = lang == "vi"
    week = [tuple(calendar.weekly.get(day, ())) for day in _DAYS]
    names = _day_names(lang)
    parts: list[str] = []
    if all(hours == _ALL_DAY for hours in week):
        parts.append(_word("always", lang))
    elif all(hours == week[0] for hours in week):
        parts.append(f"{_intervals(week[0], lang)} {_word('daily', lang)}")
    else:
        start = 0
        while start < 7:
            end = start
            while end + 1 < 7 and week[end + 1] == week[start]:
                end += 1
            if week[start]:
                parts.append(f"{_days(names, start, end, lang)}, {_intervals(week[start], lang)}")
            start = end + 1
    if calendar.holidays:
        parts.append(_word("holidays", lang))
    for day, hours in calendar.overrides.items():
        shown = _intervals(hours, lang) if hours else _word("closed", lang)
        parts.append(f"{'riêng ngày' if vi else 'on'} {date_text(day, lang)}: {shown}")
    return "; ".join(parts)


def _contact_lines(contact: Contact, lang: str) -> list[str]:
    vi = lang == "vi"
    lines = [f"- **{channel_label(contact.channel, lang)}**: {contact.address}"]
    if contact.hours is not None:
        lines.append(f"  - {_word('hours', lang)}: {hours_text(contact.hours, lang)}.")
    if contact.response_time is not None:
        within = _text.duration(contact.response_time, lang)
        lines.append(
            f"  - Phản hồi trong vòng {within}." if vi else f"  - We answer within {within}."
        )
    return lines


def render_charter(commitment: Charterable, lang: str = "vi") -> str:
    """The charter of ``commitment`` as Markdown; see `.ServiceCommitment.render`.

    Examples:
        >>> from aftersales_core.commitment import ServiceCommitment
        >>> print(render_charter(ServiceCommitment(name="Shop"), "vi"))
        # Cam kết dịch vụ khách hàng — Shop
        <BLANKLINE>
        Phiên bản 1.
        <BLANKLINE>
        Đây là những điều chúng tôi cam kết với quý khách sau khi mua hàng: ...
        <BLANKLINE>
    """
    lang = _text.check_lang(lang)
    vi = lang == "vi"
    head = f"{_word('version', lang)} {commitment.version}"
    if commitment.effective_from is not None:
        since = date_text(commitment.effective_from, lang)
        head += (
            f", áp dụng cho các đơn hàng mua từ ngày {since}"
            if vi
            else f", for purchases made on or after {since}"
        )
    blocks = [
        f"# {_word('title', lang)} — {commitment.name}\n",
        f"{head}.\n",
        f"{_word('promise', lang)}\n",
    ]
    sections = [policy.describe(lang) for policy in commitment.policies]
    if commitment.sla is not None:
        sections.append(commitment.sla.describe(lang))
    if sections:
        blocks.append(f"## {_word('policies', lang)}\n")
        blocks.extend(sections)
    if commitment.contacts:
        blocks.append(f"## {_word('contacts', lang)}\n")
        lines = [line for c in commitment.contacts for line in _contact_lines(c, lang)]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
