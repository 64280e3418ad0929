"""Shared test configuration: Hypothesis profiles.

* ``ci`` — derandomised, so CI never flakes, with enough examples to matter;
  chosen automatically when the ``CI`` environment variable is set (``.ci/run``,
  GitHub Actions).
* ``dev`` — deeper, randomised runs for local bug hunting:
  ``HYPOTHESIS_PROFILE=dev make test``.
* ``quick`` — few examples, for ``make quick``'s inner loop (which selects it unless
  ``HYPOTHESIS_PROFILE`` is set); derandomised too when ``CI`` is set.
* ``default`` — Hypothesis' own example count, for a local ``make test``.

``HYPOTHESIS_PROFILE`` always wins. A failure that Hypothesis finds is pinned with
``@example(...)`` next to its ``@given``, so every profile checks it from then on.
"""

import os

from hypothesis import HealthCheck, settings

IN_CI = bool(os.environ.get("CI"))

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=2_000, deadline=None, print_blob=True)
settings.register_profile(
    "quick",
    max_examples=20,
    derandomize=IN_CI,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("default", deadline=None)

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "default"))


def pytest_report_header(config):
    """Say where the event store's PostgreSQL tests run, or why they are skipped."""
    from tests.store._postgres import describe

    return describe()
