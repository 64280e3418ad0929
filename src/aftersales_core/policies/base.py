"""The common base of every policy, and the registry of policy kinds.

A `Policy` is a frozen, validated value that decides claims. Its
`decide` is fixed: a claim of a kind the policy does not handle gets
`NOT_APPLICABLE`; any other claim
goes to `assess`, which each policy writes in terms of small *hook*
methods (``covers``, ``window_start``, ``error_rate``, ...). A subclass overrides a
hook, not the whole assessment.

Subclasses are checked when they are defined, not on first use: a concrete policy
must declare a ``kind``, implement ``assess`` and ``describe``, keep the
signature of every hook it overrides, and leave ``decide`` alone. A class that
breaks one of these rules raises `PolicyDefinitionError` at once.

Kinds are how configuration names a policy. Registration is explicit —
`register_policy` — and loading only ever instantiates registered kinds,
never an import path read from a file.

Examples:
    >>> from aftersales_core.policies import WarrantyPolicy, policy_class
    >>> policy_class("warranty") is WarrantyPolicy
    True
    >>> class Broken(WarrantyPolicy):
    ...     def covers(self):  # the hook takes the claim
    ...         return True
    Traceback (most recent call last):
    ...
    aftersales_core.policies.base.PolicyDefinitionError: policy class Broken: hook covers(self) must accept the arguments of WarrantyPolicy.covers(self, claim)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import attrs
import pendulum

from .._internal import validate as _v
from ..errors import AftersalesError, InvalidTypeError, UnknownKindError, ValidationError
from ..facts import Claim, Purchase
from ..money import Money
from ..vocabulary import ClaimKind
from . import _definition
from .decisions import Decision, Outcome, Reason

__all__ = [
    "Anchor",
    "Policy",
    "PolicyDefinitionError",
    "policy_class",
    "policy_kinds",
    "register_policy",
    "unregister_policy",
]

P = TypeVar("P", bound="type[Policy]")

_ABSTRACT = "_policy_is_abstract"


class PolicyDefinitionError(AftersalesError, TypeError):
    """A policy class breaks the rules of `Policy`; raised when it is defined.

    Args:
        policy: The class's qualified name.
        problem: What is wrong with it.

    Examples:
        >>> str(PolicyDefinitionError(policy="Gold", problem="declares no kind"))
        'policy class Gold: declares no kind'
    """

    code: ClassVar[str] = "invalid_policy_class"
    policy: str
    problem: str

    def __init__(self, *, policy: str, problem: str) -> None:
        super().__init__(policy=policy, problem=problem)

    def _render(self) -> str:
        return f"policy class {self.policy}: {self.problem}"


class Anchor(enum.StrEnum):
    """Which moment of a purchase a period (warranty, return window, maintenance) counts from.

    Examples:
        >>> import pendulum
        >>> from aftersales_core import Money
        >>> from aftersales_core.facts import Purchase
        >>> bought = pendulum.datetime(2026, 3, 1, 10, tz="Asia/Ho_Chi_Minh")
        >>> p = Purchase(id="O-1", customer_id="C-1", sku="S", product_category="phone",
        ...              price=Money(1, "VND"), purchased_at=bought,
        ...              delivered_at=bought.add(days=2))
        >>> Anchor.DELIVERY.of(p).day, Anchor.PURCHASE.of(p).day
        (3, 1)
    """

    PURCHASE = "purchase"
    """The moment of the sale."""
    DELIVERY = "delivery"
    """The moment of delivery; the sale when no delivery is recorded."""

    def of(self, purchase: Purchase) -> pendulum.DateTime:
        """The instant this anchor denotes for ``purchase``.

        Raises:
            InvalidTypeError: ``purchase`` is not a `Purchase`.
        """
        if not isinstance(purchase, Purchase):
            raise InvalidTypeError(field="purchase", value=purchase, rule="must be a Purchase")
        return purchase.purchased_at if self is Anchor.PURCHASE else purchase.received_at


def _to_anchor(value: Anchor | str) -> Anchor:
    return _v.as_enum(Anchor, value)


def _check_anchor(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _v.check_enum(Anchor, attribute.name, value)


def _default_name(self: Policy) -> str:
    return str(getattr(type(self), "kind", type(self).__name__))


@attrs.frozen(kw_only=True)
class Policy:
    """The base of every policy: a frozen value with a name that decides claims.

    Subclass a concrete policy (``WarrantyPolicy``, ``ReturnWindowPolicy``, ...) and
    override one of its hooks; or subclass ``Policy`` itself, declare ``kind`` and
    ``handles``, and implement `assess` and `describe`. Pass
    ``abstract=True`` in the class statement for an intermediate base that is not
    meant to be used directly.

    Attributes:
        name: The policy's name in decisions and in the charter; defaults to its kind.
        kind: The registry key of the class (``"warranty"``); a class attribute.
        handles: The claim kinds the policy decides; others are not applicable.
        hooks: The names of the methods subclasses may override; their signatures are
            checked when a subclass is defined.

    Examples:
        >>> import attrs
        >>> from aftersales_core.vocabulary import ClaimKind
        >>> from aftersales_core.policies import Decision, Outcome, Reason
        >>> @attrs.frozen(kw_only=True)
        ... class NoQuestionsAsked(Policy):
        ...     kind = "acme.no_questions"
        ...     handles = frozenset({ClaimKind.COMPLAINT})
        ...     def assess(self, claim):
        ...         return self.decision(Outcome.APPROVED, "all",
        ...                              [Reason(code="acme.ok", message="always yes")])
        ...     def describe(self, lang="vi"):
        ...         return "### Always yes"
        >>> NoQuestionsAsked().name
        'acme.no_questions'
        >>> class Nameless(NoQuestionsAsked):
        ...     kind = "Not A Kind"
        Traceback (most recent call last):
        ...
        aftersales_core.policies.base.PolicyDefinitionError: policy class Nameless: kind must be ...
    """

    kind: ClassVar[str]
    handles: ClassVar[frozenset[ClaimKind]] = frozenset()
    hooks: ClassVar[tuple[str, ...]] = ("applies_to",)

    name: str = attrs.field(
        default=attrs.Factory(_default_name, takes_self=True), validator=_v.check_text
    )

    def __init_subclass__(cls, *, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            # Kept in the class body, so it survives attrs re-creating the class with slots.
            type.__setattr__(cls, _ABSTRACT, True)
        problems = list(_definition.problems(cls, bool(vars(cls).get(_ABSTRACT)), Policy))
        if problems:
            raise PolicyDefinitionError(policy=cls.__qualname__, problem="; ".join(problems))

    def __attrs_pre_init__(self) -> None:
        cls = type(self)
        if cls is Policy or vars(cls).get(_ABSTRACT):
            raise PolicyDefinitionError(
                policy=cls.__qualname__, problem="is abstract; use or define a concrete policy"
            )

    def applies_to(self, claim: Claim) -> bool:
        """Hook: whether this policy decides ``claim``; by default, whether it handles its kind.

        Examples:
            >>> from aftersales_core.policies import RefundRule, RefundTier
            >>> RefundRule(tiers=[RefundTier(min_error_rate=Decimal("0.2"),
            ...                              refund_ratio=Decimal(1))]).handles
            frozenset({<ClaimKind.REFUND: 'refund'>})
        """
        return claim.kind in self.handles

    def decide(self, claim: Claim) -> Decision:
        """Decide ``claim``: not applicable for claims the policy does not handle, else assess it.

        Args:
            claim: The claim to decide.

        Returns:
            The decision, with at least one reason.

        Raises:
            InvalidTypeError: ``claim`` is not a `Claim`, or
                `assess` returned something else than a Decision.
        """
        if not isinstance(claim, Claim):
            raise InvalidTypeError(field="claim", value=claim, rule="must be a Claim")
        if not self.applies_to(claim):
            return self.decision(
                Outcome.NOT_APPLICABLE,
                "kind",
                [
                    Reason.of(
                        "not_applicable",
                        "{policy} does not decide {kind} claims",
                        policy=self.name,
                        kind=claim.kind.value,
                    )
                ],
            )
        decision = self.assess(claim)
        if not isinstance(decision, Decision):
            raise InvalidTypeError(
                field=f"{type(self).__qualname__}.assess",
                value=decision,
                rule="must return a Decision",
            )
        return decision

    def assess(self, claim: Claim) -> Decision:
        """Decide a claim this policy handles; each concrete policy implements it."""
        raise NotImplementedError  # pragma: no cover - refused at class creation

    def describe(self, lang: str = "vi") -> str:
        """A short Markdown section for the published charter, in ``"vi"`` or ``"en"``."""
        raise NotImplementedError  # pragma: no cover - refused at class creation

    def decision(
        self,
        outcome: Outcome,
        clause: str,
        reasons: Iterable[Reason],
        *,
        amount: Money | None = None,
        fee: Money | None = None,
        ratio: Decimal | None = None,
        parts: Iterable[Decision] = (),
    ) -> Decision:
        """A `Decision` signed with this policy's name; for `assess`.

        Examples:
            >>> from aftersales_core.policies import WarrantyPolicy
            >>> WarrantyPolicy(term="12mo").decision(
            ...     "denied", "term", [Reason(code="warranty.expired", message="ended")]).policy
            'warranty'
        """
        return Decision(
            outcome=outcome,
            clause=clause,
            reasons=tuple(reasons),
            policy=self.name,
            amount=amount,
            fee=fee,
            ratio=ratio,
            parts=tuple(parts),
        )


_REGISTRY: dict[str, type[Policy]] = {}


def register_policy(cls: P) -> P:
    """Register a concrete policy class under its ``kind``, so configuration can name it.

    Usable as a class decorator. Registering the same class again does nothing.

    Args:
        cls: A concrete subclass of `Policy` with its own ``kind``.

    Returns:
        ``cls``, unchanged.

    Raises:
        InvalidTypeError: ``cls`` is not a concrete policy class.
        ValidationError: Another class is registered under the same kind.

    Examples:
        >>> from aftersales_core.policies import ReturnWindowPolicy
        >>> @register_policy
        ... class GoldReturns(ReturnWindowPolicy):
        ...     kind = "acme.gold_returns"
        >>> policy_class("acme.gold_returns") is GoldReturns
        True
        >>> unregister_policy("acme.gold_returns")
    """
    if not (isinstance(cls, type) and issubclass(cls, Policy)) or vars(cls).get(_ABSTRACT):
        raise InvalidTypeError(field="cls", value=cls, rule="must be a concrete Policy subclass")
    known = _REGISTRY.get(cls.kind)
    if known is not None and known is not cls:
        raise ValidationError(
            field="kind", value=cls.kind, rule=f"is already registered to {known.__qualname__}"
        )
    _REGISTRY[cls.kind] = cls
    return cls


def unregister_policy(kind: str) -> None:
    """Remove ``kind`` from the registry.

    Raises:
        UnknownKindError: Nothing is registered under ``kind``.

    Examples:
        >>> unregister_policy("acme.nothing")
        Traceback (most recent call last):
        ...
        aftersales_core.errors.UnknownKindError: unknown policy kind 'acme.nothing'; ...
    """
    policy_class(kind)
    del _REGISTRY[kind]


def policy_class(kind: str) -> type[Policy]:
    """The policy class registered under ``kind``.

    Raises:
        UnknownKindError: Nothing is registered under ``kind``.

    Examples:
        >>> policy_class("refund").__name__
        'RefundRule'
    """
    try:
        return _REGISTRY[kind]
    except (KeyError, TypeError):
        raise UnknownKindError(kind=kind, family="policy", known=policy_kinds()) from None


def policy_kinds() -> tuple[str, ...]:
    """The registered kinds, sorted.

    Examples:
        >>> "warranty" in policy_kinds()
        True
    """
    return tuple(sorted(_REGISTRY))
