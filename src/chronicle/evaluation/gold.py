"""Reading gold data: the shared JSON Lines files, and the tuning/untouched parts fixed by id in the package."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

PARTS = ("tuning", "untouched")


def read_jsonl(path: Path) -> list[dict]:
    """Every record of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def split_ids(gold_set: str) -> dict[str, frozenset[str]]:
    """The ids of each part of a gold set (data/gold/splits.json): only the tuning part is read example by
    example while developing; the untouched part is scored, never looked into."""
    splits = json.loads(resources.files("chronicle.data").joinpath("gold/splits.json").read_text("utf-8"))
    return {part: frozenset(splits[gold_set][part]) for part in PARTS}


def by_part(records: list[dict], gold_set: str, key: str = "id") -> dict[str, list[dict]]:
    """The records of each part, in their order; a record in neither part is an error (the split is stale)."""
    ids = split_ids(gold_set)
    parts: dict[str, list[dict]] = {part: [] for part in PARTS}
    for record in records:
        part = next((p for p in PARTS if record[key] in ids[p]), None)
        if part is None:
            raise ValueError(f"{record[key]} is in no part of the {gold_set} split (data/gold/splits.json)")
        parts[part].append(record)
    return parts
