"""Importing TABARI/Phoenix actor and agent dictionaries into a registry folder, as a user does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from chronicle.actors.registry import Registry
from chronicle.actors.tabari import (
    CodedPeriod,
    DictionaryError,
    parse_restriction,
    read_dictionary,
    registry_rows,
    split_code,
)

# Written for this test in the TABARI layout; the people and codes are invented.
ACTORS = """# a small actor file
ICELAND_  [ISL]
+ICELANDIC_
+ISLAND_OF_FIRE_AND_ICE_

RUFUS_T_FIREFLY_  # a leader with two periods
+R._T._FIREFLY_
\t[ISLGOV 330101-331231]
\t[ISLELI >340101]

MARA_KOVACS_ ; an envoy
\t[ISLGOV 020101-061231]
\t[ISLGOV 2004017]

NORTHERN_LIBERATION_FRONT_ [ISLREB] # an armed group
+NLF_

A_NAME_WITHOUT_CODE_
"""
MORE_ACTORS = """RUFUS_FIREFLY_THE_SECOND_
+RUFUS_T_FIREFLY_
\t[IGOUNO 070101-161231]
"""
AGENTS = """!PERSON! = MAN, MEN, WOMAN, WOMEN
ENVOY [~GOV] # a note
MILITIA!PERSON! [~REB]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
NO_CODE_HERE
"""
COUNTRIES = {"ISL", "USA"}


@pytest.fixture
def dictionaries(tmp_path: Path) -> list[Path]:
    files = {"Test.actors.txt": ACTORS, "More.actors.txt": MORE_ACTORS, "Test.agents.txt": AGENTS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="latin-1")
    return [tmp_path / name for name in files]


def test_restrictions_codes_and_unusable_lines(dictionaries):
    assert parse_restriction("ISLGOV 330101-331231") == CodedPeriod("ISLGOV", date(1933, 1, 1), date(1933, 12, 31))
    assert parse_restriction("X >20070101").start == date(2007, 1, 1)
    assert parse_restriction("X <070101").end == date(2007, 1, 1)
    assert split_code("ISLGOVAGR", COUNTRIES) == ("ISL", "GOV")
    assert split_code("IGOUNO", COUNTRIES) == ("IGO", "IGO")
    assert split_code("ELI", COUNTRIES) == (None, "ELI")
    actors = read_dictionary(dictionaries[0])
    assert [r.names[0] for r in actors.actors] == [
        "Iceland",
        "Rufus T Firefly",
        "Mara Kovacs",
        "Northern Liberation Front",
        "A Name Without Code",
    ]
    assert actors.problems == ["Test.actors.txt:13: not a date restriction: '2004017'"]
    agents = read_dictionary(dictionaries[2])
    assert {a.phrase for a in agents.agents} == {
        "envoy",
        "militiaman",
        "militiamen",
        "militiawoman",
        "militiawomen",
        "attorney general",
        "attorneys general",
    }
    assert agents.problems == ["Test.agents.txt:5: no [code]"]


def test_rows_merge_a_person_across_files_and_load_into_a_registry(dictionaries, tmp_path):
    rows = registry_rows([read_dictionary(path) for path in dictionaries], COUNTRIES)
    assert rows.countries == {"ISL": {"Iceland", "Icelandic", "Island Of Fire And Ice"}}
    assert {row[0] for row in rows.people} == {"tabari:rufus-t-firefly", "tabari:mara-kovacs"}
    assert rows.organisations == [
        ["tabari:northern-liberation-front", "Northern Liberation Front", "Nlf", "ISL", "REB"]
    ]
    assert rows.skipped == 1  # the record without a code


def test_a_non_dictionary_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("just some text\nwith lines\n")
    (tmp_path / "blob.bin").write_bytes(b"\0\1\2" * 100)
    (tmp_path / "verbs.txt").write_text("--- MEET [040] ---\nMEET\n- * WITH + [042]\n")
    for name in ("notes.txt", "blob.bin", "missing.txt", "verbs.txt"):
        with pytest.raises(DictionaryError, match=name):
            read_dictionary(tmp_path / name)


def _chronicle(*args: str, registry: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if registry is not None:
        env["CHRONICLE_REGISTRY"] = str(registry)
    return subprocess.run(
        [sys.executable, "-m", "chronicle", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.slow  # the command line in a subprocess, or 27,000 dictionary entries
def test_import_then_look_up_with_the_registry_setting(dictionaries, tmp_path):
    folder = tmp_path / "registry"
    done = _chronicle("actors", "import", *map(str, dictionaries), str(tmp_path / "missing.txt"), "--into", str(folder))
    assert done.returncode == 1 and "missing.txt" in done.stderr  # the unreadable file is named; the rest imported
    assert "2 people (4 dated roles), 1 organisations" in " ".join(done.stdout.split())
    early = json.loads(
        _chronicle("actors", "lookup", "R. T. Firefly", "--on", "1933-06-01", "--json", registry=folder).stdout
    )
    late = json.loads(
        _chronicle("actors", "lookup", "Rufus T Firefly", "--on", "2010-06-01", "--json", registry=folder).stdout
    )
    assert (early["country"], early["sector"]) == ("ISL", "GOV")
    assert (late["country"], late["sector"]) == ("IGO", "IGO")  # the same person, later at the UN
    assert _chronicle("actors", "lookup", "Rufus T Firefly").returncode == 1  # without the setting: unknown
    registry = Registry([folder])
    assert registry.country_of_word("Island of Fire and Ice") == "ISL"
    assert registry.lookup("NLF").country == "ISL"
    assert registry.role_nouns["militiamen"].sector == "REB"
    assert registry.role_nouns["president"].titles  # the bundled role nouns keep their titles


PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "phoenix_dictionaries"


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="the shared Phoenix dictionaries are not beside the project")
@pytest.mark.slow  # the command line in a subprocess, or 27,000 dictionary entries
def test_the_public_phoenix_dictionaries(tmp_path):
    files = sorted(PHOENIX.glob("Phoenix.*.txt"))
    done = _chronicle("actors", "import", *map(str, files), "--into", str(tmp_path))
    assert done.returncode == 0, done.stderr
    registry = Registry([tmp_path])
    people = {i for i, a in registry.actors.items() if a.kind == "person" and i.startswith("tabari:")}
    organisations = {i for i, a in registry.actors.items() if a.kind == "organisation" and i.startswith("tabari:")}
    assert len(people) > 15_000 and len(organisations) > 7_000
    annan = registry.lookup("Kofi Annan")
    assert annan.at(date(2005, 1, 1)).country == "IGO"
    ban = registry.lookup("Ban Ki-moon")
    assert ban.at(date(2005, 1, 1)).country == "KOR" and ban.at(date(2010, 1, 1)).country == "IGO"
    assert registry.lookup("Hizbullah").country == "LBN"
    talabani = registry.lookup("Jalal Talabani")  # not in the bundled registry: the imported roles are dated
    assert talabani.id.startswith("tabari:") and talabani.at(date(2000, 1, 1)).sector == "ELI"
    assert talabani.at(date(2007, 1, 1)).sector == "GOV"
