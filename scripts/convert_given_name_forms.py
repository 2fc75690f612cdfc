"""Turn the `nicknames` dataset of English given names and their short forms into
src/chronicle/data/given_name_forms.tsv.

    python scripts/convert_given_name_forms.py path/to/nicknames/names.csv

The dataset (Carlton Northern and Nick Crews; Apache License 2.0) ships as `names.csv` in the PyPI package
`nicknames` 1.0.1: rows `name1,has_nickname,name2`, lower case. Its entries are facts (that "Bill" is a form of
"William"), but the relation runs both ways and in chains ("bill" has the nickname "robert", "fred" has
"bill"), so a row is kept only as a short form of a longer name ("bill" of "william"; not "fred" of "bill"), and
not when the two names belong to different sexes (data/given_name_genders.tsv: "erin" is no form of "aaron").
Each short form becomes one line with every longer name it is a form of.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "chronicle" / "data"
OUT = DATA / "given_name_forms.tsv"
HEADER = """\
# Given names and their short forms, from the dataset `nicknames` 1.0.1 by Carlton Northern and Nick Crews
# (PyPI; https://github.com/carltonnorthern/nicknames; Apache License 2.0,
# https://www.apache.org/licenses/LICENSE-2.0), written by scripts/convert_given_name_forms.py:
# short form <TAB> the longer names it is a form of (|), each row of the dataset kept only from a shorter name to
# a longer one of the same sex. A person named by a short form may be the one of that surname the corpus names
# by the longer name ("Bill Weld", "William Weld"; corpus/entities.py).
"""


def genders() -> dict[str, str]:
    """Given names borne by one sex (m or f), from data/given_name_genders.tsv."""
    lines = (DATA / "given_name_genders.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line.strip() and not line.startswith("#"))


def forms(rows: list[dict[str, str]], sexes: dict[str, str]) -> dict[str, set[str]]:
    """Each short form with the longer names of the same sex it is a form of."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        full, short = row["name1"].strip().lower(), row["name2"].strip().lower()
        opposite = sexes.get(full, sexes.get(short)) != sexes.get(short, sexes.get(full))
        if row["relationship"] == "has_nickname" and len(short) < len(full) and not opposite:
            found[short].add(full)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names_csv", type=Path, help="names.csv of the `nicknames` package")
    args = parser.parse_args()
    with args.names_csv.open(newline="", encoding="utf-8") as file:
        found = forms(list(csv.DictReader(file)), genders())
    lines = [f"{short}\t{'|'.join(sorted(full))}" for short, full in sorted(found.items())]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} short forms")


if __name__ == "__main__":
    main()
