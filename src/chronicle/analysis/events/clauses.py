"""Clause structure the other components share: a clause's own tokens, reported and background clauses."""

from __future__ import annotations

from spacy.tokens import Token

from chronicle.analysis.quotes import speech_verbs
from chronicle.analysis.tree import doc_tree, label_ids

REPORTED_PRONOUNS = {"it", "he", "she", "they", "we"}


RELATIVE_PRONOUNS = {"who", "which", "that"}
BACKGROUND_MARKS = {"since"}
CONTENT_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl"}
# clauses with a verb of their own, as the parser's label ids
EMBEDDED_CLAUSE_IDS = label_ids("ccomp", "relcl", "advcl", "csubj")


def is_reported(verb: Token) -> bool:
    """Whether the clause is what a speech verb reports ("said that he would visit")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech_verbs()


def clause_tokens(verb: Token) -> set[int]:
    """Token indexes of the verb's clause, without clauses embedded under it that have their own verb (read
    by index: few of the words are ever needed as Token objects)."""
    tree = doc_tree(verb.doc)
    keep: set[int] = set()
    stack = [verb.i]
    while stack:
        node = stack.pop()
        keep.add(node)
        stack.extend(child for child in tree.children(node) if tree.deps[child] not in EMBEDDED_CLAUSE_IDS)
    return keep


def is_background(verb: Token) -> bool:
    """A clause that mentions an earlier happening in passing: "since they met in Bali". The sentence's
    other dates are the main happening's, not its own."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in verb.children)


def under_background(token: Token, verb: Token) -> bool:
    """Whether a word sits in a phrase about an earlier happening ("since their meeting in California")
    between it and the verb."""
    for ancestor in token.ancestors:
        if ancestor.i == verb.i:
            return False
        if ancestor.dep_ in ("prep", "mark") and ancestor.lower_ in BACKGROUND_MARKS:
            return True
    return False


def first_verb(token: Token) -> Token:
    """The verb a word hangs from (the word itself when it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # spaCy makes a new Token per access
        token = token.head
    return token
