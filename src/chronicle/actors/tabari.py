"""Reading TABARI/PETRARCH actor and agent dictionaries (the public Phoenix set) as Chronicle registry rows.

Event-data projects keep tens of thousands of actors in these files; this module turns them into the rows
of Chronicle's own registry files (data/actors/*.tsv), so that `chronicle actors import` can write a user
registry that sits beside the bundled one.

Actor files hold records of a primary phrase (words joined by "_", an optional default [CODE]), synonym
lines starting with "+", and tab-indented date restrictions: [CODE >yymmdd], [CODE <yymmdd] and
[CODE yymmdd-yymmdd] (six or eight digits). Agent files hold "PHRASE {plurals} [~CODE]" lines, where
"!MARK! = a, b" defines substitutions for !MARK! in later phrases. "#", ";" and <!-- --> start comments.

A CAMEO code is a country (ISO 3166 alpha-3) or an international kind (IGO, NGO, IMG, ...) followed by
three-letter groups; the first group that names a sector becomes the actor's sector: "DZAGOVAGR" is Algeria,
government.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from chronicle.actors.registry import Registry, fold, write_registry_file

# CAMEO's first field when it is not a country: international organisations and groups.
INTERNATIONAL = {"IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INT"}
# CAMEO role groups that say what sector an actor belongs to (the rest qualify it: region, party, ...).
SECTORS = {
    "GOV",
    "MIL",
    "REB",
    "OPP",
    "PTY",
    "COP",
    "JUD",
    "SPY",
    "IGO",
    "NGO",
    "MED",
    "EDU",
    "BUS",
    "CRM",
    "CVL",
    "LAB",
    "LEG",
    "AGR",
    "HLH",
    "REF",
    "ELI",
    "REL",
    "UAF",
    "SET",
    "MOD",
    "RAD",
    "IMG",
    "ENV",
}
YYMMDD_DIGITS = 6  # a date with a two-digit year
YYYYMMDD_DIGITS = 8  # a date with a four-digit year
SHARED_NAME_WORDS = 2  # dated records sharing a name of at least this many words are one person
TWO_DIGIT_YEAR_PIVOT = 30  # "320101" is 1932, "070723" 2007: the files cover the 20th and 21st centuries

_COMMENT = re.compile(r"<!--.*?-->|[#;].*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_VERB_PATTERN = re.compile(r"---\s|-\s+\S.*\[\d")  # a verb file's block headers and "- * THREAT [138]" patterns


class DictionaryError(ValueError):
    """A dictionary file that cannot be read at all (missing, binary, not text)."""


@dataclass(frozen=True)
class CodedPeriod:
    """A CAMEO code and the days it applies on (either end open)."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class ActorRecord:
    """One actor of an actor file: its phrases (the primary one first), default code and dated codes."""

    names: list[str]
    line: int
    default: str | None = None
    periods: list[CodedPeriod] = field(default_factory=list)


@dataclass(frozen=True)
class AgentRecord:
    """One agent phrase of an agent file (lower case, plurals and substitutions expanded) and its CAMEO code."""

    phrase: str
    code: str
    line: int


