"""The coder's language data (data/plover_triggers.json) and the dependency labels its rules read, and how
a status turns a Chronicle event into the PLOVER category a coder gives the sentence."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from chronicle.data import data_json

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}


TARGET_PREPOSITIONS = {"with", "to", "against"}


# an event noun also takes its target with "on" and "into": "sanctions on Iran", "an inquiry into the army"
NOUN_TARGET_PREPOSITIONS = TARGET_PREPOSITIONS | {"on", "into"}


MEANS_PREPOSITIONS = {"from", "to", "into", "against"}


# an event noun's own agent (the by-phrase of a nominal, Grimshaw 1990; "from" the one a call, a demand or aid
# comes from); not for a movement, whose "from" is where it leaves
NOUN_AGENT_PREPOSITIONS = {"by", "from"}
MOVEMENT_TYPES = {"RETREAT", "MOBILIZE"}


PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "inside"}


MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "appos"}  # words inside a noun phrase led by another


SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}


# PLOVER files a statement of intent by what it intends: to cooperate is AGREE, to act against someone is
# THREATEN; a refusal to cooperate is REJECT (the manual's AGREE, THREATEN and REJECT definitions).
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "AGREE"})


COERCIVE = frozenset({"SANCTION", "COERCE", "ASSAULT", "FIGHT", "MOBILIZE", "PROTEST"})


def plover_category(event_type: str, status: str) -> str:
    """The PLOVER category a coder gives the sentence: Chronicle keeps "will meet" as a planned CONSULT so
    that it can merge with the meeting when held; PLOVER codes the announcement itself, an AGREE."""
    if status in ("planned", "hypothetical"):
        if event_type in COOPERATIVE:
            return "AGREE"
        if event_type in COERCIVE:
            return "THREATEN"
    if status == "negated" and event_type in COOPERATIVE:
        return "REJECT"
    return event_type


@dataclass(frozen=True)
class Lexicon:
    """The event coder's word lists and tables from data/plover_triggers.json: trigger verbs and nouns with
    their PLOVER types, and the words the status, party and sense rules look for."""

    verbs: dict[str, str]
    verb_objects: dict[str, dict[str, str]]
    verbs_with_preposition: dict[str, dict[str, str]]
    nouns: dict[str, str]
    occurrence_verbs: frozenset[str]
    planning_heads: frozenset[str]
    cancel_heads: frozenset[str]
    phrasal_cancel_verbs: frozenset[str]  # the verbs of the two-word cancel heads ("call" of "call off")
    modal_hypothetical: frozenset[str]
    modal_future: frozenset[str]
    obligation_modals: frozenset[str]
    pair_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    place_targeted: frozenset[str]
    means_verbs: frozenset[str]
    minority_markers: frozenset[str]
    stative_passives: frozenset[str]
    facility_heads: frozenset[str]
    place_visits: frozenset[str]
    guest_verbs: frozenset[str]
    attempt_verbs: frozenset[str]
    inquiry_verbs: frozenset[str]
    authority_verbs: frozenset[str]
    negative_quantifiers: frozenset[str]
    travel_verbs: frozenset[str]
    binding_verbs: frozenset[str]
    reciprocal_verbs: frozenset[str]
    known_verbs: frozenset[str]  # every verb the tables above name
    typed_objects: frozenset[str]  # every noun that types a verb in `verb_objects`


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The event coder's language data, read once per process."""
    data = data_json("plover_triggers.json")
    return Lexicon(
        verbs=data["verbs"],
        verb_objects=data["verb_objects"],
        verbs_with_preposition=data["verbs_with_preposition"],
        nouns=data["nouns"],
        occurrence_verbs=frozenset(data["occurrence_verbs"]),
        planning_heads=frozenset(data["planning_heads"]),
        cancel_heads=frozenset(data["cancel_heads"]),
        phrasal_cancel_verbs=frozenset(head.split()[0] for head in data["cancel_heads"] if " " in head),
        modal_hypothetical=frozenset(data["modal_hypothetical"]),
        modal_future=frozenset(data["modal_future"]),
        obligation_modals=frozenset(data["obligation_modals"]),
        pair_nouns=frozenset(data["pair_nouns"]),
        collective_nouns=frozenset(data["collective_nouns"]),
        place_targeted=frozenset(data["place_targeted"]),
        means_verbs=frozenset(data["means_verbs"]),
        minority_markers=frozenset(data["minority_markers"]),
        stative_passives=frozenset(data["stative_passives"]),
        facility_heads=frozenset(data["facility_heads"]),
        place_visits=frozenset(data["place_visits"]),
        guest_verbs=frozenset(data["guest_verbs"]),
        attempt_verbs=frozenset(data["attempt_verbs"]),
        inquiry_verbs=frozenset(data["inquiry_verbs"]),
        authority_verbs=frozenset(data["authority_verbs"]),
        negative_quantifiers=frozenset(data["negative_quantifiers"]),
        travel_verbs=frozenset(data["travel_verbs"]),
        binding_verbs=frozenset(data["binding_verbs"]),
        reciprocal_verbs=frozenset(data["reciprocal_verbs"]),
        known_verbs=frozenset(data["verbs"])
        | frozenset(data["verb_objects"])
        | frozenset(data["verbs_with_preposition"]),
        typed_objects=frozenset(noun for nouns in data["verb_objects"].values() for noun in nouns),
    )


def cancels(verb: Token, lemma: str) -> bool:
    """Whether a verb (of lemma `lemma`) cancels or refuses what it governs ("refused to meet", "called off
    the talks"): its lemma, or its lemma with its particle, is a cancel head."""
    lex = lexicon()
    if lemma in lex.cancel_heads:
        return True
    # (the particles are read only for the verbs of a two-word head: this is asked of every candidate verb)
    return lemma in lex.phrasal_cancel_verbs and any(
        c.dep_ == "prt" and f"{lemma} {c.lower_}" in lex.cancel_heads for c in verb.children
    )
