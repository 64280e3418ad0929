"""One ticket's story: from the request to the customer's verdict, as events and a survey.

Staff act in business time on the support desk's calendar (a request that comes in
on Saturday evening is answered on Monday; nobody answers during Tết); customers act
in wall-clock time. Detours happen at realistic rates: waiting on the customer,
waiting on the authorised service centre, escalation, reopening, cancellation.
How the customer feels afterwards depends on what happened.
"""

from __future__ import annotations

from typing import Any

from . import _world as w
from ._draw import END, Desk, Draw, iso

__all__ = ["Story"]

_HOUR = 3600
_MOOD_OF_CHANNEL = {"in_store": 0.5, "hotline": 0.25, "live_chat": 0.2, "zalo_oa": 0.1, "web": -0.1}
_MOOD_OF_TIER = {"member": 0.0, "silver": 0.05, "gold": 0.1, "diamond": 0.2}
_PENALTY = {"late": 1.1, "reopened": 0.7, "escalated": 0.4, "third_party": 0.3, "slow": 0.5}
_FIRST_REPLY_MINUTES = {"zalo_oa": 45.0, "email": 180.0, "web": 240.0}
_PACE = {"urgent": 0.3, "normal": 1.0}
_LIVE = ("hotline", "live_chat", "in_store")


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


