"""Entities of one article: spaCy's named entities grouped by referent and matched to the actor registry.

Within an article, "Antony Blinken", "Blinken" and "the secretary of state" become one entity; across the
corpus an entity keeps the same key (the registry id, else a spelling-tolerant name skeleton).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from spacy.tokens import Doc, Span, Token

from chronicle.actors.registry import Registry, RegistryActor, fold, name_skeleton
from chronicle.analysis.nlp import dictionary_word, doc_text, in_english, registry_of
from chronicle.analysis.places import gazetteer
from chronicle.data import data_text
from chronicle.records import Actor, Entity

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_TRIM = re.compile(r"^(the|a|an)\s+|['’]s?$", re.I)


def _clean_name(span: Span) -> str:
    return _TRIM.sub("", span.text.strip()).strip(" ,.;:'\"“”‘’")


def _squashed(name: str) -> str:
    return fold(name).replace(" ", "")


def publisher_names(source: str | None, url: str | None) -> frozenset[str]:
    """The names an article's publisher goes by, squashed ("capitaldaily", "wikinews"): its site name, and the
    name its site's domain is registered under ("en.wikinews.org" → "wikinews", "www.bbc.co.uk" → "bbc")."""
    hosts = [urlsplit(url).hostname or ""] if url else []
    names: set[str] = set()
    if source and HOST_NAME.fullmatch(source):
        hosts.append(source)
    elif source:
        names.add(_squashed(source))
    for host in hosts:
        *labels, top = host.lower().split(".")
        # the label before the public suffix, read without the Public Suffix List: a country code after a
        # short second-level label ("co.uk", "com.au", "gov.za") is a suffix of two labels
        if len(top) == COUNTRY_CODE_LETTERS and len(labels) > 1 and len(labels[-1]) <= SECOND_LEVEL_LETTERS:
            labels.pop()
        if labels:
            names.add(_squashed(labels[-1]))
    return frozenset(names - {""})


def article_countries(doc: Doc, reg: Registry, entities: Iterable[Entity] = ()) -> list[str]:
    """The countries an article is about, the one its places, nationalities, people and organisations name
    most often first (the first named on a tie)."""
    counts: dict[str, int] = {}
    found = [reg.country_of_word(_clean_name(span)) for span in doc.ents if span.label_ in ("GPE", "NORP")]
    # people and organisations of one country count once per mention ("Bouteflika" is Algeria)
    found += [e.actor.country for e in entities if e.type in ("PERSON", "ORG") for _ in e.mentions]
    for country in found:
        if country is not None and country in reg.actors and reg.actors[country].kind == "country":
            counts[country] = counts.get(country, 0) + 1
    return sorted(counts, key=lambda country: -counts[country])  # a stable sort keeps first-named first


def describe_unknown(span: Span, reg: Registry) -> Actor:
    """Country and sector of someone the registry does not know, from the words around the name.

    "Chinese businessman Li Wei", "Li Wei, a Chinese businessman," and "the Treasury Department" all
    carry that information next to the name or in an apposition.
    """
    doc = span.doc
    sentence_start = span.sent.start
    window = list(reversed(doc[max(sentence_start, span.start - 4) : span.start]))  # nearest word first
    for token in span.root.children:
        if token.dep_ == "appos":
            window.extend(token.subtree)
    window.extend(t for t in span if t.dep_ in ("compound", "amod") or t.i == span.end - 1)
    country = sector = None
    for token in window:
        country = country or reg.country_of_word(token.text)
        noun = reg.role_nouns.get(token.lemma_.lower()) or reg.role_nouns.get(token.text.lower())
        if noun and not sector:
            sector = noun.sector
    # "Arab League Secretary-General Chedli Klibi", "U.N. mediator Diego Cordovez": the organisation
    # named just before serves, and an international one is the person's "country" in event data.
    employer = next(
        (
            found
            for ent in doc.ents
            if ent.label_ == "ORG"
            and sentence_start <= ent.start
            and span.start - 4 <= ent.end <= span.start
            and (found := reg.lookup(_clean_name(ent), ("organisation",))) is not None
        ),
        None,
    )
    if employer is not None and country is None:
        country = employer.country
        sector = employer.sector if employer.sector in ("IGO", "NGO") else sector
    return Actor(None, country, sector)


