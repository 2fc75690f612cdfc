"""One id per person across a corpus, for the names one article alone cannot tie to a person.

An article that names someone by surname only ("Sanders said") gives the analysis nothing to resolve the
surname with, and a named-entity tagger now and then takes a person's name for an organisation ("Navalny",
"Vermont Bernie Sanders"). The corpus knows more: the people it has named in full. The rule is the usual one
of cross-document name matching: a bare surname, or a name tagged as something else, is the person the corpus
names in full under it, when there is exactly one such person; with two ("Boris" and "Gary Johnson") it
stays as it is. Registry ids are never re-pointed: the registry decides where it knows the name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from chronicle.analyse.registry import fold
from chronicle.records import AnalysedArticle, Entity

# Keys the analysis makes for names it found in no registry: "person:…", "org:…" and the like.
UNREGISTERED = ("person:", "org:", "gpe:", "fac:", "loc:")
# Tags a person's name is taken for by mistake; places and nationalities are left as they are.
MISTAGGED = ("ORG", "FAC")


@dataclass
class PersonIndex:
    """The people a corpus names in full, by their folded full name and by their surname."""

    by_name: dict[str, str] = field(default_factory=dict)  # folded full name -> entity key
    by_surname: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, key: str, name: str) -> None:
        tokens = fold(name).split()
        if len(tokens) >= 2:
            self.by_name.setdefault(" ".join(tokens), key)
            self.by_surname[tokens[-1]].add(key)

    def only_person(self, surname: str) -> str | None:
        found = self.by_surname.get(surname, ())
        return next(iter(found)) if len(found) == 1 else None

    def person_named(self, name: str) -> str | None:
        """The one person a name means: their full name, a name ending with it, or their surname alone."""
        tokens = fold(name).split()
        if not tokens:
            return None
        for start in range(len(tokens) - 1):  # "Vermont Bernie Sanders": a full name at the end of the span
            if found := self.by_name.get(" ".join(tokens[start:])):
                return found
        return self.only_person(tokens[0]) if len(tokens) == 1 else None


def index_people(index: PersonIndex, articles: Iterable[AnalysedArticle]) -> None:
    for analysed in articles:
        for entity in analysed.entities:
            if entity.type == "PERSON":
                index.add(entity.key, entity.name)


def _resolved(entity: Entity, index: PersonIndex) -> Entity:
    if not entity.key.startswith(UNREGISTERED):
        return entity
    if entity.type == "PERSON" and len(fold(entity.name).split()) == 1:
        key = index.only_person(fold(entity.name))
    elif entity.type in MISTAGGED:
        key = index.person_named(entity.name)
    else:
        return entity
    if key is None or key == entity.key:
        return entity
    return replace(entity, key=key, type="PERSON", aliases=entity.aliases | {entity.name})


def resolve_people(index: PersonIndex, articles: list[AnalysedArticle]) -> list[AnalysedArticle]:
    """The batch with its bare surnames and mistagged names keyed to the one person the corpus names in full
    under them. The batch's own full names count: the order of articles within a batch does not matter."""
    index_people(index, articles)
    resolved = []
    for analysed in articles:
        entities = tuple(_resolved(entity, index) for entity in analysed.entities)
        resolved.append(analysed if entities == analysed.entities else replace(analysed, entities=_merged(entities)))
    return resolved


def _merged(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """One entity per key: a surname re-keyed to a person the article also names in full joins it."""
    by_key: dict[str, Entity] = {}
    for entity in entities:
        if (kept := by_key.get(entity.key)) is None:
            by_key[entity.key] = entity
        else:
            by_key[entity.key] = replace(kept, mentions=sorted([*kept.mentions, *entity.mentions]),
                                         aliases=kept.aliases | entity.aliases | {entity.name})
    return tuple(by_key.values())
