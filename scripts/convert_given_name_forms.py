"""Turn the `nicknames` dataset of English given names and their short forms into
src/chronicle/data/given_name_forms.tsv.

    python scripts/convert_given_name_forms.py path/to/nicknames/names.csv

The dataset (Carlton Northern and Nick Crews; Apache License 2.0) ships as `names.csv` in the PyPI package
`nicknames` 1.0.1: rows `name1,has_nickname,name2`, lower case. Its entries are facts (that "Bill" is a form of
"William"); each short form becomes one line with every full name it is a form of.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chronicle" / "data" / "given_name_forms.tsv"
HEADER = """\
# Given names and their short forms, from the dataset `nicknames` 1.0.1 by Carlton Northern and Nick Crews
# (PyPI; https://github.com/carltonnorthern/nicknames; Apache License 2.0,
# https://www.apache.org/licenses/LICENSE-2.0), written by scripts/convert_given_name_forms.py:
# short form <TAB> the names it is a form of (|). Two people of one surname whose first names are one name's
# forms may be one person ("Bill Weld", "William Weld"; corpus/entities.py).
"""


def forms(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """Each short form with the names it is a form of."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["relationship"] == "has_nickname" and row["name1"] != row["name2"]:
            found[row["name2"].strip().lower()].add(row["name1"].strip().lower())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names_csv", type=Path, help="names.csv of the `nicknames` package")
    args = parser.parse_args()
    with args.names_csv.open(newline="", encoding="utf-8") as file:
        found = forms(list(csv.DictReader(file)))
    lines = [f"{short}\t{'|'.join(sorted(full))}" for short, full in sorted(found.items())]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} short forms")


if __name__ == "__main__":
    main()