class _Linker:
    """Groups mentions into entities while walking one document in reading order."""

    def __init__(self, doc: Doc, published: date | None, reg: Registry, publisher: frozenset[str]) -> None:
        self.doc, self.published, self.reg, self.publisher = doc, published, reg, publisher
        self.entities: dict[str, Entity] = {}
        self.people: list[Entity] = []

    def _entity(self, key: str, name: str, label: str, actor: Actor) -> Entity:
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(key=key, name=name, type=label, actor=actor)
            self.entities[key] = entity
            if label == "PERSON":
                self.people.append(entity)
        elif len(name) > len(entity.name) and label == entity.type:
            entity.name = name
        return entity

    def _registry_entity(self, found: RegistryActor, label: str) -> Entity:
        return self._entity(found.id, found.name, label, found.at(self.published))

    def _earlier_person(self, name: str) -> Entity | None:
        """A full name seen before that this shorter mention repeats ("Blinken" after "Antony Blinken"), or
        that this one gives with or without middle names ("Elijah Eugene Cummings" and "Elijah Cummings"). When
        the article has named several people so, the one the registry knows, else the first named: a story
        introduces its main person first ("Robert Mugabe", then "his wife Grace Mugabe", then "Mugabe")."""
        tokens = fold(name).split()
        if not tokens:
            return None
        named = [
            person
            for person in self.people
            if len(tokens) < len(full := fold(person.name).split())
            and full[-len(tokens) :] == tokens
            or len(tokens) == 1
            and tokens[0] in full
            or len(full) != len(tokens)
            and min(len(full), len(tokens)) >= NAME_WORDS_FEWEST
            and (tokens[0], tokens[-1]) == (full[0], full[-1])
        ]
        return _preferred(named)

    def _after_kinship_noun(self, span: Span, name: str) -> bool:
        """Whether a name the registry and gazetteer do not know as an organisation or place comes right after a
        noun of family relation (data/kinship_nouns.txt: "his wife Melania"), so it is a person's."""
        return (
            span.start > 0
            and self.doc[span.start - 1].lower_ in word_list("kinship_nouns.txt")
            and self.reg.lookup(name, ("country", "organisation")) is None
            and not gazetteer().is_major_place(name)
        )

    def birth_name_bearer(self, span: Span) -> Entity | None:
        """The person a name is the birth name of, when a birth-name marker comes right before it
        (data/birth_name_markers.tsv): the marker's subject when the article names that subject as a person
        ("Ginger Baker was born Peter Edward Baker"; not "his father was born ...", nor "Kenyan-born Obama"),
        or the person named last before the marker in its sentence ("Jane Smith (née Jones)")."""
        if span.start == 0:
            return None
        marker = self.doc[span.start - 1]
        where = birth_name_markers().get(marker.lower_)
        if where == "subject":
            subjects = [t for t in marker.children if t.dep_ in SUBJECTS]
            return self._person_at(subjects[0].idx) if subjects else None
        if where != "before":
            return None
        earlier = [
            (start, person)
            for person in self.people
            for start, end in person.mentions
            if marker.sent.start_char <= start and end <= marker.idx
        ]
        return max(earlier, key=lambda found: found[0])[1] if earlier else None

    def _person_at(self, offset: int) -> Entity | None:
        """The person one of whose mentions covers the offset."""
        return next((p for p in self.people for start, end in p.mentions if start <= offset < end), None)

    def person_described(self, span: Span) -> Span | None:
        """The person's name in a span the tagger took for an organisation that describes people by their
        relation to a person the article named ("Associates of Navalny", "Supporters of Evo Morales" at the
        start of a sentence): common nouns, capitalised only where capitals say nothing, then "of" and the
        name. An organisation's own name ("Bank of America", "Friends of the Earth" mid-sentence) is not one."""
        of = next((t for t in span if t.lower_ == "of"), None)
        if of is None or of.i in (span.start, span.end - 1):
            return None
        described = self.doc[span.start : of.i]
        vocab = self.doc.vocab
        if not all(
            dictionary_word(t.text, vocab, ("noun",)) and (t.is_lower or self._case_says_nothing(t.idx))
            for t in described
        ):
            return None
        name = Span(self.doc, of.i + 1, span.end, label="PERSON")
        written = _clean_name(name)
        named = self._earlier_person(written) or next(
            (p for p in self.people if fold(written) in {fold(p.name), *map(fold, p.aliases)}), None
        )
        return name if named is not None else None

    def add_span(self, span: Span) -> Entity | None:
        """The entity a tagged span names, found or made; None for a span that names no one (a word of a
        title, a nationality used as a description, words with no capital, the publisher's own name)."""
        name = _clean_name(span)
        if not any(ch.isupper() for ch in name) and self.reg.lookup(name, REGISTRY_KINDS) is None:
            return None  # English writes a name with capitals: these are common words or another script
        label = span.label_
        if label in PUBLISHER_LABELS and self._names_the_publisher(name):
            return None  # the outlet naming itself ("Wikinews interviewed ..."), not a party to the news
        if self._in_title(span):
            return None  # "Secretary of State": part of a title, not an organisation
        if label == "NORP":
            return self._nationality(span, name)
        if label != "PERSON" and (earlier := self._earlier_person(name)):
            return earlier  # a surname spaCy took for an organisation or place ("Rosselló", "La Riva")
        if label != "PERSON" and self._after_kinship_noun(span, name):
            label = "PERSON"  # "his wife Melania" tagged a place
        if (
            label in ("ORG", "FAC")
            and self.reg.lookup(name, ("country", "organisation")) is None
            and person_shaped(span, self.reg)
        ):
            label = "PERSON"
        if label == "PERSON":
            return self._person(span, name, label)
        kinds = ("country", "organisation") if label in ("GPE", "ORG", "NORP") else ("country",)
        found = self.reg.lookup(name, kinds) or self.reg.lookup(name, ("person",))
        if found:
            return self._registry_entity(found, "PERSON" if found.kind == "person" else label)
        country = self.reg.country_of_word(name) if label in ("GPE", "LOC", "FAC") else None
        actor = describe_unknown(span, self.reg) if label == "ORG" else Actor(None, country, None)
        return self._entity(f"{label.lower()}:{fold(name)}", name, label, actor)

    def merge_names_given_later(self) -> None:
        """A name of one word the article gives before the full name ("Clinton" in the headline, "Hillary
        Clinton" in the first paragraph) names the person of the full name, as it does when it comes after
        (`_earlier_person`): a person by a given name or surname alone, or a surname the tagger took for an
        organisation or place, when the full name is the registry's or starts with a given name. The person
        the registry knows wins, else the one named first."""
        unregistered = ("gpe:", "org:", "loc:", "fac:")
        for entity in list(self.entities.values()):
            words = fold(entity.name).split()
            person = entity.key.startswith("person:")
            if len(words) != 1 or not (person or entity.key.startswith(unregistered)):
                continue
            if entity.name.isupper() or not person and gazetteer().is_major_place(entity.name):
                continue  # an acronym ("PAC"), a city ("Washington")
            named = [
                other
                for other in self.people
                if other is not entity
                and len(full := fold(other.name).split()) >= NAME_WORDS_FEWEST
                and (words[0] in full if person else words[0] == full[-1])
                # a name of a person's shape or the registry's, not a tagger's slip ("Twitter junkie")
                and (full[0] in word_list("given_names.txt") or not other.key.startswith("person:"))
            ]
            into = _preferred(named)
            if into is not None:
                into.mentions.extend(entity.mentions)
                into.aliases |= {*entity.aliases, entity.name}
                self.drop(entity)

    def _names_the_publisher(self, name: str) -> bool:
        """Whether a name is the article's publisher's, and nothing the article, the registry or the gazetteer
        knows it as: a government's site still names its government ("whitehouse.gov"), a city's paper
        its city."""
        return (
            _squashed(name) in self.publisher
            and self.reg.lookup(name, REGISTRY_KINDS) is None
            and not gazetteer().is_major_place(name)
            and self._earlier_person(name) is None
        )

    def drop(self, entity: Entity) -> None:
        """Forget an entity whose mentions another took."""
        del self.entities[entity.key]
        if entity in self.people:
            self.people.remove(entity)

    def _on_headline(self, start: int) -> bool:
        """Whether the offset is on a headline-style line, whose longer words are all capitalised."""
        text = doc_text(self.doc)
        line_end = text.find("\n", start)
        line = text[text.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else len(text)]
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > HEADLINE_SHORT_WORD]
        return len(words) >= HEADLINE_WORDS and all(w[0].isupper() for w in words)

    def _case_says_nothing(self, start: int) -> bool:
        """Whether capitals at this offset say nothing about a name: a word of a headline-style line, or the
        first word of a sentence (after any opening quote)."""
        if self._on_headline(start):
            return True
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return False
        first = span[0]
        return all(t.is_punct or t.is_quote or t.is_space for t in self.doc[first.sent.start : first.i])

    def merge_case_artefacts(self) -> None:
        """Names glued to the words around them where capitals say nothing ("Ted Cruz Refuses", "Endorsed
        Trump", "Will Sanders" in headlines and at sentence starts): a name met only there that is another
        person's full name followed by a dictionary word, or that person's surname or full name after words
        that are dictionary verbs, adjectives or adverbs and no given names ("Endorsed Trump"; "Will", "Billy",
        and "Mitt" or "Rand", nouns in the dictionary, stay names), is that person (a name also met
        mid-sentence is taken as written)."""
        for entity in list(self.entities.values()):
            words = fold(entity.name).split()
            if (
                not entity.key.startswith(("person:", "org:", "fac:"))
                or len(words) < NAME_WORDS_FEWEST
                or not self._written_only_where_case_says_nothing(entity, len(words))
            ):
                continue
            found = {
                id(other): (other, kept) for other in self.people if (kept := self._within_glued(entity, other, words))
            }
            into = _preferred([other for other, _ in found.values()])
            if into is not None:
                kept = found[id(into)][1]
                into.mentions.extend(self._kept_part(start, end, len(words), kept) for start, end in entity.mentions)
                self.drop(entity)

    def _written_only_where_case_says_nothing(self, entity: Entity, words: int) -> bool:
        """Whether every mention that writes the entity's name in full is where capitals say nothing (its
        mentions by a shorter name, a surname alone, may be anywhere)."""
        written = [
            start
            for start, end in entity.mentions
            if len([t for t in self.doc.char_span(start, end, alignment_mode="expand") or () if not t.is_punct])
            >= words
        ]
        return bool(written) and all(self._case_says_nothing(start) for start in written)

    def _within_glued(self, entity: Entity, other: Entity, words: list[str]) -> slice | None:
        """Which of the glued name's words are the other person's name, if it is that person's (see
        merge_case_artefacts); None if it is not."""
        full, extra = fold(other.name).split(), entity.name.split()
        if other is entity or len(full) < NAME_WORDS_FEWEST or len(extra) != len(words):
            return None
        vocab = self.doc.vocab
        if len(full) < len(words) and words[: len(full)] == full and dictionary_word(extra[len(full)], vocab):
            return slice(0, len(full))
        named = len(full) if len(full) < len(words) and words[-len(full) :] == full else 1
        if (
            words[-1] == full[-1]
            and all(
                dictionary_word(word, vocab, GLUED_WORD_CLASSES) and fold(word) not in word_list("given_names.txt")
                for word in extra[: len(words) - named]
            )
            and not self._written_only_where_case_says_nothing(other, len(full))
        ):
            return slice(len(words) - named, len(words))
        return None

    def _kept_part(self, start: int, end: int, words: int, kept: slice) -> tuple[int, int]:
        """A mention narrowed to the words of the name it holds, when its tokens are the name's words."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        tokens = [t for t in span or () if not t.is_punct]
        if len(tokens) != words:
            return start, end
        first, last = tokens[kept][0], tokens[kept][-1]
        return first.idx, last.idx + len(last)

    def _in_title(self, span: Span) -> bool:
        """Whether the span follows "<office> of", as "State" in "Secretary of State"."""
        return (
            span.start >= 2  # noqa: PLR2004 (the two words before it: "<office> of")
            and self.doc[span.start - 1].lower_ == "of"
            and self.doc[span.start - 2].lower_ in ("secretary", "minister", "ministry", "department", "head")
        )

    def _nationality(self, span: Span, name: str) -> Entity | None:
        """The country a nationality word (a NORP span) stands for, when it stands for one."""
        if span.root.dep_ in ("amod", "compound", "nmod") or span.root.pos_ == "ADJ":
            return None  # "Chinese President Xi": a description, not a referent
        country = self.reg.country_of_word(name)
        if not country:
            return None
        return self._registry_entity(self.reg.actors[country], "GPE")

    def _person(self, span: Span, name: str, label: str) -> Entity:
        """The person a name means: one named earlier in the article, one the registry knows, else a new one
        described by the words around the name. A name with a nickname in it is the person by the name they
        go by ('Edward Lodewijk "Eddie" Van Halen' is Eddie Van Halen)."""
        if nicknamed := NICKNAMED.fullmatch(name):
            name = f"{nicknamed['nickname']} {nicknamed['surname']}"
        earlier = self._earlier_person(name)
        if earlier and len(name.split()) == 1:
            return earlier  # a surname alone means the person this article named in full, registry or not
        found = self.reg.lookup(name, ("person",))
        if found:
            return self._registry_entity(found, label)
        if earlier:
            return earlier
        shared = self.reg.person_in_context(name, self.published, self._titles_before(span))
        if isinstance(shared, RegistryActor):
            return self._registry_entity(shared, label)
        actor = shared or describe_unknown(span, self.reg)
        return self._entity(f"person:{name_skeleton(name)}", name, label, actor)

    def _titles_before(self, span: Span) -> set[str]:
        """Registry titles a role noun just before the name gives ("President" Clinton)."""
        titles: set[str] = set()
        for token in self.doc[max(span.sent.start, span.start - 3) : span.start]:
            noun = self.reg.role_nouns.get(token.lower_)
            if noun:
                titles |= {t.lower() for t in noun.titles}
        return titles

    def add_role_mentions(self) -> list[tuple[Entity, int, int]]:
        """Role descriptions ("the secretary of state", "the Chinese president") linked to a person."""
        found = []
        text = doc_text(self.doc)
        phrases = sorted((p for p, n in self.reg.role_nouns.items() if n.titles), key=len, reverse=True)
        pattern = re.compile(
            r"\b(?:the|his|her|their|its)\s+(?:(?P<adj>[A-Z][\w.]+(?:['’]s)?)\s+)?(?P<role>"
            + "|".join(re.escape(p) for p in [*phrases, COUNTERPART])
            + r")\b",
            re.I,
        )
        for match in pattern.finditer(text):
            country = self.reg.country_of_word(match.group("adj")) if match.group("adj") else None
            if match.group("role").lower() == COUNTERPART:
                person = self._counterpart(country, match.start())
            else:
                person = self._role_holder(
                    self.reg.role_nouns[match.group("role").lower()].titles, country, match.start()
                )
            if person:
                found.append((person, match.start(), match.end()))
        return found

    def _salience(self, person: Entity, offset: int) -> tuple[int, bool, int]:
        """How close a person's last mention before `offset` is: its sentence, whether it is that sentence's
        subject (or a word of the subject's name), where it starts."""
        start, end = max((s, e) for s, e in person.mentions if s < offset)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return -1, False, start
        root = span.root
        subject = root.dep_ in SUBJECTS or (root.dep_ == "compound" and root.head.dep_ in SUBJECTS)
        return root.sent.start, subject, start

    def _counterpart(self, country: str | None, offset: int) -> Entity | None:
        """ "Blinken met his Chinese counterpart": who holds, in that country, the office the person last
        named before holds (or one the role nouns give as its equal: a secretary of state's counterpart is
        a foreign minister)."""
        if country is None:
            return None
        named = [p for p in self.people if p.mentions and p.mentions[0][0] < offset and p.key in self.reg.actors]
        if not named:
            return None
        own = self.reg.actors[named[-1].key].titles_at(self.published)
        titles = {
            t for noun in self.reg.role_nouns.values() if own & {t.lower() for t in noun.titles} for t in noun.titles
        }
        return self._role_holder(tuple(sorted(titles)), country, offset) if titles else None

    def repeated_names(self) -> list[tuple[Entity, int, int]]:
        """Later mentions of a person by a name the tagger already found in the article, where it missed
        them ("Earlier on Friday, Zelenskyy and Scholz signed ..."): capitalised proper nouns equal to the
        person's surname or to a name it was mentioned by (in any spelling), outside every tagged entity."""
        tagged = {i for span in self.doc.ents for i in range(span.start, span.end)}
        # and every word already linked, the names the tagger missed included
        linked = [(start, end) for entity in self.entities.values() for start, end in entity.mentions]
        tagged |= {t.i for start, end in linked for t in self.doc.char_span(start, end, alignment_mode="expand") or ()}
        names: dict[str, Entity | None] = {}
        for person in self.people:
            for name in {person.name.split()[-1], *person.aliases}:
                key = name_skeleton(name)
                # a surname two people share names neither
                names[key] = None if names.get(key, person) is not person else person
        found = []
        for token in self.doc:
            if token.i in tagged or token.pos_ != "PROPN" or not token.text[:1].isupper():
                continue
            named = names.get(name_skeleton(token.text))
            if named is not None and named.mentions and named.mentions[0][0] < token.idx:
                found.append((named, token.idx, token.idx + len(token)))
        return found

    def place_officials(self) -> None:
        """Officials the registry does not know and whose description names no country ("President Levy
        Mwanawasa", "Prime Minister Mahendra Chaudhry") serve the country the article is about: the one it
        names most often, the first named on a tie. An article that names no country leaves them unplaced."""
        countries = article_countries(self.doc, self.reg, self.entities.values())
        if not countries:
            return
        main = countries[0]
        for person in self.people:
            actor = person.actor
            if actor.actor_id is None and actor.country is None and actor.sector is not None:
                person.actor = Actor(None, main, actor.sector)

    def _role_holder(self, titles: tuple[str, ...], country: str | None, offset: int) -> Entity | None:
        wanted = {t.lower() for t in titles}
        # An entity already named in the article that holds the role wins: the one named in the latest
        # sentence, its subject before others (centering: the preferred antecedent is the last utterance's
        # subject; Grosz, Joshi & Weinstein 1995).
        named = [
            person
            for person in self.people
            if (actor := self.reg.actors.get(person.key)) is not None
            and (not country or actor.country == country)
            and wanted & actor.titles_at(self.published)
            and any(start < offset for start, _ in person.mentions)
        ]
        if named:
            return max(named, key=lambda person: self._salience(person, offset))
        if country is None:
            return None
        holders = self.reg.holders(titles, country, self.published)
        return self._registry_entity(holders[0], "PERSON") if len(holders) == 1 else None


COUNTRY_CODE_LETTERS = 2  # a top-level domain of two letters is a country's ("uk", "au")
SECOND_LEVEL_LETTERS = 3  # a generic label under a country's domain ("co", "com", "gov")
HOST_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)+")  # a site's source given as its host name ("en.wikinews.org")
PUBLISHER_LABELS = ("ORG", "PERSON")  # the tagger's labels for an outlet's name; places keep theirs
# A nickname written in quotes between given names and surname (the usage of English style guides).
NICKNAME = re.compile(r' ["“][A-Z][\w.\'’-]*["”] ')
NICKNAMED = re.compile(r'.+? ["“](?P<nickname>[A-Z][\w.\'’-]*)["”] (?P<surname>.+)')
COUNTERPART = "counterpart"
REGISTRY_KINDS = ("country", "organisation", "person")
MISTAKEN_FOR_PEOPLE = ("ORG", "FAC")  # tags the tagger gives a phrase that holds a person's name
SUBJECTS = {"nsubj", "nsubjpass"}  # a role noun whose office is the one of the person it belongs to
# A name the tagger took for an organisation may be a person's of this many words (given name, surname and
# at most one more).
NAME_WORDS_FEWEST = 2
NAME_WORDS_MOST = 3
# A line is headline-style when it has at least this many words longer than the short ones ("of", "the",
# "and", "for"), each capitalised.
HEADLINE_WORDS = 3
HEADLINE_SHORT_WORD = 3
# Words glued before a name where capitals say nothing are of these classes; a noun may be a given name
# the census lists miss ("Mitt", "Rand").
GLUED_WORD_CLASSES = ("verb", "adj", "adv")


