"""The seeded generator: a year of an electronics shop's after-sales, as JSON-ready dicts.

:func:`records` yields ``(kind, row)`` pairs — customers first, then purchases,
then tickets each followed by its survey response, if any — in one deterministic
order for a seed. Rows are the shapes of :mod:`._codec`, so the same stream is
written to JSON Lines (:func:`aftersales_core.sample.write`) or read into domain
objects (:func:`aftersales_core.sample.generate`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from . import _world as w
from ._draw import DAY, END, START, Desk, Draw, Weighted, iso, midnight
from ._story import Story

__all__ = ["records"]


def _day_weights() -> Weighted:
    """Sales by day: weekends, the air-conditioner summer, November sales, the run-up to Tết."""
    off = w.holidays()
    pairs = []
    for day in range(START, END, DAY):
        d = datetime.fromtimestamp(day, w.TZ).date()
        weight = 1.3 if d.weekday() >= 5 else 1.0
        weight *= {4: 1.3, 5: 1.3, 6: 1.2, 11: 1.4, 12: 1.2, 1: 1.8}.get(d.month, 1.0)
        if d.month == 2 and d.day < 16:
            weight *= 1.8
        weight *= 0.25 if d in off and d.month == 2 else (1.5 if d in off else 1.0)  # shut for Tết
        pairs.append((day, weight))
    return Weighted(pairs)


def records(seed: int, size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the sample, in order: customers, purchases, then tickets and surveys."""
    draw = Draw(seed)
    desk = Desk()
    days = _day_weights()
    shop = _Shop(draw, days, desk)
    yield from (("customer", row) for row in shop.customers(max(1, round(size * 0.6))))
    yield from (("purchase", row) for row in shop.purchases())
    yield from shop.tickets(size)


