"""Customer-care programmes: loyalty, referrals, occasions, segments and care journeys.

Everything here is pure: programmes and journeys are declared values, ledgers are
append-only histories, and plans are lists of contacts to make. Nothing is sent, and
"now" is always an argument.

* `LoyaltyProgram` and `LoyaltyLedger` — points, tiers, benefits, expiry,
  redemption and returns;
* `ReferralProgram` — rewards for bringing a friend;
* `Occasions` — birthdays (29 February included), Tết, year end, your own dates;
* `segment` — value, frequency, recency and channel segments;
* `CareJourney` — declared steps planned into `PlannedContact` values, and
  the journeys Vietnamese shops run (`six_step_care_script`, `birthday_voucher`, ...).

Examples:
    >>> import pendulum
    >>> from datetime import date
    >>> from aftersales_core.facts import Customer
    >>> from aftersales_core.care import birthday_voucher
    >>> lan = Customer(id="C-7", name="Lan", birthday=date(1992, 2, 29))
    >>> march = pendulum.datetime(2026, 2, 1, tz="Asia/Ho_Chi_Minh")
    >>> [(c.at.to_date_string(), str(c.offer))
    ...  for c in birthday_voucher().plan(lan, [], [], (march, march.add(months=1)))]
    [('2026-02-28', '15% off')]
"""

from .entries import (
    AlreadyRecordedError,
    Draw,
    Expiry,
    InsufficientPointsError,
    LedgerEntry,
    PointBatch,
    Redemption,
    Rerate,
    Reversal,
)
from .journey import CareJourney, PlannedContact
from .ledger import LoyaltyLedger
from .loyalty import Benefits, LoyaltyProgram, Tier, TierBasis
from .occasions import (
    CustomDate,
    LeapDayRule,
    OccasionKind,
    Occasions,
    Occurrence,
    birthday_in,
    tet,
)
from .playbook import (
    birthday_voucher,
    maintenance_reminders,
    monthly_appreciation,
    six_step_care_script,
    tet_greeting,
    thank_you_after_order,
)
from .referral import (
    Referral,
    ReferralGrant,
    ReferralOutcome,
    ReferralProgram,
    ReferralRefusedError,
    ReferralReward,
    ReferralStatus,
)
from .segments import (
    ChannelMix,
    Level,
    Segment,
    SegmentLabel,
    SegmentRules,
    segment,
)
from .steps import JourneyStep, Offer, ResolvedCase, Trigger

__all__ = [
    "AlreadyRecordedError",
    "Benefits",
    "CareJourney",
    "ChannelMix",
    "CustomDate",
    "Draw",
    "Expiry",
    "InsufficientPointsError",
    "JourneyStep",
    "LeapDayRule",
    "LedgerEntry",
    "Level",
    "LoyaltyLedger",
    "LoyaltyProgram",
    "OccasionKind",
    "Occasions",
    "Occurrence",
    "Offer",
    "PlannedContact",
    "PointBatch",
    "Redemption",
    "Referral",
    "ReferralGrant",
    "ReferralOutcome",
    "ReferralProgram",
    "ReferralRefusedError",
    "ReferralReward",
    "ReferralStatus",
    "Rerate",
    "ResolvedCase",
    "Reversal",
    "Segment",
    "SegmentLabel",
    "SegmentRules",
    "Tier",
    "TierBasis",
    "Trigger",
    "birthday_in",
    "birthday_voucher",
    "maintenance_reminders",
    "monthly_appreciation",
    "segment",
    "six_step_care_script",
    "tet",
    "tet_greeting",
    "thank_you_after_order",
]
