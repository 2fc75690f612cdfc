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

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.strings import StringStore
from spacy.tokens import Token

from chronicle.analysis.tree import DocTree, doc_tree, label_ids
from chronicle.data import data_json

Phrase = tuple[str, ...]
Element = tuple[Phrase, ...]  # alternatives: any one phrase matches

# Clauses a verb governs are other happenings ("said it would attack"); an infinitive complement is part
# of the verb's own phrase ("agreed to meet") and so is searched.
OTHER_CLAUSES = {
    "ccomp",
    "advcl",
    "relcl",
    "acl",
    "parataxis",
    "conj",
    "cc",
    "punct",
    "mark",
    "nsubj",
    "nsubjpass",
    "csubj",
    "aux",
    "auxpass",
    "neg",
}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_OTHER_CLAUSES = label_ids(*OTHER_CLAUSES)  # as the ids a Doc's arrays hold
_SUBJECTS = label_ids(*SUBJECTS)
# A word without the exact mark matches as a stem: itself or with an inflection of up to this many letters.
STEM_SLACK = 3
FORMS_KEPT = 1 << 16  # (form, lemma) pairs whose pattern words a lexicon keeps


@dataclass(frozen=True)
class PloverCode:
    """The PLOVER event type, mode and contexts the CAMEO→PLOVER table gives a CAMEO code."""

    type: str
    mode: str
    contexts: tuple[str, ...]


# an element's phrases by their first word, each with its place in the element (the first one that matches wins)
IndexedElement = dict[str, list[tuple[int, Phrase]]]


def _by_first_word(element: Element) -> IndexedElement:
    index: IndexedElement = {}
    for number, phrase in enumerate(element):
        index.setdefault(phrase[0], []).append((number, phrase))
    return index


