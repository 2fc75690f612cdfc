"""Verb triggers from PETRARCH-2's CAMEO verb dictionary (data/cameo_verbs.json, made by
scripts/convert_cameo_verbs.py), coded into PLOVER by the CAMEO→PLOVER table.

A verb codes the event of the most specific of its patterns whose words all stand, in order, in the verb's
own phrase (its objects and prepositional phrases, not the clauses it governs) or, for words before the `*`,
in its subject; failing every pattern, the default of its block. The dictionary's header says its synonym
sets came mostly from WordNet: a synonym no coder reviewed (not the block's own verb, no code of its own,
no pattern found under it) takes no default, only patterns ("total", "figure" and "score" are ESTIMATE's
synonyms; "leave" one of GO_SOMEWHERE's). PETRARCH reads patterns off a constituency
parse; here they are read off spaCy's dependency tree, which is why the words are looked for in subtrees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

Phrase = tuple[str, ...]
Element = tuple[Phrase, ...]  # alternatives: any one phrase matches

# Clauses a verb governs are other happenings ("said it would attack"); an infinitive complement is part
# of the verb's own phrase ("agreed to meet") and so is searched.
OTHER_CLAUSES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "conj", "cc", "punct", "mark", "nsubj",
                 "nsubjpass", "csubj", "aux", "auxpass", "neg"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# A word without the exact mark matches as a stem: itself or with an inflection of up to this many letters.
STEM_SLACK = 3


@dataclass(frozen=True)
class PloverCode:
    type: str
    mode: str
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str | None

    @property
    def size(self) -> int:
        return sum(len(max(e, key=len)) for e in (*self.before, *self.after))


@dataclass(frozen=True)
class VerbEntry:
    particles: Phrase
    code: str | None
    own_code: bool  # the code is the verb's own, not its block's
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class CameoLexicon:
    verbs: dict[str, tuple[VerbEntry, ...]]
    codes: dict[str, PloverCode | None]


@dataclass(frozen=True)
class CameoMatch:
    code: str
    plover: PloverCode
    pattern_size: int  # 0 when the block's default coded it
    matched: tuple[Token, ...]  # the tokens the pattern's words matched, in order
    particle: Token | None  # the particle or preposition of a phrasal verb ("meet with")


def _element(raw: list, synsets: dict[str, list[list[str]]]) -> Element:
    phrases: list[Phrase] = []
    for alternative in raw:
        if isinstance(alternative, str):  # a synset name
            phrases += [tuple(words) for words in synsets.get(alternative, [])]
        else:
            phrases.append(tuple(alternative))
    return tuple(phrases)


@lru_cache(maxsize=1)
def cameo_lexicon() -> CameoLexicon:
    data = json.loads(resources.files("chronicle.data").joinpath("cameo_verbs.json").read_text("utf-8"))
    synsets = data["synsets"]
    verbs: dict[str, list[VerbEntry]] = {}
    for name, block in data["blocks"].items():
        head = name.split("_")[0].lower()  # MEET_PEOPLE: the block's own verb is "meet"
        patterns = tuple(
            Pattern(tuple(_element(e, synsets) for e in p["before"]), tuple(_element(e, synsets) for e in p["after"]),
                    p["code"])
            for p in block["patterns"])
        usable = [(p, tuple(raw["found_under"])) for p, raw in zip(patterns, block["patterns"], strict=True)
                  if all(p.before) and all(p.after)]
        for verb in block["verbs"]:
            # a verb with a code of its own is a sense apart from its block: only its own patterns apply
            own = tuple(p for p, found_under in usable if not verb["own_code"] or verb["verb"] in found_under)
            reviewed = verb["own_code"] or verb["verb"] == head or any(verb["verb"] in f for _, f in usable)
            entry = VerbEntry(tuple(verb["particles"]), verb["code"] if reviewed else None, verb["own_code"], own)
            verbs.setdefault(verb["verb"], []).append(entry)
    codes = {code: PloverCode(v["type"], v["mode"].strip(), tuple(v["contexts"])) if v else None
             for code, v in data["codes"].items()}
    return CameoLexicon({verb: tuple(entries) for verb, entries in verbs.items()}, codes)


def _word_matches(word: str, token: Token) -> bool:
    lower, lemma = token.lower_, token.lemma_.lower()
    if word.endswith("_"):
        return word[:-1] in (lower, lemma)
    if word in (lower, lemma):
        return True
    return len(word) >= 4 and lower.startswith(word) and len(lower) - len(word) <= STEM_SLACK


def _phrase_at(phrase: Phrase, tokens: list[Token], start: int) -> int | None:
    """Where the phrase ends if it matches the tokens from `start`, consecutively."""
    if start + len(phrase) > len(tokens):
        return None
    for offset, word in enumerate(phrase):
        if not _word_matches(word, tokens[start + offset]):
            return None
    return start + len(phrase)


def _match_in_order(elements: tuple[Element, ...], tokens: list[Token]) -> list[Token] | None:
    """The tokens the elements match, each after the one before it; None when one is missing."""
    matched: list[Token] = []
    position = 0
    for element in elements:
        found = None
        for start in range(position, len(tokens)):
            for phrase in element:
                end = _phrase_at(phrase, tokens, start)
                if end is not None:
                    found = (start, end)
                    break
            if found:
                break
        if found is None:
            return None
        matched += tokens[found[0]:found[1]]
        position = found[1]
    return matched


def _own_phrase(verb: Token) -> list[Token]:
    """The words of the verb's phrase after it: its objects, particles, prepositional phrases and
    infinitive complements, without the clauses it governs."""
    tokens: list[Token] = []
    for child in verb.children:
        if child.i > verb.i and child.dep_ not in OTHER_CLAUSES:
            tokens += list(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def _subject_phrase(verb: Token) -> list[Token]:
    return sorted((t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree), key=lambda t: t.i)


def _particle(verb: Token, particles: Phrase) -> Token | None:
    if not particles:
        return None
    return next((c for c in verb.children if c.dep_ in ("prt", "prep", "agent") and c.lower_ == particles[0]), None)


def code_verb(verb: Token, lex: CameoLexicon) -> CameoMatch | None:
    """The PLOVER event a verb names in its sentence, by the CAMEO dictionary; None when it names none."""
    entries = lex.verbs.get(verb.lemma_.lower()) or lex.verbs.get(verb.lower_)
    if not entries:
        return None
    phrasal = [(e, p) for e in entries if e.particles and (p := _particle(verb, e.particles)) is not None]
    chosen = phrasal or [(e, None) for e in entries if not e.particles]
    after, before = _own_phrase(verb), _subject_phrase(verb)
    best: tuple[int, str | None, tuple[Token, ...], Token | None] | None = None
    for entry, particle in chosen:
        for pattern in entry.patterns:
            if best is not None and pattern.size <= best[0]:
                continue
            matched_before = _match_in_order(pattern.before, before)
            matched_after = _match_in_order(pattern.after, after) if matched_before is not None else None
            if matched_after is not None:
                best = (pattern.size, pattern.code, (*matched_before, *matched_after), particle)
    if best is None:
        # no pattern: the verb's own code before a block's, a phrasal verb's before the bare verb's
        defaults = sorted(((not e.own_code, not e.particles, i) for i, (e, _) in enumerate(chosen) if e.code))
        if not defaults:
            return None
        entry, particle = chosen[defaults[0][2]]
        best = (0, entry.code, (), particle)
    if best[1] is None:
        return None
    size, code, matched, particle = best
    plover = lex.codes.get(code)
    if plover is None:
        return None
    return CameoMatch(code, plover, size, matched, particle)
