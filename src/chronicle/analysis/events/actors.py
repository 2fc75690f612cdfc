"""Actor resolution: the political actor a word stands for (a named entity, a role with a nationality, a
people), and whether it is one at all."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from chronicle.actors.registry import Registry, RoleNoun
from chronicle.analysis.events.lexicon import PLACE_PREPOSITIONS, TARGET_PREPOSITIONS, lexicon
from chronicle.analysis.mentions import MentionIndex, extent
from chronicle.analysis.nlp import doc_text, lead_dateline, registry_of
from chronicle.records import Entity, EventActor


def _role_noun(token: Token) -> RoleNoun | None:
    """The role a noun names, alone or with the words compounded before it ("national security adviser")."""
    words = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")]
    nouns = registry_of(token.doc).role_nouns
    return nouns.get(" ".join([*words, token.lower_])) or nouns.get(token.lemma_.lower())


def _counted(token: Token) -> Token:
    """The group a collective phrase counts: "thousands of university students" are students."""
    while token.lemma_.lower() in lexicon().collective_nouns:
        counted = next(
            (
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        if counted is None:
            break
        token = counted
    return token


def actor_of(token: Token, mentions: MentionIndex) -> EventActor | None:
    """The actor a word of an event's parties stands for: the entity it names, someone serving a person
    named, a minority, or a group its words describe; None when it stands for no actor. Worked out once a
    token: an article's events ask for the same words many times."""
    known = mentions.actors_in(token.doc)
    if token.i not in known:
        known[token.i] = _actor_of(token, mentions)
    return known[token.i]


def _actor_of(token: Token, mentions: MentionIndex) -> EventActor | None:
    token = _counted(token)
    named = (
        next((c for c in token.rights if c.dep_ == "appos" and mentions.at(c.idx, c.idx + len(c)) is not None), None)
        if token.pos_ == "NOUN" and token.n_rights
        else None
    )
    if named is not None:
        # "Indonesia's security minister Wiranto", "the spokesman, John Kirby": a noun's named apposition is
        # who it is
        return actor_of(named, mentions)
    if any(c.dep_ == "amod" and c.lower_ in lexicon().minority_markers for c in token.children):
        return _minority(token, mentions.countries)
    entity = mentions.for_token(token)
    role = _role_noun(token)
    named_further_on = entity is not None and mentions.at(token.idx, token.idx + len(token)) is None
    if (
        role is not None
        and entity is not None
        and named_further_on
        and entity.type == "PERSON"
        and any(c.dep_ == "poss" for c in token.children)
    ):
        # "Xi's spokesman": someone serving the person named, of their country, not that person
        phrase = token.doc[min(t.i for t in token.subtree if t.dep_ != "det") : token.i + 1].text
        return EventActor(phrase, None, None, entity.actor.country, role.sector)
    # A name further on in the phrase stands for a group ("refugees fleeing the war in Liberia"), unless its
    # own words place it elsewhere ("Albanian rebels in Macedonia").
    if entity is not None and named_further_on and modifier_country(token) not in (None, entity.actor.country):
        described = _described_actor(token)
        if described is not None:
            return described
    if (
        entity is not None
        and entity.type not in ("LOC", "FAC")
        and not _dateline_capitals(token)
        and (
            entity.name.split()[-1].lower() not in lexicon().facility_heads
            or registry_of(token.doc).country_of_word(entity.name) is not None
        )
    ):
        # (places, the capitalised place of a dateline, and structures the tagger took for organisations,
        # "the Francis Scott Key Bridge", are not actors; a seat of government, "Downing Street", stands for
        # its government)
        actor = _entity_actor(entity, registry_of(token.doc))
        if actor is not None and actor.country is None:
            # "Iraqi Kurds": a people or group with no country of its own takes the one its phrase names;
            # "the Umma party": an unknown organisation is what its head noun says
            role = registry_of(token.doc).role_nouns.get(token.lemma_.lower())
            actor = replace(
                actor,
                country=modifier_country(token),
                sector=actor.sector or (role.sector if role is not None else None),
            )
        if actor is not None:
            return actor
    # "The government of Sindh province": the role noun is the actor, not the place inside its phrase
    return _described_actor(token)


ROMAN_NUMERAL = re.compile(r"[IVXL]+")


def _dateline_capitals(token: Token) -> bool:
    """A word in capitals in the lead dateline its line opens with ("LONDON (Reuters) -"); an acronym
    elsewhere ("NATO condemned", "the FBI arrested") and a regnal number ("Elizabeth II") are no such word."""
    if not token.text.isupper() or ROMAN_NUMERAL.fullmatch(token.text):
        return False
    text = doc_text(token.doc)
    line = text.rfind("\n", 0, token.idx) + 1
    dateline = lead_dateline(text, line, not text[:line].strip(), credited=True)
    return dateline is not None and token.idx < line + dateline.end()


OWNER_PREPOSITIONS = {"of", "from", "by", "for"} | TARGET_PREPOSITIONS


