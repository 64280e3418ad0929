"""A survey response: the NPS, CSAT and CES answers one customer gave at one instant."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from ._internal import validate as _v
from ._internal.instants import real_time, reduce_keeping_fold
from .errors import InvalidTypeError, ValidationError
from .vocabulary import Category, Channel, Priority

__all__ = ["SurveyResponse"]

_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def _check_answer(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    low, high = _SCALES[attribute.name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field=attribute.name, value=value, rule="must be a whole number")
    if not low <= value <= high:
        raise ValidationError(
            field=attribute.name, value=value, rule=f"must be from {low} to {high}"
        )


def _to_channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else _v.as_enum(Channel, value)


def _to_category(value: Category | str | None) -> Category | None:
    return None if value is None else _v.as_enum(Category, value)


def _to_priority(value: Priority | str | None) -> Priority | None:
    return None if value is None else _v.as_enum(Priority, value)


def _check_optional_enum(enum_type: type[Any]) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _v.check_enum(enum_type, attribute.name, value)

    return check


@attrs.frozen(kw_only=True)
class SurveyResponse:
    """One customer's answers to a satisfaction survey, usually sent after a ticket closes.

    A response carries up to three answers — "how likely are you to recommend us?"
    (NPS, 0–10), "how satisfied are you?" (CSAT, 1–5) and "how easy was it?" (CES 2.0,
    1–7, higher is easier) — and, to segment them, the channel, category and priority
    of the ticket it followed.

    Attributes:
        id: The response's identifier.
        at: When it was answered (aware).
        customer_id: Who answered, if known.
        ticket_id: The ticket the survey followed, if any.
        channel: The channel of that ticket (or of the purchase).
        category: The category of that ticket.
        priority: The priority of that ticket.
        nps: The 0–10 recommendation answer, if given.
        csat: The 1–5 satisfaction rating, if given.
        ces: The 1–7 ease answer, if given.

    Raises:
        ValidationError: An answer off its scale, an unknown channel, no answer at all.
        NaiveDatetimeError: ``at`` has no time zone.

    Examples:
        >>> import pendulum
        >>> r = SurveyResponse(id="S-1", at=pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh"),
        ...                    channel="zalo_oa", nps=9, csat=5)
        >>> r.channel, r.nps, r.ces
        (<Channel.ZALO_OA: 'zalo_oa'>, 9, None)
        >>> SurveyResponse(id="S-2", at=r.at, nps=11)
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: nps: 11 must be from 0 to 10
    """

    __reduce__ = reduce_keeping_fold

    id: str = attrs.field(validator=_v.check_text)
    at: pendulum.DateTime = attrs.field(
        converter=_v.to_instant, validator=_v.check_instant, eq=real_time
    )
    customer_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )
    ticket_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_v.check_text)
    )
    channel: Channel | None = attrs.field(
        default=None, converter=_to_channel, validator=_check_optional_enum(Channel)
    )
    category: Category | None = attrs.field(
        default=None, converter=_to_category, validator=_check_optional_enum(Category)
    )
    priority: Priority | None = attrs.field(
        default=None, converter=_to_priority, validator=_check_optional_enum(Priority)
    )
    nps: int | None = attrs.field(default=None, validator=_check_answer)
    csat: int | None = attrs.field(default=None, validator=_check_answer)
    ces: int | None = attrs.field(default=None, validator=_check_answer)

    def __attrs_post_init__(self) -> None:
        if self.nps is None and self.csat is None and self.ces is None:
            raise ValidationError(
                field="nps", value=None, rule="is missing, and so are csat and ces: no answer"
            )
