"""A corpus put through `chronicle ingest` into a database of its own, for the suites that score the whole run."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from chronicle.ingest import ingest
from chronicle.store import Store


@contextmanager
def ingested(name: str, paths: Sequence[Path] = (), records: Sequence[dict] = ()) -> Iterator[Store]:
    """A fresh store holding these files and JSONL records after `chronicle ingest`, removed afterwards. Any
    input ingest has to skip is an error: a suite must score every article of its gold."""
    with tempfile.TemporaryDirectory(prefix=f"chronicle-{name}-") as folder:
        sources = list(paths)
        if records:
            source = Path(folder) / f"{name}.jsonl"
            source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
            sources.append(source)
        store = Store(f"sqlite:///{Path(folder) / f'{name}.db'}")
        try:
            report = ingest(sources, store)
            if report.errors:
                raise ValueError(f"{name}: articles not ingested: {report.errors}")
            yield store
        finally:
            store.engine.dispose()