@dataclass(frozen=True)
class Pattern:
    """A pattern of a verb block: the elements that must stand, in order, in the subject (`before`) and in the
    verb's own phrase (`after`), and the CAMEO code it gives (None: no event)."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str | None

    @cached_property
    def size(self) -> int:
        """How many words the pattern asks for, each element counted by its longest phrase: the larger, the
        more specific."""
        return sum(len(max(e, key=len)) for e in (*self.before, *self.after))

    @cached_property
    def _first_words(self) -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
        return (
            tuple(frozenset(phrase[0] for phrase in e) for e in self.before),
            tuple(frozenset(phrase[0] for phrase in e) for e in self.after),
        )

    @cached_property
    def indexed(self) -> tuple[tuple[IndexedElement, ...], tuple[IndexedElement, ...]]:
        """The elements before and after the verb, each as its phrases by their first word."""
        return tuple(_by_first_word(e) for e in self.before), tuple(_by_first_word(e) for e in self.after)

    def possible(self, before: set[str], after: set[str]) -> bool:
        """Whether every element can start on some word of the phrases (`before`, `after`: every pattern word
        that matches one of their tokens): most patterns are turned away here without a scan."""
        firsts_before, firsts_after = self._first_words
        return all(not firsts.isdisjoint(before) for firsts in firsts_before) and all(
            not firsts.isdisjoint(after) for firsts in firsts_after
        )


@dataclass(frozen=True)
class VerbEntry:
    """One verb of a block: the particles of a phrasal verb, its default code (None when it takes none) and
    the patterns that apply to it."""

    particles: Phrase
    code: str | None
    own_code: bool  # the code is the verb's own, not its block's
    patterns: tuple[Pattern, ...]

    @cached_property
    def _index(self) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
        """The patterns by the words their first element can start with (of the phrase after the verb when
        they have one there, else of the subject's), and those with no element."""
        after: dict[str, list[int]] = {}
        before: dict[str, list[int]] = {}
        bare: list[int] = []
        for number, pattern in enumerate(self.patterns):
            index, element = (
                (after, pattern.after[0])
                if pattern.after
                else ((before, pattern.before[0]) if pattern.before else (None, ()))
            )
            if index is None:
                bare.append(number)
                continue
            for word in {phrase[0] for phrase in element}:
                index.setdefault(word, []).append(number)
        return after, before, bare

    @cached_property
    def reads(self) -> tuple[bool, bool]:
        """Whether any of its patterns asks for words of the subject, and of the verb's own phrase."""
        return any(p.before for p in self.patterns), any(p.after for p in self.patterns)

    def candidates(self, before: set[str], after: set[str]) -> list[Pattern]:
        """The patterns whose first element can match, in the dictionary's order (it breaks ties)."""
        by_after, by_before, bare = self._index
        numbers = set(bare)
        for words, index in ((after, by_after), (before, by_before)):
            for word in index.keys() & words:
                numbers.update(index[word])
        return [self.patterns[n] for n in sorted(numbers)]


@dataclass(frozen=True)
class CameoLexicon:
    """The verb dictionary: each verb's entries (one per block it stands in), and each CAMEO code's PLOVER
    coding (None when it has none)."""

    verbs: dict[str, tuple[VerbEntry, ...]]
    codes: dict[str, PloverCode | None]

    @cached_property
    def pattern_words(self) -> frozenset[str]:
        """Every word any pattern asks for: a token's other forms can match none."""
        return frozenset(
            word
            for entries in self.verbs.values()
            for entry in entries
            for pattern in entry.patterns
            for element in (*pattern.before, *pattern.after)
            for phrase in element
            for word in phrase
        )

    @cached_property
    def coding_verbs(self) -> frozenset[str]:
        """The verbs whose entries carry a code with a PLOVER event, as a default or in a pattern: for the others
        (some 180 of the dictionary's: "conceal", "bury") `code_verb` finds nothing."""
        return frozenset(
            verb
            for verb, entries in self.verbs.items()
            if any(
                self.codes.get(code) is not None
                for entry in entries
                for code in (entry.code, *(p.code for p in entry.patterns))
                if code is not None
            )
        )

    def may_code(self, lemma: str, lower: str) -> bool:
        """Whether `code_verb` can code a verb with this lemma and lower-case form (its entries looked up as
        it looks them up)."""
        return (lemma if lemma in self.verbs else lower) in self.coding_verbs

    @cached_property
    def _forms(self) -> dict[tuple[int, int], frozenset[str]]:
        return {}

    def forms_of(self, words: Iterable[tuple[int, int]], strings: StringStore) -> list[frozenset[str]]:
        """The pattern words each token (its lower-case form and lemma, as string-store hashes, the same in every
        document of a vocabulary) matches: worked out once a process for each pair."""
        known, found = self._forms, []
        for word in words:
            forms = known.get(word)
            if forms is None:
                if len(known) >= FORMS_KEPT:
                    known.clear()
                lower, lemma = word
                forms = known[word] = _word_forms(strings[lower], strings[lemma].lower()) & self.pattern_words
            found.append(forms)
        return found


@dataclass(frozen=True)
class CameoMatch:
    """A verb coded: its CAMEO code, the PLOVER event that code maps to, and what in the sentence coded it."""

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
    """The CAMEO verb dictionary from data/cameo_verbs.json, read once per process."""
    data = data_json("cameo_verbs.json")
    synsets = data["synsets"]
    verbs: dict[str, list[VerbEntry]] = {}
    for name, block in data["blocks"].items():
        head = name.split("_")[0].lower()  # MEET_PEOPLE: the block's own verb is "meet"
        patterns = tuple(
            Pattern(
                tuple(_element(e, synsets) for e in p["before"]),
                tuple(_element(e, synsets) for e in p["after"]),
                p["code"],
            )
            for p in block["patterns"]
        )
        usable = [
            (p, tuple(raw["found_under"]))
            for p, raw in zip(patterns, block["patterns"], strict=True)
            if all(p.before) and all(p.after)
        ]
        for verb in block["verbs"]:
            # a verb with a code of its own is a sense apart from its block: only its own patterns apply
            own = tuple(p for p, found_under in usable if not verb["own_code"] or verb["verb"] in found_under)
            reviewed = verb["own_code"] or verb["verb"] == head or any(verb["verb"] in f for _, f in usable)
            entry = VerbEntry(tuple(verb["particles"]), verb["code"] if reviewed else None, verb["own_code"], own)
            verbs.setdefault(verb["verb"], []).append(entry)
    codes = {
        code: PloverCode(v["type"], v["mode"].strip(), tuple(v["contexts"])) if v else None
        for code, v in data["codes"].items()
    }
    return CameoLexicon({verb: tuple(entries) for verb, entries in verbs.items()}, codes)


def _own_phrase(tree: DocTree, verb: int) -> list[int]:
    """The words of the verb's phrase after it (indices): its objects, particles, prepositional phrases and
    infinitive complements, without the clauses it governs."""
    return sorted(
        i
        for child in tree.children(verb)
        if child > verb and tree.deps[child] not in _OTHER_CLAUSES
        for i in tree.descendants(child)
    )


def _subject_phrase(tree: DocTree, verb: int) -> list[int]:
    """The words of the verb's subjects (indices), in order."""
    return sorted(i for child in tree.children(verb) if tree.deps[child] in _SUBJECTS for i in tree.descendants(child))


def _word_forms(lower: str, lemma: str) -> frozenset[str]:
    """Every pattern word that matches a token: its form or lemma, the same with CAMEO's trailing "_"
    (whole word only), and its stems of at least four letters that leave off at most STEM_SLACK letters."""
    stems = (lower[:end] for end in range(max(4, len(lower) - STEM_SLACK), len(lower) + 1))
    return frozenset((lower, lemma, lower + "_", lemma + "_", *stems))


def _phrase_at(phrase: Phrase, forms: list[frozenset[str]], start: int) -> int | None:
    """Where the phrase ends if it matches the tokens from `start`, consecutively."""
    if start + len(phrase) > len(forms):
        return None
    for offset, word in enumerate(phrase):
        if word not in forms[start + offset]:
            return None
    return start + len(phrase)


def _match_in_order(elements: tuple[IndexedElement, ...], forms: list[frozenset[str]]) -> list[int] | None:
    """The positions of the tokens the elements match, each after the one before it; None when one is
    missing."""
    matched: list[int] = []
    position = 0
    for by_first in elements:
        found = None
        for start in range(position, len(forms)):
            starting = sorted(entry for word in forms[start] for entry in by_first.get(word, ()))
            found = next(
                ((start, end) for _, phrase in starting if (end := _phrase_at(phrase, forms, start)) is not None), None
            )
            if found:
                break
        if found is None:
            return None
        matched += range(found[0], found[1])
        position = found[1]
    return matched


def _particles(verb: Token) -> dict[str, Token]:
    """The verb's particles and prepositions by their word, the first of each."""
    found: dict[str, Token] = {}
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "agent"):
            found.setdefault(child.lower_, child)
    return found


