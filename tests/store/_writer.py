"""One writer of the concurrency test, run as its own process (python _writer.py URL W N).

Appends N commands to random tickets T-00..T-49, each a reply whose note names the writer and
the command (``w3-17``), retrying on `ConcurrencyError` with the ticket read again. Prints the
accepted commands as JSON: [[ticket_id, note], ...] in the order they were accepted.
"""

from __future__ import annotations

import json
import random
import sys

import pendulum

from aftersales_core.store import ConcurrencyError, EventStore

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def main(url: str, writer: int, count: int, tickets: int) -> None:
    chance = random.Random(writer)
    accepted, retries = [], 0
    with EventStore(url) as store:
        for n in range(count):
            ticket_id = f"T-{chance.randrange(tickets):02d}"
            note = f"w{writer}-{n}"
            while True:
                ticket = store.load(ticket_id)
                version = len(ticket.events)
                at = T0.add(seconds=version)  # later than every stored event
                try:
                    store.append(ticket.respond(at=at, note=note), expected_version=version)
                    break
                except ConcurrencyError:
                    retries += 1
            accepted.append([ticket_id, note])
    json.dump({"accepted": accepted, "retries": retries}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
