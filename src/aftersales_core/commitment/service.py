"""The service commitment: one value that decides every case and publishes itself as a charter.

Vietnamese after-sales practice's cure for disputes — unclear fault, vague quality,
hidden conditions — is a *written, published service commitment*. Here the published
document and the code that enforces it are the same object: a
`ServiceCommitment` holds the business's policies, its response times and its
contact channels; `decide` settles a claim with them, and
`render` writes them out as the customer-facing charter in
Vietnamese or English. The two can never disagree.

**Precedence.** `decide` asks every policy, in the order they
are listed; policies that do not decide the claim's kind take no part. Among the
decisions of the others, the customer gets the most favourable one:

1. approved beats partially approved, which beats denied;
2. then the larger amount owed to the customer (amounts in different currencies are
   not compared);
3. then the smaller fee charged;
4. then the policy listed first.

A published promise is read in the customer's favour when two of its clauses cover
the same case (*contra proferentem*); the charter says so. When every policy denies,
the decision lists the reasons of all of them. To combine policies otherwise — all must
agree, or the first one decides — wrap them in
`AllOf` or
`FirstApplicable`.

Examples:
    >>> from decimal import Decimal
    >>> import pendulum
    >>> from aftersales_core import Money
    >>> from aftersales_core.facts import Claim, Purchase
    >>> from aftersales_core.policies import RefundRule, RefundTier, WarrantyPolicy
    >>> translation = ServiceCommitment(name="Dịch thuật Sao Việt", policies=[
    ...     WarrantyPolicy(term="lifetime"),
    ...     RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"), refund_ratio=Decimal(1))])])
    >>> bought = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
    >>> order = Purchase(id="O-7", customer_id="C-1", sku="TRANSLATE-EN-VI",
    ...                  product_category="translation", price=Money(2_000_000, "VND"),
    ...                  purchased_at=bought)
    >>> decision = translation.decide(Claim(id="R-1", kind="refund", purchase=order,
    ...                                     opened_at=bought.add(days=3), error_rate=Decimal("0.25")))
    >>> decision.outcome, decision.amount, decision.clause
    (<Outcome.APPROVED: 'approved'>, Money('2000000', 'VND'), 'refund')
"""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from .._internal import validate as _v
from .._internal.instants import real_time, reduce_keeping_fold
from ..errors import InvalidTypeError, ValidationError
from ..facts import Claim
from ..policies.base import Policy
from ..policies.decisions import Decision, Outcome, Reason
from ..policies.favour import more_favourable
from ..sla.policy import SLAPolicy
from ..vocabulary import ClaimKind, Vocabulary
from ._charter import render_charter
from .contacts import Contact

__all__ = ["ServiceCommitment", "handled_kinds"]


_check_items = _v.tuple_of(Policy, what="policies")
_check_contacts = _v.tuple_of(Contact, what="contacts")


