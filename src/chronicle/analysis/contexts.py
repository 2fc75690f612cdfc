"""PLOVER contexts: what an event is about (military, economic, migration, ...), from cue words in its sentence.

The manual defines the contexts by their subject matter, not by the event's form, so a meeting about trade
and a meeting about troops are one event type in two contexts. The cues live in data/plover_contexts.json;
a sentence without any takes its type's usual context from the CAMEO-to-PLOVER table.

    >>> words = ["ministers", "discussed", "trade", "and", "refugees"]
    >>> contexts_of(sentence_cues(words, ["minister", "discuss", "trade", "and", "refugee"]), "CONSULT")
    ('economic', 'migration')
    >>> contexts_of(sentence_cues(["they", "met"], ["they", "meet"]), "CONSULT")  # "meet" is a diplomatic cue
    ('diplomatic',)
    >>> words = ["on", "artificial", "intelligence"]
    >>> contexts_of(sentence_cues(words, words), "CONSULT")
    ('technology',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chronicle.data import data_json


@dataclass(frozen=True)
class ContextLexicon:
    """The context cues of data/plover_contexts.json, one-word and phrase cues apart, and each event type's
    usual context for a sentence with no cue."""

    words: dict[str, frozenset[str]]  # a one-word cue -> its contexts
    phrases: dict[tuple[str, ...], frozenset[str]]  # a cue of several words -> its contexts
    longest: int  # words in the longest phrase
    phrase_starts: frozenset[str]  # the first words of the phrases: a phrase is looked for only from one
    order: tuple[str, ...]  # the contexts in the data file's order, which results follow
    type_defaults: dict[str, str]


@lru_cache(maxsize=1)
def context_lexicon() -> ContextLexicon:
    """The context cues from data/plover_contexts.json, read once per process."""
    data = data_json("plover_contexts.json")
    words: dict[str, set[str]] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    for context, cues in data["cues"].items():
        for cue in cues:
            parts = tuple(cue.lower().split())
            if len(parts) == 1:
                words.setdefault(parts[0], set()).add(context)
            else:
                phrases.setdefault(parts, set()).add(context)
    return ContextLexicon(
        words={w: frozenset(c) for w, c in words.items()},
        phrases={p: frozenset(c) for p, c in phrases.items()},
        longest=max((len(p) for p in phrases), default=1),
        phrase_starts=frozenset(p[0] for p in phrases),
        order=tuple(data["cues"]),
        type_defaults=dict(data["type_defaults"]),
    )


def sentence_cues(words: Sequence[str], lemmas: Sequence[str]) -> frozenset[str]:
    """The contexts a sentence of these lower-case words and their lemmas names cues of (cues are looked up in
    both: "armed forces" as written, "refugee" as a lemma), whatever its events."""
    lexicon = context_lexicon()
    found: set[str] = set()
    for sequence in (words, lemmas):
        covered: set[int] = set()  # the words of a phrase found are not cues alone: "artificial intelligence"
        for index, word in enumerate(sequence):
            if word not in lexicon.phrase_starts:
                continue
            for length in range(lexicon.longest, 1, -1):
                contexts = lexicon.phrases.get(tuple(sequence[index : index + length]))
                if contexts:
                    found |= contexts
                    covered.update(range(index, index + length))
                    break
        for index, word in enumerate(sequence):
            if index not in covered:
                found |= lexicon.words.get(word, frozenset())
    return frozenset(found)


def contexts_of(cues: frozenset[str], event_type: str) -> tuple[str, ...]:
    """The contexts of an event of `event_type` in a sentence with these cues (sentence_cues): the cues' in
    the lexicon's order, else the type's usual context."""
    lexicon = context_lexicon()
    if not cues:
        default = lexicon.type_defaults.get(event_type)
        return (default,) if default else ()
    return tuple(context for context in lexicon.order if context in cues)
