"""Finding the entity a stretch of text refers to: a named mention, a pronoun, or a role description."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from chronicle.analysis.nlp import doc_text
from chronicle.analysis.tree import doc_tree, label_ids
from chronicle.data import data_text
from chronicle.records import Entity, EventActor

PRONOUNS = {"he", "she", "him", "her", "they", "them", "i", "we"}
SUBJECT_IDS = label_ids("nsubj", "nsubjpass")
# English third-person pronouns mark their referent's gender; the others do not.
PRONOUN_GENDERS = {"he": "m", "him": "m", "she": "f", "her": "f"}
# The word just before a mention, with its full stop if any: "Mrs. " before "Murphy".
HONORIFIC_BEFORE = re.compile(r"\b(\w+)\.?\s+$")
# Objects of their verb: a personal pronoun there never means the clause's own subject (binding theory's
# principle B: "Trump lashed out at the mayor, accusing her" - "her" is not Trump). Not the object of a
# preposition, where the subject may be meant ("Mary saw a snake near her").
OBJECT_DEPS = {"dobj", "dative", "iobj"}
# A clause with no subject of its own borrows its head's ("accusing" takes "Trump lashed out"'s subject).
SUBJECT_BORROWING_DEPS = {"xcomp", "advcl", "conj", "acl", "prep", "pcomp"}


NAME_AND_GENDER = 2  # the columns of data/given_name_genders.tsv


@cache
def genders(file: str) -> dict[str, str]:
    """A word → gender table (m or f): data/given_name_genders.tsv (given names borne by one sex nine times in
    ten or more), data/honorific_genders.tsv (honorifics)."""
    rows = (line.split("\t") for line in data_text(file).splitlines())
    return {row[0]: row[1] for row in rows if len(row) == NAME_AND_GENDER and not row[0].startswith("#")}


class MentionIndex:
    """Entity mentions of one article by character offset, and the countries the article is about, most
    named first: its `setting`, where groups and officials that no word places belong."""

    def __init__(self, entities: tuple[Entity, ...], countries: list[str] | None = None) -> None:
        self.countries = countries or []
        self.setting = self.countries[0] if self.countries else None
        self.spans = sorted((start, end, entity) for entity in entities for start, end in entity.mentions)
        self.starts = [s for s, _, _ in self.spans]
        # The article's text and sentences, taken from its Doc at the first pronoun (spaCy finds the sentences
        # anew at every `doc.sents`), or given by `read`.
        self._doc: Doc | None = None
        self._text = ""
        self._sentences: list[Span] = []
        self._sentence_starts: list[int] = []
        self._actors_doc: Doc | None = None
        self._actors: dict[int, EventActor | None] = {}

    def read(self, doc: Doc, text: str, sentences: list[Span]) -> None:
        """Take the article's text and sentences from a caller that holds them already."""
        self._doc, self._text, self._sentences = doc, text, sentences
        self._sentence_starts = [sentence.start for sentence in sentences]

    def actors_in(self, doc: Doc) -> dict[int, EventActor | None]:
        """The actor each token of `doc` stands for, by token index, as far as worked out
        (chronicle.analysis.events.actors): kept for one document at a time."""
        if self._actors_doc is not doc:
            self._actors_doc, self._actors = doc, {}
        return self._actors

    def _read(self, doc: Doc) -> None:
        if self._doc is not doc:
            self.read(doc, doc_text(doc), list(doc.sents))

    def _sentences_back(self, token: Token, count: int) -> Iterator[Span]:
        """The token's sentence, then up to `count` - 1 sentences before it, nearest first."""
        self._read(token.doc)
        index = bisect.bisect_right(self._sentence_starts, token.i) - 1
        for back in range(index, max(index - count, -1), -1):
            yield self._sentences[back]

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

    def last_before(self, offset: int, fits: Callable[[Entity], bool]) -> Entity | None:
        """The entity of the last mention starting before `offset` that `fits`; None when there is none."""
        index = bisect.bisect_left(self.starts, offset) - 1
        while index >= 0:
            entity = self.spans[index][2]
            if fits(entity):
                return entity
            index -= 1
        return None

    def person_called(self, name: str) -> Entity | None:
        """The one person of the article whose name ends with these words ("Skelly" for "Bill Skelly"); None
        when no person or more than one does ("Clinton" with Bill and Hillary named)."""
        words = name.split()
        if not words:
            return None
        people = {id(e): e for _, _, e in self.spans if e.type == "PERSON" and e.name.split()[-len(words) :] == words}
        return next(iter(people.values())) if len(people) == 1 else None

    def for_token(self, token: Token) -> Entity | None:
        """The entity a token stands for: its own phrase's mention, or for a pronoun its antecedent."""
        if token.lower_ in PRONOUNS:
            return self.antecedent(token)
        own = self.at(token.idx, token.idx + len(token))
        if own is not None:
            return own
        # The whole subtree counts: "refugees fleeing the war in Liberia" are coded by the country named.
        if not self._named_within_edges(token):
            return None
        return self.at(*_subtree_extent(token))

    def _named_within_edges(self, token: Token) -> bool:
        """Whether a mention overlaps the words between the token's subtree's edges: when none does,
        `_subtree_extent`, which reads only between them, names nothing."""
        left, right = token.left_edge, token.right_edge
        return self.at(left.idx, right.idx + len(right)) is not None

    def named_in(self, token: Token, leave_out: Callable[[Token], bool] | None = None) -> Entity | None:
        """The entity named in the token's own noun phrase, leaving out clauses that hang from it (the place
        of "the first conversation since they met in Woodside" is not Woodside) and any dependent
        `leave_out` takes."""
        return self.at(token.idx, token.idx + len(token)) or self.at(*extent(_phrase(token, leave_out)))

    def antecedent(self, pronoun: Token) -> Entity | None:
        """The person a pronoun most likely means, of its gender: a named subject earlier in its sentence,
        else the subject of a recent sentence (the first of joined subjects: "Zelensky and Scholz signed ...
        He is due to"), else the last person named. An object pronoun never means its own clause's subject;
        the last other person named earlier in its sentence comes first then."""
        gender = PRONOUN_GENDERS.get(pronoun.lower_)
        self._read(pronoun.doc)
        text = self._text

        def fits(entity: Entity) -> bool:
            return entity.type == "PERSON" and (gender is None or self.gender(entity, text) != _other(gender))

        bound = _clause_subject_words(pronoun)
        doc, deps = pronoun.doc, doc_tree(pronoun.doc).deps  # (subjects found by index: few words are subjects)
        for sentence in self._sentences_back(pronoun, SUBJECT_LOOKBACK):
            for i in range(sentence.start, min(sentence.end, pronoun.i)):
                if deps[i] in SUBJECT_IDS and i not in bound and (token := doc[i]).lower_ not in PRONOUNS:
                    entity = self.at(*extent(_phrase(token)))
                    if entity is not None and fits(entity):
                        return entity
            if bound and sentence.start <= pronoun.i < sentence.end:
                binders = {id(self.at(*extent(_phrase(pronoun.doc[i])))) for i in bound}
                named = reversed(self.within(sentence.start_char, pronoun.idx))
                others = [e for _, _, e in named if id(e) not in binders and fits(e)]
                # one the article marks with the pronoun's gender first, then one it leaves unmarked
                marked = [e for e in others if gender is not None and self.gender(e, text) == gender]
                if marked or others:
                    return (marked or others)[0]
        return self.last_before(pronoun.idx, fits)

    def gender(self, person: Entity, text: str) -> str | None:
        """A person's gender as the article marks it: by an honorific before a mention ("Mrs. Murphy"), else by
        a given name nearly always of one sex; None when neither tells."""
        for start, _ in person.mentions:
            honorific = HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
            marked = genders("honorific_genders.tsv").get(honorific.group(1).lower()) if honorific else None
            if marked is not None:
                return marked
        return genders("given_name_genders.tsv").get(person.name.split()[0].lower()) if person.name else None


