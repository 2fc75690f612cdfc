"""One id per person or organisation across a corpus, for the names one article alone cannot resolve.

An article that names someone by surname only ("Sanders said") gives the analysis nothing to resolve the
surname with; a named-entity tagger now and then takes a person's name for an organisation ("Navalny",
"Vermont Bernie Sanders"); a middle initial makes another spelling ("John R. Bolton"); an organisation goes
by its acronym ("SDF"). The corpus knows more: the people and organisations it has named in full. The rules
are the usual ones of cross-document name matching: a bare surname, or a person's name tagged as something
else, is the person the corpus names in full under it when there is exactly one ("Boris" and "Gary Johnson":
"Johnson" stays as it is); first and last name agreeing is one person, as are a short form or initial of a
given name and the one longer name it fits ("Bill", "J." and "William", "John"), and a long surname spelled
otherwise ("Lukashenka"); an acronym is the one organisation whose initials it spells; a word tagged a person
in one article and an organisation in another gets one key. Registry ids are never re-pointed: the registry
decides where it knows the name. In a running process the rules look back only: a name an earlier batch keyed
keeps its key when a later batch brings a fuller one; a store's reload files every stored name at once, so a
batch after it may find the fuller one's key.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache

from chronicle.actors.registry import NAME_SUFFIXES, fold, name_skeleton
from chronicle.analysis.entities import word_list
from chronicle.data import data_text
from chronicle.records import AnalysedArticle, Entity, StoredEntity

# Keys the analysis makes for names it found in no registry: "person:…", "org:…" and the like.
UNREGISTERED = ("person:", "org:", "gpe:", "fac:", "loc:")
# Tags a person's name is taken for by mistake; places and nationalities are left as they are.
MISTAGGED = ("ORG", "FAC")
# The tags one word is given in turn by a tagger that cannot tell a company or outlet from a person's mononym
# ("Politico", "Instagram"): the corpus gives the word one of them (`NameIndex.one_word_key`).
ONE_WORD_TAGS = ("PERSON", "ORG")
ACRONYM_SKIPPED = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "du"})  # not in acronyms
ACRONYM = re.compile(r"[A-Z]{2,6}")
# A name of at least this many words is a person's full name (a first and a last name), or an organisation's
# name its initials can abbreviate.
FULL_NAME_WORDS = 2
MAX_SURNAME_WORDS = 3  # a longer name is not looked up as a surname alone ("la riva")
# A name followed by its own acronym: two words or more, then their initials ("National Hurricane Center (NHC)").
MIN_NAME_WITH_ACRONYM_WORDS = 3
# Two spellings of one long surname ("Lukashenko" and "Lukashenka", "Derakhshani" and "Deraskhsani"): their
# spelling-tolerant keys are this alike (difflib's ratio), about one letter in ten differing at most. Record
# linkage compares names by string similarity (Winkler 1990); a letter added to or changed in a shorter
# surname makes another one ("Johnson" and "Johnston", "Davis" and "Davies", "Clinton" and "Clifton").
SURNAME_LIKENESS = 0.9
SHORTEST_RESPELLED = 8  # letters of both surnames' keys
TICKET = re.compile(r"([A-Z][\w.' ]*?[a-z])\s?[-–—/]\s?([A-Z][\w.' ]*[a-z])")


@lru_cache(maxsize=1 << 16)  # asked for each known name every time a new one is matched against them
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in fold(name).split() if t not in NAME_SUFFIXES)


@lru_cache(maxsize=1)
def given_name_forms() -> dict[str, frozenset[str]]:
    """Each short form of a given name with the names it is a form of (data/given_name_forms.tsv)."""
    text = data_text("given_name_forms.tsv")
    forms: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            short, full = line.split("\t")
            forms[short] = frozenset(full.split("|"))
    return forms


def _stands_for(given: str, known: str) -> bool:
    """Whether a given name may be written for a known one: the same, its short form ("Bill" for "William",
    "Mitch" for "Mitchell") or its initial ("J." for "John"); never the other way: a fuller name is no form of
    a shorter one."""
    if len(given) == 1:
        return known.startswith(given)
    return given == known or known in given_name_forms().get(given, ())


def initials(name: str) -> str:
    """The letters an organisation's acronym is made of: "National Hurricane Center" → "nhc"."""
    return "".join(t[0] for t in fold(name).split() if t not in ACRONYM_SKIPPED)


