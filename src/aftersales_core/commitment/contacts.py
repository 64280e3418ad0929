"""Where customers reach a business: a channel, its address, its hours and how fast it answers.

Examples:
    >>> from aftersales_core.commitment import Contact
    >>> Contact(channel="zalo_oa", address="zalo.me/shop", response_time="30m").channel.value
    'zalo_oa'
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from ..calendar import BusinessCalendar
from ..errors import InvalidTypeError, ValidationError
from ..vocabulary import Channel

__all__ = ["Contact"]


def _to_channel(value: Channel | str) -> Channel:
    return _v.as_enum(Channel, value)


def _check_channel(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _v.check_enum(Channel, attribute.name, value)


def _to_optional_duration(value: timedelta | str | None) -> pendulum.Duration | None:
    return None if value is None else _v.to_duration(value)


def _check_response_time(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, timedelta):
        raise InvalidTypeError(
            field=attribute.name, value=value, rule="must be a duration such as '30m'"
        )
    if value <= timedelta(0):
        raise ValidationError(field=attribute.name, value=value, rule="must be longer than zero")


@attrs.frozen(kw_only=True)
class Contact:
    """A channel where customers reach the business, its hours and how fast it answers.

    Attributes:
        channel: The `Channel` (hotline, email, Zalo OA, ...).
        address: What to dial, write to or visit: ``"1900 1234"``, an e-mail address,
            a shop's street address.
        hours: When the channel is staffed, as a
            `BusinessCalendar`
            (``BusinessCalendar.always_open(...)`` for 24/7); ``None`` when not stated.
        response_time: How soon the channel answers (``"30m"``); ``None`` when not stated.

    Raises:
        ValidationError: An unknown channel, an empty address, a zero response time.

    Examples:
        >>> from aftersales_core.calendar import BusinessCalendar
        >>> hotline = Contact(channel="hotline", address="1900 1234",
        ...                   hours=BusinessCalendar.always_open("Asia/Ho_Chi_Minh"),
        ...                   response_time="30m")
        >>> hotline.channel, hotline.response_time.in_minutes()
        (<Channel.HOTLINE: 'hotline'>, 30)
    """

    channel: Channel = attrs.field(converter=_to_channel, validator=_check_channel)
    address: str = attrs.field(validator=_v.check_text)
    hours: BusinessCalendar | None = attrs.field(
        default=None, validator=_v.instance_of(BusinessCalendar, optional=True)
    )
    response_time: pendulum.Duration | None = attrs.field(
        default=None, converter=_to_optional_duration, validator=_check_response_time
    )
