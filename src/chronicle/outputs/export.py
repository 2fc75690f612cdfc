"""Export of articles, stories, events, quotes and entities as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from chronicle.outputs.event_layouts import LAYOUTS, Source, flat_row, plover_record
from chronicle.store import Store

KINDS = ("articles", "stories", "threads", "events", "quotes", "entities")
FORMATS = ("jsonl", "csv", "parquet")


def records(store: Store, kind: str, min_confidence: float = 0.0, layout: str = "nested") -> list[dict]:
    """The rows of one kind; events only at or above `min_confidence`. Events also come in the `flat` layout
    (one row of scalar columns each) and the `plover` layout (PLOVER's JSON event record)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if layout != "nested":
        if kind != "events":
            raise ValueError(f"the {layout} layout is for events; {kind} have the nested one only")
        return _event_layout(store, min_confidence, layout)
    rows = _nested(store, kind, min_confidence)
    if kind in ("events", "articles"):  # each row says which running topic it belongs to, beside its story
        thread_of = {story.id: story.thread_id for story in store.stories()}
        rows = [{**row, "thread_id": thread_of.get(row["story_id"])} for row in rows]
    return rows


def _nested(store: Store, kind: str, min_confidence: float) -> list[dict]:
    """The rows of one kind in the nested layout: each record's JSON, less what the export leaves out."""
    if kind == "stories":
        return [{k: v for k, v in s.as_json().items() if k != "num_articles"} for s in store.stories()]
    if kind == "threads":
        return [t.as_json() for t in store.threads()]
    if kind == "events":
        events = store.events(min_confidence=min_confidence)
        return [{k: v for k, v in e.as_json().items() if k != "history"} for e in events]
    if kind == "articles":
        return [a.as_json() for a in store.articles()]
    if kind == "quotes":
        return [q.as_json() for q in store.quotes()]
    return [e.as_json() for e in store.entities()]


def _event_layout(store: Store, min_confidence: float, layout: str) -> list[dict]:
    sources = {article_id: Source(outlet, url) for article_id, (outlet, url) in store.article_sources().items()}
    events = store.events(min_confidence=min_confidence)
    if layout == "plover":
        return [plover_record(event, sources) for event in events]
    thread_of = {story.id: story.thread_id for story in store.stories()}
    return [flat_row(event, thread_of.get(event.story_id or ""), sources) for event in events]


def _flat(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def write(rows: list[dict], fmt: str, target: Path | None, stdout: IO[str]) -> None:
    """Write rows as JSON Lines, CSV or Parquet to `target`, or to `stdout` when there is none (not Parquet)."""
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        target.write_text(text, "utf-8") if target else stdout.write(text)
    elif fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({k: _flat(v) for k, v in r.items()} for r in rows)
        target.write_text(buffer.getvalue(), "utf-8") if target else stdout.write(buffer.getvalue())
    elif fmt == "parquet":
        if target is None:
            raise ValueError("parquet needs an output file (-o FILE)")
        # Nested fields go in as JSON text so every reader sees one stable column type.
        table = pa.Table.from_pylist([{k: _flat(v) for k, v in r.items()} for r in rows])
        pq.write_table(table, target)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