def _middles_agree(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two names' middle parts may be one person's: one left out, or the same initials in the same
    order ("R." and "Richard")."""
    return not one or not other or [w[0] for w in one] == [w[0] for w in other]


def _within(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """Whether the words of a name stand in a longer one in the same order, with words between them."""
    rest = iter(longer)
    return len(shorter) < len(longer) and all(word in rest for word in shorter)


@dataclass
class NameIndex:
    """The people a corpus names in full (by full name, by given name, by surname), the organisations it names
    in several words (by their initials), and the key of each word it meets as a name alone."""

    by_name: dict[str, str] = field(default_factory=dict)  # folded full name -> entity key
    by_first: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_surname: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_initials: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    organisations: dict[str, str] = field(default_factory=dict)  # folded name -> key
    names: dict[str, str] = field(default_factory=dict)  # key -> the name it was first indexed with
    # an unregistered name of one word -> the key the corpus gave it when first met (`settle_one_words`)
    one_word: dict[str, str] = field(default_factory=dict)

    def settle_one_words(self, mentions: dict[str, Counter[str]]) -> None:
        """Give each unregistered name of one word one key (`mentions`: a batch's mentions of each under each
        key): the key an earlier batch gave it, so an id once stored stays (the same articles split into other
        batches may so end under another tag, never under two), else the tag of most of its mentions, an
        organisation on a tie."""
        for word, keys in mentions.items():
            if word not in self.one_word:
                self.one_word[word] = min(keys, key=lambda key: (-keys[key], not key.startswith("org:"), key))

    def one_word_key(self, name: str) -> str | None:
        """The key the corpus gives a name of one word that no one's given name or surname explains. One name
        keeps one sense across a corpus (label consistency: Krishnan and Manning 2006), and news names a person
        in full on first reference, so such a word of a person's tag is as likely a company or an outlet."""
        tokens = _name_tokens(name)
        if len(tokens) != 1 or tokens[0] in word_list("given_names.txt") or self.by_surname.get(tokens[0]):
            return None
        return self.one_word.get(tokens[0])

    def add(self, key: str, name: str, kind: str) -> None:
        """File a name under its entity's key: an organisation of several words by its initials, a person's full
        name by name, given name and surname (under the person already known by it, if any)."""
        self.names.setdefault(key, name)
        tokens = _name_tokens(name)
        if kind == "ORG" and len(tokens) >= FULL_NAME_WORDS:
            self.by_initials[initials(name)].add(key)
            self.organisations.setdefault(" ".join(tokens), key)
        if kind != "PERSON" or len(tokens) < FULL_NAME_WORDS:
            return
        person = self.same_person(name) or key
        self.by_first[tokens[0]].add(person)
        self.by_name.setdefault(" ".join(tokens), person)
        self.by_surname[tokens[-1]].add(person)

    def add_all(self, entities: Iterable[tuple[str, str, str]]) -> None:
        """Add names (key, name, type), the registry's first and then the fullest first, so a person's key is
        the registry's where it knows them ("Robert Gabriel Mugabe" is the registry's Robert Mugabe), else
        that of their fullest name whatever the order they come in ("John R. Bolton" before "John Bolton",
        "William Weld" before "Bill Weld")."""

        def registry_then_fullest(entity: tuple[str, str, str]) -> tuple[bool, int, int, tuple[str, str, str]]:
            # a short form of a given name is the shorter (data/given_name_forms.tsv keeps no other)
            tokens = _name_tokens(entity[1])
            return entity[0].startswith(UNREGISTERED), -len(tokens), -len(tokens[0]) if tokens else 0, entity

        for key, name, kind in sorted(entities, key=registry_then_fullest):
            self.add(key, name, kind)

    def same_person(self, name: str) -> str | None:
        """The one person known by the same surname and given name, whose middle names do not differ ("George
        Walker Bush" is not "George Herbert Bush"), else by a longer name this given name stands for ("Bill"
        and "William" Weld, `_stands_for`); else the one fuller name this one fits with a middle name or second
        surname left out ("Ricardo Rosselló" is "Ricardo Rosselló Nevares"); else the one whose surname it
        spells otherwise (`_respelled`)."""
        tokens = _name_tokens(name)
        if len(tokens) < FULL_NAME_WORDS:
            return None
        fitting = [
            (known[0] == tokens[0], key)
            for key in self.by_surname.get(tokens[-1], ())
            if _stands_for(tokens[0], (known := _name_tokens(self.names[key]))[0])
            and _middles_agree(tokens[1:-1], known[1:-1])
        ]
        # the same given name first: a "J. Doe" the corpus met does not make "John Doe" ambiguous
        same = {key for exact, key in fitting if exact} or {key for _, key in fitting}
        if not same:
            same = {
                key
                for key in self.by_first.get(tokens[0], ())
                if _within(tokens[1:], _name_tokens(self.names[key])[1:])
            }
        if not same:
            return self._respelled(tokens)
        return next(iter(same)) if len(same) == 1 else None

    def _respelled(self, tokens: tuple[str, ...]) -> str | None:
        """The one person of the same given name whose long surname is another spelling of this one's
        ("Alexander Lukashenka" is "Alexander Lukashenko")."""
        surname = name_skeleton(tokens[-1])
        if len(surname) < SHORTEST_RESPELLED:
            return None
        same = {
            key
            for key in self.by_first.get(tokens[0], ())
            if (known := _name_tokens(self.names[key]))[-1] != tokens[-1]
            and _middles_agree(tokens[1:-1], known[1:-1])
            and len(theirs := name_skeleton(known[-1])) >= SHORTEST_RESPELLED
            and SequenceMatcher(None, surname, theirs).ratio() >= SURNAME_LIKENESS
        }
        return next(iter(same)) if len(same) == 1 else None

    def only_person(self, surname: str) -> str | None:
        """The one person the corpus names in full with this surname, of one word or several ("la riva")."""
        tokens = tuple(surname.split())
        found = {
            key
            for key in self.by_surname.get(tokens[-1], ())
            if _name_tokens(self.names[key])[-len(tokens) :] == tokens
        }
        return next(iter(found)) if len(found) == 1 else None

    def given_name_with(self, given: str, surnames: Iterable[str]) -> str | None:
        """The one person the corpus names in full with this given name (or a longer one it stands for) and one
        of these surnames: "Hunter" in an article about the Bidens, "Barron" in one about the Trumps."""
        found = {
            key
            for surname in surnames
            for key in self.by_surname.get(surname, ())
            if _stands_for(given, _name_tokens(self.names[key])[0])
        }
        return next(iter(found)) if len(found) == 1 else None

    def person_named(self, name: str) -> str | None:
        """The one person a name means: their full name, a name ending with it, or their surname alone."""
        tokens = _name_tokens(name)
        if not tokens:
            return None
        for start in range(len(tokens) - 1):  # "Vermont Bernie Sanders": a full name at the end of the span
            if found := self.by_name.get(" ".join(tokens[start:])):
                return found
        return self.only_person(" ".join(tokens)) if len(tokens) <= MAX_SURNAME_WORDS else None

    def organisation_abbreviated(self, name: str) -> str | None:
        """The one organisation named in full whose initials an acronym is ("SDF"), or the organisation a name
        followed by its own acronym is ("National Hurricane Center (NHC)")."""
        tokens = _name_tokens(name)
        if len(tokens) >= MIN_NAME_WITH_ACRONYM_WORDS and tokens[-1] == initials(" ".join(tokens[:-1])):
            return self.organisations.get(" ".join(tokens[:-1]))
        if not (ACRONYM.fullmatch(name) and (found := self.by_initials.get(name.lower())) and len(found) == 1):
            return None
        return next(iter(found))


def index_names(index: NameIndex, articles: Iterable[AnalysedArticle]) -> None:
    """Add a batch's names (see `NameIndex.add_all`, `NameIndex.settle_one_words`): the order of articles
    within a batch does not matter."""
    entities = [(e.key, e.name, e.type, len(e.mentions)) for analysed in articles for e in analysed.entities]
    index_stored(index, entities)


def index_stored(index: NameIndex, entities: Iterable[tuple[str, str, str, int]]) -> None:
    """Add names (key, name, type, number of mentions): a batch's, or those a store kept."""
    entities = list(entities)
    index.add_all({(key, name, kind) for key, name, kind, _ in entities})
    mentions: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for key, name, kind, count in entities:
        if kind in ONE_WORD_TAGS and len(tokens := _name_tokens(name)) == 1 and key.startswith(UNREGISTERED):
            mentions[tokens[0]][key] += count
    index.settle_one_words(mentions)


def stored_entity(stored: StoredEntity | None, entity: Entity) -> StoredEntity:
    """The entity as the corpus keeps it once an article names it: as that article names it when it is new;
    else as kept, renamed by a longer name the registry does not know, with every name it has gone by, and
    the country and sector first known."""
    if stored is None:
        actor = entity.actor
        aliases = tuple(sorted(entity.aliases - {entity.name}))
        return StoredEntity(entity.key, entity.name, entity.type, aliases, actor.country, actor.sector, actor.actor_id)
    names = {*stored.aliases, *entity.aliases, entity.name, stored.name}
    name = entity.name if entity.actor.actor_id is None and len(entity.name) > len(stored.name) else stored.name
    return replace(
        stored,
        name=name,
        aliases=tuple(sorted(names - {name})),
        country=stored.country or entity.actor.country,
        sector=stored.sector or entity.actor.sector,
    )


def _resolved(entity: Entity, index: NameIndex, surnames: frozenset[str]) -> Entity:
    """The entity keyed to the person or organisation the corpus names in full under its name, if one. A name
    of one word is first a given name with a surname of its own article (`surnames`: the article's evidence),
    else a surname."""
    if not entity.key.startswith(UNREGISTERED):
        return entity
    kind = "PERSON"
    if entity.type == "PERSON":
        tokens = _name_tokens(entity.name)
        key = (
            index.given_name_with(tokens[0], surnames) or index.only_person(tokens[0])
            if len(tokens) == 1
            else index.same_person(entity.name)
        )
    elif entity.type in MISTAGGED:
        key = index.person_named(entity.name)
        if key is None and entity.type == "ORG":
            key, kind = index.organisation_abbreviated(entity.name), "ORG"
    else:
        return entity
    if key is None and entity.type in ONE_WORD_TAGS:
        key = index.one_word_key(entity.name)
        kind = "ORG" if key is not None and key.startswith("org:") else "PERSON"
    if key is None or key == entity.key:
        return entity
    return replace(
        entity, key=key, type=kind, name=index.names.get(key, entity.name), aliases=entity.aliases | {entity.name}
    )


def _named_in(article: AnalysedArticle, part: str, index: NameIndex) -> str | None:
    """The person a surname means in an article: the one the article names in full with it, else the one the
    corpus does."""
    tokens = _name_tokens(part)
    if not tokens:
        return None
    local = {
        e.key
        for e in article.entities
        if e.type == "PERSON" and len(full := _name_tokens(e.name)) > len(tokens) and full[-len(tokens) :] == tokens
    }
    return next(iter(local)) if len(local) == 1 else index.only_person(" ".join(tokens))


def _ticket_parts(entity: Entity, article: AnalysedArticle, index: NameIndex) -> list[Entity] | None:
    """Two people a name joins with a dash or slash ("Hawkins–Walker", "Collins/Parker": a ticket, a pair of
    authors), each a person the article or the corpus names in full, as two entities with a mention each."""
    match = TICKET.fullmatch(entity.name)
    if not match or entity.type not in ("PERSON", *MISTAGGED) or not entity.key.startswith(UNREGISTERED):
        return None
    text = article.article.text
    keys = [key for part in match.groups() if (key := _named_in(article, part, index)) is not None]
    if len(keys) != len(match.groups()) or keys[0] == keys[1]:
        return None
    parts = [
        Entity(key=key, name=name, type="PERSON", mentions=[]) for key, name in zip(keys, match.groups(), strict=True)
    ]
    for start, end in entity.mentions:
        # the mention may hold more than the name ("The Hammons-Bodenstab"): the name's own place in it first
        at = text.find(match.group(0), start, end)
        found = TICKET.fullmatch(text, at, at + len(match.group(0))) if at != -1 else TICKET.search(text, start, end)
        if found:
            for number, part in enumerate(parts, 1):
                part.mentions.append((found.start(number), found.end(number)))
    return parts if all(part.mentions for part in parts) else None


def resolve_names(index: NameIndex, articles: list[AnalysedArticle]) -> list[AnalysedArticle]:
    """The batch with its bare surnames, shortened names, mistagged names and acronyms keyed to the one person
    or organisation the corpus names in full under them. The batch's own names count: the order of articles
    within a batch does not matter."""
    index_names(index, articles)
    resolved = []
    for analysed in articles:
        surnames = _surnames(analysed)
        entities = tuple(
            found
            for entity in analysed.entities
            for found in (_ticket_parts(entity, analysed, index) or [_resolved(entity, index, surnames)])
        )
        if entities == analysed.entities:
            resolved.append(analysed)
            continue
        # a quote's speaker follows its entity to the key it now has
        key_at = {start: entity.key for entity in entities for start, _ in entity.mentions}
        rekeyed = {
            old.key: key_at[old.mentions[0][0]]
            for old in analysed.entities
            if old.mentions and old.mentions[0][0] in key_at
        }
        quotes = tuple(
            replace(q, speaker_key=rekeyed.get(q.speaker_key, q.speaker_key)) if q.speaker_key else q
            for q in analysed.quotes
        )
        resolved.append(replace(analysed, entities=_merged(entities), quotes=quotes))
    return resolved


def _surnames(article: AnalysedArticle) -> frozenset[str]:
    """The surnames of the people an article names in full."""
    return frozenset(
        tokens[-1]
        for e in article.entities
        if e.type == "PERSON" and len(tokens := _name_tokens(e.name)) >= FULL_NAME_WORDS
    )


def _merged(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """One entity per key: a surname re-keyed to a person the article also names in full joins it."""
    by_key: dict[str, Entity] = {}
    for entity in entities:
        if (kept := by_key.get(entity.key)) is None:
            by_key[entity.key] = entity
        else:
            by_key[entity.key] = replace(
                kept,
                mentions=sorted([*kept.mentions, *entity.mentions]),
                aliases=kept.aliases | entity.aliases | {entity.name},
            )
    return tuple(by_key.values())
