"""Turn the PLOVER manual's score and quad tables into src/chronicle/data/plover_scores.json.

    python scripts/convert_plover_scores.py ../shared/data/events/plover/PLOVER_MANUAL.tex

The manual (Open Event Data Alliance, draft 0.8 and later; CC BY-SA 4.0) gives each event category and mode
a conflict-cooperation score from -10 to +10 (its table "PLOVER conflict--cooperation scores") and each
category a quad class, 1 verbal cooperation to 4 material conflict (its table "Quad categories in PLOVER").
Those facts are read from the two LaTeX tables and written as JSON with the licence notice.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "chronicle" / "data" / "plover_scores.json"
NOTICE = (
    "Facts from the PLOVER manual (Open Event Data Alliance), licensed under a Creative Commons "
    "Attribution-ShareAlike 4.0 International License; written by scripts/convert_plover_scores.py."
)
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Chronicle also codes two categories of the 2018 draft; the manual files them under these (its REQUEST and
# ACCUSE chapters: FIGHT became a part of ASSAULT, INVESTIGATE a mode of ACCUSE).
DRAFT_2018 = {"FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE: Investigate"}
# The manual prints ACCUSE as 3 while each of its modes is negative and it is a verbal-conflict category:
# a dropped minus sign, kept here as the manual's -3 (written down in docs/DECISIONS.md).
SIGN_SLIPS = {"ACCUSE": -3.0}


def _table(tex: str, caption: str) -> list[str]:
    """The rows of the LaTeX table with this caption, without colour and rule commands."""
    start = tex.index(f"\\caption{{{caption}}}")
    body = tex[start : tex.index("\\end{tabular}", start)]
    body = re.sub(r"\\cellcolor\{[^}]*\}|\\hline|\\hspace\*?\{[^}]*\}", "", body)
    return [row.strip() for row in body.split("\\\\") if "&" in row]


def scores(tex: str) -> tuple[dict[str, float], dict[str, float]]:
    """Category scores and mode scores ("CONSULT: Visit"), from the three column pairs of each row."""
    categories: dict[str, float] = {}
    modes: dict[str, float] = {}
    for row in _table(tex, "PLOVER conflict--cooperation scores")[1:]:  # (the first row is the header)
        cells = [cell.strip() for cell in row.split("&")]
        for name, value in zip(cells[::2], cells[1::2], strict=True):
            if not name or not value:
                continue
            number = float(value)
            if ":" in name:
                modes[" ".join(name.split())] = number
            else:
                categories[name] = SIGN_SLIPS.get(name, number)
    return categories, modes


def quads(tex: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in _table(tex, "Quad categories in PLOVER")[1:]:
        _, names, number = (cell.strip() for cell in row.split("&"))
        for name in names.split(","):
            found[name.strip()] = int(number)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manual", type=Path, help="PLOVER_MANUAL.tex")
    # without commented-out lines: the manual keeps an older draft of the score table as comments
    tex = "\n".join(
        line for line in parser.parse_args().manual.read_text("utf-8").splitlines() if not line.lstrip().startswith("%")
    )
    categories, modes = scores(tex)
    quad = quads(tex)
    if set(quad) != set(categories):
        raise SystemExit(f"the two tables name different categories: {sorted(set(quad) ^ set(categories))}")
    data = {
        "notice": NOTICE,
        "quad_names": {str(number): name for number, name in QUAD_NAMES.items()},
        "categories": {name: {"quad": quad[name], "score": categories[name]} for name in sorted(categories)},
        "modes": dict(sorted(modes.items())),
        "draft_2018": DRAFT_2018,
    }
    OUTPUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"{len(categories)} categories, {len(modes)} modes → {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
