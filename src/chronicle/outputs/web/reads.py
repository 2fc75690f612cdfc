"""Store reads that are the same on every page of a list, kept while the database is unchanged."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from chronicle.query import EventQuery, StoryQuery

Found = TypeVar("Found")


class ListReads:
    """Calls a store read with a query's filters (its page left out) and keeps what it gave, by read and
    filters, while `revision()` returns the same token: a list's total, facets, chart and map are the same
    on each of its pages, and each page of a list is an address of its own to the answer cache. At most
    `size` results are kept, the least recently used leaving first. What is returned is shared: not to be
    changed."""

    def __init__(self, revision: Callable[[], str | None], size: int = 256) -> None:
        self.revision = revision
        self.size = size
        self.kept: OrderedDict[Hashable, Any] = OrderedDict()
        self.kept_at: str | None = None
        self.lock = threading.Lock()  # (on PostgreSQL the routes that call it run in a pool of threads)

    def __call__(self, read: Callable[..., Found], query: Hashable, *more: Hashable) -> Found:
        """`read(filters, *more)`, from what is kept when it can be: the filters are a list query's, its page
        left out, or any other value that names a list (a story id)."""
        filters = query.every_page() if isinstance(query, EventQuery | StoryQuery) else query
        revision = self.revision()
        if revision is None:
            return read(filters, *more)
        key = (read.__name__, filters, more)
        with self.lock:
            if revision != self.kept_at:
                self.kept.clear()
                self.kept_at = revision
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        found = read(filters, *more)
        with self.lock:
            if revision == self.kept_at:
                self.kept[key] = found
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
        return found
