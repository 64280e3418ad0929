"""Any ticket the public strategies draw comes back from the store equal, fold included."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as hs

from aftersales_core.store import EventStore
from aftersales_core.testing.tickets import tickets
from aftersales_core.tickets import STRICT_WORKFLOW, Ticket

# Zones whose clocks go back (a repeated hour: fold 0 and fold 1), one that moves by 30 minutes.
ZONES = ("America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Ho_Chi_Minh")
_ids = itertools.count()


def _exactly(ticket: Ticket) -> list[tuple[object, ...]]:
    return [
        (e.kind, e.at.isoformat(), e.at.fold, e.at.timezone_name, e.actor, e.note, dict(e.data))
        for e in ticket.events
    ]


def test_round_trip(store_url):
    with EventStore(store_url) as store:

        @settings(deadline=None, max_examples=60)
        @given(
            hs.one_of(
                tickets(timezones=ZONES, max_gap=timedelta(hours=2)),
                tickets(timezones=None, workflow=STRICT_WORKFLOW),
            )
        )
        def stored_and_loaded(ticket):
            renamed = Ticket.from_events(
                f"{ticket.id}-{next(_ids)}", ticket.events, workflow=ticket.workflow
            )
            store.append(renamed, expected_version=0)
            loaded = store.load(renamed.id)
            assert loaded == renamed
            assert loaded.workflow == renamed.workflow
            assert _exactly(loaded) == _exactly(renamed)

        stored_and_loaded()


def test_the_repeated_hour_is_in_the_draws():
    # The strategies draw both passes of a repeated hour; the round trip above sees them.
    seen = set()

    @settings(max_examples=200, database=None)
    @given(tickets(timezones=("America/New_York",), max_gap=timedelta(hours=2)))
    def draw(ticket):
        seen.update(e.at.fold for e in ticket.events)

    draw()
    assert seen == {0, 1}