def _preferred(people: list[Entity]) -> Entity | None:
    """Of the people a name may stand for, the one the registry knows when it knows one only, else the first
    named: a story introduces its main person first."""
    known = [person for person in people if not person.key.startswith("person:")]
    return known[0] if len(known) == 1 else (people[0] if people else None)


@cache
def word_list(file: str) -> frozenset[str]:
    """The words of a one-word-per-line data file, without its comment lines."""
    text = data_text(file)
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def birth_name_markers() -> dict[str, str]:
    """Each birth-name marker with where the person it names is (data/birth_name_markers.tsv)."""
    rows = (line.split("\t") for line in data_text("birth_name_markers.tsv").splitlines())
    return {row[0]: row[1] for row in rows if len(row) == 2 and not row[0].startswith("#")}  # noqa: PLR2004


def _is_title(word: str, reg: Registry) -> bool:
    word = word.lower().rstrip(".")
    return word in word_list("name_titles.txt") or word in reg.role_nouns or word in reg.role_heads


def with_given_names(span: Span, reg: Registry) -> Span:
    """A surname's span with the given name the tagger left out before it ("Gary" of "Gary Johnson"): the
    capitalised proper noun just before it that modifies it, is tagged as nothing else, and is neither a role
    ("President") nor an honorific ("Mr")."""
    doc, start = span.doc, span.start
    if len(span) != 1 or start == span.sent.start:
        return span  # the tagger drops a given name before a surname; a longer span has its own
    token = doc[start - 1]
    if (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.text.replace(".", "").isalpha()
        and not token.ent_type_
        and token.head.i == start
        and not _is_title(token.text, reg)
    ):
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label=span.label_)


