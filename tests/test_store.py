"""Storage: a database written by an earlier schema is upgraded in place and keeps working."""

import json
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from chronicle.analysis.fingerprint import fingerprint
from chronicle.corpus.dedup import find_original
from chronicle.store import Store
from chronicle.store.migrate import alembic_config

WORDS = [f"word{i}" for i in range(120)]


def test_a_first_schema_database_is_upgraded_to_the_current_one(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "2d9ba0b71af5")  # the first schema: SHA-1 MinHash only, term counts per story
        connection.execute(
            sa.text("INSERT INTO stories (id, title, summary, profile) VALUES ('story-0001', 't', 's', :profile)"),
            {
                "profile": '{"terms": {"summit": 3}, "entities": {}, "dates": ["2023-11-14", "2023-11-16"], '
                '"article_ids": ["a1"], "titles": {"a1": "t"}, "lead_sentences": []}'
            },
        )
        connection.execute(
            sa.text(
                "INSERT INTO articles (id, origin, title, published_basis, text, text_hash, story_id, minhash, terms, "
                "timexes, ingested_at, published) VALUES ('a1', 'a1.txt', 't', 'story', :text, 'h1', 'story-0001', "
                ":minhash, "
                "'{\"summit\": 3, \"leader\": 1, \"thursday\": 1}', '[]', :now, '2023-11-14')"
            ),
            {"text": " ".join(WORDS) + " on Thursday, by 31-24", "minhash": b"\0" * 8, "now": datetime(2026, 1, 1)},
        )
        connection.execute(
            sa.text("INSERT INTO term_counts (term, df) VALUES ('summit', 1), ('leader', 1), ('thursday', 1)")
        )
        connection.execute(
            sa.text(  # a person the tagger took for a place, and a registered country
                "INSERT INTO entities (id, name, type, aliases) VALUES "
                "('gpe:hugh jackman', 'Hugh Jackman', 'GPE', '[]'), "
                "('AUS', 'Australia', 'GPE', '[]'), ('org:politiko', 'Politiko', 'ORG', '[]')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO article_entities (article_id, entity_id, mentions) VALUES "
                "('a1', 'gpe:hugh jackman', '[]'), ('a1', 'AUS', '[]')"
            )
        )

    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    state = store.load_state()
    story = state.stories["story-0001"]
    assert set(state.vocabulary.words(story.centroid)) == {"summit", "leader", "thursday"}
    assert story.centroid_norm > 0
    # story match keys rebuilt from the stored articles: name skeletons, registry ids, weekdays, figures
    assert set(story.entities) == {"hugyackman", "AUS"}
    assert state.entities["gpe:hugh jackman"].name == "Hugh Jackman"  # as stored, for the corpus to merge into
    assert state.names.one_word_key("Politiko") == "org:politiko"  # a later batch's "Politiko" joins it
    assert set(story.weekdays) == {"thursday"} and set(story.figures) == {"31-24"}
    assert find_original(state, fingerprint(" ".join(WORDS[:100]))) == "a1"
    (article,) = store.articles()
    assert article.published_basis == "story" and article.published_range == (date(2023, 11, 14), date(2023, 11, 16))


