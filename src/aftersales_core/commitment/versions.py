"""Versions of a service commitment: the customer keeps the promise they bought under.

A business improves its commitment over time — a longer return window, a faster
hotline. A purchase is bound by the version in force *when it was made*, the way a
large e-commerce platform attaches its return rules to the order when it is placed:
a new version never takes away what an older purchase was promised, nor grants it
what it was not.

A `CommitmentHistory` holds the versions in order of their
``effective_from``; `for_purchase` picks the one in force at
the purchase, and `decide` decides a claim with it.

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Claim, Purchase
    >>> from aftersales_core.policies import ReturnWindowPolicy
    >>> from aftersales_core.commitment import ServiceCommitment
    >>> vn = "Asia/Ho_Chi_Minh"
    >>> history = CommitmentHistory(versions=[
    ...     ServiceCommitment(name="Shop", version="2025", policies=[ReturnWindowPolicy(days=7)],
    ...                       effective_from=pendulum.datetime(2025, 1, 1, tz=vn)),
    ...     ServiceCommitment(name="Shop", version="2026", policies=[ReturnWindowPolicy(days=14)],
    ...                       effective_from=pendulum.datetime(2026, 1, 1, tz=vn))])
    >>> bought = pendulum.datetime(2025, 12, 30, 10, tz=vn)
    >>> order = Purchase(id="O-1", customer_id="C-1", sku="S", product_category="shoes",
    ...                  price=Money(790_000, "VND"), purchased_at=bought)
    >>> history.for_purchase(order).version
    '2025'
    >>> history.decide(Claim(id="R-1", kind="return", purchase=order,
    ...                      opened_at=bought.add(days=10))).outcome
    <Outcome.DENIED: 'denied'>
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
import pendulum

from .._internal.instants import unix_micros
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim, Purchase
from ..policies.decisions import Decision, Outcome, Reason
from ..terms import as_instant
from .service import ServiceCommitment

__all__ = ["CommitmentHistory"]


def _to_versions(value: Iterable[ServiceCommitment]) -> tuple[ServiceCommitment, ...]:
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(value)
    return value  # the validator refuses it by name


def _check_versions(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(
            field="versions", value=value, rule="must hold at least one ServiceCommitment"
        )
    labels: dict[str, int] = {}
    for i, version in enumerate(value):
        if not isinstance(version, ServiceCommitment):
            raise InvalidTypeError(
                field=f"versions[{i}]", value=version, rule="must be a ServiceCommitment"
            )
        if version.version in labels:
            raise ValidationError(
                field=f"versions[{i}].version",
                value=version.version,
                rule=f"is already the label of versions[{labels[version.version]}]",
            )
        labels[version.version] = i
        if i == 0:
            continue
        start, before = version.effective_from, value[i - 1].effective_from
        if start is None:
            raise ValidationError(
                field=f"versions[{i}].effective_from",
                value=None,
                rule="must be given: only the first version may be undated",
            )
        if before is not None and unix_micros(start) <= unix_micros(before):
            raise ValidationError(
                field=f"versions[{i}].effective_from",
                value=start,
                rule=f"must be after that of the version before it ({before.isoformat()})",
            )


@attrs.frozen(kw_only=True)
class CommitmentHistory:
    """The versions of a service commitment, each in force from its ``effective_from``.

    A version is in force from its ``effective_from`` (included) until the next
    version's. The first version may be undated: in force since always.

    Attributes:
        versions: One or more `ServiceCommitment`,
            oldest first, with distinct ``version`` labels and strictly increasing
            ``effective_from``.

    Raises:
        ValidationError: No versions, versions out of order, an undated version after
            the first, a repeated label.

    Examples:
        >>> import pendulum
        >>> from aftersales_core.commitment import ServiceCommitment
        >>> v1 = ServiceCommitment(name="Shop", version="1")
        >>> v2 = ServiceCommitment(name="Shop", version="2",
        ...                        effective_from=pendulum.datetime(2026, 1, 1, tz="UTC"))
        >>> CommitmentHistory(versions=[v1, v2]).in_force(
        ...     pendulum.datetime(2025, 6, 1, tz="UTC")).version
        '1'
        >>> CommitmentHistory(versions=[v2, v1])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: versions[1].effective_from: None must be given: only the first version may be undated
    """

    versions: tuple[ServiceCommitment, ...] = attrs.field(
        converter=_to_versions, validator=_check_versions
    )

    @property
    def latest(self) -> ServiceCommitment:
        """The newest version (the one a purchase made today falls under)."""
        return self.versions[-1]

    def add(self, version: ServiceCommitment) -> CommitmentHistory:
        """A new history with ``version`` appended as the newest one.

        Raises:
            ValidationError: ``version`` is undated, or does not take effect after the
                latest version, or repeats its label.

        Examples:
            >>> import pendulum
            >>> from aftersales_core.commitment import ServiceCommitment
            >>> h = CommitmentHistory(versions=[ServiceCommitment(name="Shop")])
            >>> h.add(ServiceCommitment(name="Shop", version="2",
            ...                         effective_from=pendulum.datetime(2026, 1, 1, tz="UTC"))
            ...       ).latest.version
            '2'
        """
        return CommitmentHistory(versions=[*self.versions, version])

    def in_force(self, at: datetime) -> ServiceCommitment | None:
        """The version in force at the instant ``at``, or ``None`` before the first one.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
        """
        instant = unix_micros(as_instant(at))
        found: ServiceCommitment | None = None
        for version in self.versions:
            start = version.effective_from
            if start is not None and unix_micros(start) > instant:
                break
            found = version
        return found

    def for_purchase(self, purchase: Purchase) -> ServiceCommitment | None:
        """The version in force when ``purchase`` was made, or ``None`` if none was yet.

        Raises:
            InvalidTypeError: ``purchase`` is not a Purchase.
        """
        if not isinstance(purchase, Purchase):
            raise InvalidTypeError(field="purchase", value=purchase, rule="must be a Purchase")
        return self.in_force(purchase.purchased_at)

    def decide(self, claim: Claim) -> Decision:
        """Decide ``claim`` under the version in force when its purchase was made.

        Returns:
            That version's decision; not applicable (code ``commitment.not_in_force``)
            when the purchase predates every version.

        Raises:
            InvalidTypeError: ``claim`` is not a Claim.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Claim, Purchase
            >>> from aftersales_core.commitment import ServiceCommitment
            >>> t = pendulum.datetime(2025, 1, 1, tz="UTC")
            >>> h = CommitmentHistory(versions=[ServiceCommitment(
            ...     name="Shop", effective_from=t.add(years=1))])
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="x",
            ...              price=Money(1, "VND"), purchased_at=t)
            >>> h.decide(Claim(id="K", kind="return", purchase=p, opened_at=t)).codes
            ('commitment.not_in_force',)
        """
        if not isinstance(claim, Claim):
            raise InvalidTypeError(field="claim", value=claim, rule="must be a Claim")
        version = self.for_purchase(claim.purchase)
        if version is None:
            first = self.versions[0]
            bought: pendulum.DateTime = claim.purchase.purchased_at
            reason = Reason(
                code="commitment.not_in_force",
                message=(
                    f"the purchase was made at {bought.isoformat()}, before the first version "
                    f"of the commitment took effect"
                ),
                params={"purchased_at": bought, "effective_from": first.effective_from},
            )
            return Decision(
                outcome=Outcome.NOT_APPLICABLE,
                policy=first.name,
                clause="version",
                reasons=[reason],
            )
        return version.decide(claim)