def without_titles(span: Span, reg: Registry) -> Span:
    """A person's name without the honorifics and role words the tagger took into it ("First Lady Melania
    Trump" is "Melania Trump"), its last word always kept."""
    start = span.start
    while start < span.end - 1 and _is_title(span.doc[start].text, reg):
        start += 1
    return span if start == span.start else Span(span.doc, start, span.end, label=span.label_)


def person_shaped(span: Span, reg: Registry) -> bool:
    """A name the tagger took for an organisation that has a person's shape: two or three capitalised words,
    the first a given name (data/given_names.txt) and not a major place ("Virginia Tech"), none an institution's
    word (data/organisation_designators.txt): "Elijah Cummings", "Brock Pierce"."""
    words = _clean_name(span).split()
    if not NAME_WORDS_FEWEST <= len(words) <= NAME_WORDS_MOST or not all(
        w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words
    ):
        return False
    folded = [fold(w) for w in words]
    return (
        folded[0] in word_list("given_names.txt")
        and reg.country_of_word(words[0]) is None
        and not gazetteer().is_major_place(words[0])
        and not any(w in word_list("organisation_designators.txt") for w in folded)
    )


def joined_people(spans: Iterable[Span]) -> list[Span]:
    """The tagger's spans with a person's name it cut in two joined again: two PERSON spans with one space
    between them are one name ("Robert Gabriel" "Mugabe", "Hunter" "Biden"), and so are two with a nickname in
    quotes between them ('Edward Lodewijk "Eddie" Van Halen')."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        gap = doc_text(span.doc)[last.end_char : span.start_char] if last is not None else ""
        if (
            last is not None
            and last.label_ == "PERSON"
            and span.label_ == "PERSON"
            and (gap == " " or NICKNAME.fullmatch(gap))
        ):
            joined[-1] = Span(span.doc, last.start, span.end, label="PERSON")
        else:
            joined.append(span)
    return joined


def untagged_names(doc: Doc, reg: Registry) -> list[Span]:
    """People's names the tagger missed ("Representative Elijah Cummings died"): runs of capitalised proper
    nouns outside every tagged span that, without the titles before them, have a person's shape."""
    tagged = {i for span in doc.ents for i in range(span.start, span.end)}
    runs: list[list[Token]] = []
    for token in doc:
        if token.i in tagged or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        last = runs[-1][-1] if runs else None
        if last is not None and token.i == last.i + 1 and not token.is_sent_start:
            runs[-1].append(token)
        else:
            runs.append([token])
    found = []
    for run in runs:
        while run and _is_title(run[0].text, reg):
            run = run[1:]
        if run and person_shaped(span := Span(doc, run[0].i, run[-1].i + 1, label="PERSON"), reg):
            found.append(span)
    return found


