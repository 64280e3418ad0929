"""Public Hypothesis strategies for property-testing code built on aftersales_core.

Requires Hypothesis (``pip install aftersales-core[testing]``).

Examples:
    >>> from hypothesis import given
    >>> from aftersales_core.testing import strategies
    >>> @given(strategies.money(currencies=["VND"]))
    ... def check(m):
    ...     assert m.currency == "VND"
    >>> check()
"""

from . import strategies

__all__ = ["strategies"]
