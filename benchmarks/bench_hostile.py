"""Worst cases a hostile user can reach: the time they cost, against a near case and a limit.

Sections (each a function, all run by ``main``):

* ``bench_ticket_appends``: appending commands to a ticket one at a time, and pickling a
  long ticket. Each is a cost per event at several history lengths: flat when the cost
  is linear in the history (an append used to copy the whole history: 20,000 commands
  took 21.6 s). The peer is replaying the same history at once with
  ``Ticket.from_events``; the physical limit is a bare ``list.append`` of the event (or
  pickling the same number of plain tuples).
* ``section_calendar``: business-calendar operations at instants spread over the years
  1 to 9999, and on pathological calendars, against the same operation at a near instant.

Calendar section (``section_calendar``):

1. Instants spread over the years 1 to 9999 (seeded, 300 of them), on calendars
   with clock changes (Europe/Berlin office hours, America/Santiago round the
   clock, Australia/Lord_Howe with its half-hour change). For each operation
   (``add``/``subtract`` of one hour, ``elapsed`` from 2026, ``is_open``,
   ``next_open``, ``position``) the worst time of one call over all instants,
   each asked of a **fresh** calendar (nothing laid out yet: the first call pays
   for the tile and the sums) and of one **warmed** by the previous instants.
   The reference is the same operation at a near instant (2026) in the same run,
   and the physical limit a plain integer bisect over a precomputed sorted list
   of 10^5 ints (what one look-up of a precomputed answer would cost).
2. Pathological calendars: open on Mondays only with every Monday a holiday for
   1000 years (the next opening is in 3022), and for ever (no opening before
   the year 9999: a typed error); the worst call, and the time to build them.

Times are wall-clock per call (``time.perf_counter``), each the best of three
runs, one process; the machine may be shared, so read ratios, not absolutes.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import contextlib
import pickle
import random
import time
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta

import pendulum

from aftersales_core import ValidationError
from aftersales_core.calendar import BusinessCalendar
from aftersales_core.tickets import Ticket, TicketEvent

N_FAR = 300
YEARS = (1, 9998)
WEEKDAYS = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), ("09:00-12:00", "13:00-17:00"))
EVERY_DAY = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ("00:00-24:00",))
NIGHTS = {"sat": ("22:00-24:00",), "sun": ("00:00-04:00",)}
CALENDARS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "Berlin office hours": ("Europe/Berlin", WEEKDAYS),
    "Santiago round the clock": ("America/Santiago", EVERY_DAY),
    "Lord Howe weekend nights": ("Australia/Lord_Howe", NIGHTS),
}


Op = Callable[[BusinessCalendar, pendulum.DateTime, pendulum.DateTime], object]
"""An operation asked of a calendar at an instant (and the near instant, for spans)."""

OPERATIONS: dict[str, Op] = {
    "add 1h": lambda cal, at, near: cal.add(at, "1h"),
    "subtract 1h": lambda cal, at, near: cal.subtract(at, "1h"),
    "elapsed from 2026": lambda cal, at, near: cal.elapsed(min(near, at), max(near, at)),
    "is_open": lambda cal, at, near: cal.is_open(at),
    "next_open": lambda cal, at, near: cal.next_open(at),
    "position": lambda cal, at, near: cal.timeline.position(cal.timeline.micros(at)),
}


def call_us(op: Op, cal: BusinessCalendar, at: pendulum.DateTime, near: pendulum.DateTime) -> float:
    """Microseconds of one call (a typed error counts as an answer)."""
    began = time.perf_counter()
    with contextlib.suppress(ValidationError):
        op(cal, at, near)
    return (time.perf_counter() - began) * 1e6


def cold_us(
    make: Callable[[], BusinessCalendar], op: Op, at: pendulum.DateTime, near: pendulum.DateTime
) -> float:
    """The best of three calls, each the first call on a freshly built calendar."""
    return min(call_us(op, make(), at, near) for _ in range(3))


def far_instants(zone: str) -> list[pendulum.DateTime]:
    rng = random.Random(9999)
    out = []
    for _ in range(N_FAR):
        day = date(rng.randint(*YEARS), 1, 1) + timedelta(days=rng.randrange(365))
        out.append(pendulum.datetime(day.year, day.month, day.day, rng.randrange(24), tz=zone))
    return out


def bisect_limit_us() -> float:
    """One ``bisect_right`` over a precomputed list of 10^5 sorted ints, in microseconds."""
    table = list(range(0, 10**5 * 7_919, 7_919))
    rng = random.Random(1)
    probes = [rng.randrange(table[-1]) for _ in range(10**5)]
    began = time.perf_counter()
    for p in probes:
        bisect_right(table, p)
    return (time.perf_counter() - began) / len(probes) * 1e6


def row(label: str, near: float, cold: float, warm: float, limit: float) -> None:
    print(
        f"  {label:<48} {near:>9.1f} {cold:>10.1f} {warm:>10.1f}"
        f" {cold / near:>9.1f}x {cold / limit:>10,.0f}x"
    )


def header() -> None:
    print(
        f"  {'calendar: operation':<48} {'near µs':>9} {'far cold':>10} {'far warm':>10}"
        f" {'cold/near':>10} {'cold/bisect':>11}"
    )


def section_far_instants(limit: float) -> None:
    print(f"Far instants: the worst of {N_FAR} instants over the years {YEARS[0]}-{YEARS[1]} (µs)")
    header()
    for label, (zone, weekly) in CALENDARS.items():
        near = pendulum.datetime(2026, 3, 2, 10, tz=zone)
        far = far_instants(zone)

        def make(zone: str = zone, weekly: dict[str, tuple[str, ...]] = weekly) -> BusinessCalendar:
            return BusinessCalendar(timezone=zone, weekly=weekly)

        for name, op in OPERATIONS.items():
            near_us = cold_us(make, op, near, near)
            cold = max(cold_us(make, op, at, near) for at in far[:60])
            warmed = make()
            warm = max(call_us(op, warmed, at, near) for at in far)
            row(f"{label}: {name}", near_us, cold, warm, limit)


def mondays(until: date) -> list[date]:
    first = date(2026, 1, 5)
    return [first + timedelta(weeks=i) for i in range((until - first).days // 7 + 1)]


def monday_calendar(holidays: list[date]) -> BusinessCalendar:
    return BusinessCalendar(
        timezone="Europe/Berlin", weekly={"mon": ("09:00-17:00",)}, holidays=holidays
    )


def section_pathological(limit: float) -> None:
    print("Pathological calendars: Mondays only, every Monday a holiday (µs)")
    header()
    start = pendulum.datetime(2026, 1, 1, tz="Europe/Berlin")
    for label, until in (
        ("1000 years of closed Mondays", date(2026, 1, 5) + timedelta(weeks=52 * 1000 - 1)),
        ("closed Mondays to 9999 (typed error)", date(9999, 12, 31)),
    ):
        holidays = mondays(until)
        began = time.perf_counter()
        cal = monday_calendar(holidays)
        built = time.perf_counter() - began
        print(f"  {label}: {len(holidays):,} holidays, calendar built in {built:.2f} s")
        for name in ("next_open", "add 1h", "is_open"):
            op = OPERATIONS[name]
            near_us = cold_us(lambda: monday_calendar([]), op, start, start)  # no holidays
            cold = call_us(op, cal, start, start)  # the first call pays for the sums
            warm = min(call_us(op, cal, start, start) for _ in range(3))
            row(f"  {name}", near_us, cold, warm, limit)


AT = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Ho_Chi_Minh")


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _appended(n: int) -> Ticket:
    ticket = Ticket.open(id="T-1", channel="email", at=AT)
    for i in range(n):
        ticket = ticket.escalate(at=AT.add(seconds=i))
    return ticket


def _events(n: int) -> list[TicketEvent]:
    opened = Ticket.open(id="T-1", channel="email", at=AT).events[0]
    return [opened, *(TicketEvent(kind="escalate", at=AT.add(seconds=i)) for i in range(n))]


def bench_ticket_appends() -> None:
    """Per-event cost of appending n commands one at a time, and of pickling a long ticket."""
    print("### Appending commands to a ticket, one at a time\n")
    print(
        "| commands | total | per command | replay (from_events) | list.append | × replay | × list.append |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in (2_500, 5_000, 20_000):
        events = _events(n)
        total = _best(lambda n=n: _appended(n), repeat=1 if n > 5_000 else 3)  # type: ignore[misc]
        replay = _best(lambda events=events: Ticket.from_events("T-1", events))  # type: ignore[misc]

        def bare(events: list[TicketEvent] = events) -> None:
            log: list[TicketEvent] = []
            for event in events:
                log.append(event)

        limit = _best(bare)
        print(
            f"| {n:,} | {total:.3f} s | {total / n * 1e6:.1f} µs | {replay / n * 1e6:.1f} µs "
            f"| {limit / n * 1e9:.0f} ns | {total / replay:.1f} | {total / limit:,.0f} |"
        )
    print("\n### Pickling a long ticket (dumps + loads)\n")
    print("| events | dumps | loads | per event | list of tuples | × list of tuples |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in (10_000, 100_000):
        ticket = Ticket.from_events("T-1", _events(n))
        blob = pickle.dumps(ticket)
        dumps = _best(lambda ticket=ticket: pickle.dumps(ticket))  # type: ignore[misc]
        loads = _best(lambda blob=blob: pickle.loads(blob))  # type: ignore[misc]
        plain = [("escalate", i, i, i, None, None) for i in range(n)]
        flat = _best(lambda plain=plain: pickle.loads(pickle.dumps(plain)))  # type: ignore[misc]
        both = dumps + loads
        print(
            f"| {n:,} | {dumps:.3f} s | {loads:.3f} s | {both / n * 1e6:.1f} µs "
            f"| {flat / n * 1e6:.2f} µs | {both / flat:.0f} |"
        )
    print()


def section_calendar() -> None:
    """The calendar's part: far instants and pathological calendars."""
    limit = bisect_limit_us()
    print(f"Physical limit: one integer bisect over 10^5 precomputed ints: {limit:.3f} µs")
    section_far_instants(limit)
    section_pathological(limit)


def main() -> None:
    bench_ticket_appends()
    section_calendar()


if __name__ == "__main__":
    main()
