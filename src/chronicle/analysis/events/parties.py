"""Which words of a sentence fill an event's roles: its subjects, its objects and the parties its
prepositions name, and the pair earlier sentences named."""

from __future__ import annotations

from spacy.tokens import Token

from chronicle.analysis.events.actors import actor_of, is_state, owner_of
from chronicle.analysis.events.clauses import RELATIVE_PRONOUNS, REPORTED_PRONOUNS, under_background
from chronicle.analysis.events.lexicon import (
    MEANS_PREPOSITIONS,
    MODIFIER_DEPS,
    MOVEMENT_TYPES,
    NOUN_AGENT_PREPOSITIONS,
    NOUN_TARGET_PREPOSITIONS,
    OBJECT_DEPS,
    PLACE_PREPOSITIONS,
    SUBJECT_DEPS,
    TARGET_PREPOSITIONS,
    lexicon,
)
from chronicle.analysis.events.triggers import Trigger
from chronicle.analysis.mentions import MentionIndex
from chronicle.analysis.tree import doc_tree, label_ids
from chronicle.records import EventActor

MODIFIER_IDS = label_ids("nmod", "compound")


def _expand(token: Token) -> list[Token]:
    """A token and its conjuncts: "Biden and Xi" is two actors of one event. The small parser sometimes
    hangs the first of two people on the second ("Zelenskyy and German Chancellor Olaf Scholz": Zelenskyy a
    modifier inside Scholz's phrase, with the "and"): such a modifier is a conjunct too."""
    doc, deps = token.doc, doc_tree(token.doc).deps
    misparsed = [
        t
        for i in range(token.left_edge.i, token.i)  # (the words before it; those of its subtree count)
        if deps[i] in MODIFIER_IDS
        and (t := doc[i]).ent_type_ == "PERSON"
        and any(g.dep_ == "cc" and g.lower_ == "and" for g in t.children)
        and token in t.ancestors
    ]
    # "Joe Biden, Xi Jinping and Narendra Modi": the parser may take the second name of a list for an
    # apposition to the first; a named apposition that heads an "and" list is the list's next member
    listed = [
        t
        for a in token.children
        if a.dep_ == "appos"
        and a.pos_ == "PROPN"
        and a.ent_type_
        and any(g.dep_ == "cc" and g.lower_ == "and" for g in a.children)
        for t in (a, *a.conjuncts)
    ]
    return [*misparsed, token, *[c for c in token.conjuncts if c.i > token.i], *listed]


