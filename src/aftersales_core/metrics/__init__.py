"""After-sales metrics: satisfaction, service and retention KPIs.

Every metric is a pure function over an iterable *and* an accumulator with
``add``, ``update``, ``merge`` and ``result``, built on the same arithmetic, so
one list, a stream of millions of rows and the partitions of a cluster all give
the same answer. Results are frozen values carrying ``n``; empty input gives
``n == 0`` and ``score is None``. Every function takes ``by=`` to compute per
segment.

Examples:
    >>> from aftersales_core.metrics import nps, csat, ces
    >>> nps([10, 9, 8, 0]).score
    25.0
    >>> csat([5, 4, 3, 2]).score, ces([7, 5, 3]).score
    (50.0, 5.0)
"""

from ._accumulator import (
    Accumulator,
    FieldGetter,
    IncompatibleMergeError,
    InvalidScoreError,
    KeyLike,
    OnInvalid,
    merge_all,
)
from ._stats import Interval, Rate
from .backlog import DEFAULT_AGING, AgingBucket, Backlog, BacklogAccumulator, backlog
from .cohorts import Cohort, CohortAccumulator, CohortTable, PeriodUnit, cohort_retention
from .comparison import Comparison, compare
from .compliance import (
    ClockCompliance,
    ClockReading,
    SLACompliance,
    SLAComplianceAccumulator,
    SLAEvaluator,
    sla_compliance,
)
from .effort import CESAccumulator, CESResult, ces
from .repeat import RepeatPurchaseAccumulator, Window, repeat_purchase_rate
from .resolution_quality import (
    FCRDefinition,
    FirstContactResolutionAccumulator,
    ReopenRateAccumulator,
    first_contact_resolution,
    reopen_rate,
)
from .retention import Period, RetentionAccumulator, churn_rate, retention_rate
from .satisfaction import CSATAccumulator, CSATResult, NPSAccumulator, NPSResult, csat, nps
from .segments import SegmentedAccumulator
from .service import Calendar, TicketTimesAccumulator, first_response_times, resolution_times
from .summary import DurationAccumulator, DurationSummary, duration_summary

__all__ = [
    "DEFAULT_AGING",
    "Accumulator",
    "AgingBucket",
    "Backlog",
    "BacklogAccumulator",
    "CESAccumulator",
    "CESResult",
    "CSATAccumulator",
    "CSATResult",
    "Calendar",
    "ClockCompliance",
    "ClockReading",
    "Cohort",
    "CohortAccumulator",
    "CohortTable",
    "Comparison",
    "DurationAccumulator",
    "DurationSummary",
    "FCRDefinition",
    "FieldGetter",
    "FirstContactResolutionAccumulator",
    "IncompatibleMergeError",
    "Interval",
    "InvalidScoreError",
    "KeyLike",
    "NPSAccumulator",
    "NPSResult",
    "OnInvalid",
    "Period",
    "PeriodUnit",
    "Rate",
    "ReopenRateAccumulator",
    "RepeatPurchaseAccumulator",
    "RetentionAccumulator",
    "SLACompliance",
    "SLAComplianceAccumulator",
    "SLAEvaluator",
    "SegmentedAccumulator",
    "TicketTimesAccumulator",
    "Window",
    "backlog",
    "ces",
    "churn_rate",
    "cohort_retention",
    "compare",
    "csat",
    "duration_summary",
    "first_contact_resolution",
    "first_response_times",
    "merge_all",
    "nps",
    "reopen_rate",
    "repeat_purchase_rate",
    "resolution_times",
    "retention_rate",
    "sla_compliance",
]
