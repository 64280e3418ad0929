"""Stream seeded tickets through SLA evaluation on the Vietnamese business calendar.

Each ticket has ~6 events (open, classify, assign, respond, then a wait and a
resume, an escalation or a priority change, then resolve and often close; about
one in six is cut short and still open). Tickets are generated one at a time and
evaluated with ``evaluate_many`` (a generator): memory must not grow with n.

Each size runs in its own process so that its peak RSS is its own. Three rates
per size: building the tickets only (TicketEvent + Ticket.from_events), building
and evaluating, and evaluation alone (n / (total - build)).

    python benchmarks/bench_tickets.py                 # 200,000 and 1,000,000
    python benchmarks/bench_tickets.py 100000 300000   # other sizes
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

import pendulum

from aftersales_core.calendar import BusinessCalendar, country_holidays
from aftersales_core.sla.clock import evaluate_many
from aftersales_core.sla.policy import SLAPolicy, SLATarget
from aftersales_core.tickets import Ticket, TicketEvent
from aftersales_core.vocabulary import Priority

ZONE = "Asia/Ho_Chi_Minh"
STEP_MIN = 10  # instants are drawn from a pool on a 10-minute grid over 2025-2026


def vietnamese_policy() -> SLAPolicy:
    weekday = ["08:00-12:00", "13:00-17:30"]
    calendar = BusinessCalendar(
        timezone=ZONE,
        weekly=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), weekday)
        | {"sat": ["08:00-12:00"]},
        holidays=country_holidays("VN", years=range(2025, 2028)),
    )
    return SLAPolicy(
        calendar=calendar,
        targets={
            Priority.URGENT: SLATarget(first_response="4h", resolution="6h"),
            Priority.HIGH: SLATarget(first_response="8h", resolution="24h"),
            Priority.NORMAL: SLATarget(first_response="24h", resolution="48h"),
            Priority.LOW: SLATarget(first_response="48h", resolution="96h"),
        },
    )


def instant_pool() -> list[pendulum.DateTime]:
    tz, first = pendulum.timezone(ZONE), pendulum.date(2025, 1, 1)
    out = []
    for d in range(2 * 365):
        day = first.add(days=d)
        for minute in range(0, 24 * 60, STEP_MIN):
            out.append(
                pendulum.DateTime(
                    day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz
                )
            )
    return out


CHANNELS = ("hotline", "email", "zalo_oa", "live_chat", "in_store", "web")
CATEGORIES = ("warranty", "return", "technical_support", "complaint", "installation")
PRIORITIES = ("low", "normal", "normal", "normal", "high", "urgent")


def tickets(n: int, pool: list[pendulum.DateTime], seed: int = 6) -> Iterator[Ticket]:
    rnd = random.Random(seed)
    last = len(pool) - 2_000
    for i in range(n):
        k = rnd.randrange(last)

        def later(gap_max: int) -> pendulum.DateTime:
            nonlocal k
            k += rnd.randrange(gap_max)
            return pool[k]

        events = [
            TicketEvent(
                kind="open",
                at=pool[k],
                data={"channel": rnd.choice(CHANNELS), "priority": rnd.choice(PRIORITIES)},
            ),
            TicketEvent(kind="classify", at=later(3), data={"category": rnd.choice(CATEGORIES)}),
            TicketEvent(kind="assign", at=later(6), data={"assignee": "agent"}),
            TicketEvent(kind="respond", at=later(30)),
        ]
        detour = rnd.random()
        if detour < 0.35:
            events.append(TicketEvent(kind="wait_on_customer", at=later(20)))
            events.append(TicketEvent(kind="resume", at=later(300)))
        elif detour < 0.55:
            events.append(TicketEvent(kind="escalate", at=later(20)))
        elif detour < 0.7:
            events.append(
                TicketEvent(kind="change_priority", at=later(20), data={"priority": "urgent"})
            )
        cut = rnd.random()
        if cut >= 1 / 6:
            events.append(TicketEvent(kind="resolve", at=later(200)))
            if cut >= 0.4:
                events.append(TicketEvent(kind="close", at=later(500)))
        yield Ticket.from_events(f"T-{i}", events)


def measure(n: int) -> dict[str, float]:
    policy = vietnamese_policy()
    pool = instant_pool()
    at = pendulum.datetime(2027, 1, 4, 9, tz=ZONE)
    started = time.perf_counter()
    events = sum(len(t.events) for t in tickets(n, pool))
    build = time.perf_counter() - started
    started = time.perf_counter()
    breached = ever = running = 0
    for status in evaluate_many(policy, tickets(n, pool), at=at):
        breached += status.breached
        ever += status.ever_breached
        running += status.resolution.state == "running"
    total = time.perf_counter() - started
    return {
        "n": n,
        "events_per_ticket": events / n,
        "build_per_s": n / build,
        "total_per_s": n / total,
        "evaluate_per_s": n / max(total - build, 1e-9),
        "breached": breached / n,
        "ever_breached": ever / n,
        "running": running / n,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "seconds": build + total,
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(int(argv[1]))))
        return
    sizes = [int(a) for a in argv] or [200_000, 1_000_000]
    print(
        f"SLA evaluation, Vietnamese calendar, one process per size (python {sys.version.split()[0]})"
    )
    print(
        "| tickets | events/ticket | build tickets/s | build+evaluate tickets/s "
        "| evaluate only tickets/s | breached now | peak RSS MB | wall s |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout)
        print(
            f"| {r['n']:,} | {r['events_per_ticket']:.2f} | {r['build_per_s']:,.0f} "
            f"| {r['total_per_s']:,.0f} | {r['evaluate_per_s']:,.0f} | {r['breached']:.1%} "
            f"| {r['peak_mb']:.0f} | {r['seconds']:.1f} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