def test_migrations_are_self_contained():
    """A revision never imports Chronicle's code: it must do what it did when it was written, whatever the
    analysis does now (rules it needs are copied into it)."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "src" / "chronicle" / "store" / "migrations" / "versions"
    importing = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            importing += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "chronicle"]
    assert importing == []


def test_the_schema_revision_is_the_newest_migration(tmp_path):
    from alembic.script import ScriptDirectory

    from chronicle.store.schema import SCHEMA_REVISION

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'any.db'}")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_heads() == [SCHEMA_REVISION]


def test_events_stored_before_their_plover_code_was_kept_get_it_from_type_and_status(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "a6d2f9c4e1b8")
        for number, (kind, status) in enumerate(
            [("CONSULT", "planned"), ("ASSAULT", "hypothetical"), ("AID", "negated"), ("PROTEST", "occurred")]
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, status, date_basis, sources, targets, mentions, history, contexts, "
                    "num_articles, num_sources, confidence) VALUES (:id, :type, :status, 'explicit', '[]', '[]', '[]', "
                    "'[]', '[]', 1, 1, 0.5)"
                ),
                {"id": f"event-{number}", "type": kind, "status": status},
            )
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    assert [e.plover_code for e in sorted(store.events(), key=lambda e: e.id)] == [
        "AGREE",
        "THREATEN",
        "REJECT",
        "PROTEST",
    ]


def test_events_stored_before_are_found_by_their_actors_and_dates(tmp_path):
    from chronicle.query import EventQuery

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)

    def actor(name: str, key: str, country: str) -> str:
        return json.dumps([{"name": name, "key": key, "actor_id": key, "country": country, "sector": "GOV"}])

    actors, others = actor("Joe Biden", "joe-biden", "USA"), actor("Xi Jinping", "xi-jinping", "CHN")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "d5c1a8e3f702")
        for number, day in enumerate(("2023-11", "2024-04-02", None)):
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, plover_code, status, date, date_basis, sources, targets, mentions, "
                    "history, contexts, num_articles, num_sources, confidence) VALUES (:id, 'CONSULT', 'CONSULT', "
                    "'occurred', :day, 'explicit', :sources, :targets, '[]', '[]', '[]', 1, 1, 0.5)"
                ),
                {"id": f"event-{number}", "day": day, "sources": actors, "targets": others},
            )
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    november = EventQuery(actors=("Biden", "xi-jinping"), since=date(2023, 11, 10), until=date(2023, 11, 20))
    assert [e.id for e in store.find_events(november)] == ["event-0"]  # a month overlaps the span
    assert store.count_found_events(EventQuery(country="chn")) == 3
    assert store.find_events(EventQuery(actors=("Putin",))) == []


def test_events_stored_before_are_found_and_counted_by_the_outlets_that_reported_them(tmp_path):
    from chronicle.query import EventQuery

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config(engine)

    def reported(*by: tuple[str, str | None]) -> str:
        return json.dumps(
            [{"article_id": a, "source": outlet, "sentence": "s", "start": 0, "end": 1} for a, outlet in by]
        )

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "f7a3c1e9d2b5")
        for number, mentions in enumerate(
            [
                reported(("a1", "Harbour Times"), ("a2", "Global Wire"), ("a1", "Harbour Times")),
                reported(("a3", "Global Wire")),
                reported(("a4", None)),
            ]
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, plover_code, status, date_basis, sources, targets, mentions, "
                    "history, contexts, num_articles, num_sources, confidence, evidence_text) VALUES (:id, 'CONSULT', "
                    "'CONSULT', 'occurred', 'explicit', '[]', '[]', :mentions, '[]', '[]', 1, 1, 0.5, 's')"
                ),
                {"id": f"event-{number}", "mentions": mentions},
            )
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    assert [e.id for e in store.find_events(EventQuery(outlet="harbour"))] == ["event-0"]
    assert [e.id for e in store.find_events(EventQuery(outlet="Global Wire"))] == ["event-0", "event-1"]
    assert store.event_facets(EventQuery())["outlet"] == [("Global Wire", 2), ("Harbour Times", 1)]


def test_postgres_search_names_the_documents_its_migration_indexes():
    """PostgreSQL uses a GIN index only for the very expression it was built on."""
    import importlib.util

    from chronicle.store.store import POSTGRES_DOCUMENTS

    path = Path(__file__).resolve().parents[1] / "src" / "chronicle" / "store" / "migrations" / "versions"
    spec = importlib.util.spec_from_file_location("fts", path / "f7a3c1e9d2b5_postgres_full_text_search.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    indexed = {(table, document) for _, table, document in migration.INDEXES}
    assert indexed == {(table, document) for table, _, _, _, document in POSTGRES_DOCUMENTS.values()}


def test_an_event_cursor_is_opaque_round_trips_and_is_refused_when_broken_or_of_another_order():
    import pytest

    from chronicle.query import EventCursor, EventQuery

    for cursor in (
        EventCursor("date", None, "event-7"),
        EventCursor("-confidence", 0.625, "e"),
        EventCursor("-outlets", 3, "x"),
    ):
        text = cursor.encode()
        assert text.isascii() and "=" not in text and EventCursor.decode(text) == cursor
    forged = [EventCursor("-outlets", 10**30, "x"), EventCursor("-outlets", True, "x"), EventCursor("date", 7, "x")]
    forged += [EventCursor("-date", "2024-W15", "x"), EventCursor("-confidence", "0.5", "x")]
    for broken in (
        "",
        "!!",
        "WyJkYXRlIl0",
        EventCursor("date", None, "e").encode()[:-2],
        *(c.encode() for c in forged),
    ):
        with pytest.raises(ValueError, match="not a cursor"):
            EventCursor.decode(broken)
    with pytest.raises(ValueError, match="cursor continues"):
        EventQuery(sort="-date", after=EventCursor("date", "2024-01-02", "e"))
    with pytest.raises(ValueError, match="cursor continues"):
        EventQuery(offset=5, after=EventCursor("date", "2024-01-02", "e"))
    with pytest.raises(ValueError, match="sort"):
        EventQuery(sort="loudest")  # type: ignore[arg-type]


def test_events_stored_before_their_json_was_kept_get_the_json_the_store_writes(sample_store, tmp_path):
    from chronicle.query import EventQuery

    path = tmp_path / "old.db"
    path.write_bytes(Path(sample_store.engine.url.database).read_bytes())
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        written = dict(connection.execute(sa.text("SELECT id, public_json FROM events")).all())
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "b1f4c8e2d6a3")
        # a mention stored before mentions had a status or contexts of their own
        connection.execute(
            sa.text(
                "INSERT INTO events (id, type, plover_code, status, date_basis, sources, targets, mentions, history, "
                "contexts, num_articles, num_sources, confidence) VALUES ('event-old', 'PROTEST', 'PROTEST', "
                "'planned', 'explicit', '[]', '[]', :mentions, '[]', '[]', 1, 1, 0.5)"
            ),
            {"mentions": json.dumps([{"article_id": "a1", "sentence": "Unions will march.", "start": 0, "end": 18}])},
        )
    store = Store(f"sqlite:///{path}")
    with store.engine.connect() as connection:
        migrated = dict(connection.execute(sa.text("SELECT id, public_json FROM events")).all())
    assert len(written) >= 10 and {i: migrated[i] for i in written} == written
    stored, _ = store.find_events_json_page(EventQuery(min_confidence=0.0, limit=1000))
    assert [json.loads(t) for t in stored] == [e.as_json() for e in store.find_events(EventQuery(min_confidence=0.0))]
    assert json.loads(migrated["event-old"])["mentions"][0]["status"] == "planned"
    with store.engine.connect() as connection:
        indexes = set(connection.scalars(sa.text("SELECT name FROM sqlite_master WHERE tbl_name = 'events'")))
    assert {"ix_events_date_order", "ix_events_newest_order", "ix_events_list_order"} <= indexes


def _sample_copy(new_database) -> Store:
    """The sample corpus ingested into a new database of the kind under test."""
    from chronicle.ingest import ingest
    from chronicle.sources import sample_corpus

    database = new_database("paged")
    store = Store(database if "://" in database else f"sqlite:///{database}")
    assert ingest([sample_corpus()], store).added == 15
    return store


def test_deep_pages_and_cursors_sought_in_parts_give_the_pages_of_the_whole_list(new_database, monkeypatch):
    """A page after a cursor, or at an offset sought from the list's milestones, is read one part of the list
    at a time (events with a value of the order, then those without): it is the same page as a walk of the
    whole list gives, in every order, across the parts' edge and between tied values."""
    from dataclasses import replace

    import chronicle.store.pages
    from chronicle.query import EVENT_SORTS, EventQuery

    store = _sample_copy(new_database)
    with store.engine.begin() as connection:
        for number in range(5):  # events without a date come last in the orders by date
            connection.execute(
                sa.text(
                    "INSERT INTO events (id, type, plover_code, status, date_basis, sources, targets, mentions, "
                    "history, contexts, num_articles, num_sources, confidence, public_json) VALUES (:id, 'AID', "
                    "'AID', 'occurred', 'publication', '[]', '[]', '[]', '[]', '[]', 0, 0, 0.6, :json)"
                ),
                {"id": f"event-undated-{number}", "json": json.dumps({"id": f"event-undated-{number}"})},
            )
    monkeypatch.setattr(chronicle.store.pages, "MILESTONE_EVERY", 3)
    for sort in EVENT_SORTS:
        for filters in (EventQuery(min_confidence=0.0, sort=sort), EventQuery(min_confidence=0.5, sort=sort)):
            whole, _ = store.find_events_json_page(replace(filters, limit=1000))
            records = [e.id for e in store.find_events(filters)]
            assert [json.loads(t)["id"] for t in whole] == records and len(whole) > 10
            milestones = store.event_milestones(filters)
            assert milestones.valued_marks and (sort not in ("date", "-date") or milestones.unvalued_marks)
            for offset in range(len(whole) + 2):
                for limit in (1, 2, 5):
                    page, cursor = store.find_events_json_page(replace(filters, offset=offset, limit=limit), milestones)
                    assert page == whole[offset : offset + limit], (sort, offset, limit)
                    assert (cursor is not None) == (offset + limit < len(whole))
                    if cursor is not None:
                        after, _ = store.find_events_json_page(replace(filters, after=cursor, limit=3))
                        assert after == whole[offset + limit : offset + limit + 3]
            walked, query = [], replace(filters, limit=4)
            while True:
                events, cursor = store.find_events_page(query)
                walked += [e.id for e in events]
                if cursor is None:
                    break
                query = replace(query, after=cursor)
            assert walked == records


