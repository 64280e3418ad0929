"""Importing the library loads no numpy, pyarrow or pandas: the columnar engine loads on first use."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "pyarrow", "pandas", "polars", "msgspec")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    found = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    return found


def test_importing_the_library_and_its_calendar_loads_no_array_library() -> None:
    assert (
        _loaded_after("import aftersales_core, aftersales_core.calendar, aftersales_core.sla") == []
    )


def test_a_calendar_and_its_scalar_arithmetic_load_no_array_library() -> None:
    code = (
        "import pendulum\n"
        "from aftersales_core.calendar import BusinessCalendar\n"
        "cal = BusinessCalendar.always_open('UTC')\n"
        "cal.add(pendulum.datetime(2026, 1, 1), '1h')\n"
    )
    assert _loaded_after(code) == []


def test_the_first_columnar_call_loads_numpy() -> None:
    code = (
        "from aftersales_core.calendar import BusinessCalendar\n"
        "BusinessCalendar.always_open('UTC').add_many([0, 1], 5)\n"
    )
    assert "numpy" in _loaded_after(code)
