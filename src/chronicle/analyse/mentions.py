"""Finding the entity a stretch of text refers to: a named mention, a pronoun, or a role description."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from chronicle.records import Entity

PRONOUNS = {"he", "she", "him", "her", "they", "them", "i", "we"}


class MentionIndex:
    """Entity mentions of one article by character offset."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
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

    def last_person_before(self, offset: int) -> Entity | None:
        index = bisect.bisect_left(self.starts, offset) - 1
        while index >= 0:
            entity = self.spans[index][2]
            if entity.type == "PERSON":
                return entity
            index -= 1
        return None

    def for_token(self, token: Token) -> Entity | None:
        """The entity a token stands for: its own phrase's mention, or for a pronoun the last person."""
        if token.lower_ in PRONOUNS:
            return self.last_person_before(token.idx)
        phrase = [token, *(t for t in token.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct", "cc", "conj"))]
        start = min(t.idx for t in phrase)
        end = max(t.idx + len(t) for t in phrase)
        own = self.at(token.idx, token.idx + len(token))
        return own or self.at(start, end)