def test_page_statements_kept_for_one_list_serve_no_other_list(new_database):
    """The statements a list's pages are read with are kept by the list's filters: on one store, each filter's
    pages are its own list's, asked in turns."""
    from chronicle.query import StoryQuery

    store = _sample_copy(new_database)
    stories = store.find_stories(StoryQuery())
    speakers = sorted({q.speaker_id for q in store.quotes() if q.speaker_id})
    assert len(stories) >= 2 and len(speakers) >= 2  # noqa: PLR2004
    assert 0 < len(store.find_stories(StoryQuery(words="bridge"))) < len(stories)
    for _ in range(2):  # the second round reads from the kept statements
        for story in stories:
            expected = [a.as_json() for a in store.articles(story.id)]
            assert [json.loads(t) for t in store.article_json_page(story.id, 1000)] == expected
            quotes = [q.as_json() for q in store.quotes(story.id)]
            assert [json.loads(t) for t in store.quote_json_page(story.id, None, 1000)] == quotes
        for speaker in speakers:
            quotes = [q.as_json() for q in store.quotes(speaker_id=speaker)]
            assert [json.loads(t) for t in store.quote_json_page(None, speaker, 1000)] == quotes
        for query in (StoryQuery(), StoryQuery(words="bridge")):
            listed = [s.as_json() for s in store.find_stories(query)]
            assert [json.loads(t) for t in store.story_json_page(query)] == listed, query


