"""Events: who did what to whom, typed with PLOVER, from the dependency parse of each sentence.

A trigger is a verb from the lexicon (data/plover_triggers.json), a verb with a typed object ("held talks",
"imposed sanctions") or with a typed preposition ("spoke with"); a clause-head verb the lexicon does not know
is coded by PETRARCH-2's CAMEO dictionary (chronicle.analyse.cameo). An event needs a political actor as its
source, or, with no source named, as its target: "received brain surgery" is no event. Its actors are the subjects and objects of
its own clause, so "X said Y met Z" codes Y meeting Z, never X. Status comes from modals, negation, planning
verbs and conditional clauses; the date from the temporal expressions of the trigger's clause.

When one trigger's clause is the content or purpose of another's ("threatened to deliver blows", "staged
protests to demand reforms"), the governing event is the happening the sentence reports and outranks its
content. Actors no word places (an unknown official, "rebels", "the government") belong to the country the
article names most.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from chronicle.analyse.cameo import cameo_lexicon, code_verb
from chronicle.analyse.contexts import contexts_of
from chronicle.analyse.entities import article_countries
from chronicle.analyse.mentions import MentionIndex, extent
from chronicle.analyse.places import resolve_place
from chronicle.analyse.quotes import speech_verbs
from chronicle.analyse.registry import RoleNoun, registry
from chronicle.analyse.verb_types import verb_types, weigh
from chronicle.records import ActorSpan, Entity, EventActor, EventMention, Place, Timex

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
TARGET_PREPOSITIONS = {"with", "to", "against"}
# an event noun also takes its target with "on" and "into": "sanctions on Iran", "an inquiry into the army"
NOUN_TARGET_PREPOSITIONS = TARGET_PREPOSITIONS | {"on", "into"}
MEANS_PREPOSITIONS = {"from", "to", "into", "against"}
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
    verbs: dict[str, str]
    verb_objects: dict[str, dict[str, str]]
    verbs_with_preposition: dict[str, dict[str, str]]
    nouns: dict[str, str]
    occurrence_verbs: frozenset[str]
    planning_heads: frozenset[str]
    cancel_heads: frozenset[str]
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
    binding_verbs: frozenset[str]
    reciprocal_verbs: frozenset[str]
    known_verbs: frozenset[str]  # every verb the tables above name


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("chronicle.data").joinpath("plover_triggers.json").read_text("utf-8"))
    return Lexicon(
        verbs=data["verbs"],
        verb_objects=data["verb_objects"],
        verbs_with_preposition=data["verbs_with_preposition"],
        nouns=data["nouns"],
        occurrence_verbs=frozenset(data["occurrence_verbs"]),
        planning_heads=frozenset(data["planning_heads"]),
        cancel_heads=frozenset(data["cancel_heads"]),
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
        binding_verbs=frozenset(data["binding_verbs"]),
        reciprocal_verbs=frozenset(data["reciprocal_verbs"]),
        known_verbs=frozenset(data["verbs"]) | frozenset(data["verb_objects"]) | frozenset(data["verbs_with_preposition"]),
    )


@dataclass
class Trigger:
    type: str
    verb: Token  # the clause head that carries status and actors
    word: Token  # the word that names the event (the verb, or the event noun)
    extra_targets: list[Token]


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


def _verb_lemma(token: Token, known: frozenset[str]) -> str:
    """The verb's lemma, or the form a regular inflection gives when the small model's lemmatizer misses
    a verb the lexicon knows ("staged" → "stag")."""
    lemma = token.lemma_.lower()
    if lemma in known:
        return lemma
    word = token.lower_
    for suffix, ending in (("d", ""), ("ed", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ied", "y")):
        if word.endswith(suffix) and word[: -len(suffix)] + ending in known:
            return word[: -len(suffix)] + ending
    return lemma


def _demand_by_obligation(verb: Token) -> Trigger | None:
    """"Russia said Sudan must return the helicopter": a speaker saying that someone else must or should
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


# A verb names a happening when it heads a clause; "according to", "including" are prepositions in verb form.
CLAUSE_HEADS = {"ROOT", "conj", "parataxis", "xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl"}