@dataclass
class Reading:
    """What a file gave: records, and a message for every line that could not be used."""

    actors: list[ActorRecord] = field(default_factory=list)
    agents: list[AgentRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a text file; the older dictionaries are Latin-1, the newer UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DictionaryError(f"{path}: cannot be read ({error.strerror or error})") from error
    if b"\0" in data[:4096]:
        raise DictionaryError(f"{path}: binary data, not a dictionary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    yield from enumerate(text.splitlines(), start=1)


def phrase_text(phrase: str) -> str:
    """ "KOFI_ATTA_ANNAN_" → "Kofi Atta Annan": words joined by underscores, in capitals, as a name."""
    return " ".join(_name_case(word) for word in phrase.replace("_", " ").split())


def _name_case(word: str) -> str:
    """ "KI-MOON" → "Ki-Moon"; abbreviations ("U.N.") and words not in capitals stay as they are."""
    if not word.isupper() or "." in word:
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def parse_day(value: str) -> date:
    """yymmdd or yyyymmdd; raises ValueError for anything else."""
    if not value.isdigit() or len(value) not in (YYMMDD_DIGITS, YYYYMMDD_DIGITS):
        raise ValueError(f"not a yymmdd or yyyymmdd date: {value!r}")
    if len(value) == YYMMDD_DIGITS:
        century = 2000 if int(value[:2]) < TWO_DIGIT_YEAR_PIVOT else 1900
        value = f"{century + int(value[:2])}{value[2:]}"
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def parse_restriction(body: str) -> CodedPeriod:
    """The inside of "[CODE >yymmdd]", "[CODE <yymmdd]", "[CODE yymmdd-yymmdd]" or "[CODE]"."""
    parts = body.split()
    if not parts:
        raise ValueError("empty code")
    code, when = parts[0], "".join(parts[1:])
    if not when:
        return CodedPeriod(code)
    if when.startswith(">"):
        return CodedPeriod(code, start=parse_day(when[1:]))
    if when.startswith("<"):
        return CodedPeriod(code, end=parse_day(when[1:]))
    first, dash, last = when.partition("-")
    if not dash:
        raise ValueError(f"not a date restriction: {when!r}")
    return CodedPeriod(code, parse_day(first), parse_day(last))


def _read_actors(file_name: str, lines: list[tuple[int, str]]) -> Reading:
    reading = Reading()
    record: ActorRecord | None = None
    for number, raw in lines:
        indented = raw[:1] in ("\t", " ") and raw.strip().startswith("[")
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        if indented:
            _read_restrictions(file_name, number, line, record, reading)
            continue
        codes = _CODE.findall(line)
        name = phrase_text(_CODE.sub("", line).lstrip("+"))
        if not name:
            reading.problems.append(f"{file_name}:{number}: no phrase")
            continue
        if line.startswith("+"):
            if record is None:
                reading.problems.append(f"{file_name}:{number}: a synonym before any actor")
            else:
                record.names.append(name)
            continue
        record = ActorRecord([name], number, default=codes[0].split()[0] if codes and codes[0].split() else None)
        reading.actors.append(record)
    return reading


def _read_restrictions(file_name: str, number: int, line: str, record: ActorRecord | None, reading: Reading) -> None:
    """The date restrictions of an indented line, added to the actor record above it (a code with no dates
    as its default); each one that cannot be read, and a line above any record, is a problem."""
    if record is None:
        reading.problems.append(f"{file_name}:{number}: a date restriction before any actor")
        return
    for body in _CODE.findall(line):
        try:
            period = parse_restriction(body)
        except ValueError as error:
            reading.problems.append(f"{file_name}:{number}: {error}")
            continue
        if period.start is None and period.end is None:
            record.default = period.code
        else:
            record.periods.append(period)


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    for mark, values in substitutions.items():
        if mark in phrase:
            return [expanded for value in values for expanded in _expand(phrase.replace(mark, value), substitutions)]
    return [phrase]


def _read_agents(file_name: str, lines: list[tuple[int, str]]) -> Reading:
    reading = Reading()
    substitutions: dict[str, list[str]] = {}
    for number, raw in lines:
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        mark = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if mark:
            substitutions[mark.group(1)] = [v.strip() for v in mark.group(2).split(",") if v.strip()]
            continue
        code = _CODE.search(line) or re.search(r"\[([^\]}]*)\}", line)  # a few entries close with "}"
        if not code or not code.group(1).strip():
            reading.problems.append(f"{file_name}:{number}: no [code]")
            continue
        head = line[: code.start()]
        plurals = re.findall(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip()
        agent = code.group(1).strip().replace("~", "")
        for form in [phrase, *(p for group in plurals for p in group.split())]:
            for expanded in _expand(form, substitutions):
                text = phrase_text(expanded).lower()
                if text:
                    reading.agents.append(AgentRecord(text, agent, number))
    return reading


def read_dictionary(path: Path) -> Reading:
    """An actor or agent file, told apart by its records: agent lines carry their code on the same line,
    "[~CODE]" or "[CODE~]". A verb dictionary, or a file without a single coded record, is refused."""
    lines = list(_lines(path))
    if any(_VERB_PATTERN.match(line) for _, line in lines):
        raise DictionaryError(f"{path}: a verb dictionary (pattern lines), not actors or agents")
    is_agents = any(re.search(r"\[~\w+\]|\[\w+~\]", line) for _, line in lines)
    reading = (_read_agents if is_agents else _read_actors)(path.name, lines)
    if not reading.agents and not any(record.default or record.periods for record in reading.actors):
        raise DictionaryError(f"{path}: no coded actor or agent records; not a TABARI dictionary")
    return reading


# -- registry rows ------------------------------------------------------------------------------------------


def _first_sector(code: str, start: int = 0) -> str | None:
    """The first three-letter group from `start` on that names a sector."""
    return next((code[i : i + 3] for i in range(start, len(code), 3) if code[i : i + 3] in SECTORS), None)


def split_code(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO code: "DZAGOVAGR" → ("DZA", "GOV"), "IGOUNO" → ("IGO", "IGO")."""
    code = code.upper()
    head = code[:3]
    country = head if head in countries or head in INTERNATIONAL else None
    sector = _first_sector(code, 3 if country else 0)
    if country in INTERNATIONAL and sector is None:
        sector = country
    return country, sector


def _slug(name: str) -> str:
    return "tabari:" + fold(name).replace(" ", "-")


@dataclass
class RegistryRows:
    """Rows in the layout of data/actors/*.tsv."""

    countries: dict[str, set[str]] = field(default_factory=dict)  # iso3 -> aliases
    organisations: list[list[str]] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)
    roles: list[list[str]] = field(default_factory=list)
    skipped: int = 0


def _person_ids(readings: list[Reading]) -> dict[int, str]:
    """One id per person, by id() of their records: the files repeat people ("Ban Ki-moon" is a Korean
    minister in one file and the UN's Secretary-General in another), so records of dated actors that share a
    name of two words or more are one person, their roles together."""
    people = [record for reading in readings for record in reading.actors if record.periods]
    parent = list(range(len(people)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[str, int] = {}
    for index, record in enumerate(people):
        for name in record.names:
            key = fold(name)
            if len(key.split()) < SHARED_NAME_WORDS:
                continue
            if key in first_with:
                parent[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
    return {id(record): _slug(people[root(index)].names[0]) for index, record in enumerate(people)}


def registry_rows(readings: list[Reading], countries: set[str]) -> RegistryRows:
    """Actors with dated codes are people (one row per period, as people.tsv holds roles), the others
    organisations, and a record coded with a bare country code names that country (aliases)."""
    rows = RegistryRows()
    seen_roles: set[str] = set()
    person_ids = _person_ids(readings)
    for reading in readings:
        for record in reading.actors:
            name, aliases = record.names[0], "|".join(record.names[1:])
            if not record.periods:
                code = (record.default or "").upper()
                if code in countries:
                    rows.countries.setdefault(code, set()).update(record.names)
                    continue
                country, sector = split_code(code, countries) if code else (None, None)
                if country is None and sector is None:
                    rows.skipped += 1
                    continue
                rows.organisations.append([_slug(name), name, aliases, country or "", sector or ""])
                continue
            periods = list(record.periods)
            if record.default:
                periods.append(CodedPeriod(record.default))
            for period in periods:
                country, sector = split_code(period.code, countries)
                rows.people.append(
                    [
                        person_ids[id(record)],
                        name,
                        aliases,
                        country or "",
                        sector or "",
                        "",
                        period.start.isoformat() if period.start else "",
                        period.end.isoformat() if period.end else "",
                    ]
                )
        _add_roles(rows, reading.agents, seen_roles)
    return rows


def _add_roles(rows: RegistryRows, agents: list[AgentRecord], seen_roles: set[str]) -> None:
    """The agents as role noun rows, each phrase once (the first one kept); an agent whose code names no
    sector is skipped."""
    for agent in agents:
        sector = _first_sector(agent.code)
        if sector and agent.phrase not in seen_roles:
            seen_roles.add(agent.phrase)
            rows.roles.append([agent.phrase, sector, ""])
        elif not sector:
            rows.skipped += 1


def write_registry_folder(readings: list[Reading], folder: Path, base: Registry) -> RegistryRows:
    """Write the registry files for these readings into `folder` (created if missing); `base` is the
    registry they extend, whose countries the codes are read against."""
    countries = {actor.id for actor in base.actors.values() if actor.kind == "country"}
    rows = registry_rows(readings, countries)
    folder.mkdir(parents=True, exist_ok=True)
    write_registry_file(folder, "people.tsv", rows.people)
    write_registry_file(folder, "organisations.tsv", rows.organisations)
    write_registry_file(
        folder,
        "countries.tsv",
        (
            [iso3, base.actors[iso3].name, "|".join(sorted(aliases)), "", "", ""]
            for iso3, aliases in sorted(rows.countries.items())
        ),
    )
    write_registry_file(folder, "roles.tsv", rows.roles)
    return rows