def link_entities(
    doc: Doc, published: date | None, reg: Registry | None = None, publisher: frozenset[str] = frozenset()
) -> tuple[Entity, ...]:
    """Every entity of the document with all its mentions, in order of first mention. `publisher`: the names
    the article's outlet goes by (`publisher_names`), which name no entity of its news. In a passage not in
    English (`in_english`) a name counts only when it is one the registry or the article already knows: the
    tagger reads the words of other languages as names."""
    reg = reg if reg is not None else registry_of(doc)
    linker = _Linker(doc, published, reg, publisher)
    english: dict[int, bool] = {}
    spans = sorted([*joined_people(doc.ents), *untagged_names(doc, reg)], key=lambda span: span.start)
    for found in spans:
        if found.label_ not in ENTITY_LABELS:
            continue
        if found.label_ in MISTAKEN_FOR_PEOPLE and (name := linker.person_described(found)) is not None:
            found = name
        span = without_titles(with_given_names(found, reg), reg) if found.label_ == "PERSON" else found
        if span.sent.start not in english:
            english[span.sent.start] = in_english(span.sent)
        known = None if english[span.sent.start] else set(linker.entities)
        entity = (found.label_ == "PERSON" and linker.birth_name_bearer(span)) or linker.add_span(span)
        if entity is not None and known is not None and entity.key not in known and entity.actor.actor_id is None:
            linker.drop(entity)
            continue
        if entity is not None:
            entity.mentions.append((span.start_char, span.end_char))
            entity.aliases.add(_clean_name(span))
    linker.merge_case_artefacts()
    linker.merge_names_given_later()
    for entity, start, end in linker.add_role_mentions():
        entity.mentions.append((start, end))
    for entity, start, end in linker.repeated_names():
        entity.mentions.append((start, end))
    linker.place_officials()
    for entity in linker.entities.values():
        entity.mentions.sort()
        entity.aliases.discard(entity.name)
    return tuple(sorted((e for e in linker.entities.values() if e.mentions), key=lambda e: e.mentions[0]))
