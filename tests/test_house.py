"""The house reads like the data flows: every import of Chronicle's own code runs with the flow
(sources → clean → actors → analysis → corpus → store → outputs), never back. Reads the source only."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "chronicle"
# Each part of the package by its place in the flow: a part imports only from parts before it (or beside it,
# in the first and last rows). The shared
# contract and settings come first; the entry points (ingest, the public API) run every stage; the outputs
# and the evaluation read what the stages make.
FLOW = [
    {"records", "data", "dates", "config", "failures", "query"},
    {"sources"},
    {"clean"},
    {"actors"},
    {"analysis"},
    {"corpus"},
    {"store"},
    {"ingest"},
    {"api"},
    {"evaluation"},
    {"outputs"},
    {"__init__", "__main__"},
]
PLACE = {part: number for number, parts in enumerate(FLOW) for part in parts}


def _imported_parts(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            if node.module == "chronicle" and any(a.name != "__version__" for a in node.names):
                found.add("__init__")  # the public API (the version alone is no stage)
        found |= {name.split(".")[1] for name in names if name.startswith("chronicle.")}
    return found


def test_every_import_runs_with_the_data_flow():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts:
            continue  # self-contained: they import nothing of Chronicle (tests/test_store.py)
        own = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        assert own in PLACE, f"{own} has no place in the flow"
        backwards += [
            f"{path.relative_to(PACKAGE)} imports chronicle.{other}"
            for other in _imported_parts(path)
            if PLACE.get(other, len(FLOW)) > PLACE[own]
        ]
    assert backwards == []
