"""Finding the entity a stretch of text refers to: a named mention, a pronoun, or a role description."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from spacy.tokens import Token

from chronicle.records import Entity

PRONOUNS = {"he", "she", "him", "her", "they", "them", "i", "we"}


class MentionIndex:
    """Entity mentions of one article by character offset, and the countries the article is about, most
    named first: its `setting`, where groups and officials that no word places belong."""

    def __init__(self, entities: tuple[Entity, ...], countries: list[str] | None = None) -> None:
        self.countries = countries or []
        self.setting = self.countries[0] if self.countries else None
        self.spans = sorted((start, end, entity) for entity in entities for start, end in entity.mentions)
        self.starts = [s for s, _, _ in self.spans]

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end), the one starting first."""
        index = bisect.bisect_right(self.starts, end) - 1
        best = None
        while index >= 0 and self.spans[index][1] > start - 200:
            s, e, entity = self.spans[index]
            if s < end and e > start:
                best = entity
            index -= 1
        return best

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """The mentions inside [start, end), in order."""
        first = bisect.bisect_left(self.starts, start)
        return [span for span in self.spans[first : bisect.bisect_left(self.starts, end)] if span[1] <= end]

    def last_person_before(self, offset: int) -> Entity | None:
        """The person of the last mention starting before `offset`; None when no person is mentioned there."""
        index = bisect.bisect_left(self.starts, offset) - 1
        while index >= 0:
            entity = self.spans[index][2]
            if entity.type == "PERSON":
                return entity
            index -= 1
        return None

    def for_token(self, token: Token) -> Entity | None:
        """The entity a token stands for: its own phrase's mention, or for a pronoun its antecedent."""
        if token.lower_ in PRONOUNS:
            return self.antecedent(token)
        # The whole subtree counts: "refugees fleeing the war in Liberia" are coded by the country named.
        phrase = [token, *(t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct", "cc", "conj"))]
        return self.at(token.idx, token.idx + len(token)) or self.at(*extent(phrase))

    def named_in(self, token: Token, leave_out: Callable[[Token], bool] | None = None) -> Entity | None:
        """The entity named in the token's own noun phrase, leaving out clauses that hang from it (the place
        of "the first conversation since they met in Woodside" is not Woodside) and any dependent
        `leave_out` takes."""
        return self.at(token.idx, token.idx + len(token)) or self.at(*extent(_phrase(token, leave_out)))

    def antecedent(self, pronoun: Token) -> Entity | None:
        """The person a pronoun most likely means: a named subject earlier in its sentence, else the subject
        of a recent sentence (the first of joined subjects: "Zelensky and Scholz signed ... He is due to"),
        else the last person named."""
        sentences = [sentence for sentence in pronoun.doc.sents if sentence.start <= pronoun.i][-SUBJECT_LOOKBACK:]
        for sentence in reversed(sentences):
            for token in sentence:
                if token.i >= pronoun.i:
                    break
                if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ not in PRONOUNS:
                    entity = self.at(*extent(_phrase(token)))
                    if entity is not None and entity.type == "PERSON":
                        return entity
        return self.last_person_before(pronoun.idx)


SUBJECT_LOOKBACK = 3  # sentences searched for a pronoun's antecedent, its own included
# Dependents that start another clause or another referent: not part of the phrase naming a referent.
NOT_IN_PHRASE = {"relcl", "acl", "advcl", "ccomp", "appos", "punct", "cc", "conj"}


def _phrase(token: Token, leave_out: Callable[[Token], bool] | None = None) -> list[Token]:
    """The token and the words of its own noun phrase, without clauses or conjuncts hanging from it, nor
    dependents `leave_out` takes."""
    found, stack = [], [token]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(
            c for c in node.children if c.dep_ not in NOT_IN_PHRASE and not (leave_out is not None and leave_out(c))
        )
    return found


def extent(tokens: Iterable[Token]) -> tuple[int, int]:
    """The character offsets from the first of these tokens to the end of the last."""
    tokens = list(tokens)
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
