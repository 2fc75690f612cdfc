from __future__ import annotations

from pathlib import Path

import pytest

from chronicle.analyse.nlp import load_pipeline
from chronicle.ingest import ingest
from chronicle.outputs.cli import sample_corpus_path
from chronicle.store import Store


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Store:
    """The bundled sample corpus ingested once into a fresh SQLite database."""
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    store = Store(f"sqlite:///{db}")
    report = ingest([sample_corpus_path()], store)
    assert report.errors == [] and report.added == 15
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")