class Story:
    """The events of one ticket, told with the shared random draws."""

    def __init__(
        self,
        draw: Draw,
        desk: Desk,
        *,
        ticket_id: str,
        opened: int,
        kind: str,
        channel: str,
        priority: str,
        customer_id: str,
        purchase_id: str,
        tier: str,
    ) -> None:
        self.draw, self.desk = draw, desk
        self.id, self.opened, self.kind, self.channel = ticket_id, opened, kind, channel
        self.priority, self.customer_id, self.tier = priority, customer_id, tier
        self.purchase_id = purchase_id
        self.events: list[tuple[str, int, str | None, str | None, dict[str, Any] | None]] = []
        self.last = opened
        self.flags: set[str] = set()

    def _push(
        self,
        kind: str,
        ts: float,
        *,
        actor: str | None = None,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.last = max(int(ts), self.last)  # a history never goes back in time
        self.events.append((kind, self.last, actor, note, data))

    def _business(self, median_minutes: float, sigma: float = 0.8) -> int:
        return self.desk.add(self.last, self.draw.lognormal(median_minutes, sigma))

    def tell(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The ticket's row, and the row of its survey response (without an id) or ``None``."""
        d, kind = self.draw, self.kind
        agent = w.AGENTS[d.below(len(w.AGENTS))]
        opening = {
            "channel": self.channel,
            "priority": self.priority,
            "customer_id": self.customer_id,
            "purchase_id": self.purchase_id,
            "customer_tier": self.tier,
        }
        self._push(
            "open", self.opened, note=w.NOTES[kind][d.below(len(w.NOTES[kind]))], data=opening
        )
        if d.chance(0.03):
            self._push("cancel", self._business(90), actor=agent, note="Yêu cầu trùng lặp")
            return self._row(), None
        self._triage(agent)
        if not self._handle(agent):
            return self._row(), None
        finish = self._close(agent)
        return self._row(), self._survey(finish)

    def _triage(self, agent: str) -> None:
        # Someone picks up a call, a chat or a visit only while the desk is staffed.
        d, live = self.draw, self.channel in _LIVE and self.desk.staffed(self.opened)
        classify: dict[str, Any] = {"category": self.kind}
        if self.priority != "urgent" and d.chance(0.04):
            # A closer look shows the request is more pressing than it first seemed.
            self.priority = "urgent"
            classify["priority"] = self.priority
        self._push(
            "classify",
            self.last + d.uniform(60, 240) if live else self._business(20),
            actor=agent,
            data=classify,
        )
        self._push(
            "assign",
            self.last + 60 if live else self._business(15),
            actor="system",
            data={"assignee": agent},
        )
        if live:
            reply = self.last + d.uniform(2, 10) * 60
        else:
            median = _FIRST_REPLY_MINUTES.get(self.channel, 30.0) * _PACE[self.priority]
            if d.chance(0.05):
                self.flags.add("slow")  # the request fell through the cracks for a while
                median *= 20
            reply = self.desk.add(self.opened, d.lognormal(median, 1.0))
        self._push("respond", reply, actor=agent)

    def _handle(self, agent: str) -> bool:
        """Work on the request; ``False`` when the customer never came back to it."""
        d, kind = self.draw, self.kind
        if d.chance(0.2 if kind == "complaint" else 0.05):
            self.flags.add("escalated")
            self._push("escalate", self._business(120), actor=agent, data={"to": "supervisor"})
        if kind == "warranty" and d.chance(0.3):
            self.flags.add("third_party")
            self._push(
                "wait_on_third_party",
                self._business(60),
                actor=agent,
                data={"party": "service_center"},
            )
            back = self.last + int(d.lognormal(4 * 24 * _HOUR, 0.6))  # the unit comes back
            self._push("resume", self.desk.add(back, 5), actor=agent)
        if d.chance(0.18):
            self._push("wait_on_customer", self._business(60), actor=agent)
            if d.chance(0.15):
                # The customer never answers: most such tickets are cancelled after two
                # weeks, the others linger in the backlog.
                if d.chance(0.5):
                    self._push(
                        "cancel",
                        self.last + 14 * 24 * _HOUR,
                        actor="system",
                        note="Khách hàng không phản hồi",
                    )
                return False
            self._push("resume", self.last + d.lognormal(18 * _HOUR, 1.0), actor="customer")
        pace = w.RESOLUTION_HOURS[kind] * 60 * _PACE[self.priority]
        self._push("resolve", self._business(pace), actor=agent)
        if self.last - self.opened > w.TARGET_HOURS[self.priority] * _HOUR:
            self.flags.add("late")
        if d.chance(0.06):
            self.flags.add("reopened")
            self._push("reopen", self.last + d.lognormal(2 * 24 * _HOUR, 0.6), actor="customer")
            self._push("respond", self._business(60), actor=agent)
            self._push("resolve", self._business(pace * 0.5), actor=agent)
        return True

    def _close(self, agent: str) -> tuple[str, int, int | None] | None:
        d = self.draw
        self.mood = (
            _MOOD_OF_CHANNEL.get(self.channel, -0.35)
            + _MOOD_OF_TIER[self.tier]
            + 0.8 * d.normal()
            - sum(_PENALTY[flag] for flag in self.flags if flag in _PENALTY)
        )
        u = d.random()
        if u < 0.55:
            rating = _clamp(4.2 + 0.8 * self.mood, 1, 5)
            self._push(
                "confirm",
                self.last + d.lognormal(8 * _HOUR, 1.0),
                actor="customer",
                data={"rating": rating},
            )
            return "confirm", self.last, rating
        if u < 0.9:
            self._push(
                "close", self.last + 3 * 24 * _HOUR, actor="system", note="Tự động đóng sau 3 ngày"
            )
            return "close", self.last, None
        return None

    def _survey(self, finish: tuple[str, int, int | None] | None) -> dict[str, Any] | None:
        d = self.draw
        if finish is None or finish[1] >= END:
            return None
        how, when, rating = finish
        if not d.chance(0.55 if how == "confirm" else 0.3):
            return None
        at = when + int(d.lognormal(5 * _HOUR, 1.0))
        feeling = self.mood + 0.5 * d.normal()
        if at >= END:
            return None
        return {
            "at": iso(at),
            "customer_id": self.customer_id,
            "ticket_id": self.id,
            "channel": self.channel,
            "category": self.kind,
            "priority": self.priority,
            "nps": _clamp(8.6 + 1.9 * feeling, 0, 10),
            "csat": rating if rating is not None else _clamp(4.2 + 0.8 * feeling, 1, 5),
            "ces": _clamp(5.6 + 1.1 * feeling - (0.6 if "third_party" in self.flags else 0), 1, 7),
        }

    def _row(self) -> dict[str, Any]:
        events = []
        for kind, ts, actor, note, data in self.events:
            if ts >= END:
                break  # the export was taken at END: later events have not happened yet
            row: dict[str, Any] = {"kind": kind, "at": iso(ts)}
            if actor is not None:
                row["actor"] = actor
            if note is not None:
                row["note"] = note
            if data is not None:
                row["data"] = data
            events.append(row)
        return {"id": self.id, "events": events}