def find_triggers(sentence: Span) -> list[Trigger]:
    lex, cameo, senses = lexicon(), cameo_lexicon(), verb_types()
    triggers: list[Trigger] = []
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass")):
            continue
        if token.pos_ == "NOUN":
            # "The meeting took place in Geneva": an event noun as subject of an occurrence verb.
            if _noun_lemma(token) in lex.nouns and token.head.lemma_.lower() in lex.occurrence_verbs:
                triggers.append(Trigger(lex.nouns[_noun_lemma(token)], token.head, token, []))
            continue
        lemma = _verb_lemma(token, lex.known_verbs)
        objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
        typed = lex.verb_objects.get(lemma, {})
        typed_object = next(((c, word) for c in objects for word in _object_words(c) if word in typed), None)
        if typed_object is not None:
            triggers.append(Trigger(typed[typed_object[1]], token, typed_object[0], []))
            continue
        prepositions = lex.verbs_with_preposition.get(lemma, {})
        preposition = next((c for c in token.children if c.dep_ in ("prep", "prt") and c.lower_ in prepositions), None)
        if preposition is not None:
            targets = [c for c in preposition.children if c.dep_ == "pobj"]
            triggers.append(Trigger(prepositions[preposition.lower_], token, token, targets))
            continue
        if lemma in lex.verbs and token.pos_ == "VERB" and not any(c.dep_ == "oprd" for c in token.children):
            # (with an object predicate the verb names or describes: "what the White House called talks")
            triggers.append(Trigger(lex.verbs[lemma], token, token, []))
            continue
        # a planning or cancelling verb sets the status of the event it governs ("plans to visit"): its
        # content is the event, not the verb (CAMEO would code the plan as an intent, PLOVER's AGREE)
        modal = lemma in lex.planning_heads or lemma in lex.cancel_heads
        match = code_verb(token, cameo) if token.pos_ == "VERB" and token.dep_ in CLAUSE_HEADS and not modal else None
        if match is not None and not any(c.dep_ == "oprd" for c in token.children):
            particle = match.particle
            targets = [c for c in particle.children if c.dep_ == "pobj"] if particle is not None else []
            event_type = match.plover.type if match.pattern_size else weigh(token.lemma_.lower(), match.plover.type, senses)
            triggers.append(Trigger(event_type, token, token, targets))
            continue
        demand = _demand_by_obligation(token)
        if demand is not None:
            triggers.append(demand)
    return triggers


CONTENT_DEPS = {"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl"}


def _governor(trigger: Trigger, triggers: list[Trigger]) -> tuple[Trigger, bool] | None:
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


def _expand(token: Token) -> list[Token]:
    """A token and its conjuncts: "Biden and Xi" is two actors of one event. The small parser sometimes
    hangs the first of two people on the second ("Zelenskyy and German Chancellor Olaf Scholz": Zelenskyy a
    modifier inside Scholz's phrase, with the "and"): such a modifier is a conjunct too."""
    misparsed = [t for t in token.subtree if t.i < token.i and t.dep_ in ("nmod", "compound")
                 and t.ent_type_ == "PERSON" and any(g.dep_ == "cc" and g.lower_ == "and" for g in t.children)]
    # "Joe Biden, Xi Jinping and Narendra Modi": the parser may take the second name of a list for an
    # apposition to the first; a named apposition that heads an "and" list is the list's next member
    listed = [t for a in token.children if a.dep_ == "appos" and a.pos_ == "PROPN" and a.ent_type_
              and any(g.dep_ == "cc" and g.lower_ == "and" for g in a.children) for t in (a, *a.conjuncts)]
    return [*misparsed, token, *[c for c in token.conjuncts if c.i > token.i], *listed]


def _subjects(verb: Token) -> tuple[list[Token], bool]:
    """The verb's subjects, borrowed from the governing clause for "agreed to cooperate"; passive flag."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                passive = child.dep_ == "nsubjpass"
                if current.dep_ == "relcl" and child.lower_ in RELATIVE_PRONOUNS:
                    return _expand(current.head), passive  # "Blinken, who met Wang Yi": whom it describes
                return _expand(child), passive
        if current.dep_ in ("xcomp", "conj", "advcl", "acomp") and current.head.i != current.i:
            current = current.head  # "agreed to cooperate", "is willing to withdraw"
        elif current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head  # "is committed to cooperating"
        else:
            break
    return [], False


REPORTED_PRONOUNS = {"it", "he", "she", "they", "we"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
BACKGROUND_MARKS = {"since"}


def _reporter_for_pronoun(token: Token) -> Token:
    """"Syria says it will withdraw", "Bouteflika said he is prepared to": a pronoun subject of a reported
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


