"""The public Python API: `chronicle.analyse`, `chronicle.Corpus` and `chronicle.open`, and the README's
examples of them, run as written."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import chronicle
from chronicle.outputs import export
from chronicle.sources import SourceError, read_paths

# The public API on the sample corpus and the README's examples.
pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_examples() -> list[str]:
    section = README.read_text("utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def _run(code: str) -> str:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    return printed.getvalue()


def test_importing_chronicle_loads_no_analysis():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, chronicle; chronicle.Event; "
            "print(sorted(m for m in ('spacy', 'numpy', 'sqlalchemy') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert loaded.strip() == "[]"


def test_analyse_gives_offsets_into_the_cleaned_text():
    text = (
        "Harbour talks resume in Valletta\nVALLETTA, March 4, 2024 (Wire) - Maltese Prime Minister Robert Abela "
        "met Italian Prime Minister Giorgia Meloni in Valletta on Monday, officials said. "
        '"The harbour is open again," Abela told reporters.'
    )
    analysis = chronicle.analyse(text)
    cleaned = analysis.article.text
    assert analysis.article.published is not None and analysis.article.published.isoformat() == "2024-03-04"
    people = {e.name for e in analysis.entities if e.type == "PERSON"}
    assert {"Robert Abela", "Giorgia Meloni"} <= people
    for entity in analysis.entities:
        for start, end in entity.mentions:
            assert cleaned[start:end].strip()
    (quote,) = analysis.quotes
    assert quote.speaker == "Robert Abela" and cleaned[quote.start : quote.end].startswith("\u201c") is False
    assert "harbour is open again" in cleaned[quote.start : quote.end]
    meeting = next(e for e in analysis.events if e.type == "CONSULT")
    assert meeting.date == "2024-03-04" and meeting.status == "occurred"
    assert meeting.trigger_span is not None and cleaned[slice(*meeting.trigger_span)] == "met"


def test_a_corpus_in_memory_groups_as_ingest_does(sample_store):
    corpus = chronicle.Corpus()
    items = list(read_paths([chronicle.sample_corpus()]))
    assert not any(isinstance(item, SourceError) for item in items)
    report = corpus.add(item for item in items if isinstance(item, chronicle.RawArticle))
    assert report.added == 15 and report.errors == []
    assert corpus.add(item for item in items if isinstance(item, chronicle.RawArticle)).unchanged == 15

    def grouping(stories, events):
        return (
            {s.title: frozenset(s.article_ids) for s in stories},
            sorted((e.type, e.status, e.date, tuple(sorted(m.article_id for m in e.mentions))) for e in events),
        )

    assert grouping(corpus.stories(), corpus.events()) == grouping(sample_store.stories(), sample_store.events())
    stored = {e.id: e.as_json() for e in sample_store.events()}
    assert {e.id: e.as_json() for e in corpus.events()} == stored
    assert [s.as_json() for s in corpus.stories()] == [s.as_json() for s in sample_store.stories()]


def test_a_corpus_reports_bad_items_and_keeps_the_rest():
    corpus = chronicle.Corpus()
    report = corpus.add(
        [
            "   ",
            {"text": 42},
            {"text": "x", "published": "not a date"},
            "Ministers met in Valletta on Monday to discuss the harbour treaty, officials said.",
        ]
    )
    assert report.added == 1
    assert [(e.origin, e.reason.split()[0]) for e in report.errors] == [
        ("item 1", "no"),
        ("item 2", "'text'"),
        ("item 3", "'published'"),
    ]
    assert len(corpus.articles()) == 1 and len(corpus.stories()) == 1


def test_the_readme_examples_run_as_written(sample_store, tmp_path, monkeypatch):
    first, second, third = _readme_examples()
    printed = _run(first)
    assert "CONSULT occurred 2023-11-15" in printed and "\nmet\n" in printed
    assert "('We had a good talk,', 'Joe Biden')" in printed
    printed = _run(second)
    assert printed.startswith("5 []\n") and "story-0001" in printed
    assert '{"id": "event-' in printed
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chronicle.db").write_bytes(Path(sample_store.engine.url.database).read_bytes())
    printed = _run(third)
    assert "CONSULT" in printed and "Joe Biden" in printed


ARTICLE_KEYS = [
    "id",
    "source",
    "url",
    "title",
    "published",
    "published_basis",
    "published_range",
    "duplicate_of",
    "story_id",
    "text",
]
QUOTE_KEYS = ["id", "article_id", "source", "speaker", "speaker_id", "text", "start", "end"]
ENTITY_KEYS = ["id", "name", "type", "aliases", "country", "sector", "actor_id"]


def test_stored_articles_quotes_and_entities_are_typed_records_whose_json_is_the_export_row(sample_store):
    """What the store gives back is typed; `as_json()` is the export row: its keys in their order, JSON values
    only (dates as ISO strings, lists rather than tuples), `article_count` only where the entity list counts."""
    articles, quotes, entities = sample_store.articles(), sample_store.quotes(), sample_store.entities()
    mentions = sample_store.entity_mentions()
    for records, kind, keys in (
        (articles, chronicle.StoredArticle, ARTICLE_KEYS),
        (quotes, chronicle.StoredQuote, QUOTE_KEYS),
        (entities, chronicle.StoredEntity, [*ENTITY_KEYS, "article_count"]),
        (mentions, chronicle.EntityMentions, ["article_id", "entity_id", "mentions"]),
    ):
        assert records and all(isinstance(r, kind) for r in records)
        for record in records:
            row = record.as_json()
            assert list(row) == keys and json.loads(json.dumps(row)) == row
    dated = next(a for a in articles if a.published)
    assert isinstance(dated.published, date) and dated.as_json()["published"] == dated.published.isoformat()
    found = sample_store.find_entity("volodymyr-zelensky")
    assert list(found.as_json()) == ENTITY_KEYS and replace(found, article_count=3) in entities
    assert sample_store.speaker_quotes("joe-biden") and set(sample_store.speaker_quotes("joe-biden")) <= set(quotes)
    exported = [{k: v for k, v in row.items() if k != "thread_id"} for row in export.records(sample_store, "articles")]
    assert exported == [a.as_json() for a in articles]
    assert export.records(sample_store, "quotes") == [q.as_json() for q in quotes]
    assert export.records(sample_store, "entities") == [e.as_json() for e in entities]


def test_open_refuses_a_missing_database(tmp_path):
    with pytest.raises(chronicle.StoreError):
        chronicle.open(str(tmp_path / "missing.db"))