class _Shop:
    def __init__(self, draw: Draw, days: Weighted, desk: Desk) -> None:
        self.draw, self.days, self.desk = draw, days, desk
        self.tiers: list[str] = []
        self.bought = array("q")
        self.buyer = array("l")
        self.product = array("b")
        self.channel: list[str] = []
        self.received = array("q")
        self.ids: list[str] = []
        self.products = Weighted([(i, p.weight) for i, p in enumerate(w.PRODUCTS)])
        self.families = Weighted(w.FAMILY_NAMES)
        self.ticket_kinds = [Weighted(p.tickets) for p in w.PRODUCTS]
        self.channels = Weighted(w.CHANNELS)

    # -- customers and purchases ---------------------------------------------------------

    def customers(self, count: int) -> Iterator[dict[str, Any]]:
        d = self.draw
        width = max(6, len(str(count)))
        counts = Weighted([(1, 0.62), (2, 0.24), (3, 0.09), (4, 0.05)])
        low, high = datetime(1965, 1, 1).toordinal(), datetime(2005, 12, 31).toordinal()
        for c in range(count):
            name = (
                f"{self.families.pick(d)} {w.MIDDLE_NAMES[d.below(len(w.MIDDLE_NAMES))]} "
                f"{w.GIVEN_NAMES[d.below(len(w.GIVEN_NAMES))]}"
            )
            birthday = datetime.fromordinal(low + d.below(high - low)).date()
            orders = counts.pick(d)
            ladder = (0.55, 0.25, 0.15) if orders < 3 else (0.2, 0.3, 0.35)
            u, tier = d.random(), "diamond"
            for level, share in zip(("member", "silver", "gold"), ladder, strict=True):
                if u < share:
                    tier = level
                    break
                u -= share
            self.tiers.append(tier)
            for _ in range(orders):
                self._purchase(c)
            yield {
                "id": f"C-{c + 1:0{width}d}",
                "name": name,
                "birthday": birthday.isoformat(),
                "tier": tier,
                "segment": "business" if d.chance(0.07) else "consumer",
            }
        self.customer_width = width

    def _purchase(self, customer: int) -> None:
        d = self.draw
        day = self.days.pick(d)
        channel = "in_store" if d.chance(0.5) else ("web" if d.chance(0.6) else "phone_app")
        if channel == "in_store" and not self.desk.staffed(day + 12 * 3600):
            channel = "web"  # the shop is closed on holidays: the sale happened online
        minutes = d.uniform(8 * 60, 21 * 60) if channel == "in_store" else d.uniform(360, 1439)
        self.bought.append(day + int(minutes) * 60)
        self.buyer.append(customer)
        self.product.append(self.products.pick(d))
        self.channel.append(channel)

    def purchases(self) -> Iterator[dict[str, Any]]:
        d = self.draw
        order = sorted(range(len(self.bought)), key=self.bought.__getitem__)
        self.bought = array("q", (self.bought[i] for i in order))
        self.buyer = array("l", (self.buyer[i] for i in order))
        self.product = array("b", (self.product[i] for i in order))
        self.channel = [self.channel[i] for i in order]
        width = max(6, len(str(len(order))))
        for rank in range(len(order)):
            product = w.PRODUCTS[self.product[rank]]
            bought, channel = self.bought[rank], self.channel[rank]
            delivered = None
            if product.delivered or channel != "in_store":
                day = midnight(bought) + (1 + int(d.uniform(0, 3))) * DAY
                delivered = max(bought + 3600, day + int(d.uniform(9 * 60, 18 * 60)) * 60)
                if delivered > END:
                    delivered = None  # not delivered yet when the data was exported
            self.received.append(bought if delivered is None else delivered)
            serial = None
            if product.serial:
                serial = f"{product.serial}{int(d.random() * 16**8):08X}"
            self.ids.append(f"O-{rank + 1:0{width}d}")
            row = {
                "id": self.ids[-1],
                "customer_id": f"C-{self.buyer[rank] + 1:0{self.customer_width}d}",
                "sku": product.sku,
                "product_category": product.category,
                "price": f"{product.price} VND",
                "purchased_at": iso(bought),
                "delivered_at": None if delivered is None else iso(delivered),
                "channel": None if channel == "in_store" else channel,  # the default: left out
                "serial_number": serial,
            }
            yield {k: v for k, v in row.items() if v is not None}

    # -- tickets -------------------------------------------------------------------------

    def tickets(self, size: int) -> Iterator[tuple[str, dict[str, Any]]]:
        requests = [self._request() for _ in range(size)]
        requests.sort(key=lambda r: r[0])
        width = max(6, len(str(size)))
        surveys = 0
        for number, (opened, p, kind, channel, priority) in enumerate(requests, 1):
            buyer = self.buyer[p]
            story = Story(
                self.draw,
                self.desk,
                ticket_id=f"T-{number:0{width}d}",
                opened=opened,
                kind=kind,
                channel=channel,
                priority=priority,
                customer_id=f"C-{buyer + 1:0{self.customer_width}d}",
                purchase_id=self.ids[p],
                tier=self.tiers[buyer],
            )
            ticket, answers = story.tell()
            yield "ticket", ticket
            if answers is not None:
                surveys += 1
                yield "survey", {"id": f"S-{surveys:0{width}d}", **answers}

    def _request(self) -> tuple[int, int, str, str, str]:
        d = self.draw
        for _ in range(12):
            p = d.below(len(self.bought))
            kind = self.ticket_kinds[self.product[p]].pick(d)
            base = self.bought[p] if kind in ("delivery", "billing") else self.received[p]
            shape, a, b = w.CATEGORY_LAG[kind]
            lag = d.uniform(a, b) if shape == "uniform" else d.lognormal(a, b)
            channel = self.channels.pick(d)
            opened = base + int(lag * DAY)
            opened = self._waking(opened, channel)
            if base < opened < END - 3600:
                break
        else:  # only purchases too close to the export: a question about the year's first one
            p, kind, channel = 0, "technical_support", "email"
            opened = (self.received[0] + END) // 2
        if channel == "in_store" and not self.desk.staffed(opened):
            channel = "hotline"
        return opened, p, kind, channel, self._priority(kind, p)

    def _waking(self, ts: int, channel: str) -> int:
        if channel in ("email", "web"):
            return ts
        hour = (ts - midnight(ts)) / 3600
        if 7 <= hour < 22:
            return ts
        # Customers call and chat in waking hours: move the request to the next morning.
        morning = midnight(ts) + (DAY if hour >= 22 else 0)
        return morning + int(self.draw.uniform(7 * 3600, 10 * 3600))

    def _priority(self, kind: str, purchase: int) -> str:
        d = self.draw
        urgent = {"complaint": 0.2, "warranty": 0.15, "delivery": 0.12}.get(kind, 0.05)
        if self.tiers[self.buyer[purchase]] in ("gold", "diamond"):
            urgent += 0.1  # loyal customers are served first
        return "urgent" if d.chance(urgent) else "normal"
