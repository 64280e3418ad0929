"""What-if replay: the cost of a promise, measured on real claims before it is published.

`compare` decides a history of claims under two commitments — today's and a
proposed one, or two versions of a `CommitmentHistory` — and reports
every decision that would change and the money involved: "a 14-day return window
would have granted 37 more returns, 12,400,000 ₫ more in refunds".

A decision *changes* when its outcome, amount owed, fee or ratio differs; a new
wording of the same outcome and amounts is not a change. Money differences are
``new − old``, per currency: positive means the new commitment pays customers more
(or charges them more fees).

Examples:
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Claim, Purchase
    >>> from aftersales_core.policies import ReturnWindowPolicy
    >>> from aftersales_core.commitment import ServiceCommitment
    >>> now = ServiceCommitment(name="Shop", version="7 days", policies=[ReturnWindowPolicy(days=7)])
    >>> longer = ServiceCommitment(name="Shop", version="14 days",
    ...                            policies=[ReturnWindowPolicy(days=14)])
    >>> t = pendulum.datetime(2026, 3, 2, 10, tz="Asia/Ho_Chi_Minh")
    >>> order = Purchase(id="O-1", customer_id="C-1", sku="S", product_category="shoes",
    ...                  price=Money(790_000, "VND"), purchased_at=t)
    >>> claims = [Claim(id=f"R-{d}", kind="return", purchase=order, opened_at=t.add(days=d))
    ...           for d in (3, 10, 20)]
    >>> report = compare(now, longer, claims)
    >>> report.claims, len(report.changes), report.newly_granted
    (3, 1, 1)
    >>> report.amount_difference["VND"]
    Money('790000', 'VND')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .._internal import text as _text
from ..errors import InvalidTypeError
from ..facts import Claim
from ..money import Money
from ..policies.decisions import Decision, FrozenMap
from ..vocabulary import ClaimKind
from .service import ServiceCommitment
from .versions import CommitmentHistory

__all__ = ["DecisionChange", "ReplayReport", "compare"]

_KIND_WORDS = {
    ClaimKind.WARRANTY: ("bảo hành", "warranty claims"),
    ClaimKind.RETURN: ("trả hàng", "returns"),
    ClaimKind.EXCHANGE: ("đổi hàng", "exchanges"),
    ClaimKind.REFUND: ("hoàn tiền", "refunds"),
    ClaimKind.REPAIR: ("sửa chữa", "repairs"),
    ClaimKind.COMPLAINT: ("khiếu nại", "complaints"),
    ClaimKind.INSTALLATION: ("lắp đặt", "installations"),
    ClaimKind.MAINTENANCE: ("bảo dưỡng", "maintenance"),
    ClaimKind.DELIVERY: ("giao nhận", "deliveries"),
}


def _add(totals: dict[str, Money], amount: Money | None, sign: int) -> None:
    if amount is not None:
        current = totals.get(amount.currency, Money.zero(amount.currency))
        totals[amount.currency] = current + amount if sign > 0 else current - amount


def _differences(changes: Iterable[DecisionChange], field: str) -> FrozenMap[str, Money]:
    totals: dict[str, Money] = {}
    for change in changes:
        _add(totals, getattr(change.new, field), 1)
        _add(totals, getattr(change.old, field), -1)
    return FrozenMap(sorted(totals.items()))


@attrs.frozen(kw_only=True)
class DecisionChange:
    """One claim decided differently under the new commitment.

    Attributes:
        claim: The claim.
        old: Its decision under the old commitment.
        new: Its decision under the new one.

    Examples:
        >>> from aftersales_core.policies import Decision, Reason
        >>> why = [Reason(code="x", message="y")]
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Claim, Purchase
        >>> t = pendulum.datetime(2026, 1, 1, tz="UTC")
        >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="x",
        ...              price=Money(1, "VND"), purchased_at=t)
        >>> change = DecisionChange(
        ...     claim=Claim(id="K", kind="return", purchase=p, opened_at=t),
        ...     old=Decision(outcome="denied", policy="a", clause="c", reasons=why),
        ...     new=Decision(outcome="approved", policy="b", clause="c", reasons=why,
        ...                  amount=Money(1, "VND")))
        >>> change.newly_granted, change.amount_difference
        (True, FrozenMap({'VND': Money('1', 'VND')}))
    """

    claim: Claim
    old: Decision
    new: Decision

    @property
    def newly_granted(self) -> bool:
        """Not granted before, granted now."""
        return not self.old.granted and self.new.granted

    @property
    def newly_denied(self) -> bool:
        """Granted before, not granted now."""
        return self.old.granted and not self.new.granted

    @property
    def amount_difference(self) -> FrozenMap[str, Money]:
        """New minus old amount owed to the customer, per currency."""
        return _differences([self], "amount")

    @property
    def fee_difference(self) -> FrozenMap[str, Money]:
        """New minus old fee charged to the customer, per currency."""
        return _differences([self], "fee")


def _signed(amounts: FrozenMap[str, Money], lang: str) -> str:
    shown = [("+" if m.amount > 0 else "") + _text.money(m, lang) for m in amounts.values() if m]
    return ", ".join(shown) or _text.money(Money.zero(next(iter(amounts), "VND")), lang)


@attrs.frozen(kw_only=True)
class ReplayReport:
    """What changes when the same claims are decided under a new commitment.

    Attributes:
        old: A label of the old commitment (its name and version).
        new: A label of the new one.
        claims: How many claims were replayed.
        changes: Every claim decided differently, in the order the claims came.

    Examples:
        >>> report = ReplayReport(old="Shop 1", new="Shop 2", claims=10, changes=())
        >>> report.newly_granted, dict(report.amount_difference)
        (0, {})
        >>> print(report.summary("en"))
        Shop 1 → Shop 2: of 10 claims replayed, 0 would be decided differently.
    """

    old: str
    new: str
    claims: int
    changes: tuple[DecisionChange, ...]

    @property
    def newly_granted(self) -> int:
        """How many claims the new commitment grants that the old one did not."""
        return sum(change.newly_granted for change in self.changes)

    @property
    def newly_denied(self) -> int:
        """How many claims the old commitment granted that the new one does not."""
        return sum(change.newly_denied for change in self.changes)

    @property
    def amount_difference(self) -> FrozenMap[str, Money]:
        """New minus old amounts owed to customers, per currency (positive: pays more)."""
        return _differences(self.changes, "amount")

    @property
    def fee_difference(self) -> FrozenMap[str, Money]:
        """New minus old fees charged to customers, per currency."""
        return _differences(self.changes, "fee")

    def by_kind(self) -> FrozenMap[ClaimKind, tuple[DecisionChange, ...]]:
        """The changes grouped by claim kind, kinds in their declaration order.

        Examples:
            >>> ReplayReport(old="a", new="b", claims=0, changes=()).by_kind()
            FrozenMap({})
        """
        groups: dict[ClaimKind, list[DecisionChange]] = {}
        for change in self.changes:
            groups.setdefault(change.claim.kind, []).append(change)
        return FrozenMap((k, tuple(groups[k])) for k in ClaimKind if k in groups)

    def summary(self, lang: str = "vi") -> str:
        """The report in a few lines of ``"vi"`` or ``"en"`` text, money formatted with Babel.

        Examples:
            >>> print(ReplayReport(old="A", new="B", claims=3, changes=()).summary("vi"))
            A → B: trong 3 yêu cầu được chạy lại, 0 yêu cầu sẽ có quyết định khác.
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        n = len(self.changes)
        lines = [
            f"{self.old} → {self.new}: trong {self.claims} yêu cầu được chạy lại, "
            f"{n} yêu cầu sẽ có quyết định khác."
            if vi
            else f"{self.old} → {self.new}: of {self.claims} claims replayed, "
            f"{n} would be decided differently."
        ]
        if not n:
            return lines[0]
        lines.append(
            f"- Được chấp nhận thêm: {self.newly_granted}; bị từ chối thêm: {self.newly_denied}."
            if vi
            else f"- Granted now, not before: {self.newly_granted}; "
            f"granted before, not now: {self.newly_denied}."
        )
        amounts, fees = self.amount_difference, self.fee_difference
        if amounts:
            shown = _signed(amounts, lang)
            lines.append(
                f"- Số tiền trả cho khách hàng: {shown}."
                if vi
                else f"- Money owed to customers: {shown}."
            )
        if fees:
            shown = _signed(fees, lang)
            lines.append(
                f"- Phí thu của khách hàng: {shown}." if vi else f"- Fees charged: {shown}."
            )
        for kind, changes in self.by_kind().items():
            part = ReplayReport(old=self.old, new=self.new, claims=0, changes=changes)
            word = _KIND_WORDS[kind][0 if vi else 1]
            text = (
                f"  - {word}: {len(changes)} thay đổi, thêm {part.newly_granted} "
                f"được chấp nhận, thêm {part.newly_denied} bị từ chối"
                if vi
                else f"  - {word}: {len(changes)} changes, {part.newly_granted} more granted, "
                f"{part.newly_denied} more refused"
            )
            if part.amount_difference:
                text += f", {_signed(part.amount_difference, lang)}"
            lines.append(text + ".")
        return "\n".join(lines)


