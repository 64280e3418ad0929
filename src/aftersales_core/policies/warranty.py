"""Warranty: a fixed term or a lifetime, what it covers, and what it never covers.

Examples:
    The translation company's lifetime warranty never expires; the phone shop's
    12-month one does:

    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Purchase
    >>> bought = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
    >>> phone = Purchase(id="O-1", customer_id="C-1", sku="PHONE-X", product_category="phone",
    ...                  price=Money(9_990_000, "VND"), purchased_at=bought)
    >>> WarrantyPolicy(term="lifetime").expires_at(phone) is None
    True
    >>> WarrantyPolicy(term="12mo").expires_at(phone).isoformat()
    '2027-03-01T10:00:00+07:00'
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs
import pendulum

from .._internal import text as _text
from .._internal import validate as _v
from ..facts import Claim, Purchase
from ..terms import Term, as_instant
from ..vocabulary import ClaimKind
from . import _fields as _f
from .base import Anchor, Policy, _check_anchor, _to_anchor, register_policy
from .decisions import Decision, Outcome, Reason

__all__ = ["WarrantyPolicy"]


@attrs.frozen(kw_only=True)
class WarrantyPolicy(Policy):
    """A warranty: repairs or replacements for covered defects, during a term or for life.

    Decides ``warranty`` and ``repair`` claims. A claim is approved when it is opened
    while the warranty is active, its defect is covered and not excluded, and the
    claim limit (if any) is not reached; otherwise the decision lists *every* clause
    that refused it.

    Hooks to override in a subclass: `covers`, `excludes`,
    `starts_at` and `claims_used`. What they return is checked: an aware instant (a
    stdlib ``datetime`` will do) and a whole number of claims; an error names the hook.

    Attributes:
        name: The policy's name (default ``"warranty"``).
        term: A `Term` or its text (``"12mo"``, ``"2y"``,
            ``"lifetime"``), each part at most 1000 years.
        start: Whether the term runs from the purchase (default) or the delivery.
        covered_defects: The defect codes covered; empty (the default) covers every
            defect that is not excluded.
        exclusions: Defect codes never covered (``"physical_damage"``, ``"misuse"``).
        max_claims: The most claims allowed on one purchase; ``None`` for no limit.

    Raises:
        ValidationError: An unreadable term or one longer than 1000 years, a
            ``max_claims`` below one, empty codes.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Claim, Purchase
        >>> bought = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
        >>> phone = Purchase(id="O-1", customer_id="C-1", sku="PHONE-X",
        ...                  product_category="phone", price=Money(9_990_000, "VND"),
        ...                  purchased_at=bought)
        >>> policy = WarrantyPolicy(term="12mo", exclusions={"physical_damage"})
        >>> claim = Claim(id="W-1", kind="warranty", purchase=phone,
        ...               opened_at=bought.add(months=13), reason_code="physical_damage")
        >>> print(policy.decide(claim).explain())
        denied by warranty (term)
        - warranty.expired: the warranty of 12 months ended at 2027-03-01T10:00:00+07:00
        - warranty.excluded: defect 'physical_damage' is excluded from the warranty
    """

    kind = "warranty"
    handles = frozenset({ClaimKind.WARRANTY, ClaimKind.REPAIR})
    hooks: ClassVar[tuple[str, ...]] = (
        *Policy.hooks,
        "covers",
        "excludes",
        "starts_at",
        "claims_used",
    )

    term: Term = attrs.field(converter=_v.to_term, validator=_v.check_term)
    start: Anchor = attrs.field(
        default=Anchor.PURCHASE, converter=_to_anchor, validator=_check_anchor
    )
    covered_defects: frozenset[str] = attrs.field(
        default=frozenset(), converter=_f.to_codes, validator=_f.check_codes
    )
    exclusions: frozenset[str] = attrs.field(
        default=frozenset(), converter=_f.to_codes, validator=_f.check_codes
    )
    max_claims: int | None = attrs.field(default=None, validator=_f.check_optional_positive)

    # --- hooks --------------------------------------------------------------------------

    def covers(self, claim: Claim) -> bool:
        """Hook: whether the claim's defect is covered (exclusions are checked apart).

        By default every defect is covered when `covered_defects` is empty;
        otherwise the claim's ``reason_code`` must be listed.

        Examples:
            >>> WarrantyPolicy(term="12mo", covered_defects={"screen"}).covered_defects
            frozenset({'screen'})
        """
        return not self.covered_defects or claim.reason_code in self.covered_defects

    def excludes(self, claim: Claim) -> bool:
        """Hook: whether the claim falls under an exclusion; by default, its ``reason_code``."""
        return claim.reason_code is not None and claim.reason_code in self.exclusions

    def starts_at(self, purchase: Purchase) -> pendulum.DateTime:
        """Hook: when the warranty starts; by default the purchase or the delivery (`start`)."""
        return self.start.of(purchase)

    def claims_used(self, claim: Claim) -> int:
        """Hook: how many claims were made before this one; by default ``claim.previous_claims``."""
        return claim.previous_claims

    # --- queries ------------------------------------------------------------------------

    def _start(self, purchase: Purchase) -> pendulum.DateTime:
        return _f.hook_instant(self, "starts_at", self.starts_at(purchase))

    def expires_at(self, purchase: Purchase) -> pendulum.DateTime | None:
        """The instant the warranty ends, or ``None`` for a lifetime warranty.

        Raises:
            ValidationError: The warranty would end after the year 9999.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Purchase
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="phone",
            ...              price=Money(1, "VND"),
            ...              purchased_at=pendulum.datetime(2024, 2, 29, tz="UTC"))
            >>> WarrantyPolicy(term="1y").expires_at(p).date().isoformat()
            '2025-02-28'
        """
        return self.term.end(self._start(purchase))

    def is_active(self, purchase: Purchase, at: datetime) -> bool:
        """Whether the warranty covers the instant ``at``: from its start, strictly before its end.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Purchase
            >>> start = pendulum.datetime(2026, 3, 1, tz="UTC")
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="phone",
            ...              price=Money(1, "VND"), purchased_at=start)
            >>> w = WarrantyPolicy(term="12mo")
            >>> w.is_active(p, start.add(months=12).subtract(microseconds=1))
            True
            >>> w.is_active(p, start.add(months=12))
            False
        """
        instant = _v.utc(as_instant(at))
        end = self.expires_at(purchase)
        start = _v.utc(self._start(purchase))
        return start <= instant and (end is None or instant < _v.utc(end))

    def remaining(self, purchase: Purchase, at: datetime) -> pendulum.Duration | None:
        """Time left before the warranty ends (zero once it has), or ``None`` for a lifetime.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Purchase
            >>> start = pendulum.datetime(2026, 3, 1, tz="UTC")
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="phone",
            ...              price=Money(1, "VND"), purchased_at=start)
            >>> WarrantyPolicy(term="30d").remaining(p, start.add(days=20)).in_days()
            10
        """
        instant = _v.utc(as_instant(at))
        end = self.expires_at(purchase)
        if end is None:
            return None
        left = _v.utc(end) - instant if instant < _v.utc(end) else pendulum.duration()
        return pendulum.duration(seconds=left.total_seconds())

    # --- decision -----------------------------------------------------------------------

    def assess(self, claim: Claim) -> Decision:
        """Approve a covered claim inside the term; otherwise list every clause that refuses it."""
        purchase, at, defect = claim.purchase, _v.utc(claim.opened_at), claim.reason_code
        refusals: list[tuple[str, Reason]] = []
        if self.max_claims is not None:
            used = _f.hook_count(self, "claims_used", self.claims_used(claim))
            if used >= self.max_claims:
                limit = Reason.of(
                    "warranty.claim_limit",
                    "the warranty allows {limit} claims and {used} were made",
                    limit=self.max_claims,
                    used=used,
                )
                refusals.append(("claim_limit", limit))
        start, end = self._start(purchase), self.expires_at(purchase)
        if at < _v.utc(start):
            reason = Reason(
                code="warranty.not_started",
                message=f"the warranty starts at {start.isoformat()}",
                params={"starts_at": start},
            )
            refusals.append(("term", reason))
        elif end is not None and at >= _v.utc(end):
            reason = Reason(
                code="warranty.expired",
                message=f"the warranty of {_text.term(self.term, 'en')} ended at {end.isoformat()}",
                params={"term": self.term, "expired_at": end},
            )
            refusals.append(("term", reason))
        if self.excludes(claim):
            reason = Reason.of(
                "warranty.excluded",
                "defect {defect!r} is excluded from the warranty",
                defect=defect,
            )
            refusals.append(("exclusions", reason))
        elif not self.covers(claim):
            reason = Reason.of(
                "warranty.not_covered",
                "defect {defect!r} is not among the covered defects",
                defect=defect,
            )
            refusals.append(("coverage", reason))
        if refusals:
            return self.decision(Outcome.DENIED, refusals[0][0], [r for _, r in refusals])
        covered = (
            Reason.of("warranty.covered", "covered by the lifetime warranty", expires_at=None)
            if end is None
            else Reason(
                code="warranty.covered",
                message=f"covered by the warranty until {end.isoformat()}",
                params={"expires_at": end},
            )
        )
        return self.decision(Outcome.APPROVED, "coverage", [covered])

    def describe(self, lang: str = "vi") -> str:
        """The warranty as a charter section.

        Examples:
            >>> print(WarrantyPolicy(term="12mo", exclusions={"physical_damage"}).describe("en"))
            ### Warranty
            <BLANKLINE>
            - Warranty of 12 months, counted from the purchase.
            - Not covered: physical_damage.
            <BLANKLINE>
            >>> print(WarrantyPolicy(term="lifetime").describe("vi"))
            ### Bảo hành
            <BLANKLINE>
            - Bảo hành trọn đời.
            <BLANKLINE>
        """
        lang = _text.check_lang(lang)
        vi = lang == "vi"
        lines: list[str] = []
        if self.term.is_lifetime:
            lines.append("Bảo hành trọn đời." if vi else "Lifetime warranty.")
        else:
            since = {
                Anchor.PURCHASE: ("ngày mua", "the purchase"),
                Anchor.DELIVERY: ("ngày giao hàng", "the delivery"),
            }[self.start][0 if vi else 1]
            length = _text.term(self.term, lang)
            lines.append(
                f"Bảo hành {length}, tính từ {since}."
                if vi
                else f"Warranty of {length}, counted from {since}."
            )
        if self.covered_defects:
            codes = ", ".join(sorted(self.covered_defects))
            lines.append(f"Áp dụng cho các lỗi: {codes}." if vi else f"Covers: {codes}.")
        if self.exclusions:
            codes = ", ".join(sorted(self.exclusions))
            lines.append(f"Không áp dụng cho: {codes}." if vi else f"Not covered: {codes}.")
        if self.max_claims is not None:
            lines.append(
                f"Tối đa {self.max_claims} lần bảo hành."
                if vi
                else f"At most {self.max_claims} claims per purchase."
            )
        title = "Bảo hành" if vi else "Warranty"
        return _text.section(title if self.name == self.kind else f"{title}: {self.name}", lines)


register_policy(WarrantyPolicy)
