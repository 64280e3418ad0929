"""Decisions are data: an outcome, the money involved and the reasons, clause by clause.

A policy never answers with a bare ``bool``. It returns a `Decision` that
says what was decided (`Outcome`), how much money is involved, which policy
and clause decided it, and why, as structured `Reason` values: a stable
``code`` a UI can translate, an English ``message`` a person can read, and the
``params`` the message was built from.

Examples:
    >>> from aftersales_core.policies import Decision, Outcome, Reason
    >>> d = Decision(outcome=Outcome.DENIED, policy="warranty", clause="term",
    ...              reasons=[Reason.of("warranty.expired", "the warranty ended on {ended}",
    ...                                 ended="2026-03-01")])
    >>> d.reasons[0].message, d.codes
    ('the warranty ended on 2026-03-01', ('warranty.expired',))
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from .._internal import validate as _v
from ..errors import InvalidTypeError, ValidationError
from ..money import Money

__all__ = ["Decision", "FrozenMap", "Outcome", "Reason"]

K = TypeVar("K")
V = TypeVar("V")

_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")


class FrozenMap(Mapping[K, V]):
    """An immutable, hashable mapping, so that values holding one stay hashable.

    Equal to any mapping with the same items; hashable when its values are.

    Examples:
        >>> m = FrozenMap({"days": 7})
        >>> m["days"], m == {"days": 7}, hash(m) == hash(FrozenMap(days=7))
        (7, True, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), **kwargs: V) -> None:
        self._items: dict[K, V] = dict(items, **kwargs)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


class Outcome(enum.StrEnum):
    """What a policy decided about a claim.

    Examples:
        >>> [o.value for o in Outcome]
        ['approved', 'partial', 'denied', 'not_applicable']
    """

    APPROVED = "approved"
    """Granted in full."""
    PARTIAL = "partial"
    """Granted in part: a reduced refund, an exchange instead of a refund."""
    DENIED = "denied"
    """Refused; the reasons say which clause refused it."""
    NOT_APPLICABLE = "not_applicable"
    """The policy does not handle this kind of claim."""


def _check_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _v.check_text(_instance, attribute, value)
    if not _CODE.fullmatch(str(value)):
        raise ValidationError(
            field=attribute.name,
            value=value,
            rule="must be lower-case words joined by '_' and '.' (e.g. 'warranty.expired')",
        )


def _to_params(value: Mapping[str, Any]) -> FrozenMap[str, Any]:
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


@attrs.frozen(kw_only=True)
class Reason:
    """Why a decision came out as it did: a stable code, an English message, its parameters.

    Attributes:
        code: A stable, dotted identifier (``"warranty.expired"``) for UIs, translations
            and audits; the message may change wording, the code does not.
        message: A short English explanation.
        params: The values the message mentions (dates, amounts, ratios), for
            translating it; kept as typed values, not text.

    Examples:
        >>> r = Reason(code="return.window_closed", message="the 7-day window closed",
        ...            params={"days": 7})
        >>> r.params["days"]
        7
        >>> Reason(code="Return Window", message="x")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: code: 'Return Window' must be lower-case words ...
    """

    code: str = attrs.field(validator=_check_code)
    message: str = attrs.field(validator=_v.check_text)
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=_to_params)

    @classmethod
    def of(cls, code: str, template: str, **params: Any) -> Reason:
        """Build a reason whose message is ``template`` filled in with ``params``.

        Args:
            code: The stable code.
            template: An English message with ``{name}`` fields (`str.format`).
            **params: The values of the fields, kept in `params`.

        Examples:
            >>> Reason.of("refund.tier", "{rate:%} wrong: refund {ratio:%}",
            ...           rate=Decimal("0.25"), ratio=Decimal("1")).message
            '25% wrong: refund 100%'
        """
        try:
            message = template.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError) as err:
            raise ValidationError(
                field="template",
                value=template,
                rule=f"cannot be filled in with the params given ({type(err).__name__}: {err})",
            ) from None
        return cls(code=code, message=message, params=params)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def _to_reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _to_parts(value: Iterable[Decision]) -> tuple[Decision, ...]:
    return tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value