def code_verb(verb: Token, lex: CameoLexicon) -> CameoMatch | None:
    """The PLOVER event a verb names in its sentence, by the CAMEO dictionary; None when it names none."""
    entries = lex.verbs.get(verb.lemma_.lower()) or lex.verbs.get(verb.lower_)
    if not entries:
        return None
    particles = _particles(verb) if any(e.particles for e in entries) else {}
    phrasal: list[tuple[VerbEntry, Token | None]] = [
        (e, particles[e.particles[0]]) for e in entries if e.particles and e.particles[0] in particles
    ]
    chosen = phrasal or [(e, None) for e in entries if not e.particles]
    # (the phrases are read only when a pattern asks for their words)
    tree = doc_tree(verb.doc)
    after = _own_phrase(tree, verb.i) if any(e.reads[1] for e, _ in chosen) else []
    before = _subject_phrase(tree, verb.i) if any(e.reads[0] for e, _ in chosen) else []
    after_forms = lex.forms_of(tree.word_ids(after), tree.strings)
    before_forms = lex.forms_of(tree.word_ids(before), tree.strings)
    after_present, before_present = set().union(*after_forms), set().union(*before_forms)
    best: tuple[int, str | None, tuple[Token, ...], Token | None] | None = None
    for entry, particle in chosen:
        for pattern in entry.candidates(before_present, after_present):
            if (best is not None and pattern.size <= best[0]) or not pattern.possible(before_present, after_present):
                continue
            indexed_before, indexed_after = pattern.indexed
            matched_before = _match_in_order(indexed_before, before_forms)
            matched_after = _match_in_order(indexed_after, after_forms) if matched_before is not None else None
            if matched_before is not None and matched_after is not None:
                matched = tuple(
                    verb.doc[i] for i in (*(before[i] for i in matched_before), *(after[i] for i in matched_after))
                )
                best = (pattern.size, pattern.code, matched, particle)
    if best is None:
        # no pattern: the verb's own code before a block's, a phrasal verb's before the bare verb's
        defaults = sorted(((not e.own_code, not e.particles, i) for i, (e, _) in enumerate(chosen) if e.code))
        if not defaults:
            return None
        entry, particle = chosen[defaults[0][2]]
        best = (0, entry.code, (), particle)
    size, code, matched, particle = best
    if code is None:
        return None
    plover = lex.codes.get(code)
    if plover is None:
        return None
    return CameoMatch(code, plover, size, matched, particle)
