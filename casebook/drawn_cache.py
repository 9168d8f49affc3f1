"""A small per-worker cache of drawn HTML, least recently used first out.

Pages draw parts that depend only on frozen data (a snapshot, a reader's view of a
decision); the frozen data is the key, so an entry can never be stale, only unused.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


class DrawnCache(Generic[T]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = Lock()

    def get_or_draw(self, key: Hashable, draw: Callable[[], T]) -> T:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        drawn = draw()  # outside the lock: two threads may draw the same part once each
        with self._lock:
            self._entries[key] = drawn
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return drawn

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