def _targets(trigger: Trigger) -> list[Token]:
    verb = trigger.verb
    found: list[Token] = []
    found.extend(t for tok in trigger.extra_targets for t in _expand(tok))
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c is not trigger.word]
    if verb.lemma_.lower() in lexicon().means_verbs:
        # "withdrew its troops from Lebanon", "sent troops to Iraq": the troops are the actor's own
        found.extend(t for holder in (verb, *objects) for child in holder.children
                     if child.dep_ == "prep" and child.lower_ in MEANS_PREPOSITIONS
                     for c in child.children if c.dep_ == "pobj" for t in _expand(c))
        objects = []
    for child in objects:
        found.extend(_expand(child))
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp"):
            continue
        # "demanded that the US cancel the sale": the one told to act; "allowed Ouattara to run", "urged
        # the EU to act": the one let or pressed to act, whatever the verb
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if (trigger.type == "REQUEST" and clause.dep_ == "ccomp") or (infinitive and not objects):
            found.extend(t for c in clause.children if c.dep_ in SUBJECT_DEPS for t in _expand(c))
    holders = [(verb, TARGET_PREPOSITIONS)]
    if trigger.word is not verb:
        holders.append((trigger.word, NOUN_TARGET_PREPOSITIONS))
    for holder, prepositions in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in prepositions | {"between"}:
                found.extend(t for c in child.children if c.dep_ == "pobj" for t in _expand(c))
    return found


def _bound_parties(verb: Token) -> tuple[list[Token], list[Token]] | None:
    """"Committing France to support for Ukraine", "obliges Serbia to hand over suspects to The Hague": the
    object is bound to act, and acts on the parties its 'to' phrase names (the words there that are no party
    resolve to no actor). None when the verb binds no object."""
    bound = [t for c in verb.children if c.dep_ == "dobj" for t in _expand(c)]
    if not bound:
        return None
    parties = [t for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "to"
               for t in prep.subtree if t.dep_ in ("pobj", "poss", "dobj")]
    return bound, parties


def _first_party_after(trigger: Trigger, sources: tuple[EventActor, ...],
                       mentions: MentionIndex) -> tuple[EventActor, ...]:
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
    for holder, after in phrases:
        for token in holder.subtree:
            if token.i <= after or token.pos_ not in ("NOUN", "PROPN") or token.dep_ in MODIFIER_DEPS:
                continue
            place = token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS
            if _under_background(token, holder) or (place and trigger.type not in lexicon().place_targeted):
                continue
            actor = _actor(token, mentions) or _owner(token, mentions)
            if actor is None or actor.country is None or actor in sources:
                continue
            if place or actor.country not in own_countries or not _is_state(actor):
                return (actor,)
    return ()


def _role_noun(token: Token) -> RoleNoun | None:
    """The role a noun names, alone or with the words compounded before it ("national security adviser")."""
    words = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")]
    nouns = registry().role_nouns
    return nouns.get(" ".join([*words, token.lower_])) or nouns.get(token.lemma_.lower())


def _passive_agents(verb: Token) -> list[Token]:
    return [t for child in verb.children if child.dep_ == "agent" for c in child.children if c.dep_ == "pobj"
            for t in _expand(c)]


def _counted(token: Token) -> Token:
    """The group a collective phrase counts: "thousands of university students" are students."""
    while token.lemma_.lower() in lexicon().collective_nouns:
        counted = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"), None)
        if counted is None:
            break
        token = counted
    return token


def _actor(token: Token, mentions: MentionIndex) -> EventActor | None:
    token = _counted(token)
    if any(c.dep_ == "amod" and c.lower_ in lexicon().minority_markers for c in token.children):
        return _minority(token, mentions.countries)
    entity = mentions.for_token(token)
    role = _role_noun(token)
    named_further_on = entity is not None and mentions.at(token.idx, token.idx + len(token)) is None
    if (role is not None and named_further_on and entity.type == "PERSON"
            and any(c.dep_ == "poss" for c in token.children)):
        # "Xi's spokesman": someone serving the person named, of their country, not that person
        phrase = token.doc[min(t.i for t in token.subtree if t.dep_ != "det"): token.i + 1].text
        return EventActor(phrase, None, None, entity.actor.country, role.sector)
    # A name further on in the phrase stands for a group ("refugees fleeing the war in Liberia"), unless its
    # own words place it elsewhere ("Albanian rebels in Macedonia").
    if named_further_on and _modifier_country(token) not in (None, entity.actor.country):
        described = _described_actor(token)
        if described is not None:
            return described
    if (entity is not None and entity.type not in ("LOC", "FAC") and not token.text.isupper()
            and (entity.name.split()[-1].lower() not in lexicon().facility_heads
                 or registry().country_of_word(entity.name) is not None)):
        # (places, the capitalised place of a dateline, and structures the tagger took for organisations,
        # "the Francis Scott Key Bridge", are not actors; a seat of government, "Downing Street", stands for
        # its government)
        actor = _entity_actor(entity)
        if actor is not None and actor.country is None:
            # "Iraqi Kurds": a people or group with no country of its own takes the one its phrase names;
            # "the Umma party": an unknown organisation is what its head noun says
            role = registry().role_nouns.get(token.lemma_.lower())
            actor = replace(actor, country=_modifier_country(token), sector=actor.sector or (role and role.sector))
        if actor is not None:
            return actor
    # "The government of Sindh province": the role noun is the actor, not the place inside its phrase
    return _described_actor(token)


