"""Reading gold data: the shared JSON Lines files, and the tuning/untouched parts fixed by id in the package."""

from __future__ import annotations

import json
from pathlib import Path

from chronicle.data import data_json

PARTS = ("tuning", "untouched")
UNSEEN = "unseen"


def read_jsonl(path: Path) -> list[dict]:
    """Every record of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def split_ids(gold_set: str) -> dict[str, frozenset[str]]:
    """The ids of each part of a gold set (data/gold/splits.json): only the tuning part is read example by
    example while developing; the untouched part is scored, never looked into."""
    splits = data_json("gold/splits.json")
    return {part: frozenset(splits[gold_set][part]) for part in PARTS}


def by_part(records: list[dict], gold_set: str, key: str = "id") -> dict[str, list[dict]]:
    """The records of each part, in their order, empty parts left out. Records in neither part form a third
    part, "unseen": data scored here for the first time, such as a held-back set in the same format."""
    ids = split_ids(gold_set)
    parts: dict[str, list[dict]] = {part: [] for part in (*PARTS, UNSEEN)}
    for record in records:
        parts[next((p for p in PARTS if record[key] in ids[p]), UNSEEN)].append(record)
    return {part: found for part, found in parts.items() if found}
