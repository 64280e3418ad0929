"""Shared test configuration: Hypothesis profiles.

* ``ci`` — derandomised, so CI never flakes, with enough examples to matter;
  chosen automatically when the ``CI`` environment variable is set.
* ``dev`` — deeper, randomised runs for local bug hunting:
  ``HYPOTHESIS_PROFILE=dev make test``.
* ``default`` — Hypothesis' own defaults, for a quick local ``make test``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=2_000, deadline=None, print_blob=True)
settings.register_profile("default", deadline=None)

settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)
