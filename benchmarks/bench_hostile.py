"""Worst cases a hostile user can reach: the time they cost, printed as Markdown tables.

Sections (each a function, all run by ``main``):

* ``bench_ticket_appends``: appending commands to a ticket one at a time, and pickling a
  long ticket. Each is a cost per event at several history lengths: flat when the cost
  is linear in the history (an append used to copy the whole history: 20,000 commands
  took 21.6 s). The peer is replaying the same history at once with
  ``Ticket.from_events``; the physical limit is a bare ``list.append`` of the event (or
  pickling the same number of plain tuples).

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable

import pendulum

from aftersales_core.tickets import Ticket, TicketEvent

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


def main() -> None:
    bench_ticket_appends()


if __name__ == "__main__":
    main()