def owner_of(token: Token, mentions: MentionIndex) -> EventActor | None:
    """The actor behind an object that is no actor itself: whose proposal was rejected ("an Indian
    proposal", "an appeal from President Gbagbo"), whose removal was demanded ("the removal of President
    Habyarimana"), whom it is meant for ("military aid to Mozambique", "a camp for Congolese refugees"), who
    did it ("crimes committed by Croat forces")."""
    for child in token.children:
        if child.dep_ == "poss":
            return actor_of(child, mentions)
        if child.dep_ == "acl":  # "crimes committed by Croat forces"
            child = next((c for c in child.children if c.dep_ == "agent"), child)
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS):
            named = next((c for c in child.children if c.dep_ == "pobj"), None)
            if named is not None:
                return actor_of(named, mentions)
    country = modifier_country(token)
    return country_actor(country, None, registry_of(token.doc)) if country is not None else None


def is_political(actor: EventActor) -> bool:
    """A political actor (PLOVER's entities), judged on its own words before the article's country is lent
    to it: one the registry knows (a state, a known person or organisation), one with a sector (a
    government, a party, an armed group, the police, a person in a public role), or a named population
    ("Kenyan teachers"). A name alone, with no role and no country, is not one."""
    return bool(actor.actor_id or actor.sector or actor.country)


def is_state(actor: EventActor) -> bool:
    """Whether the actor is a country's state itself ("China", "Beijing"), not someone of that country."""
    return actor.actor_id is not None and actor.actor_id == actor.country


def country_actor(country: str, sector: str | None, registry: Registry) -> EventActor:
    """A country as an actor under its registry name, in `sector` ("GOV" for its government)."""
    return EventActor(registry.actors[country].name, country, country, country, sector)


def _entity_actor(entity: Entity, registry: Registry) -> EventActor | None:
    if entity.type == "GPE" and entity.actor.actor_id is None:
        # A country or its capital stands for its government ("The PRC said", "Beijing said"); any other
        # city is no actor.
        country = registry.country_of_word(entity.name)
        return country_actor(country, "GOV", registry) if country is not None else None
    actor = entity.actor
    country = actor.country or (registry.country_of_word(entity.name) if entity.type == "NORP" else None)
    return EventActor(entity.name, entity.key, actor.actor_id, country, actor.sector)


def made_at_a_place(token: Token, mentions: MentionIndex) -> bool:
    """ "Signed an agreement in Paris": a thing (a singular common noun naming no role) whose only name is
    the place it was made at names no party; the place is the event's venue. Groups keep the place that
    names them ("refugees in Liberia")."""
    if (
        token.tag_ != "NN"
        or mentions.at(token.idx, token.idx + len(token)) is not None
        or (registry_of(token.doc).role_nouns.get(token.lemma_.lower()))
    ):
        return False
    entity = mentions.for_token(token)
    venues = [extent(c.subtree) for c in token.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS]
    return entity is not None and any(start <= s < end for s, _ in entity.mentions for start, end in venues)


def _described_actor(token: Token) -> EventActor | None:
    """An unnamed actor described by a role noun and a nationality ("Hungarian officials", "the police"),
    a people ("ethnic Albanians"), or any group with a nationality ("Palestinian lorries" is not one: only
    plural nouns and role nouns qualify)."""
    reg = registry_of(token.doc)
    noun = reg.role_nouns.get(token.lemma_.lower()) or reg.role_nouns.get(token.lower_)
    country = modifier_country(token)
    if noun is None:
        people = reg.country_of_word(token.text) if token.text[:1].isupper() else None
        if people is None and (country is None or token.tag_ not in ("NNS", "NNPS")):
            return None
        country = country or people
    phrase = " ".join(
        t.text for t in token.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "prep") and t.i <= token.i
    )
    return EventActor(phrase or token.text, None, None, country, noun.sector if noun else None)


def _minority(token: Token, countries: list[str]) -> EventActor:
    """ "Ethnic Albanians demonstrated in Serbia": a people living in another country's state, never the
    government its name recalls; they belong to the other country the article is most about."""
    origin = registry_of(token.doc).country_of_word(token.text)
    phrase = " ".join(t.text for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct", "nummod"))
    return EventActor(phrase, None, None, next((c for c in countries if c != origin), None), "CVL")


def placed_in_setting(actors: tuple[EventActor, ...], setting: str | None) -> tuple[EventActor, ...]:
    """A role no word places ("rebels", "the government", "police"), and an organisation the registry does
    not know ("the Islamic Salvation Front"), belong to the country the article is about: what is foreign
    to it is named as such ("Afghan rebels") or known."""
    return tuple(
        replace(a, country=setting)
        if setting and a.actor_id is None and a.country is None and (a.sector or (a.key or "").startswith("org:"))
        else a
        for a in actors
    )


def modifier_country(token: Token) -> str | None:
    """The country a noun's modifiers name: "Hungarian officials", "Iraqi Kurds", "Israel's army", "the
    Ivory Coast's Supreme Court" (a name of several words)."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            registry = registry_of(token.doc)
            country = registry.country_of_word(child.text) or registry.country_of_word(
                " ".join(t.text for t in child.subtree if t.dep_ in ("compound", "amod") or t is child)
            )
            if country is not None:
                return country
    return None


def unique_actors(actors: Iterable[EventActor | None]) -> tuple[EventActor, ...]:
    """The actors without the Nones and repeats (one per key, else per name), the first of each kept."""
    seen: dict[str, EventActor] = {}
    for actor in actors:
        if actor is not None:
            seen.setdefault(actor.key or actor.name, actor)
    return tuple(seen.values())
