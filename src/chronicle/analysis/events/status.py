"""Status: whether the event occurred, is planned, hypothetical, negated, or claimed only by its own actor."""

from __future__ import annotations

from spacy.tokens import Token

from chronicle.analysis.events.actors import actor_of, is_state
from chronicle.analysis.events.clauses import is_reported
from chronicle.analysis.events.lexicon import SUBJECT_DEPS, Lexicon, cancels, lexicon
from chronicle.analysis.events.triggers import Trigger
from chronicle.analysis.mentions import MentionIndex
from chronicle.analysis.quotes import speech_verbs
from chronicle.records import EventActor, EventStatus

# The verb and at most three clauses above it ("agreed to meet", "is committed to cooperating") whose words
# give it its status.
STATUS_CHAIN_LENGTH = 4
# where a negative word negates the clause: its subject, its object, and what an existential "there is" states
NEGATED_ARGUMENT_DEPS = SUBJECT_DEPS | {"dobj", "attr"}
# the links of the status chain across which a clause's negation and arguments are the event's own: a
# complement ("did not agree to meet", "nobody agreed to meet"), not a clause of its own ("nobody was hurt
# when police arrested ...", "Russia did not comment, and police arrested ...")
SHARED_ARGUMENT_DEPS = {"xcomp", "pcomp", "acomp"}


def event_status(trigger: Trigger) -> EventStatus:
    """How the sentence tells the event, from the words of its verb and of the clauses that govern it:
    negated or cancelled, under a condition, planned or hypothetical by a modal or planning word, else
    occurred."""
    lex = lexicon()
    verb = trigger.verb
    chain = _status_chain(verb)
    if _negated(chain, verb, lex):
        return "negated"
    if _conditional(chain, verb):
        return "hypothetical"
    modal = _modal_status(chain, verb, lex)
    if modal is not None:
        return modal
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    # "is to meet", "is due to visit"
    if infinitive and verb.head.lemma_ == "be":
        return "planned"
    if infinitive and any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return "hypothetical"  # a for-to clause states no fact: "calls for Israel to withdraw"
    if any(c.lemma_.lower() in ("plan", "schedule", "upcoming", "expected", "planned") for c in trigger.word.children):
        return "planned"
    return "occurred"


def _status_chain(verb: Token) -> list[Token]:
    """The verb and the verbs above it whose clause it completes or joins ("agreed to meet"), not past a
    reported clause: "said Y met Z" lends Y's meeting no status of the saying."""
    chain = [verb]
    node = verb
    while (
        node.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acomp", "pcomp")
        and node.head.i != node.i
        and len(chain) < STATUS_CHAIN_LENGTH
    ):
        if node.dep_ == "ccomp":
            break  # a reported clause keeps its own status: "said Y met Z" is an occurrence
        node = node.head.head if node.dep_ == "pcomp" and node.head.dep_ == "prep" else node.head
        chain.append(node)
    return chain


def _negated(chain: list[Token], verb: Token, lex: Lexicon) -> bool:
    """Whether a verb of the chain is negated ("did not meet"), by a negative subject or object as well ("no
    one was arrested", "arrested nobody"), or one above the event's verb cancels or refuses it ("refused to
    meet", "failed to agree")."""
    own = True  # whether the node's clause is the event's own, or one it completes
    for node in chain:
        children = list(node.children)
        if own and any(c.dep_ == "neg" for c in children):
            return True
        if own and any(c.dep_ in NEGATED_ARGUMENT_DEPS and _negative(c, lex.negative_quantifiers) for c in children):
            return True
        if node is not verb and cancels(node, node.lemma_.lower()):
            return True
        # a joined verb with no subject of its own shares its head's ("no one was injured or arrested")
        own = own and (
            node.dep_ in SHARED_ARGUMENT_DEPS
            or (node.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in children))
        )
    return False


def _negative(argument: Token, quantifiers: frozenset[str]) -> bool:
    """Whether a subject or object is a negative pronoun ("nobody", "none of the protesters") or has a negative
    determiner ("no one", "no agreement")."""
    return argument.lower_ in quantifiers or any(c.dep_ == "det" and c.lower_ in quantifiers for c in argument.children)


def _conditional(chain: list[Token], verb: Token) -> bool:
    """Whether the event is under a condition: "if", "unless" or "whether" marks a clause of the chain, or the
    verb heads an "if" or "unless" adverbial clause."""
    for node in chain:
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return True
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


def _modal_status(chain: list[Token], verb: Token, lex: Lexicon) -> EventStatus | None:
    """Planned or hypothetical, as the first modal or planning verb up the chain says; None when there is none."""
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
    return None


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
