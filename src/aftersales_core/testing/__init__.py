"""Public Hypothesis strategies for property-testing code built on aftersales_core.

Requires Hypothesis (``pip install aftersales-core[testing]``). One module per area:
``strategies`` (money, durations, terms, instants), ``calendars``, ``policies``,
``tickets`` (including a ``RuleBasedStateMachine`` factory for your own workflows),
``care`` and ``commitments``.

Examples:
    >>> from hypothesis import given
    >>> from aftersales_core.testing import strategies
    >>> @given(strategies.money(currencies=["VND"]))
    ... def check(m):
    ...     assert m.currency == "VND"
    >>> check()
"""

from . import calendars, care, commitments, policies, strategies, tickets

__all__ = ["calendars", "care", "commitments", "policies", "strategies", "tickets"]
