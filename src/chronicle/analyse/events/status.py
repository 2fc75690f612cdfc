"""Status: whether the event occurred, is planned, hypothetical, negated, or claimed only by its own actor."""

from __future__ import annotations

from spacy.tokens import Token

from chronicle.analyse.events.actors import actor_of, is_state
from chronicle.analyse.events.clauses import is_reported
from chronicle.analyse.events.lexicon import SUBJECT_DEPS, lexicon
from chronicle.analyse.events.triggers import Trigger
from chronicle.analyse.mentions import MentionIndex
from chronicle.analyse.quotes import speech_verbs
from chronicle.records import EventActor, EventStatus


def event_status(trigger: Trigger) -> EventStatus:
    lex = lexicon()
    verb = trigger.verb
    chain = [verb]
    node = verb
    while (
        node.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acomp", "pcomp") and node.head.i != node.i and len(chain) < 4
    ):
        if node.dep_ == "ccomp":
            break  # a reported clause keeps its own status: "said Y met Z" is an occurrence
        node = node.head.head if node.dep_ == "pcomp" and node.head.dep_ == "prep" else node.head
        chain.append(node)
    for node in chain:
        children = list(node.children)
        if any(c.dep_ == "neg" for c in children):
            return "negated"
        if node is not verb and node.lemma_.lower() in lex.cancel_heads:
            return "negated"
    for node in chain:
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return "hypothetical"
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return "hypothetical"
    for node in chain:
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in lex.modal_future:
                return "planned"
            if child.dep_ == "aux" and child.lower_ == "would" and is_reported(node):
                return "planned"  # "said he would visit": the reported "will visit", shifted back
            if child.dep_ == "aux" and child.lower_ in lex.modal_hypothetical:
                return "hypothetical"
        if node is not verb and {node.lemma_.lower(), node.lower_} & lex.planning_heads:
            return "planned"
    # "is to meet", "is due to visit"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.head.lemma_ == "be":
        return "planned"
    if any(c.lemma_.lower() in ("plan", "schedule", "upcoming", "expected", "planned") for c in trigger.word.children):
        return "planned"
    return "occurred"


def claimed_by_its_actor(verb: Token, sources: tuple[EventActor, ...], mentions: MentionIndex) -> bool:
    """ "Beijing says it has shipped the aid", "Russia said its troops took the town": what only its own actor
    reports is a claim, not a checked occurrence. The reporter must be one of the event's actors, or the
    state whose forces or officials act, so "Sullivan met Wang, the White House said" stays an occurrence."""
    speech = (
        verb.head
        if is_reported(verb)
        else next(
            (c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in speech_verbs()), None
        )
    )
    if speech is None:
        return False
    speakers = [actor_of(c, mentions) for c in speech.children if c.dep_ in SUBJECT_DEPS]
    for speaker in filter(None, speakers):
        for source in sources:
            if speaker.key is not None and source.key == speaker.key:
                return True
            if is_state(speaker) and source.key is None and source.country == speaker.country:
                return True
    return False
