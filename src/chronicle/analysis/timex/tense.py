"""Tense: whether the clause around a temporal expression speaks of the future, read from the parse."""

from __future__ import annotations

from spacy.tokens import Span, Token

FUTURE_AUXILIARIES = {"will", "'ll", "shall", "wo", "would", "might", "may", "could", "can", "should", "must"}

PAST_AUXILIARIES = {"was", "were", "had", "did"}

PRESENT_AUXILIARIES = {"is", "are", "am", "'s", "'re"}


def clause_future(sentence: Span, char: int) -> bool | None:
    """Whether the verb that governs the word at `char` (an offset in the sentence) speaks of the future:
    True for "will meet", "is leaving", "set to resume"; False for "met", "said", "has met", "was leaving";
    None where the parse gives no verb or only a bare present."""
    start = sentence.start_char + char
    span = sentence.doc.char_span(start, start + 1, alignment_mode="expand")  # a lookup, not a scan
    token = span[0] if span is not None and len(span) else None
    for _ in range(8):
        if token is None or token.pos_ in ("VERB", "AUX"):
            break
        token = None if token.head.i == token.i else token.head
    if token is None or token.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & FUTURE_AUXILIARIES:
        return True
    if token.tag_ == "VBD" or auxiliaries & PAST_AUXILIARIES or auxiliaries & {"has", "have", "'ve"}:
        return False
    if token.tag_ == "VB" and "to" in auxiliaries:
        # "set to resume Monday", "planned to leave on Thursday"; but "had been allowed to inspect since
        # Jan. 13" and "was kidnapped to make the trip" took place
        return not _past_auxiliary_above(token)
    if token.tag_ == "VBG" and auxiliaries & PRESENT_AUXILIARIES:
        return True  # "is leaving on Thursday"
    return None  # a bare present ("meets Friday", or a past verb the tagger took for one) cannot tell


def _past_auxiliary_above(token: Token) -> bool:
    """Whether the verb an infinitive depends on (through adjectives: "had been due to expire") is a past
    perfect or a past passive; "were planning to drive" and "did not plan to" still look ahead."""
    for _ in range(4):
        if token.head.i == token.i:
            return False
        token = token.head
        auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
        if "had" in auxiliaries or (token.tag_ == "VBN" and auxiliaries & PAST_AUXILIARIES):
            return True
        if token.pos_ == "VERB":
            return False
    return False
