"""Per-client budgets for the HTTP edge: events in a sliding window, and requests in flight.

A client is its IP address (`scope["client"]`). Both structures hold a bounded number of
clients, so a flood of addresses cannot grow them without limit. They are touched from the
event loop and, for the UI login, possibly from worker threads: a lock keeps them consistent.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.types import Scope

MAX_CLIENTS = 10_000  # per structure; the least recently seen client is forgotten first


def client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def retry_after_header(seconds: float) -> tuple[bytes, bytes]:
    return (b"retry-after", str(max(1, math.ceil(seconds))).encode())


class SlidingWindow:
    """At most `limit` units per client in the last `window` seconds (units: requests, failures or bytes)."""

    def __init__(self, limit: float, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: OrderedDict[str, deque[tuple[float, float]]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[tuple[float, float]]:
        events = self._events.get(key)
        if events is None:
            return deque()
        while events and events[0][0] <= now - self.window:
            events.popleft()
        if not events:
            del self._events[key]
        return events

    def retry_after(self, key: str, cost: float = 1.0) -> float | None:
        """None when `cost` more units fit in the client's budget now; else the seconds until they do."""
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            used = sum(amount for _, amount in events)
            if used + cost <= self.limit or not events:
                return None
            # the budget frees up as the oldest events leave the window
            for t, amount in events:
                used -= amount
                if used + cost <= self.limit:
                    return t + self.window - now
            return events[-1][0] + self.window - now

    def add(self, key: str, amount: float = 1.0) -> tuple[float, float]:
        """Charge `amount` to the client now; returns the event, for `cancel`."""
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            if not events:
                self._events[key] = events
            event = (now, amount)
            events.append(event)
            self._events.move_to_end(key)
            while len(self._events) > MAX_CLIENTS:
                self._events.popitem(last=False)
            return event

    def cancel(self, key: str, event: tuple[float, float]) -> None:
        """Take back a charge (a reservation that turned out not to count)."""
        with self._lock:
            events = self._events.get(key)
            if events is not None and event in events:
                events.remove(event)
                if not events:
                    del self._events[key]


class InFlight:
    """At most `limit` requests in flight per client."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._count: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> bool:
        with self._lock:
            n = self._count.get(key, 0)
            if n >= self.limit:
                return False
            self._count[key] = n + 1
            return True

    def release(self, key: str) -> None:
        with self._lock:
            n = self._count.get(key, 0) - 1
            if n > 0:
                self._count[key] = n
            else:
                self._count.pop(key, None)