def _check_policies(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_items(_instance, attribute, value)
    assert isinstance(value, tuple)  # for the type checker: _check_items refused anything else
    names: dict[str, int] = {}
    for i, policy in enumerate(value):
        if isinstance(policy, SLAPolicy):
            raise ValidationError(
                field=f"policies[{i}]",
                value=policy.name,
                rule="is an SLA: give it as the commitment's `sla`, not among its policies",
            )
        if policy.name in names:
            raise ValidationError(
                field=f"policies[{i}].name",
                value=policy.name,
                rule=f"is already the name of policies[{names[policy.name]}]; "
                "each policy needs its own name, so decisions say which one decided",
            )
        names[policy.name] = i


def _check_effective(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _v.check_instant(_instance, attribute, value)


def handled_kinds(policy: Policy) -> frozenset[ClaimKind]:
    """The claim kinds a policy decides; for a composite, those of its parts.

    Args:
        policy: Any policy.

    Returns:
        The policy's `handles`, or the union
        over a composite's ``policies``.

    Examples:
        >>> from aftersales_core.policies import AnyOf, ReturnWindowPolicy, WarrantyPolicy
        >>> both = AnyOf(policies=[WarrantyPolicy(term="12mo"), ReturnWindowPolicy(days=7)])
        >>> sorted(kind.value for kind in handled_kinds(both))
        ['exchange', 'repair', 'return', 'warranty']
    """
    parts = getattr(policy, "policies", None)
    if isinstance(parts, tuple) and all(isinstance(p, Policy) for p in parts):
        return frozenset().union(*(handled_kinds(p) for p in parts))
    return frozenset(policy.handles)


@attrs.frozen(kw_only=True)
class ServiceCommitment:
    """A business's published after-sales promise: its policies, response times and contacts.

    Attributes:
        name: The business's name, as the charter's title and the signature of decisions.
        version: A label for this version of the commitment (``"2026.1"``).
        effective_from: The instant this version takes effect (aware); it applies to
            purchases made from then on (see
            `CommitmentHistory`). ``None``: not dated.
        policies: The policies, in the order the charter lists them; each with its own
            name. An `SLAPolicy` goes in ``sla``.
        sla: The response and resolution times, if the commitment states them.
        contacts: Where customers reach the business.
        vocabulary: The channels and categories the business adds to the built-in ones
            (installed when a commitment file is read).

    Raises:
        ValidationError: Empty name or version, two policies with one name, an SLA among
            the policies.
        InvalidTypeError: A policy that is not a Policy, a contact that is not a Contact.
        NaiveDatetimeError: ``effective_from`` has no time zone.

    Examples:
        >>> from aftersales_core.policies import ReturnWindowPolicy, WarrantyPolicy
        >>> shop = ServiceCommitment(name="Điện máy Phương Nam", version="2026.1",
        ...                          policies=[WarrantyPolicy(term="12mo"),
        ...                                    ReturnWindowPolicy(days=7)])
        >>> [p.kind for p in shop.policies_for("return")]
        ['returns']
        >>> ServiceCommitment(name="X", policies=[WarrantyPolicy(term="12mo"),
        ...                                       WarrantyPolicy(term="2y")])
        Traceback (most recent call last):
        ...
        aftersales_core.errors.ValidationError: policies[1].name: 'warranty' is already the name of policies[0]; ...
    """

    __reduce__ = reduce_keeping_fold

    name: str = attrs.field(validator=_v.check_text)
    version: str = attrs.field(default="1", validator=_v.check_text)
    effective_from: pendulum.DateTime | None = attrs.field(
        default=None, converter=_v.to_optional_instant, validator=_check_effective, eq=real_time
    )
    policies: tuple[Policy, ...] = attrs.field(
        default=(), converter=_v.to_tuple, validator=_check_policies
    )
    sla: SLAPolicy | None = attrs.field(
        default=None, validator=_v.instance_of(SLAPolicy, optional=True)
    )
    contacts: tuple[Contact, ...] = attrs.field(
        default=(), converter=_v.to_tuple, validator=_check_contacts
    )
    vocabulary: Vocabulary = attrs.field(factory=Vocabulary, validator=_v.instance_of(Vocabulary))

    def policies_for(self, kind: ClaimKind | str) -> tuple[Policy, ...]:
        """The policies that decide claims of ``kind``, in the order they are listed.

        Args:
            kind: A `ClaimKind` or its text value.

        Raises:
            ValidationError: An unknown claim kind.

        Examples:
            >>> from aftersales_core.policies import WarrantyPolicy
            >>> ServiceCommitment(name="X", policies=[WarrantyPolicy(term="12mo")]).policies_for(
            ...     "repair")[0].kind
            'warranty'
        """
        wanted = _v.as_enum(ClaimKind, kind)
        _v.check_enum(ClaimKind, "kind", wanted)
        return tuple(p for p in self.policies if wanted in handled_kinds(p))

    def decide(self, claim: Claim) -> Decision:
        """Settle a claim with every policy that decides it, by the precedence of the module.

        Args:
            claim: The claim.

        Returns:
            A decision signed with the commitment's `name`; its ``clause`` is the
            name of the policy that decided, its ``parts`` every applicable policy's
            decision, in order. Not applicable when no policy decides the claim.

        Raises:
            InvalidTypeError: ``claim`` is not a `Claim`.

        Examples:
            >>> import pendulum
            >>> from aftersales_core import Money
            >>> from aftersales_core.facts import Claim, Purchase
            >>> from aftersales_core.policies import WarrantyPolicy
            >>> t = pendulum.datetime(2026, 3, 1, tz="Asia/Ho_Chi_Minh")
            >>> p = Purchase(id="O", customer_id="C", sku="S", product_category="phone",
            ...              price=Money(1, "VND"), purchased_at=t)
            >>> c = ServiceCommitment(name="Shop", policies=[WarrantyPolicy(term="12mo")])
            >>> print(c.decide(Claim(id="K", kind="return", purchase=p, opened_at=t)).explain())
            not_applicable by Shop (kind)
            - not_applicable: no policy of Shop decides return claims
        """
        if not isinstance(claim, Claim):
            raise InvalidTypeError(field="claim", value=claim, rule="must be a Claim")
        parts = [d for d in (p.decide(claim) for p in self.policies) if d.applicable]
        if not parts:
            reason = Reason.of(
                "not_applicable",
                "no policy of {commitment} decides {kind} claims",
                commitment=self.name,
                kind=claim.kind.value,
            )
            return Decision(
                outcome=Outcome.NOT_APPLICABLE, policy=self.name, clause="kind", reasons=[reason]
            )
        chosen = parts[0]
        for candidate in parts[1:]:
            if more_favourable(candidate, chosen):
                chosen = candidate
        reasons = chosen.reasons
        if chosen.outcome is Outcome.DENIED:
            reasons = tuple(r for d in parts for r in d.reasons)
        return Decision(
            outcome=chosen.outcome,
            policy=self.name,
            clause=chosen.policy,
            reasons=reasons,
            amount=chosen.amount,
            fee=chosen.fee,
            ratio=chosen.ratio,
            parts=parts,
        )

    def render(self, lang: str = "vi") -> str:
        """The customer-facing charter, as Markdown, in ``"vi"`` or ``"en"``.

        Every number in it comes from the policy objects; each policy writes its own
        section with ``describe(lang)``, so a subclass's section appears as it wrote it.

        Raises:
            ValidationError: ``lang`` is not ``"vi"`` or ``"en"``.

        Examples:
            >>> from aftersales_core.policies import ReturnWindowPolicy
            >>> print(ServiceCommitment(name="Shop", policies=[ReturnWindowPolicy(days=7)])
            ...       .render("en"))
            # Customer service commitment — Shop
            <BLANKLINE>
            Version 1.
            <BLANKLINE>
            This is what we promise you after the sale: ...
            <BLANKLINE>
            ## Our after-sales policies
            <BLANKLINE>
            ### Returns and exchanges
            <BLANKLINE>
            - Returns and exchanges within 7 days of the delivery.
            <BLANKLINE>
        """
        return render_charter(self, lang)
