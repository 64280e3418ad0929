"""Import time: ``import aftersales_core`` against ``import pendulum`` + ``import attrs``.

Each import runs in a fresh interpreter with ``python -X importtime``; the figure is the
cumulative time of the package's own line (what the import cost, dependencies included),
the best of several runs because the machine is shared. The budget is 1.2x pendulum and
attrs together: those two are what any use of the library needs anyway.

The top level resolves its names lazily (module ``__getattr__``), so the second table shows
what the first real uses cost: one name from each floor a typical application touches.

    python benchmarks/bench_import.py
"""

from __future__ import annotations

import subprocess
import sys
import time

RUNS = 9
BUDGET = 1.2

FIRST_USES = {
    "Money": "aftersales_core.Money",
    "BusinessCalendar": "aftersales_core.BusinessCalendar",
    "WarrantyPolicy": "aftersales_core.WarrantyPolicy",
    "SLAPolicy + Ticket": "aftersales_core.SLAPolicy, aftersales_core.Ticket",
    "ServiceCommitment": "aftersales_core.ServiceCommitment",
    "metrics.nps": "__import__('aftersales_core.metrics').metrics.nps",
    "config.loads_commitment": "__import__('aftersales_core.config').config.loads_commitment",
}


def import_ms(module: str) -> float:
    """Best cumulative ``-X importtime`` of ``module``, in milliseconds."""
    best = float("inf")
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        for line in done.stderr.splitlines():
            fields = [f.strip() for f in line.removeprefix("import time:").split("|")]
            if len(fields) == 3 and fields[2] == module:
                best = min(best, int(fields[1]) / 1000)
    return best


def first_use_ms(expression: str) -> float:
    """Best wall time of ``import aftersales_core`` then evaluating ``expression``."""
    code = (
        "import time; t = time.perf_counter(); import aftersales_core; "
        f"{expression}; print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return min(runs)


def main() -> None:
    started = time.perf_counter()
    pendulum_ms, attrs_ms = import_ms("pendulum"), import_ms("attrs")
    ours = import_ms("aftersales_core")
    peers = pendulum_ms + attrs_ms
    print(f"| import | ms (best of {RUNS}) |")
    print("| --- | ---: |")
    print(f"| pendulum | {pendulum_ms:.1f} |")
    print(f"| attrs | {attrs_ms:.1f} |")
    print(f"| aftersales_core | {ours:.1f} |")
    print()
    print("| first use after `import aftersales_core` | ms (best, wall) |")
    print("| --- | ---: |")
    for label, expression in FIRST_USES.items():
        print(f"| {label} | {first_use_ms(expression):.1f} |")
    print()
    ratio = ours / peers
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(
        f"import aftersales_core {ours:.1f} ms / (pendulum {pendulum_ms:.1f} + attrs {attrs_ms:.1f} ms)"
        f" = {ratio:.2f}x ({verdict} the {BUDGET}x budget)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, aftersales_core; print(len(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(
        f"modules loaded by `import aftersales_core`: {loaded}; run took {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
