"""Reading the shared gold data: JSON Lines files, one record per line."""

from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    """Every record of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