SUBJECT_LOOKBACK = 3  # sentences searched for a pronoun's antecedent, its own included


def _other(gender: str) -> str:
    return "f" if gender == "m" else "m"


def _clause_subject_words(pronoun: Token) -> set[int]:
    """The words of the subject of an object pronoun's own clause, borrowed from the clause above when it has
    none of its own; empty for a pronoun that is no object."""
    if pronoun.dep_ not in OBJECT_DEPS:
        return set()
    node = pronoun.head
    while True:
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return {t.i for subject in subjects for t in subject.subtree}
        if node.dep_ not in SUBJECT_BORROWING_DEPS or node.head.i == node.i:
            return set()
        node = node.head


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


# Words whose own place does not stretch a subtree's extent (their dependents still do).
OUTSIDE_EXTENT = ("relcl", "acl", "appos", "punct", "cc", "conj")


def _subtree_extent(token: Token) -> tuple[int, int]:
    """The character offsets of the token's subtree, from its first to its last word not of OUTSIDE_EXTENT
    (the token itself always counts). Read inwards from the subtree's edges, so that only the words at its
    ends are looked at; a word between the edges is in the subtree when its heads lead up to the token (a
    non-projective parse may put others there)."""
    doc, edges = token.doc, (token.left_edge.i, token.right_edge.i)

    def counts(t: Token) -> bool:
        return t.i == token.i or (t.dep_ not in OUTSIDE_EXTENT and (t.i in edges or token in t.ancestors))

    first = next(t for t in doc[edges[0] : token.i + 1] if counts(t))
    last = next(t for t in reversed(doc[token.i : edges[1] + 1]) if counts(t))
    return first.idx, last.idx + len(last)


def extent(tokens: Iterable[Token]) -> tuple[int, int]:
    """The character offsets from the first of these tokens to the end of the last."""
    tokens = list(tokens)
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
