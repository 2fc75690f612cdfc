"""Python's cyclic garbage collector, kept out of the corpus step's way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. The corpus state is millions of long-lived objects without
    cycles: each full collection walks all of them and frees nothing, so its cost grows with the corpus and,
    left running, it made the step slower per article as the corpus grew (measured in benchmarks/run.py).
    Afterwards what the batch left is frozen (gc.freeze) before the collector resumes: else the first
    allocation after the batch set off a full collection over the whole state, a twentieth of the step."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
