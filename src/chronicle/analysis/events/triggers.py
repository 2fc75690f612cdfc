"""Trigger matching: the words of a sentence that name an event, and which trigger's clause is the content
of another's."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, POS
from spacy.tokens import Doc, Span, Token

from chronicle.analysis.cameo import cameo_lexicon, code_verb
from chronicle.analysis.events.clauses import CONTENT_DEPS
from chronicle.analysis.events.lexicon import OBJECT_DEPS, SUBJECT_DEPS, cancels, lexicon
from chronicle.analysis.quotes import speech_verbs
from chronicle.analysis.verb_types import verb_types, weigh


@dataclass
class Trigger:
    """A word that names an event, the PLOVER type it codes, and the clause head its actors and status are
    read from."""

    type: str
    verb: Token  # the clause head that carries status and actors
    word: Token  # the word that names the event (the verb, or the event noun)
    extra_targets: list[Token]
    # where the coding comes from: "lexicon" (Chronicle's own tables and rules), "cameo-pattern" (a CAMEO
    # verb pattern matched the verb phrase), "cameo-verb" (a CAMEO verb with none of its patterns matched)
    basis: str = "lexicon"


def _noun_lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lower_ != "talks" else "talks"


def _object_words(obj: Token) -> list[str]:
    """The lemmas an object is typed by: its own, then those of its compounds and of an "of" phrase, since
    the head is often a light noun ("a mediation effort", "ten days of war games")."""
    words = [_noun_lemma(obj)]
    for child in obj.children:
        if child.dep_ == "compound":
            words.append(child.lemma_.lower())
        elif child.dep_ == "prep" and child.lower_ == "of":
            for noun in (c for c in child.children if c.dep_ == "pobj"):
                words += [_noun_lemma(noun), *(c.lemma_.lower() for c in noun.children if c.dep_ == "compound")]
    return words


def verb_lemma(token: Token, known: frozenset[str]) -> str:
    """The verb's lemma, or the form a regular inflection gives when the small model's lemmatizer misses
    a verb the lexicon knows ("staged" → "stag")."""
    return _known_lemma(token.lower_, token.lemma_.lower(), known)


@lru_cache(maxsize=1 << 16)  # (verbs recur: each form is worked out once)
def _known_lemma(word: str, lemma: str, known: frozenset[str]) -> str:
    if lemma in known:
        return lemma
    for suffix, ending in (("d", ""), ("ed", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ied", "y")):
        if word.endswith(suffix) and word[: -len(suffix)] + ending in known:
            return word[: -len(suffix)] + ending
    return lemma


def _demand_by_obligation(verb: Token) -> Trigger | None:
    """ "Russia said Sudan must return the helicopter": a speaker saying that someone else must or should
    act demands it (the manual's DEMAND), whatever the act; the act is the demand's content."""
    if verb.lemma_.lower() not in speech_verbs():
        return None
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in lexicon().obligation_modals), None)
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if modal is not None and subject is not None and subject.pos_ != "PRON":
            return Trigger("REQUEST", verb, modal, [])
    return None


def _reports(verb: Token) -> bool:
    """ "Trump claimed the documents were privileged", "officers claimed to be seeking a bomb": a reporting
    verb with a clause of content reports; what happened is in the content. Only a CAMEO pattern that
    names more than the verb ("claimed responsibility for") makes it an event of its own."""
    return verb.lemma_.lower() in speech_verbs() and any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)


# the clauses a for-to infinitive stands as ("called for the talks to resume")
FOR_TO_CLAUSE_DEPS = {"advcl", "ccomp", "xcomp", "acl"}


# A verb names a happening when it heads a clause; "according to", "including" are prepositions in verb form.
CLAUSE_HEADS = {"ROOT", "conj", "parataxis", "xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl"}


CANDIDATES_KEY = "chronicle.trigger_candidates"
WORDS_KEPT = 1 << 16  # (form, lemma, noun) answers kept


@lru_cache(maxsize=1)
def _event_words(*tables: int) -> dict[tuple[int, int, bool], bool]:
    """Whether a word can name an event, by its lower-case form's and lemma's string hashes (murmurhash of
    the string, the same in every document) and whether it is a noun: each looked up in the tables once a
    process. One memo for the tables (by identity) it was read from."""
    return {}


def _stated_by_its_noun(noun: Token) -> Trigger | None:
    """An event noun whose clause states the happening: as subject of an occurrence verb ("the meeting took
    place"), as passive subject of a verb its object types ("sanctions were imposed", "talks were held": the
    passive of "imposed sanctions"), as what an existential "there is" states ("there were protests")."""
    lex, word, head = lexicon(), _noun_lemma(noun), noun.head
    typed = lex.verb_objects.get(verb_lemma(head, lex.known_verbs), {}) if noun.dep_ == "nsubjpass" else {}
    if word in typed:  # (before the occurrence verbs: "talks were ended" is the ending of talks)
        return Trigger(typed[word], head, noun, [])
    existential = noun.dep_ == "attr" and head.lemma_ == "be" and any(c.dep_ == "expl" for c in head.children)
    occurring = noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex.occurrence_verbs
    if word not in lex.nouns or not (occurring or existential):
        return None
    # a noun typed by its preposition as its verb is: "calls for Israel to withdraw" are demands
    prepositions = lex.verbs_with_preposition.get(word, {})
    particle = typing_particle(noun, prepositions) if prepositions else None
    return Trigger(prepositions[particle.lower_] if particle is not None else lex.nouns[word], head, noun, [])


def _may_name_event(lower: str, lemma: str, noun: bool) -> bool:
    """Whether a verb, or a noun where `_stated_by_its_noun` reads one, with these forms is in any table
    `find_triggers` reads it by."""
    lex = lexicon()
    if noun:
        word = lower if lower == "talks" else lemma
        return word in lex.nouns or word in lex.typed_objects
    known = _known_lemma(lower, lemma, lex.known_verbs)
    return (
        known in lex.verb_objects
        or known in lex.verbs_with_preposition
        or known in lex.verbs
        or cameo_lexicon().may_code(lemma, lower)
        or lemma in speech_verbs()
    )


def _candidates(doc: Doc) -> list[int]:
    """The indices of the document's tokens that could be a trigger: verbs, auxiliaries and nouns that are
    subjects or predicates ("there were protests"), whose words a table knows. Read once a document from its
    arrays, so that the other words (most of them) are never made Token objects."""
    found = doc.user_data.get(CANDIDATES_KEY)
    if found is None:
        strings = doc.vocab.strings
        rows = doc.to_array([POS, DEP, LOWER, LEMMA])
        pos, dep = rows[:, 0], rows[:, 1]
        verbs = (pos == strings["VERB"]) | (pos == strings["AUX"])
        subjects = (pos == strings["NOUN"]) & (
            (dep == strings["nsubj"]) | (dep == strings["nsubjpass"]) | (dep == strings["attr"])
        )
        lowers, lemmas, nouns = rows[:, 2].tolist(), rows[:, 3].tolist(), subjects.tolist()
        memo = _event_words(id(lexicon()), id(cameo_lexicon()), id(speech_verbs()))
        found = []
        for i in np.flatnonzero(verbs | subjects).tolist():
            key = (lowers[i], lemmas[i], nouns[i])
            known = memo.get(key)
            if known is None:
                if len(memo) >= WORDS_KEPT:
                    memo.clear()
                known = memo[key] = _may_name_event(strings[key[0]], strings[key[1]].lower(), key[2])
            if known:
                found.append(i)
        doc.user_data[CANDIDATES_KEY] = found
    return found


def find_triggers(sentence: Span) -> list[Trigger]:
    """The sentence's triggers, at most one a word, in its order: an event noun its clause states (whose verb
    is then no event of its own), a verb typed by its object or preposition, a lexicon verb, a verb CAMEO
    codes, a speaker's "must"."""
    doc = sentence.doc
    candidates = _candidates(doc)
    tokens = [
        doc[i] for i in candidates[bisect_left(candidates, sentence.start) : bisect_left(candidates, sentence.end)]
    ]
    stated = {t.i: noun for t in tokens if t.pos_ == "NOUN" and (noun := _stated_by_its_noun(t)) is not None}
    stating = {trigger.verb.i for trigger in stated.values()}
    named = (
        stated.get(token.i) if token.pos_ == "NOUN" else None if token.i in stating else _verb_trigger(token)
        for token in tokens
    )
    return [trigger for trigger in named if trigger is not None]