OWNER_PREPOSITIONS = {"of", "from", "by", "for"} | TARGET_PREPOSITIONS


def _owner(token: Token, mentions: MentionIndex) -> EventActor | None:
    """The actor behind an object that is no actor itself: whose proposal was rejected ("an Indian
    proposal", "an appeal from President Gbagbo"), whose removal was demanded ("the removal of President
    Habyarimana"), whom it is meant for ("military aid to Mozambique", "a camp for Congolese refugees"), who
    did it ("crimes committed by Croat forces")."""
    for child in token.children:
        if child.dep_ == "poss":
            return _actor(child, mentions)
        if child.dep_ == "acl":  # "crimes committed by Croat forces"
            child = next((c for c in child.children if c.dep_ == "agent"), child)
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS):
            named = next((c for c in child.children if c.dep_ == "pobj"), None)
            if named is not None:
                return _actor(named, mentions)
    country = _modifier_country(token)
    return _country_actor(country, None) if country is not None else None


def _political(actor: EventActor) -> bool:
    """A political actor (PLOVER's entities), judged on its own words before the article's country is lent
    to it: one the registry knows (a state, a known person or organisation), one with a sector (a
    government, a party, an armed group, the police, a person in a public role), or a named population
    ("Kenyan teachers"). A name alone, with no role and no country, is not one."""
    return bool(actor.actor_id or actor.sector or actor.country)


def _is_state(actor: EventActor) -> bool:
    """Whether the actor is a country's state itself ("China", "Beijing"), not someone of that country."""
    return actor.actor_id is not None and actor.actor_id == actor.country


def _country_actor(country: str, sector: str | None) -> EventActor:
    return EventActor(registry().actors[country].name, country, country, country, sector)


def _entity_actor(entity: Entity) -> EventActor | None:
    if entity.type == "GPE" and entity.actor.actor_id is None:
        # A country or its capital stands for its government ("The PRC said", "Beijing said"); any other
        # city is no actor.
        country = registry().country_of_word(entity.name)
        return _country_actor(country, "GOV") if country is not None else None
    actor = entity.actor
    country = actor.country or (registry().country_of_word(entity.name) if entity.type == "NORP" else None)
    return EventActor(entity.name, entity.key, actor.actor_id, country, actor.sector)


def _refers_to_pair(token: Token) -> bool:
    """"The two leaders", "both sides", "either leader": a phrase that points back to two actors already named."""
    return token.lemma_.lower() in lexicon().pair_nouns and any(
        c.lower_ in ("two", "both", "either", "each") and c.dep_ in ("nummod", "det", "predet", "amod") for c in token.children)


def _made_at_a_place(token: Token, mentions: MentionIndex) -> bool:
    """"Signed an agreement in Paris": a thing (a singular common noun naming no role) whose only name is
    the place it was made at names no party; the place is the event's venue. Groups keep the place that
    names them ("refugees in Liberia")."""
    if token.tag_ != "NN" or mentions.at(token.idx, token.idx + len(token)) is not None or (
            registry().role_nouns.get(token.lemma_.lower())):
        return False
    entity = mentions.for_token(token)
    venues = [extent(c.subtree) for c in token.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS]
    return entity is not None and any(start <= s < end for s, _ in entity.mentions for start, end in venues)


def _described_actor(token: Token) -> EventActor | None:
    """An unnamed actor described by a role noun and a nationality ("Hungarian officials", "the police"),
    a people ("ethnic Albanians"), or any group with a nationality ("Palestinian lorries" is not one: only
    plural nouns and role nouns qualify)."""
    reg = registry()
    noun = reg.role_nouns.get(token.lemma_.lower()) or reg.role_nouns.get(token.lower_)
    country = _modifier_country(token)
    if noun is None:
        people = reg.country_of_word(token.text) if token.text[:1].isupper() else None
        if people is None and (country is None or token.tag_ not in ("NNS", "NNPS")):
            return None
        country = country or people
    phrase = " ".join(t.text for t in token.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "prep")
                      and t.i <= token.i)
    return EventActor(phrase or token.text, None, None, country, noun.sector if noun else None)