def test_deep_pages_of_articles_stories_and_quotes_are_those_of_the_whole_list(new_database, monkeypatch):
    from dataclasses import replace

    import chronicle.store.pages
    from chronicle.query import StoryQuery

    store = _sample_copy(new_database)
    with store.engine.begin() as connection:  # some undated, which come last
        connection.execute(
            sa.text("UPDATE articles SET published = NULL WHERE id IN (SELECT id FROM articles LIMIT 4)")
        )
        connection.execute(sa.text("UPDATE stories SET first_date = NULL WHERE id IN (SELECT id FROM stories LIMIT 2)"))
        # a date range from its story, and a title that JSON must escape
        connection.execute(
            sa.text(
                "UPDATE articles SET published_basis = 'story', published_earliest = :first, published_latest = :last, "
                "title = :title WHERE id IN (SELECT id FROM articles WHERE published IS NULL LIMIT 1)"
            ),
            {"first": date(2024, 3, 1), "last": date(2024, 3, 9), "title": 'Café "Ω"\ta\x01b\n'},
        )
    monkeypatch.setattr(chronicle.store.pages, "MILESTONE_EVERY", 2)
    lists = {
        "articles": (
            store.article_milestones(),
            lambda offset, limit, marks: store.article_json_page(None, limit, offset, marks),
            [a.as_json() for a in store.articles()],
        ),
        "quotes": (
            store.quote_milestones(),
            lambda offset, limit, marks: store.quote_json_page(None, None, limit, offset, marks),
            [q.as_json() for q in store.quotes()],
        ),
        "stories": (
            store.story_milestones(StoryQuery()),
            lambda offset, limit, marks: store.story_json_page(
                replace(StoryQuery(), limit=limit, offset=offset), marks
            ),
            [s.as_json() for s in store.find_stories(StoryQuery())],
        ),
    }
    for name, (milestones, page, records) in lists.items():
        whole = page(0, 1000, None)
        # the database's JSON is the record's, keys in order
        assert [list(json.loads(text).items()) for text in whole] == [list(r.items()) for r in records], name
        assert len(whole) >= 5 and len(milestones.valued_marks) >= 1, name
        assert name == "quotes" or (milestones.unvalued_marks and milestones.valued < len(whole))
        assert name != "articles" or any(r["published_range"] and "\x01" in r["title"] for r in records)
        for offset in range(len(whole) + 2):
            for limit in (1, 3):
                assert page(offset, limit, milestones) == whole[offset : offset + limit], (name, offset, limit)
