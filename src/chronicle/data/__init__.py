"""Chronicle's language data and fitted models, read once each, when first needed."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def data_text(name: str) -> str:
    """The text of a bundled data file, by its path under chronicle/data ("gold/splits.json")."""
    return resources.files("chronicle.data").joinpath(name).read_text("utf-8")


@cache
def data_json(name: str) -> Any:
    """A bundled JSON data file, parsed. Callers must not change what it returns: it is shared."""
    return json.loads(data_text(name))


def default_min_confidence() -> float:
    """The confidence at or above which the outputs show an event unless told otherwise, read on the
    untouched article gold by scripts/fit_event_confidence.py."""
    return float(data_json("event_confidence.json")["default_min_confidence"])
