"""The columnar engine: business time over a million instants, SLA clocks over a million tickets.

1. Calendar operations on N seeded random instants over 2025-2026 (int64 UTC
   microseconds; durations 0-48 h to the minute) on the Vietnamese calendar
   (Mon-Fri 08:00-12:00 and 13:00-17:30, Sat 08:00-12:00, VN holidays):
   ``add_many``/``subtract_many``/``elapsed_many``/``is_open_many`` per second,
   against the scalar methods with pendulum values in and out (measured on a
   sample, per element) and against the physical limit: the same sorted
   searches and gathers in plain numpy on the same arrays, with the table
   already built and no checks.
2. pandas ``Timestamp + CustomBusinessHour(n=4)`` per element on the calendar
   pandas can express (Mon-Fri 08:00-12:00 and 13:00-17:30 plus VN holidays;
   no Saturday half day), against ``add_many(..., "4h")`` on that calendar.
3. ``SLAPolicy.evaluate_table`` on an event table of T seeded tickets (about six
   events each: open, classify, assign, respond, a wait and a resume or an
   escalation or a priority change, a resolution and often a closing), against
   ``evaluate_many`` over `Ticket` objects of the same histories (a sample, the
   tickets built beforehand), with the agreement of every field checked on the sample.

Rates are CPU time (``time.process_time``), best of three rounds: the machine is
shared, and wall time would measure the neighbours.

    python benchmarks/bench_columnar.py                       # N = T = 1,000,000
    python benchmarks/bench_columnar.py --n 100000 --tickets 100000
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
import pendulum
import pyarrow as pa

from aftersales_core._internal.instants import micros_of
from aftersales_core.calendar import BusinessCalendar, country_holidays
from aftersales_core.sla import SLAPolicy, SLATarget
from aftersales_core.tickets import Ticket, TicketEvent
from aftersales_core.vocabulary import Priority

ZONE = "Asia/Ho_Chi_Minh"
WEEKDAY = ("08:00-12:00", "13:00-17:30")
HOLIDAYS = country_holidays("VN", years=range(2025, 2028))
START = 1_735_689_600_000_000  # 2025-01-01T00:00Z
SPAN = 730 * 86_400_000_000
MINUTE = 60_000_000


def vietnamese(saturday: bool = True) -> BusinessCalendar:
    weekly = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY)
    if saturday:
        weekly["sat"] = WEEKDAY[:1]
    return BusinessCalendar(timezone=ZONE, weekly=weekly, holidays=HOLIDAYS)


def cpu(work: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best


def physical(cal: BusinessCalendar, a: Any, d: Any, b: Any) -> dict[str, Callable[[], object]]:
    """The kernels alone: numpy searchsorted and gathers on a table built beforehand."""
    rows = np.array(cal.timeline.openings(START - 86_400_000_000, START + 2 * SPAN), dtype=np.int64)
    starts, ends, pos = rows[:, 0], rows[:, 1], rows[:, 2]
    cend = pos + (ends - starts)

    def position(t: Any) -> Any:
        i = np.searchsorted(starts, t, side="right") - 1
        return pos[i] + np.minimum(t, ends[i]) - starts[i]

    def add() -> object:
        p = position(a) + d
        i = np.searchsorted(cend, p, side="left")
        return starts[i] + (p - pos[i])

    def subtract() -> object:
        p = position(b) - d
        i = np.searchsorted(cend, p, side="right")
        return starts[i] + (p - pos[i])

    def is_open() -> object:
        i = np.searchsorted(starts, a, side="right") - 1
        return a < ends[i]

    return {
        "add": add,
        "subtract": subtract,
        "elapsed": lambda: position(b) - position(a),
        "is_open": is_open,
    }


def calendar_rows(n: int, sample: int) -> list[str]:
    cal = vietnamese()
    rng = np.random.default_rng(6)
    a = START + rng.integers(0, SPAN // MINUTE, n) * MINUTE
    d = rng.integers(0, 48 * 60, n) * MINUTE
    b = cal.add_many(a, d)  # ends with business time between them, for subtract and elapsed
    line = cal.timeline
    pa_ = [line.instant(int(x)) for x in a[:sample]]
    pb = [line.instant(int(x)) for x in b[:sample]]
    pd_ = [timedelta(microseconds=int(x)) for x in d[:sample]]
    columnar = {
        "add": lambda: cal.add_many(a, d),
        "subtract": lambda: cal.subtract_many(b, d),
        "elapsed": lambda: cal.elapsed_many(a, b),
        "is_open": lambda: cal.is_open_many(a),
    }
    scalar = {
        "add": lambda: [cal.add(x, y) for x, y in zip(pa_, pd_, strict=True)],
        "subtract": lambda: [cal.subtract(x, y) for x, y in zip(pb, pd_, strict=True)],
        "elapsed": lambda: [cal.elapsed(x, y) for x, y in zip(pa_, pb, strict=True)],
        "is_open": lambda: [cal.is_open(x) for x in pa_],
    }
    limit = physical(cal, a, d, b)
    checks = {
        "add": [line.micros(x) for x in scalar["add"]()]
        == cal.add_many(a[:sample], d[:sample]).tolist(),
        "subtract": [line.micros(x) for x in scalar["subtract"]()]
        == cal.subtract_many(b[:sample], d[:sample]).tolist(),
        "elapsed": [micros_of(x) for x in scalar["elapsed"]()]
        == cal.elapsed_many(a[:sample], b[:sample]).tolist(),
        "is_open": scalar["is_open"]() == cal.is_open_many(a[:sample]).tolist(),
    }
    out = [
        f"| operation (N = {n:,}) | columnar /s | scalar, pendulum /s | columnar ÷ scalar "
        "| numpy kernel alone /s | columnar ÷ kernel | agree on the sample |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for op in columnar:
        c = n / cpu(columnar[op])
        s = sample / cpu(scalar[op], rounds=1)
        k = n / cpu(limit[op])
        out.append(
            f"| `{op}_many` | {c:,.0f} | {s:,.0f} | {c / s:,.0f}× | {k:,.0f} | {c / k:.2f} "
            f"| {'yes' if checks[op] else 'NO'} ({sample:,}) |"
        )
    return out


def pandas_rows(n: int, small: int) -> list[str]:
    import pandas as pd

    cal = vietnamese(saturday=False)
    rng = np.random.default_rng(7)
    a = START + rng.integers(0, SPAN // MINUTE, n) * MINUTE
    hour = pd.offsets.CustomBusinessHour(
        n=4, start=["08:00", "13:00"], end=["12:00", "17:30"], holidays=sorted(HOLIDAYS)
    )
    local = pd.to_datetime(a[:small], unit="us", utc=True).tz_convert(ZONE).tz_localize(None)
    theirs = small / cpu(lambda: [t + hour for t in local], rounds=1)
    ours = n / cpu(lambda: cal.add_many(a, "4h"))
    return [
        "| `+ 4 business hours`, Mon-Fri with lunch, VN holidays | per element /s | ratio |",
        "| --- | ---: | ---: |",
        f"| pandas `Timestamp + CustomBusinessHour(n=4)` ({small:,}) | {theirs:,.0f} | 1× |",
        f"| `add_many(starts, '4h')` ({n:,}) | {ours:,.0f} | {ours / theirs:,.0f}× |",
    ]


CHANNELS = ("hotline", "email", "zalo_oa", "live_chat", "in_store", "web")
CATEGORIES = ("warranty", "return", "technical_support", "complaint", "installation")
PRIORITIES = ("low", "normal", "normal", "normal", "high", "urgent")


def histories(count: int, seed: int = 6) -> dict[str, list[Any]]:
    """The event table's columns for ``count`` tickets (10-minute grid over 2025-2026)."""
    rnd = random.Random(seed)
    cols: dict[str, list[Any]] = {
        k: [] for k in ("ticket_id", "kind", "at", "channel", "priority", "category")
    }
    ticket_id, kind, at = cols["ticket_id"], cols["kind"], cols["at"]
    channel, priority, category = cols["channel"], cols["priority"], cols["category"]
    step = 10 * MINUTE

    def row(tid: str, k: str, x: int, ch: Any = None, pr: Any = None, ca: Any = None) -> None:
        ticket_id.append(tid)
        kind.append(k)
        at.append(x)
        channel.append(ch)
        priority.append(pr)
        category.append(ca)

    for i in range(count):
        tid, x = f"T-{i}", START + rnd.randrange(100_000) * step
        row(tid, "open", x, rnd.choice(CHANNELS), rnd.choice(PRIORITIES))
        x += rnd.randrange(3) * step
        row(tid, "classify", x, ca=rnd.choice(CATEGORIES))
        x += rnd.randrange(6) * step
        row(tid, "assign", x)
        x += rnd.randrange(30) * step
        row(tid, "respond", x)
        detour = rnd.random()
        if detour < 0.35:
            x += rnd.randrange(20) * step
            row(tid, "wait_on_customer", x)
            x += rnd.randrange(300) * step
            row(tid, "resume", x)
        elif detour < 0.55:
            x += rnd.randrange(20) * step
            row(tid, "escalate", x)
        elif detour < 0.7:
            x += rnd.randrange(20) * step
            row(tid, "change_priority", x, pr="urgent")
        cut = rnd.random()
        if cut >= 1 / 6:
            x += rnd.randrange(200) * step
            row(tid, "resolve", x)
            if cut >= 0.4:
                x += rnd.randrange(500) * step
                row(tid, "close", x)
    return cols