def _minority(token: Token, countries: list[str]) -> EventActor:
    """"Ethnic Albanians demonstrated in Serbia": a people living in another country's state, never the
    government its name recalls; they belong to the other country the article is most about."""
    origin = registry().country_of_word(token.text)
    phrase = " ".join(t.text for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct", "nummod"))
    return EventActor(phrase, None, None, next((c for c in countries if c != origin), None), "CVL")


def _placed(actors: tuple[EventActor, ...], setting: str | None) -> tuple[EventActor, ...]:
    """A role no word places ("rebels", "the government", "police"), and an organisation the registry does
    not know ("the Islamic Salvation Front"), belong to the country the article is about: what is foreign
    to it is named as such ("Afghan rebels") or known."""
    return tuple(replace(a, country=setting) if setting and a.actor_id is None and a.country is None and (
        a.sector or (a.key or "").startswith("org:")) else a for a in actors)


def _modifier_country(token: Token) -> str | None:
    """The country a noun's modifiers name: "Hungarian officials", "Iraqi Kurds", "Israel's army", "the
    Ivory Coast's Supreme Court" (a name of several words)."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            country = registry().country_of_word(child.text) or registry().country_of_word(
                " ".join(t.text for t in child.subtree if t.dep_ in ("compound", "amod") or t is child))
            if country is not None:
                return country
    return None


def _status(trigger: Trigger) -> str:
    lex = lexicon()
    verb = trigger.verb
    chain = [verb]
    node = verb
    while node.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acomp", "pcomp") and node.head.i != node.i and len(chain) < 4:
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
            if child.dep_ == "aux" and child.lower_ == "would" and _reported(node):
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


def _claimed_by_its_actor(verb: Token, sources: tuple[EventActor, ...], mentions: MentionIndex) -> bool:
    """"Beijing says it has shipped the aid", "Russia said its troops took the town": what only its own actor
    reports is a claim, not a checked occurrence. The reporter must be one of the event's actors, or the
    state whose forces or officials act, so "Sullivan met Wang, the White House said" stays an occurrence."""
    speech = verb.head if _reported(verb) else next(
        (c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in speech_verbs()), None)
    if speech is None:
        return False
    speakers = [_actor(c, mentions) for c in speech.children if c.dep_ in SUBJECT_DEPS]
    for speaker in filter(None, speakers):
        for source in sources:
            if speaker.key is not None and source.key == speaker.key:
                return True
            if _is_state(speaker) and source.key is None and source.country == speaker.country:
                return True
    return False


def _actor_spans(sentence: Span, trigger: Trigger, sources: tuple[EventActor, ...],
                 targets: tuple[EventActor, ...], mentions: MentionIndex) -> tuple[ActorSpan, ...]:
    """Where the sentence names each actor: the mention of its entity nearest the trigger, or its own words
    ("Xi's spokesman", "Hungarian officials"). An actor named only in an earlier sentence ("the two leaders",
    "they") is given by the words that refer to it here, when the sentence has them; else it has no span."""
    start, end = sentence.start_char, sentence.end_char
    anchor = trigger.word.idx
    inside = mentions.within(start, end)
    spans = []
    for role, actors in (("source", sources), ("target", targets)):
        for actor in actors:
            named = [(s, e) for s, e, entity in inside if actor.key is not None and (entity.key == actor.key or (
                _is_state(actor) and entity.type == "GPE"  # "Beijing" names China
                and registry().country_of_word(entity.name) == actor.country))]
            if not named:
                found = sentence.text.lower().find(actor.name.lower())
                named = [(start + found, start + found + len(actor.name))] if found >= 0 else []
            if named:
                s, e = min(named, key=lambda span: abs(span[0] - anchor))
                spans.append(ActorSpan(role, actor.name, s, e))
    return tuple(spans)


def _reported(verb: Token) -> bool:
    """Whether the clause is what a speech verb reports ("said that he would visit")."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech_verbs()


def _clause_tokens(verb: Token) -> set[int]:
    """Token indexes of the verb's clause, without clauses embedded under it that have their own verb."""
    keep: set[int] = set()
    stack = [verb]
    while stack:
        node = stack.pop()
        keep.add(node.i)
        for child in node.children:
            if child.dep_ in ("ccomp", "relcl", "advcl", "csubj") and child is not verb:
                continue
            stack.append(child)
    return keep


def _calendar_value(timex: Timex) -> str | None:
    """The calendar part of a date or time ("2023-11-14TNI" is the 14th); None for "PRESENT_REF" or a
    value with an unknown year."""
    if timex.type not in ("DATE", "TIME") or not timex.value[:1].isdigit() or "X" in timex.value:
        return None
    return timex.value.split("T", 1)[0]


def _is_background(verb: Token) -> bool:
    """A clause that mentions an earlier happening in passing: "since they met in Bali". The sentence's
    other dates are the main happening's, not its own."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in verb.children)


def _under_background(token: Token, verb: Token) -> bool:
    """Whether a word sits in a phrase about an earlier happening ("since their meeting in California")
    between it and the verb."""
    for ancestor in token.ancestors:
        if ancestor.i == verb.i:
            return False
        if ancestor.dep_ in ("prep", "mark") and ancestor.lower_ in BACKGROUND_MARKS:
            return True
    return False


def _event_date(trigger: Trigger, sentence: Span, timexes: list[Timex], published: date | None) -> tuple[str | None, str]:
    """The date of the happening: an expression in the trigger's own clause; else one in a clause that
    governs it ("said on Tuesday that they had met"), which bounds it; else the publication date, marked
    as such (the corpus stage replaces it with a date other reports give); with no publication date, an
    expression with an unknown year for the corpus stage to place ("story"). A background clause takes
    only its own date: without one its date is unknown ("background")."""
    in_sentence = [t for t in timexes if sentence.start_char <= t.start < sentence.end_char and t.type in ("DATE", "TIME")]
    doc = sentence.doc
    clause = _clause_tokens(trigger.verb)
    # the clauses that govern it ("said on Tuesday that"), and one it is joined to ("met on Wednesday and
    # agreed to"), unless it has a time of its own ("Yellen will travel later this week, and Blinken plans to
    # visit in the coming weeks")
    timed = any(t.i in clause for timex in timexes if sentence.start_char <= timex.start < sentence.end_char
                for t in (doc.char_span(timex.start, timex.end, alignment_mode="expand") or ()))
    governing, node = set(), trigger.verb
    while node.head.i != node.i:
        if node.dep_ != "conj" or not timed:
            governing.add(node.head.i)
        node = node.head
    own, outer = [], []
    for timex in in_sentence:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        if any(t.i in clause for t in span):
            own.append(timex)
        elif _first_verb(span.root).i in governing:
            outer.append(timex)
    background = _is_background(trigger.verb)
    for timex in own if background else own + outer:
        value = _calendar_value(timex)
        if value is not None:
            return value, "relative" if timex.relative else "explicit"
    if background:
        return None, "background"
    if published is not None:
        return published.isoformat(), "publication"
    unplaced = next((t.value for t in own if t.type == "DATE"), None)
    return unplaced, "story"


def _first_verb(token: Token) -> Token:
    """The verb a word hangs from (the word itself when it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # spaCy makes a new Token per access
        token = token.head
    return token


def _event_place(trigger: Trigger, sentence: Span, mentions: MentionIndex) -> Place | None:
    clause = _clause_tokens(trigger.verb)
    candidates: list[Token] = []
    for token in sentence:
        if (token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS and token.i in clause
                and not _under_background(token, trigger.verb)):
            candidates.append(token)
    for token in candidates:
        entity = mentions.named_in(token, leave_out=_names_a_party)
        if entity is not None and entity.type in ("GPE", "LOC", "FAC"):
            # The name may sit inside the phrase ("an estate in Woodside"): qualify from its last token.
            named = [t for t in token.subtree if any(s <= t.idx < e for s, e in entity.mentions)]
            place = resolve_place(entity.name, _place_qualifier(named[-1] if named else token))
            if place is not None:
                return place
        elif token.lemma_.lower() == "capital":
            # "in the French capital" is Paris; "in the capital", that of the country the article is about
            country = _modifier_country(token) or mentions.setting
            capital = registry().capital_of.get(country) if country else None
            if capital is not None:
                return resolve_place(capital, registry().actors[country].name)
    return None


def _names_a_party(dependent: Token) -> bool:
    """A phrase hanging from a place candidate by a preposition of no place names a party, not where the
    event is: "in military aid to Ukraine" happens in no Ukraine ("an estate in Woodside", "the outskirts
    of Kabul" still name places)."""
    return dependent.dep_ == "prep" and dependent.lower_ not in PLACE_PREPOSITIONS | {"of"}


def _place_qualifier(token: Token) -> str | None:
    """The region after a place name and a comma ("Woodside, California"), which disambiguates it."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == ",":
        region = doc[token.i + 2]
        return next((ent.text for ent in doc.ents if ent.start == region.i and ent.label_ == "GPE"), None)
    return None


def extract_events(
    doc: Doc, entities: tuple[Entity, ...], timexes: tuple[Timex, ...], published: date | None
) -> tuple[EventMention, ...]:
    mentions = MentionIndex(entities, article_countries(doc, registry(), entities))
    events: list[EventMention] = []
    last_pair: tuple[EventActor, ...] = ()  # the latest two named actors of one event, for "the two leaders"
    pair_sentence = -2
    for number, sentence in enumerate(doc.sents):
        triggers = find_triggers(sentence)
        coded: dict[int, int] = {}  # id of a trigger → index of its event
        governors: dict[int, tuple[Trigger, bool]] = {}
        for trigger in triggers:
            subject_tokens, passive = _subjects(trigger.verb)
            subject_tokens = [_reporter_for_pronoun(t) for t in subject_tokens]
            if trigger.word is not trigger.verb and trigger.word.dep_ in ("nsubj", "nsubjpass"):
                # "the meeting took place": the noun is the event, not its actor; "Palestinian riots are
                # continuing": its modifier names who acts
                subject_tokens = [c for c in trigger.word.children if c.dep_ in ("amod", "poss", "compound")
                                  and registry().country_of_word(c.text)]
            target_tokens = _targets(trigger)
            if passive and trigger.verb.lemma_.lower() not in lexicon().stative_passives:
                subject_tokens, target_tokens = _passive_agents(trigger.verb), subject_tokens
            elif trigger.word is trigger.verb and trigger.verb.lemma_.lower() in lexicon().binding_verbs:
                subject_tokens, target_tokens = _bound_parties(trigger.verb) or (subject_tokens, target_tokens)
            # "They" is the pair only right after it was named; further on it may be anyone.
            pair_reference = last_pair and len(subject_tokens) == 1 and (
                _refers_to_pair(subject_tokens[0])
                or (subject_tokens[0].lower_ == "they" and number - pair_sentence <= 1))
            sources = last_pair if pair_reference else _unique(_actor(t, mentions) for t in subject_tokens)
            targets = _unique(_actor(t, mentions) or _owner(t, mentions) for t in target_tokens
                              if not _made_at_a_place(t, mentions))
            targets = tuple(t for t in targets if t not in sources)
            named = tuple(a for a in (*sources, *targets) if a.key)
            if len(named) == 2:
                last_pair, pair_sentence = named, number
            if not sources and not any(t.key or t.country for t in targets):
                continue  # no one named acts on no one named: "the crew had warned authorities"
            if trigger.verb.lemma_.lower() in lexicon().place_visits and not targets and any(
                    c.dep_ == "dobj" for c in trigger.verb.children):
                continue  # "visited the site of the bridge": a visit to a place, not a meeting with anyone
            if not (any(_political(a) for a in sources) or (not sources and any(_political(a) for a in targets))):
                continue  # "received brain surgery", "the site helps readers": the word is not in its political sense
            sources, targets = _placed(sources, mentions.setting), _placed(targets, mentions.setting)
            reciprocal = trigger.type in SYMMETRIC or trigger.verb.lemma_.lower() in lexicon().reciprocal_verbs
            if reciprocal and len(sources) > 1 and not targets:
                sources, targets = sources[:1], sources[1:]
            place = _event_place(trigger, sentence, mentions)
            if not targets and place is not None and place.country and trigger.type in lexicon().place_targeted:
                # "shortened the curfew imposed in Sudan", "shelled targets in Jericho": done to the place
                targets = (_country_actor(place.country, None),)
            if not targets:
                targets = _first_party_after(trigger, sources, mentions)
            status = _status(trigger)
            if status == "occurred" and _claimed_by_its_actor(trigger.verb, sources, mentions):
                status = "claimed"
            governor = _governor(trigger, triggers)
            if governor is not None:
                governors[id(trigger)] = governor
                if governor[1] and governor[0].type == "REQUEST" and status == "occurred":
                    status = "hypothetical"  # what is demanded has not happened
            event_date, basis = _event_date(trigger, sentence, list(timexes), published)
            resolved = sum(1 for a in (*sources, *targets) if a.actor_id or a.country)
            confidence = round(min(1.0, 0.4 + 0.15 * resolved + (0.15 if basis in ("explicit", "relative") else 0)
                                   + (0.1 if trigger.word is trigger.verb else 0)), 2)
            events.append(EventMention(
                type=trigger.type,
                trigger=trigger.word.text if trigger.word is trigger.verb else f"{trigger.verb.text} {trigger.word.text}",
                status=status,
                sources=sources,
                targets=targets,
                date=event_date,
                date_basis=basis,
                place=place,
                sentence=sentence.text.strip(),
                start=sentence.start_char + len(sentence.text) - len(sentence.text.lstrip()),
                end=sentence.start_char + len(sentence.text.rstrip()),
                confidence=confidence,
                trigger_span=(trigger.word.idx, trigger.word.idx + len(trigger.word)),
                contexts=contexts_of([t.lower_ for t in sentence], [t.lemma_.lower() for t in sentence], trigger.type),
            ))
            coded[id(trigger)] = len(events) - 1
        _rank_under_governors(events, coded, governors)
        _share_elided_targets(events, coded, triggers)
        for trigger in triggers:  # where the actors are named, once the passes above have settled who they are
            if (index := coded.get(id(trigger))) is not None:
                event = events[index]
                events[index] = replace(event, actor_spans=_actor_spans(sentence, trigger, event.sources,
                                                                        event.targets, mentions))
    return _dated_from_context(events)


def _share_elided_targets(events: list[EventMention], coded: dict[int, int], triggers: list[Trigger]) -> None:
    """"Yellen will travel to China, and Blinken plans to visit": a joined clause of the same kind that
    names no one it is done to has the other clause's targets (the English leaves them out)."""
    by_verb = {trigger.verb.i: trigger for trigger in triggers}
    for trigger in triggers:
        index = coded.get(id(trigger))
        if index is None or events[index].targets or any(c.dep_ in OBJECT_DEPS for c in trigger.verb.children):
            continue
        node = trigger.verb
        while node.dep_ == "xcomp" and node.head.i != node.i:  # "plans to visit": the planning is joined
            node = node.head
        other = by_verb.get(node.head.i) if node.dep_ == "conj" else None
        above = coded.get(id(other)) if other is not None else None
        if above is not None and events[above].type == events[index].type and events[above].targets:
            events[index] = replace(events[index], targets=events[above].targets)


def _rank_under_governors(events: list[EventMention], coded: dict[int, int],
                          governors: dict[int, tuple[Trigger, bool]]) -> None:
    """The content of an event is never more certain than the event that reports it: a threat outranks the
    blows it threatens, a protest the demand it voices, so the sentence's main event is the happening it
    reports. A governing event with no target of its own is aimed at its content's ("threatened to deliver
    blows to the United States")."""
    for _ in range(len(governors)):  # a chain ("refused to threaten to strike") settles in as many rounds
        for trigger_id, (governor, content) in governors.items():
            index, above = coded.get(trigger_id), coded.get(id(governor))
            if index is None or above is None:
                continue
            inner, outer = events[index], events[above]
            if content and not outer.targets and inner.targets:
                targets = tuple(t for t in inner.targets if t not in outer.sources)
                events[above] = outer = replace(outer, targets=targets)
            if inner.confidence >= outer.confidence:
                events[index] = replace(inner, confidence=round(max(0.0, outer.confidence - 0.05), 2))


def _dated_from_context(events: list[EventMention]) -> tuple[EventMention, ...]:
    """A reported happening with no date in its sentence takes the date of the happening the article last
    dated ("Biden met Xi on Wednesday. ... The two leaders also agreed ..."), else of the next one: the
    narrative's own time, before the publication date. Plans keep the publication date: they were reported
    then, not held."""
    dated = [i for i, e in enumerate(events) if e.date_basis in ("explicit", "relative") and e.status == "occurred"
             and e.date and len(e.date) >= 8]  # a day, or a week or weekend ("met over the weekend")
    result = []
    for index, event in enumerate(events):
        if event.date_basis == "publication" and event.status == "occurred" and dated:
            before = [i for i in dated if i < index]
            source = events[before[-1] if before else dated[0]]
            event = replace(event, date=source.date, date_basis="context")
        result.append(event)
    return tuple(result)


def _unique(actors) -> tuple[EventActor, ...]:
    seen: dict[str, EventActor] = {}
    for actor in actors:
        if actor is not None:
            seen.setdefault(actor.key or actor.name, actor)
    return tuple(seen.values())