def _shares_the_passive(verb: Token) -> bool:
    """ "Was arrested and charged": a bare past participle joined to a passive verb is passive too. An
    infinitive or gerund ("was held in contempt for refusing"), or a finite verb ("was briefed, and flew"),
    has the borrowed subject as its doer."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def subjects_of(verb: Token) -> tuple[list[Token], bool]:
    """The verb's subjects, borrowed from the governing clause for "agreed to cooperate"; passive flag. A verb
    passive in its own form ("died after being shot", "refused to be questioned") is passive whatever the voice
    of the clause it borrows its subject from: that subject is what is done to."""
    current = verb
    own_passive = any(c.dep_ == "auxpass" for c in verb.children)
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                passive = own_passive or (child.dep_ == "nsubjpass" and (current is verb or _shares_the_passive(verb)))
                if current.dep_ == "relcl" and child.lower_ in RELATIVE_PRONOUNS:
                    return _expand(current.head), passive  # "Blinken, who met Wang Yi": whom it describes
                return _expand(child), passive
        controller = next((c for c in current.head.children if c.dep_ == "dobj"), None)
        if current.dep_ == "xcomp" and controller is not None and current.head.i != current.i:
            return _expand(controller), own_passive  # object control: "urged Israel to withdraw" - Israel
        if current.dep_ in ("xcomp", "conj", "advcl", "acomp") and current.head.i != current.i:
            current = current.head  # "agreed to cooperate", "is willing to withdraw"
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head  # "is committed to cooperating"
        else:
            break
    return [], False


def reporter_for_pronoun(token: Token) -> Token:
    """ "Syria says it will withdraw", "Bouteflika said he is prepared to": a pronoun subject of a reported
    clause is the reporter, when the clause that reports it has a named subject."""
    if token.lower_ not in REPORTED_PRONOUNS:
        return token
    node = token.head
    for _ in range(4):
        # Reported clauses only: in "they met since they first talked" the pronoun is not the reporter.
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
        reporter = next((c for c in node.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"), None)
        if reporter is not None:
            return reporter
    return token


def targets_of(trigger: Trigger) -> list[Token]:
    """The words that name whom the event is done to: the verb's objects (for a means verb, the party of its
    "from" or "to" phrase instead: "sent troops to Iraq"), the subject of a clause it demands or lets happen,
    and the objects of its target prepositions."""
    verb = trigger.verb
    found: list[Token] = []
    found.extend(t for tok in trigger.extra_targets for t in _expand(tok))
    children = list(verb.children)  # (read once: spaCy makes new Token objects each time)
    objects = [c for c in children if c.dep_ in OBJECT_DEPS and c.i != trigger.word.i]
    if verb.lemma_.lower() in lexicon().means_verbs:
        # "withdrew its troops from Lebanon", "sent troops to Iraq": the troops are the actor's own
        found.extend(
            t
            for holder in (verb, *objects)
            for child in holder.children
            if child.dep_ == "prep" and child.lower_ in MEANS_PREPOSITIONS
            for c in child.children
            if c.dep_ == "pobj"
            for t in _expand(c)
        )
        objects = []
    for child in objects:
        found.extend(_expand(child))
    for clause in children:
        if clause.dep_ not in ("ccomp", "xcomp"):
            continue
        # "demanded that the US cancel the sale": the one told to act; "allowed Ouattara to run", "urged
        # the EU to act": the one let or pressed to act, whatever the verb
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if (trigger.type == "REQUEST" and clause.dep_ == "ccomp") or (infinitive and not objects):
            found.extend(t for c in clause.children if c.dep_ in SUBJECT_DEPS for t in _expand(c))
    # the passive of a verb and its event noun ("sanctions were imposed on Iran") has the noun's "on" on the verb
    stated = trigger.word is not verb and trigger.word.dep_ == "nsubjpass"
    holders = [(children, NOUN_TARGET_PREPOSITIONS if stated else TARGET_PREPOSITIONS)]
    if trigger.word is not verb:
        holders.append((list(trigger.word.children), NOUN_TARGET_PREPOSITIONS))
    for holder_children, prepositions in holders:
        for child in holder_children:
            if child.dep_ == "prep" and child.lower_ in prepositions | {"between"}:
                found.extend(t for c in child.children if c.dep_ == "pobj" for t in _expand(c))
    return found


def bound_parties(verb: Token) -> tuple[list[Token], list[Token]] | None:
    """ "Committing France to support for Ukraine", "obliges Serbia to hand over suspects to The Hague": the
    object is bound to act, and acts on the parties its 'to' phrase names (the words there that are no party
    resolve to no actor). None when the verb binds no object."""
    bound = [t for c in verb.children if c.dep_ == "dobj" for t in _expand(c)]
    if not bound:
        return None
    parties = [
        t
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "to"
        for t in prep.subtree
        if t.dep_ in ("pobj", "poss", "dobj")
    ]
    return bound, parties


def passive_agents(verb: Token) -> list[Token]:
    """Who does what a passive verb says: the words of its "by" phrase ("was attacked by rebels")."""
    return [
        t
        for child in verb.children
        if child.dep_ == "agent"
        for c in child.children
        if c.dep_ == "pobj"
        for t in _expand(c)
    ]


def noun_agents(noun: Token, event_type: str) -> list[Token]:
    """Who does what an event noun names, by its own phrase: its "by" phrase ("an attack by rebels") or its
    "from" phrase ("calls from the United States"), but for a movement, whose "from" is where it leaves ("a
    withdrawal from Gaza")."""
    prepositions = {"by"} if event_type in MOVEMENT_TYPES else NOUN_AGENT_PREPOSITIONS
    return [
        t
        for child in noun.children
        if child.dep_ == "prep" and child.lower_ in prepositions
        for c in child.children
        if c.dep_ == "pobj"
        for t in _expand(c)
    ]


def refers_to_pair(token: Token) -> bool:
    """ "The two leaders", "both sides", "either leader": a phrase that points back to two actors already named."""
    return token.lemma_.lower() in lexicon().pair_nouns and any(
        c.lower_ in ("two", "both", "either", "each") and c.dep_ in ("nummod", "det", "predet", "amod")
        for c in token.children
    )


def first_party_after(
    trigger: Trigger, sources: tuple[EventActor, ...], mentions: MentionIndex
) -> tuple[EventActor, ...]:
    """When the parse gives an event no target, the first party with a country named after its trigger in
    the trigger's phrase, as the phrase-based coders (TABARI, PETRARCH) take the first actor of the verb
    phrase: "threatened to stop talks if the United States goes ahead", "offered to negotiate with the
    president of Armenia"; for an action that is the purpose of another ("sent experts to Bosnia to
    investigate"), then in that one's phrase. Passed over: words about an earlier happening; the places the
    event happens in, unless it acts on them ("shortened the curfew imposed in Sudan"); and the actors' own
    states ("signed an agreement committing France to ..."), which are no counterpart (their people may be:
    "reneged on his commitment to the Zambian people")."""
    verb = trigger.verb
    phrases = [(verb, max(verb.i, trigger.word.i))]
    if verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        phrases.append((verb.head, verb.head.i))
    own_countries = {a.country for a in sources}
    doc, tree = verb.doc, doc_tree(verb.doc)
    for holder, after in phrases:
        for i in tree.subtree(holder.i):
            if i <= after:
                continue
            token = doc[i]
            if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in MODIFIER_DEPS:
                continue
            place = token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS
            if under_background(token, holder) or (place and trigger.type not in lexicon().place_targeted):
                continue
            actor = actor_of(token, mentions) or owner_of(token, mentions)
            if actor is None or actor.country is None or actor in sources:
                continue
            if place or actor.country not in own_countries or not is_state(actor):
                return (actor,)
    return ()
