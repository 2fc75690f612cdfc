"""Place: where the event happens, from the place phrases of its own clause (a venue is not a party)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from chronicle.analysis.events.actors import modifier_country
from chronicle.analysis.events.clauses import clause_tokens, under_background
from chronicle.analysis.events.lexicon import PLACE_PREPOSITIONS
from chronicle.analysis.events.triggers import Trigger
from chronicle.analysis.mentions import MentionIndex
from chronicle.analysis.nlp import registry_of
from chronicle.analysis.places import resolve_place
from chronicle.analysis.tree import doc_tree, label_ids
from chronicle.records import Place

PREPOSITION_OBJECT_IDS = label_ids("pobj")


def place_of(trigger: Trigger, sentence: Span, mentions: MentionIndex) -> Place | None:
    """Where the event happens: the first place a place phrase of its own clause names, or the capital "in
    the capital" means; None when the clause names no place."""
    doc, deps = sentence.doc, doc_tree(sentence.doc).deps
    candidates = [
        token
        for i in sorted(clause_tokens(trigger.verb))
        if deps[i] in PREPOSITION_OBJECT_IDS
        and (token := doc[i]).head.lower_ in PLACE_PREPOSITIONS
        and not under_background(token, trigger.verb)
    ]
    for token in candidates:
        entity = mentions.named_in(token, leave_out=_names_a_party)
        if entity is not None and entity.type in ("GPE", "LOC", "FAC"):
            # The name may sit inside the phrase ("an estate in Woodside"): qualify from its last token.
            named = [t for t in token.subtree if any(s <= t.idx < e for s, e in entity.mentions)]
            place = resolve_place(entity.name, _place_qualifier(named[-1] if named else token), registry_of(token.doc))
            if place is not None:
                return place
        elif token.lemma_.lower() == "capital":
            # "in the French capital" is Paris; "in the capital", that of the country the article is about
            country = modifier_country(token) or mentions.setting
            registry = registry_of(token.doc)
            capital = registry.capital_of.get(country) if country else None
            if country is not None and capital is not None:
                return resolve_place(capital, registry.actors[country].name, registry)
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