def _dates(preposition: Token) -> bool:
    """Whether a preposition's object is a date or time, all of it ("on Monday"; "for a day of mourning" is
    no date)."""
    return any(
        c.dep_ == "pobj" and all(t.ent_type_ in ("DATE", "TIME") for t in c.subtree) for c in preposition.children
    )


def typing_particle(verb: Token, prepositions: dict[str, str]) -> Token | None:
    """The preposition or particle of `prepositions` that types the verb ("spoke with", "blew up"), also as the
    "for" that opens its clause ("called for his death to be investigated": a for-to infinitive, whose "for"
    the parser marks as the clause's)."""
    for child in verb.children:
        # a preposition that dates the verb is no part of it: "called Xi on Monday" is no "call on"
        if child.dep_ in ("prep", "prt") and child.lower_ in prepositions and not _dates(child):
            return child
    if "for" not in prepositions:
        return None
    for clause in verb.rights:
        if clause.dep_ in FOR_TO_CLAUSE_DEPS and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
            mark = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"), None)
            if mark is not None:
                return mark
    return None


def _verb_trigger(token: Token) -> Trigger | None:
    """The trigger a verb or auxiliary names, if any (see `find_triggers`)."""
    pos = token.pos_
    if pos not in ("VERB", "AUX"):
        return None
    lex, cameo = lexicon(), cameo_lexicon()
    lemma = verb_lemma(token, lex.known_verbs)
    typed = lex.verb_objects.get(lemma)
    typed_object = (
        next(
            ((c, word) for c in token.children if c.dep_ in OBJECT_DEPS for word in _object_words(c) if word in typed),
            None,
        )
        if typed
        else None
    )
    if typed is not None and typed_object is not None:
        return Trigger(typed[typed_object[1]], token, typed_object[0], [])
    prepositions = lex.verbs_with_preposition.get(lemma, {})
    preposition = typing_particle(token, prepositions) if prepositions else None
    if preposition is not None:
        # its object, or the subject of the clause it opens ("called for Israel to withdraw")
        targets = [c for c in preposition.children if c.dep_ == "pobj"] or [
            c for c in preposition.head.children if c.dep_ in SUBJECT_DEPS
        ]
        return Trigger(prepositions[preposition.lower_], token, token, targets)
    if lemma in lex.verbs and pos == "VERB" and not any(c.dep_ == "oprd" for c in token.children):
        # (with an object predicate the verb names or describes: "what the White House called talks")
        return Trigger(lex.verbs[lemma], token, token, [])
    # a planning or cancelling verb sets the status of the event it governs ("plans to visit"): its
    # content is the event, not the verb (CAMEO would code the plan as an intent, PLOVER's AGREE)
    modal = lemma in lex.planning_heads or cancels(token, lemma)
    match = code_verb(token, cameo) if pos == "VERB" and token.dep_ in CLAUSE_HEADS and not modal else None
    if (
        match is not None
        and not any(c.dep_ == "oprd" for c in token.children)
        and not (match.pattern_size == 0 and _reports(token))
    ):
        particle = match.particle
        targets = [c for c in particle.children if c.dep_ == "pobj"] if particle is not None else []
        event_type = (
            match.plover.type if match.pattern_size else weigh(token.lemma_.lower(), match.plover.type, verb_types())
        )
        return Trigger(event_type, token, token, targets, "cameo-pattern" if match.pattern_size else "cameo-verb")
    return _demand_by_obligation(token)


def governor_of(trigger: Trigger, triggers: list[Trigger]) -> tuple[Trigger, bool] | None:
    """The trigger whose clause this one's clause is the content or purpose of ("threatened to deliver
    blows", "staged demonstrations to demand reforms", "its demand that Israel ease restrictions"), and
    whether the path is all content (a relative clause on the way describes a happening of its own). A
    conjunct shares the governor of the event it is joined to ("opened fire, killing one and arresting 12")."""
    heads = {t.verb.i: t for t in triggers if t is not trigger} | {t.word.i: t for t in triggers if t is not trigger}
    node, crossed, described = trigger.verb, False, False
    for _ in range(6):
        if node.head.i == node.i:
            return None
        crossed = crossed or node.dep_ in CONTENT_DEPS
        described = described or node.dep_ == "relcl"
        node = node.head
        if node.i in heads and node.i != trigger.word.i and crossed:
            return heads[node.i], not described
    return None