def as_tickets(cols: dict[str, list[Any]], count: int) -> list[Ticket]:
    out: list[Ticket] = []
    events: list[TicketEvent] = []
    current = None
    utc = pendulum.timezone("UTC")
    for i, tid in enumerate(cols["ticket_id"]):
        if tid != current:
            if current is not None:
                out.append(Ticket.from_events(current, events))
                if len(out) == count:
                    return out
            current, events = tid, []
        data = {
            k: cols[k][i] for k in ("channel", "priority", "category") if cols[k][i] is not None
        }
        at = pendulum.from_timestamp(cols["at"][i] // 1_000_000, tz=utc).in_timezone(ZONE)
        events.append(TicketEvent(kind=cols["kind"][i], at=at, data=data))
    out.append(Ticket.from_events(current, events))  # type: ignore[arg-type]
    return out[:count]


def sla_rows(count: int, sample: int) -> list[str]:
    policy = SLAPolicy(
        calendar=vietnamese(),
        targets={
            Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
            Priority.HIGH: SLATarget(first_response="8h", resolution="24h"),
            Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
            Priority.LOW: SLATarget(first_response="48h", resolution="96h"),
        },
    )
    at = pendulum.datetime(2027, 1, 4, 9, tz=ZONE)
    cols = histories(count)
    stamps = pa.array(cols.pop("at"), type=pa.int64()).view(pa.timestamp("us", tz="UTC"))
    table = pa.table(cols).append_column("at", stamps)
    cols["at"] = stamps.cast(pa.int64()).to_pylist()
    result: list[Any] = []
    table_s = cpu(lambda: result.append(policy.evaluate_table(table, at=at)), rounds=1)
    tickets = as_tickets(cols, sample)

    def stream() -> int:  # as a stream is meant to be read: one status at a time, none kept
        return sum(status.breached for status in policy.evaluate_many(tickets, at=at))

    many_s = cpu(stream)
    statuses = list(policy.evaluate_many(tickets, at=at))  # for the agreement, not timed
    rows = result[0].slice(0, sample).to_pylist()
    agree = sum(
        row["resolution_state"] == s.resolution.state.value
        and row["first_response_breached"] == s.first_response.breached
        and row["resolution_elapsed"] == s.resolution.elapsed
        and (row["resolution_due_at"] is None) == (s.resolution.due_at is None)
        and (s.resolution.due_at is None or row["resolution_due_at"] == s.resolution.due_at)
        for row, s in zip(rows, statuses, strict=True)
    )
    ours, theirs = count / table_s, sample / many_s
    return [
        f"| SLA clocks, {table.num_rows / count:.1f} events per ticket | tickets | CPU s "
        "| tickets/s | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| `evaluate_many` over Ticket objects (built beforehand), streamed | {sample:,} | {many_s:.2f} "
        f"| {theirs:,.0f} | 1× |",
        f"| `evaluate_table` on an Arrow table in memory | {count:,} | {table_s:.2f} "
        f"| {ours:,.0f} | {ours / theirs:.1f}× |",
        f"| agreement on the first {sample:,} tickets (state, breach, elapsed, due) "
        f"| {agree:,} / {sample:,} | | | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="instants")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="tickets")
    parser.add_argument("--sample", type=int, default=20_000, help="scalar sample size")
    parser.add_argument("--pandas", type=int, default=2_000, help="pandas sample size")
    args = parser.parse_args()
    for line in calendar_rows(args.n, args.sample):
        print(line)
    print()
    for line in pandas_rows(args.n, args.pandas):
        print(line)
    print()
    for line in sla_rows(args.tickets, min(args.sample, args.tickets)):
        print(line)


if __name__ == "__main__":
    main()