def _label(commitment: ServiceCommitment | CommitmentHistory) -> str:
    if isinstance(commitment, CommitmentHistory):
        latest = commitment.latest
        return f"{latest.name} (history up to {latest.version})"
    return f"{commitment.name} {commitment.version}"


def _check(name: str, value: Any) -> None:
    if not isinstance(value, ServiceCommitment | CommitmentHistory):
        raise InvalidTypeError(
            field=name, value=value, rule="must be a ServiceCommitment or a CommitmentHistory"
        )


def _changed(old: Decision, new: Decision) -> bool:
    return (old.outcome, old.amount, old.fee, old.ratio) != (
        new.outcome,
        new.amount,
        new.fee,
        new.ratio,
    )


def compare(
    old: ServiceCommitment | CommitmentHistory,
    new: ServiceCommitment | CommitmentHistory,
    claims: Iterable[Claim],
) -> ReplayReport:
    """Decide every claim under ``old`` and ``new`` and report the decisions that change.

    Claims are read once, as a stream: only the changes are kept.

    Args:
        old: The commitment (or history) in force.
        new: The proposed one.
        claims: The claims to replay, e.g. last year's.

    Returns:
        A `ReplayReport`.

    Raises:
        InvalidTypeError: ``old`` or ``new`` is not a commitment or history, or an item
            of ``claims`` is not a Claim.

    Examples:
        >>> from aftersales_core.commitment import ServiceCommitment
        >>> same = ServiceCommitment(name="Shop")
        >>> compare(same, same, []).changes
        ()
    """
    _check("old", old)
    _check("new", new)
    count, changes = 0, []
    for claim in claims:
        before, after = old.decide(claim), new.decide(claim)
        count += 1
        if _changed(before, after):
            changes.append(DecisionChange(claim=claim, old=before, new=after))
    return ReplayReport(old=_label(old), new=_label(new), claims=count, changes=tuple(changes))