def _to_outcome(value: Outcome | str) -> Outcome:
    return _v.as_enum(Outcome, value)


def _optional_money(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _v.check_money(_instance, attribute, value)


@attrs.frozen(kw_only=True)
class Decision:
    """What a policy decided about a claim, and why.

    Attributes:
        outcome: Approved, partially approved, denied, or not applicable.
        reasons: At least one `Reason`; every outcome says why.
        policy: The `name` of the deciding policy.
        clause: The clause of the policy that decided (``"term"``, ``"window"``, ``"tiers"``).
        amount: Money owed to the customer: a refund or a credit.
        fee: Money charged to the customer: a restocking fee, a pickup fee.
        ratio: The share behind ``amount`` (a refund ratio, a voucher ratio), zero or more.
        parts: The decisions a composite policy combined, in order.

    Raises:
        ValidationError: No reasons, a negative amount, fee or ratio.

    Examples:
        >>> from aftersales_core import Money
        >>> d = Decision(outcome=Outcome.APPROVED, policy="refund", clause="tiers",
        ...              reasons=[Reason(code="refund.tier", message="20% or more wrong")],
        ...              amount=Money(2_000_000, "VND"), ratio=Decimal(1))
        >>> d.granted, d.ratio
        (True, Decimal('1'))
        >>> d.amount.format("en_US")
        '₫2,000,000'
        >>> Decision(outcome=Outcome.DENIED, policy="refund", clause="tiers", reasons=[])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: reasons: () must hold at least one Reason
    """

    outcome: Outcome = attrs.field(converter=_to_outcome)
    reasons: tuple[Reason, ...] = attrs.field(converter=_to_reasons)
    policy: str = attrs.field(validator=_v.check_text)
    clause: str = attrs.field(validator=_v.check_text)
    amount: Money | None = attrs.field(default=None, validator=_optional_money)
    fee: Money | None = attrs.field(default=None, validator=_optional_money)
    ratio: Decimal | None = attrs.field(
        default=None,
        converter=_v.to_optional_decimal,
        validator=attrs.validators.optional(_v.check_non_negative),
    )
    parts: tuple[Decision, ...] = attrs.field(default=(), converter=_to_parts)

    @outcome.validator
    def _check_outcome(self, attribute: attrs.Attribute[Any], value: object) -> None:
        _v.check_enum(Outcome, attribute.name, value)

    @reasons.validator
    def _check_reasons(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not value:
            raise ValidationError(
                field="reasons", value=value, rule="must hold at least one Reason"
            )
        for i, reason in enumerate(value):
            if not isinstance(reason, Reason):
                raise InvalidTypeError(field=f"reasons[{i}]", value=reason, rule="must be a Reason")

    @parts.validator
    def _check_parts(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple) or not all(isinstance(p, Decision) for p in value):
            raise ValidationError(field="parts", value=value, rule="must hold Decision values")

    @property
    def granted(self) -> bool:
        """Approved in full or in part.

        Examples:
            >>> Decision(outcome="partial", policy="p", clause="c",
            ...          reasons=[Reason(code="x", message="y")]).granted
            True
        """
        return self.outcome in (Outcome.APPROVED, Outcome.PARTIAL)

    @property
    def applicable(self) -> bool:
        """Anything but `Outcome.NOT_APPLICABLE`."""
        return self.outcome is not Outcome.NOT_APPLICABLE

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)

    def explain(self) -> str:
        """A plain-text account of the decision, one reason per line, for logs and audits.

        Examples:
            >>> print(Decision(outcome="denied", policy="warranty", clause="exclusions",
            ...                reasons=[Reason(code="warranty.excluded",
            ...                                message="physical damage is not covered")]
            ...                ).explain())
            denied by warranty (exclusions)
            - warranty.excluded: physical damage is not covered
        """
        head = f"{self.outcome.value} by {self.policy} ({self.clause})"
        money = (("amount", self.amount), ("fee", self.fee), ("ratio", self.ratio))
        extras = [f"{label} {value}" for label, value in money if value is not None]
        lines = [", ".join([head, *extras])]
        lines += [f"- {reason}" for reason in self.reasons]
        return "\n".join(lines)
