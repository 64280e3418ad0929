"""Business-time arithmetic: throughput, and agreement with pandas and businesstime.

1. 100,000 seeded random starts over 2025-2026 (to the second), durations drawn
   from {30 min, 4 h, 6 h, 24 h, 48 h, 7x24 h}, on the Vietnamese calendar
   (Mon-Fri 08:00-12:00 and 13:00-17:30, Sat 08:00-12:00, VN holidays):
   ``add``/s, ``subtract``/s and ``elapsed``/s with pendulum in and out; then the
   same on the calendar's integer timeline (UTC microseconds in and out), its
   ``position``/``at_position``, and ``openings`` over the two years.
2. The calendar pandas can express (Mon-Fri 08:00-17:30 plus VN holidays):
   ``Timestamp + CustomBusinessHour(n)`` per element against ``add`` on the same
   starts (pandas adds whole hours only, so the 30-minute draws are left out),
   the ratio, and every disagreement, sorted into kinds.
3. ``elapsed`` against the ``businesstime`` package (naive datetimes only) on
   Mon-Fri 08:00-17:30 plus VN holidays, both judged by a day-by-day oracle.
4. ``import aftersales_core`` time (``python -X importtime``).

Rates are CPU time (``time.process_time``), best of five rounds, one process:
the machine is shared, and wall time would measure the neighbours.

    python benchmarks/bench_calendar.py
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any

import pendulum

from aftersales_core.calendar import BusinessCalendar, country_holidays

ZONE = "Asia/Ho_Chi_Minh"
N = 100_000
N_PANDAS = 10_000
N_BUSINESSTIME = 10_000
DURATIONS_MIN = (30, 4 * 60, 6 * 60, 24 * 60, 48 * 60, 7 * 24 * 60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
HOLIDAYS = country_holidays("VN", years=range(2025, 2028))


def best_rate(label: str, n: int, work: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        began = time.process_time()
        work()
        times.append(time.process_time() - began)
    rate = n / min(times)
    print(f"  {label:<46} {rate:>12,.0f} /s  ({1e6 / rate:6.2f} µs each)")
    return rate


def draws() -> tuple[list[pendulum.DateTime], list[pendulum.Duration]]:
    rng = random.Random(20260214)
    first = pendulum.datetime(2025, 1, 1, tz=ZONE)
    span = int((pendulum.datetime(2027, 1, 1, tz=ZONE) - first).total_seconds())
    starts = [first.add(seconds=rng.randrange(span)) for _ in range(N)]
    durations = [pendulum.duration(minutes=rng.choice(DURATIONS_MIN)) for _ in range(N)]
    return starts, durations


def vietnamese() -> BusinessCalendar:
    weekday = ["08:00-12:00", "13:00-17:30"]
    weekly = dict.fromkeys(WEEKDAYS, weekday) | {"sat": ["08:00-12:00"]}
    return BusinessCalendar(timezone=ZONE, weekly=weekly, holidays=HOLIDAYS)


def simplified() -> BusinessCalendar:
    return BusinessCalendar(
        timezone=ZONE, weekly={key: ["08:00-17:30"] for key in WEEKDAYS}, holidays=HOLIDAYS
    )


def naive(value: datetime) -> datetime:
    return datetime(value.year, value.month, value.day, value.hour, value.minute, value.second)


# -- a day-by-day oracle for Mon-Fri 08:00-17:30 (naive local time; Vietnam has no DST) --------
OPEN, CLOSE = timedelta(hours=8), timedelta(hours=17, minutes=30)


def oracle_elapsed(start: datetime, end: datetime) -> timedelta:
    total, day = timedelta(0), start.date()
    while day <= end.date():
        if day.weekday() < 5 and day not in HOLIDAYS:
            midnight = datetime.combine(day, clock())
            a, b = max(start, midnight + OPEN), min(end, midnight + CLOSE)
            total += max(timedelta(0), b - a)
        day += timedelta(days=1)
    return total


def section_timeline(starts: list[pendulum.DateTime], durations: list[pendulum.Duration]) -> None:
    line = vietnamese().timeline
    print(f"\n1b. The same {N:,} on the integer timeline (UTC microseconds in and out)")
    xs = [line.micros(s) for s in starts]
    ds = [int(d.total_seconds()) * 1_000_000 for d in durations]  # whole minutes: exact
    line.position(xs[0])  # lay out the years from 1970 once, as positions need
    best_rate("micros(start) (pendulum in)", N, lambda: [line.micros(s) for s in starts])
    add, subtract, elapsed = line.add, line.subtract, line.elapsed  # bound once, as callers do
    best_rate(
        "add(start_us, duration_us)", N, lambda: [add(x, d) for x, d in zip(xs, ds, strict=True)]
    )
    ends = [add(x, d) for x, d in zip(xs, ds, strict=True)]
    best_rate(
        "subtract(end_us, duration_us)",
        N,
        lambda: [subtract(e, d) for e, d in zip(ends, ds, strict=True)],
    )
    best_rate(
        "elapsed(start_us, end_us)",
        N,
        lambda: [elapsed(x, e) for x, e in zip(xs, ends, strict=True)],
    )
    positions = [line.position(x) for x in xs]
    best_rate("position(at_us)", N, lambda: [line.position(x) for x in xs])
    best_rate("at_position(p)", N, lambda: [line.at_position(p) for p in positions])
    lo, hi = line.micros(pendulum.datetime(2025, 1, 1, tz=ZONE)), max(ends)
    count = len(line.openings(lo, hi))
    best_rate("openings over 2025-2026 (per opening)", count, lambda: line.openings(lo, hi))
    cal = vietnamese()
    wrong = sum(
        line.instant(e) != cal.add(s, duration) or line.at_position(p + d) != e
        for s, e, d, duration, p in zip(starts, ends, ds, durations, positions, strict=True)
    )
    print(
        f"  checks: add disagrees with the datetime API or with at_position(position + d): {wrong}"
    )


def section_throughput(starts: list[pendulum.DateTime], durations: list[pendulum.Duration]) -> None:
    cal = vietnamese()
    print(f"\n1. Vietnamese calendar, {N:,} seeded starts, pendulum in and out")
    cal.add(starts[0], durations[0])  # lay out the calendar's years once
    best_rate(
        "add(start, duration)",
        N,
        lambda: [cal.add(s, d) for s, d in zip(starts, durations, strict=True)],
    )
    ends = [cal.add(s, d) for s, d in zip(starts, durations, strict=True)]
    best_rate(
        "subtract(end, duration)",
        N,
        lambda: [cal.subtract(e, d) for e, d in zip(ends, durations, strict=True)],
    )
    best_rate(
        "elapsed(start, end)",
        N,
        lambda: [cal.elapsed(s, e) for s, e in zip(starts, ends, strict=True)],
    )
    text = ["30m", "4h", "6h", "24h", "48h", "168h"]
    texts = [text[DURATIONS_MIN.index(d.in_minutes())] for d in durations]
    best_rate(
        "add(start, '4h' text)",
        N,
        lambda: [cal.add(s, t) for s, t in zip(starts, texts, strict=True)],
    )
    wrong = sum(cal.elapsed(s, e) != d for s, e, d in zip(starts, ends, durations, strict=True))
    back = sum(
        cal.subtract(e, d) != cal.next_open(s)
        for s, e, d in zip(starts, ends, durations, strict=True)
    )
    print(
        f"  checks: elapsed(s, add(s, d)) != d: {wrong}; subtract(add(s, d), d) != next_open(s): {back}"
    )


def lunch_break() -> BusinessCalendar:
    weekly = {key: ["08:00-12:00", "13:00-17:30"] for key in WEEKDAYS}
    return BusinessCalendar(timezone=ZONE, weekly=weekly, holidays=HOLIDAYS)


def pandas_offsets(hours: list[int], lunch: bool) -> dict[int, Any]:
    import pandas as pd

    opening = (["08:00", "13:00"], ["12:00", "17:30"]) if lunch else ("08:00", "17:30")
    return {
        h: pd.offsets.CustomBusinessHour(
            n=h, start=opening[0], end=opening[1], weekmask="Mon Tue Wed Thu Fri",
            holidays=sorted(HOLIDAYS),
        )
        for h in hours
    }  # fmt: skip


def classify_pandas(cal: BusinessCalendar, ours: pendulum.DateTime, theirs: datetime) -> str:
    if theirs > ours and cal.elapsed(ours, theirs) == timedelta(0):
        if cal.next_open(ours) == theirs and not cal.is_open(ours):
            return "deadline on a closing time: pandas moves it to the next opening"
        return "pandas later, with no business time between"
    return f"other (e.g. ours {ours.isoformat()}, pandas {theirs.isoformat()})"


def disagreements(
    cal: BusinessCalendar, picked: list[tuple[pendulum.DateTime, pendulum.Duration]], lunch: bool
) -> Counter[str]:
    import pandas as pd

    offsets = pandas_offsets(sorted({d.in_minutes() // 60 for _, d in picked}), lunch)
    kinds: Counter[str] = Counter()
    for s, d in picked:
        ours = cal.add(s, d)
        theirs = (pd.Timestamp(s) + offsets[d.in_minutes() // 60]).to_pydatetime()
        if ours != theirs:
            kinds[classify_pandas(cal, ours, theirs)] += 1
    return kinds


def show(kinds: Counter[str], n: int) -> None:
    print(f"  disagreements: {sum(kinds.values())} of {n:,}")
    for kind, count in kinds.most_common():
        print(f"    {count:>6}  {kind}")


def section_pandas(starts: list[pendulum.DateTime], durations: list[pendulum.Duration]) -> None:
    import pandas as pd

    cal = simplified()
    picked = [(s, d) for s, d in zip(starts, durations, strict=True) if d.in_minutes() % 60 == 0][
        :N_PANDAS
    ]
    hours = sorted({d.in_minutes() // 60 for _, d in picked})
    offsets = pandas_offsets(hours, lunch=False)
    aware = [pd.Timestamp(s) for s, _ in picked]
    plain = [pd.Timestamp(naive(s)) for s, _ in picked]
    steps = [offsets[d.in_minutes() // 60] for _, d in picked]
    n = len(picked)
    print(f"\n2. Mon-Fri 08:00-17:30 + VN holidays vs pandas {pd.__version__} CustomBusinessHour")
    print(f"   ({n:,} of the starts, those with whole-hour durations {hours} h:")
    print(
        "   pandas adds whole hours only; one prebuilt offset per duration, as pandas is fastest)"
    )
    cal.add(picked[0][0], picked[0][1])
    ours = best_rate(
        "aftersales_core add (aware pendulum in/out)", n, lambda: [cal.add(s, d) for s, d in picked]
    )
    like = best_rate(
        "pandas aware Timestamp + CustomBusinessHour",
        n,
        lambda: [t + o for t, o in zip(aware, steps, strict=True)],
    )
    fast = best_rate(
        "pandas naive Timestamp + CustomBusinessHour",
        n,
        lambda: [t + o for t, o in zip(plain, steps, strict=True)],
    )
    print(
        f"  ratio: {ours / like:,.1f}x pandas with aware timestamps (the same work: aware in, aware out)"
    )
    print(f"         {ours / fast:,.1f}x pandas with naive timestamps (pandas' fastest case)")
    show(disagreements(cal, picked, lunch=False), n)
    grid = [s.set(minute=s.minute // 30 * 30, second=0) for s, _ in picked]
    on_grid = [(g, d) for g, (_, d) in zip(grid, picked, strict=True)]
    print("   the same starts moved to a 30-minute grid (so they fall on openings and closings):")
    show(disagreements(cal, on_grid, lunch=False), n)
    print("   and on a 30-minute grid with a lunch break (Mon-Fri 08:00-12:00, 13:00-17:30):")
    show(disagreements(lunch_break(), on_grid, lunch=True), n)


def section_businesstime(starts: list[pendulum.DateTime]) -> None:
    from businesstime import BusinessTime

    cal = simplified()
    rng = random.Random(7)
    pairs = [(s, s.add(seconds=rng.randrange(30 * 86_400))) for s in starts[:N_BUSINESSTIME]]
    plain = [(naive(s), naive(e)) for s, e in pairs]
    bt = BusinessTime(
        business_hours=(clock(8), clock(17, 30)), weekends=(5, 6), holidays=set(HOLIDAYS)
    )
    day = timedelta(hours=9, minutes=30)

    def bt_elapsed(a: datetime, b: datetime) -> timedelta:
        # businesstimedelta counts whole business days as 24 h; convert them exactly.
        found = bt.businesstimedelta(a, b)
        return found.days * day + timedelta(seconds=found.seconds, microseconds=found.microseconds)

    n = len(pairs)
    print(
        f"\n3. elapsed on Mon-Fri 08:00-17:30 + VN holidays vs businesstime 0.3 ({n:,} spans <= 30 days)"
    )
    ours_rate = best_rate(
        "aftersales_core elapsed (pendulum in)", n, lambda: [cal.elapsed(s, e) for s, e in pairs]
    )
    theirs_rate = best_rate(
        "businesstime businesstimedelta (naive in)", n, lambda: [bt_elapsed(a, b) for a, b in plain]
    )
    print(f"  ratio: {ours_rate / theirs_rate:,.1f}x businesstime per element")
    ours_wrong, kinds = 0, Counter()
    for (s, e), (a, b) in zip(pairs, plain, strict=True):
        truth = oracle_elapsed(a, b)
        ours_wrong += cal.elapsed(s, e) != truth
        theirs = bt_elapsed(a, b)
        if theirs != truth:
            kinds[classify_businesstime(a, b, theirs - truth)] += 1
    print(
        f"  disagreements with the oracle: aftersales_core {ours_wrong}, businesstime {sum(kinds.values())}"
    )
    for kind, count in kinds.most_common():
        print(f"    {count:>6}  {kind}")


def _where(moment: datetime) -> str:
    if moment.weekday() >= 5 or moment.date() in HOLIDAYS:
        return "closed day"
    wall = moment - datetime.combine(moment.date(), clock())
    return "before opening" if wall < OPEN else "after closing" if wall >= CLOSE else "open"


def classify_businesstime(a: datetime, b: datetime, error: timedelta) -> str:
    sign = "over" if error > timedelta(0) else "under"
    return f"{sign}counts; start {_where(a)}, end {_where(b)}"


def section_import_time() -> None:
    print("\n4. import time (python -X importtime, cumulative µs; best of 5 fresh processes)")
    code = "import aftersales_core, sys; print(','.join(m for m in ('holidays', 'babel', 'cattrs', 'pandas') if m in sys.modules))"
    for module in ("aftersales_core", "pendulum", "attrs"):
        best = None
        for _ in range(5):
            run = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", f"import {module}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            line = [ln for ln in run.stderr.splitlines() if ln.rstrip().endswith(f"| {module}")][-1]
            micros = int(line.split("|")[1])
            best = micros if best is None else min(best, micros)
        print(f"  import {module:<16} {best / 1000:7.1f} ms")
    heavy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    print(f"  heavy modules loaded by 'import aftersales_core': {heavy.stdout.strip() or 'none'}")


def installed(peer: str) -> bool:
    # The peers come with the bench extra; without one, its comparison is skipped, not failed.
    if importlib.util.find_spec(peer) is not None:
        return True
    print(f"\n({peer} is not installed: its comparison is skipped; pip install -e '.[bench]')")
    return False


def main() -> None:
    began = time.perf_counter()
    starts, durations = draws()
    section_throughput(starts, durations)
    section_timeline(starts, durations)
    if installed("pandas"):
        section_pandas(starts, durations)
    if installed("businesstime"):
        section_businesstime(starts)
    section_import_time()
    print(f"\n(total {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
