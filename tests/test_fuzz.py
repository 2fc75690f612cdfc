"""Fuzzing (issue 26): valid and mutated JSONL, HTML and text through the readers, the cleaning and the whole
ingest. Nothing may raise: each input is stored, reported as skipped or warned about.

`make test` runs a bounded number of inputs; `make fuzz` runs many more (CHRONICLE_FUZZ_EXAMPLES). The number
run and the crashes found go to docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.clean import clean_article
from chronicle.ingest import ingest
from chronicle.records import RawArticle
from chronicle.sources import SourceError, SourceWarning, read_paths, sample_corpus
from chronicle.store import Store

# Hundreds of generated inputs through the readers, the cleaning and whole ingests.
pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("CHRONICLE_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Every code point, lone surrogates and controls included: what a JSON "\uXXXX" escape can carry.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)
NEWS = st.lists(
    st.sampled_from(
        [
            "Ministers met in Valletta on Monday.",
            "The talks were planned for March 3, 2024.",
            "\n",
            "\n\n",
            "Share this article",
            "© 2024 Wire",
            "“We will not retreat,” the minister said.",
            "Tags: politics",
            "<p>Leaders agreed</p>",
            "[/b] [link=x]",
            "\u200b",
            "\ufffd",
            "0001-01-01",
            "Updated: yesterday",
        ]
    ),
    max_size=30,
).map(" ".join)
VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    ANY_TEXT,
    NEWS,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
DATES = st.one_of(
    VALUE,
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31", "2024-02-30", "2024-13-01", ""]),
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": VALUE,
        "text": st.one_of(NEWS, VALUE),
        "html": st.one_of(NEWS.map(lambda t: f"<html><body><p>{t}</p>"), VALUE),
        "published": DATES,
        "date": DATES,
        "title": VALUE,
        "url": VALUE,
        "source": VALUE,
    },
)


def _mutated(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """The bytes with each (kind, place, byte) edit applied: 0 replaces, 1 inserts, 2 deletes a byte."""
    out = bytearray(data)
    for kind, place, value in edits:
        if not out:
            break
        at = place % len(out)
        if kind == 0:
            out[at] = value
        elif kind == 1:
            out.insert(at, value)
        else:
            del out[at]
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8)
LINES = st.one_of(
    st.tuples(RECORDS, EDITS).map(lambda pair: _mutated(json.dumps(pair[0]).encode(), pair[1])),
    st.tuples(st.sampled_from([b"[", b'{"a":']), st.integers(1, 200_000)).map(lambda t: t[0] * t[1]),  # nesting
)
SAMPLES = sorted(p for p in sample_corpus().iterdir() if p.suffix in (".txt", ".html"))
DOCUMENTS = st.tuples(st.sampled_from(SAMPLES), EDITS, st.booleans()).map(
    lambda t: (t[0].suffix, _mutated(t[0].read_bytes(), t[1]) if t[2] else t[0].read_bytes())
)


def _read_and_clean(paths: list[Path]) -> int:
    """Read and clean; every item must be an article, an error or a warning. Returns the articles cleaned."""
    cleaned = 0
    for item in read_paths(paths):
        assert isinstance(item, RawArticle | SourceError | SourceWarning)
        if isinstance(item, RawArticle):
            try:
                clean_article(item)
                cleaned += 1
            except ValueError:  # ExtractionError included: an article without text, reported as skipped
                pass
    return cleaned


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(lines=st.lists(LINES, min_size=1, max_size=4))
def test_mutated_jsonl_is_read_and_cleaned_without_an_exception(folder, lines):
    path = folder / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    _read_and_clean([path])


@FUZZ
@given(document=DOCUMENTS, noise=st.binary(max_size=2000))
def test_mutated_pages_texts_and_random_bytes_are_read_and_cleaned_without_an_exception(folder, document, noise):
    suffix, data = document
    (folder / f"page{suffix}").write_bytes(data)
    (folder / "noise.txt").write_bytes(noise)
    _read_and_clean([folder / f"page{suffix}", folder / "noise.txt"])


@pytest.fixture(scope="module")
def fuzz_store(folder) -> Store:
    return Store(f"sqlite:///{folder / 'fuzz.db'}")


@settings(FUZZ, max_examples=max(10, EXAMPLES // 10))
@given(lines=st.lists(LINES, min_size=1, max_size=6))
def test_the_whole_ingest_of_mutated_jsonl_stores_or_skips_each_line(folder, fuzz_store, lines):
    path = folder / "ingest.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    before = len(fuzz_store.articles())
    report = ingest([path], fuzz_store)
    assert not [e for e in report.errors if "internal error" in e.reason]  # a bug, caught: still a crash found
    assert len(fuzz_store.articles()) == before + report.added
    assert {a.story_id for a in fuzz_store.articles()} <= {s.id for s in fuzz_store.stories()}
