"""The sample corpus through every stage, and the commands a user runs on it."""

import json
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from chronicle.ingest import ingest
from chronicle.outputs.cli import app
from chronicle.query import EventCursor, EventQuery, StoryQuery
from chronicle.sources import sample_corpus
from chronicle.store import Store

# The sample corpus through the whole ingest: integration tests, apart from the unit tests.
pytestmark = pytest.mark.slow


def _story_of(store, article_id):
    return next(a.story_id for a in store.articles() if a.id == article_id)


def test_stories_keep_same_actor_happenings_apart(sample_store):
    stories = sample_store.stories()
    assert len(stories) == 5
    malta = _story_of(sample_store, "malta-talks-wire.txt")
    summit = _story_of(sample_store, "summit-wire.txt")
    call = _story_of(sample_store, "biden-xi-call-ledger.txt")
    assert len({malta, summit, call}) == 3
    assert _story_of(sample_store, "capital-daily-2023-11-13-preview") == summit
    assert _story_of(sample_store, "biden-xi-call-courier.html") == call


def test_repost_is_a_duplicate_with_its_date_line_rejected(sample_store):
    articles = {a.id: a for a in sample_store.articles()}
    repost, original = articles["summit-wire-repost.txt"], articles["summit-wire.txt"]
    assert {repost.duplicate_of, original.duplicate_of} in ({None, original.id}, {None, repost.id})
    assert repost.published is not None and repost.published.year != 2026
    assert original.published == date(2023, 11, 15) and original.published_basis == "dateline"


def test_one_meeting_from_three_outlets_is_one_event(sample_store):
    meetings = [
        e
        for e in sample_store.events()
        if e.type == "CONSULT"
        and e.date == "2023-11-15"
        and {a.actor_id for a in e.source_actors + e.target_actors} >= {"joe-biden", "xi-jinping"}
    ]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting.status == "occurred" and meeting.num_articles >= 3 and meeting.num_sources >= 2
    assert any(h.status == "planned" for h in meeting.history)
    assert meeting.location.name == "Woodside"
    later_call = [e for e in sample_store.events() if e.date and e.date.startswith("2024-04")]
    assert all(e.id != meeting.id for e in later_call)


def test_cleaned_text_and_quotes(sample_store):
    articles = {a.id: a for a in sample_store.articles()}
    text = articles["summit-wire.txt"].text
    assert "Senator Jane Roe said on Thursday" in text
    for junk in ("Skip to content", "{adslot}", "Share this article", "Leave a comment", "©", "Tags:"):
        assert junk not in text
    quotes = {q.text: q for q in sample_store.quotes()}
    biden = next(q for t, q in quotes.items() if t.startswith("We're back to direct"))
    assert biden.speaker_id == "joe-biden"


def test_one_entity_across_spellings(sample_store):
    zelensky = [e for e in sample_store.entities() if e.id == "volodymyr-zelensky"]
    assert len(zelensky) == 1 and zelensky[0].article_count == 3


def test_ingesting_again_changes_nothing(sample_store):
    before = (len(sample_store.articles()), len(sample_store.events()), len(sample_store.stories()))
    report = ingest([sample_corpus()], sample_store)
    assert report.added == 0 and report.unchanged == 15
    assert (len(sample_store.articles()), len(sample_store.events()), len(sample_store.stories())) == before


def test_cli_ingest_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(
        "Ministers meet in Rome\nItalian and French ministers met in Rome on "
        "Tuesday to discuss migration, officials said.",
        "utf-8",
    )
    (tmp_path / "broken.html").write_bytes(b"\xff\xfe\x00\x00garbage")
    db = tmp_path / "c.db"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 1
    assert "broken.html" in result.output and "1 added" in result.output
    result = runner.invoke(app, ["stories", "--json", "--db", str(db)])
    assert json.loads(result.output)[0]["title"] == "Ministers meet in Rome"


def test_export_formats(sample_store, tmp_path):
    import pyarrow.parquet as pq

    from chronicle.outputs import export

    rows = export.records(sample_store, "events")
    assert {
        "id",
        "story_id",
        "type",
        "status",
        "date",
        "date_basis",
        "source_actor",
        "target_actor",
        "location",
        "mentions",
        "num_articles",
        "num_sources",
        "confidence",
    } <= set(rows[0])
    export.write(rows, "parquet", tmp_path / "e.parquet", None)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == len(rows)
    export.write(export.records(sample_store, "articles"), "csv", tmp_path / "a.csv", None)
    assert (tmp_path / "a.csv").read_text().startswith("id,source,url,title,published,published_basis")


def test_outputs_show_events_at_or_above_the_confidence_threshold(sample_store, tmp_path):
    from chronicle.data import default_min_confidence
    from chronicle.outputs import export

    every = sample_store.events()
    confidences = sorted({e.confidence for e in every})
    assert len(confidences) > 2  # the sample corpus has events of more than one confidence
    threshold = confidences[len(confidences) // 2]
    kept = {e.id for e in every if e.confidence >= threshold}
    assert {e.id for e in sample_store.events(min_confidence=threshold)} == kept
    assert {e["id"] for e in export.records(sample_store, "events", threshold)} == kept
    db = sample_store.engine.url.database
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--json", "--db", db, "--min-confidence", str(threshold)])
    assert {e["id"] for e in json.loads(result.output)} == kept
    result = runner.invoke(app, ["events", "--json", "--db", db])  # the default threshold
    assert {e["id"] for e in json.loads(result.output)} == {
        e.id for e in every if e.confidence >= default_min_confidence()
    }
    result = runner.invoke(app, ["export", "events", "--db", db, "--min-confidence", "0"])
    assert len(result.output.splitlines()) == len(every)
    assert runner.invoke(app, ["events", "--db", db, "--min-confidence", "1.5"]).exit_code == 2


def _write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder


def test_an_undated_article_takes_its_storys_dates_as_a_range(store, tmp_path):
    body = (
        "Italian and French interior ministers met in Rome to discuss migration across the Mediterranean, "
        "officials said. Matteo Piantedosi and Gerald Darmanin agreed to share patrol data."
    )
    ingest(
        [
            _write(
                tmp_path / "one",
                "rome-wire.txt",
                f"Ministers meet in Rome on migration\nROME, March 7, 2023 (Wire) - {body}",
            )
        ],
        store,
    )
    ingest([_write(tmp_path / "two", "rome-blog.txt", f"Rome migration talks\n{body} The talks were cordial.")], store)
    blog = next(a for a in store.articles() if a.id == "rome-blog.txt")
    assert (blog.published, blog.published_basis, blog.published_range) == (
        date(2023, 3, 7),
        "story",
        (date(2023, 3, 7), date(2023, 3, 7)),
    )
    ingest(
        [
            _write(
                tmp_path / "three",
                "rome-daily.txt",
                "Rome migration talks go on\nROME, March 9, 2023 - The Rome talks on migration between the Italian and "
                "French interior ministers went on for a second day, officials said. Piantedosi and Darmanin "
                "discussed Mediterranean patrols and the sharing of migration data.",
            )
        ],
        store,
    )
    blog = next(a for a in store.articles() if a.id == "rome-blog.txt")
    assert blog.published_basis == "story" and blog.published_range == (date(2023, 3, 7), date(2023, 3, 9))
    assert len({a.story_id for a in store.articles()}) == 1


def _grouping(store):
    """Stories and events as sets of article ids, independent of the ids they were given."""
    stories = frozenset(frozenset(a.id for a in store.articles() if a.story_id == s.id) for s in store.stories())
    events = frozenset((e.type, e.status, e.date, frozenset(m.article_id for m in e.mentions)) for e in store.events())
    return stories, events


def test_ingesting_in_two_halves_gives_what_ingesting_at_once_does(sample_store, tmp_path):
    files = sorted(sample_corpus().iterdir())
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    store = Store(f"sqlite:///{tmp_path / 'halves.db'}")
    for half in halves:
        ingest([f for f in half if f.name != "README.md"], store)
    stories, events = _grouping(store)
    assert len(stories) == 5 and len(events) >= 10
    assert (stories, events) == _grouping(sample_store)


def _stored_json_is_the_records(store):
    """The JSON kept beside each event (what an API page joins) is the event's record as the export gives it."""
    query = EventQuery(min_confidence=0.0, limit=1000)
    stored, _ = store.find_events_json_page(query)
    assert [json.loads(text) for text in stored] == [event.as_json() for event in store.find_events(query)]
    return stored


def test_each_events_stored_json_is_its_record(sample_store):
    assert len(_stored_json_is_the_records(sample_store)) >= 10


def test_a_late_report_that_belongs_to_two_stories_merges_them(store, dam_reports):
    first_batch, late_report = dam_reports
    ingest([first_batch], store)
    assert sorted(_story_of(store, a) for a in ("dam-wire.txt", "dam-daily.txt")) == ["story-0001", "story-0002"]
    assert "story-0002" in {e.story_id for e in store.events()}
    ingest([late_report], store)
    assert all(json.loads(text)["story_id"] == "story-0001" for text in _stored_json_is_the_records(store))
    assert {a.story_id for a in store.articles()} == {"story-0001"}
    assert [s.id for s in store.stories()] == ["story-0001"]
    assert store.story("story-0002").story.id == "story-0001"  # the merged story's id still leads somewhere
    assert {e.story_id for e in store.events()} <= {"story-0001"}
    (story,) = store.stories()
    assert (story.first_date, story.last_date) == (date(2023, 3, 1), date(2023, 4, 14))
    state = Store(store.engine.url.render_as_string(hide_password=False)).load_state()
    assert state.merged_stories == {"story-0002": "story-0001"} and list(state.stories) == ["story-0001"]
    assert state.story_count == 2  # the next story is story-0003, whatever was merged


def test_undated_reports_of_one_run_are_set_apart_together_however_small_its_batches(
    store, tmp_path, coach_firings, monkeypatch
):
    import chronicle.ingest

    first, second = coach_firings
    for number, text in enumerate(first):
        _write(
            tmp_path / "news",
            f"obrien-{number}.txt",
            f"{text.split('.')[0]}\nPHILADELPHIA, May 24, 2005 (Wire {number}) - {text}",
        )
    for number, text in enumerate(second):
        _write(tmp_path / "news", f"cheeks-{number}.txt", f"{text.split('.')[0]}\n{text}")
    monkeypatch.setattr(chronicle.ingest, "BATCH_SIZE", 2)  # no batch holds more than two of the second firing
    ingest([tmp_path / "news"], store)
    stories = {
        s: sorted(a.id.split("-")[0] for a in store.articles(story_id=s))
        for s in {a.story_id for a in store.articles()}
    }
    assert sorted(stories.values()) == [["cheeks"] * 5, ["obrien"] * 3]
    assert all(a.published is None for a in store.articles() if a.id.startswith("cheeks"))


def test_stories_of_one_running_topic_share_a_thread_and_stay_apart(store, tmp_path, harbour_strike):
    ingest([harbour_strike], store)
    stories = {s.id: s for s in store.stories()}
    story_of = {a.id: a.story_id for a in store.articles()}
    assert story_of["strike-june.txt"] == story_of["strike-june-2.txt"] != story_of["strike-september.txt"]
    assert len({s.thread_id for s in stories.values()}) == 1
    (found,) = store.threads()
    thread = found.as_json()
    assert thread["num_stories"] == 2 and thread["num_articles"] == 3
    assert [s["first_date"] for s in thread["stories"]] == ["2031-06-03", "2031-09-15"]
    runner = CliRunner()
    listed = json.loads(runner.invoke(app, ["threads", "--json", "--db", str(tmp_path / "test.db")]).output)
    assert listed == [t.as_json() for t in store.threads()]
    shown = runner.invoke(app, ["stories", "--thread", thread["id"], "--db", str(tmp_path / "test.db")]).output
    assert "Valmont" in shown and thread["id"] in shown
    from chronicle.outputs import export

    assert {r["thread_id"] for r in export.records(store, "articles")} == {thread["id"]}
    assert export.records(store, "threads")[0]["id"] == thread["id"]


def test_threads_are_the_same_whether_ingested_in_one_run_or_two(tmp_path, harbour_strike):
    one, two = Store(f"sqlite:///{tmp_path / 'one.db'}"), Store(f"sqlite:///{tmp_path / 'two.db'}")
    ingest([harbour_strike], one)
    for path in sorted(harbour_strike.iterdir()):
        ingest([path], two)
    assert [(t.id, [s.id for s in t.stories]) for t in one.threads()] == [
        (t.id, [s.id for s in t.stories]) for t in two.threads()
    ]


def test_a_quote_by_a_surname_alone_is_stored_under_the_person_the_corpus_names_in_full(store, tmp_path):
    folder = tmp_path / "in"
    _write(
        folder,
        "full.txt",
        "Valmont union elects treasurer\nVALMONT, June 3, 2031 - The Valmont Dockworkers Union "
        "elected Tomas Veldre as its treasurer on Tuesday, the union said in a statement.",
    )
    _write(
        folder,
        "surname.txt",
        'Valmont union rejects pay offer\nVALMONT, June 5, 2031 - "We will not sign this '
        'deal while wages stay frozen," Veldre said on Thursday after talks with the harbour authority.',
    )
    ingest([folder], store)
    (quote,) = store.quotes()
    person = next(e for e in store.entities() if e.name == "Tomas Veldre")
    assert quote.speaker_id == person.id and quote.speaker == "Veldre"


def test_flat_and_plover_event_exports_read_back_with_pyarrow(sample_store, tmp_path):
    import pyarrow.csv as pa_csv
    import pyarrow.json as pa_json
    import pyarrow.parquet as pq

    db = sample_store.engine.url.database
    runner = CliRunner()
    for fmt in ("csv", "parquet"):
        target = tmp_path / f"events.{fmt}"
        done = runner.invoke(
            app,
            [
                "export",
                "events",
                "--format",
                fmt,
                "--layout",
                "flat",
                "--min-confidence",
                "0",
                "-o",
                str(target),
                "--db",
                db,
            ],
        )
        assert done.exit_code == 0, done.output
    table = pa_csv.read_csv(tmp_path / "events.csv")
    assert (
        table.num_rows == len(sample_store.events())
        and table.equals(pq.read_table(tmp_path / "events.parquet"), check_metadata=False) is not None
    )
    rows = {row["id"]: row for row in table.to_pylist()}
    meeting = next(
        e for e in sample_store.events() if e.type == "CONSULT" and e.date == "2023-11-15" and e.status == "occurred"
    )
    row = rows[meeting.id]
    assert (row["source_name"], row["target_name"]) == ("Joe Biden", "Xi Jinping")
    assert (row["quad_class"], row["plover_score"], row["date_precision"]) == (1, 2.5, "day")
    assert row["place"] == "Woodside" and row["evidence_sentence"] and row["evidence_outlet"]
    assert any(r["place"] == "Paris" and r["lat"] is not None for r in rows.values())  # a city with coordinates
    assert all(not isinstance(value, (dict, list)) for value in row.values())  # every column a scalar
    target = tmp_path / "events.jsonl"
    runner.invoke(
        app, ["export", "events", "--layout", "plover", "--min-confidence", "0", "-o", str(target), "--db", db]
    )
    records = {r["id"]: r for r in pa_json.read_json(target).to_pylist()}
    record = records[meeting.id]
    assert record["event"] == ["CONSULT"] and record["quad_code"] == 1
    assert record["date"].date().isoformat() == "2023-11-15"  # (pyarrow reads an ISO date as a timestamp)
    assert [a["identifier_id"] for a in record["actor"]] == ["joe-biden"]
    assert record["event_loc"]["resolved_place"] == "Woodside" and meeting.mentions[0].sentence in record["event_text"]
    refused = runner.invoke(app, ["export", "stories", "--layout", "flat", "--db", db])
    assert refused.exit_code == 2 and "for events" in refused.output


def test_cli_lists_the_events_between_two_actors_in_a_month_with_their_sentences(sample_store):
    db = sample_store.engine.url.database
    runner = CliRunner()
    args = [
        "events",
        "-a",
        "biden",
        "-a",
        "xi-jinping",
        "--since",
        "2023-11-01",
        "--until",
        "2023-11-30",
        "--min-confidence",
        "0",
        "--db",
        db,
    ]
    listed = json.loads(runner.invoke(app, [*args, "--json"]).output)
    assert listed and all(e["date"].startswith("2023-11") for e in listed)
    shown = runner.invoke(app, [*args, "--evidence"]).output
    assert "Joe Biden → Xi Jinping" in shown and "Filoli estate" in " ".join(shown.split())
    refused = runner.invoke(app, ["events", "--since", "2023-13-01", "--db", db])
    assert refused.exit_code == 2 and "is not a day" in refused.output


def test_cli_pages_events_by_cursor_in_an_order_and_filters_by_outlet(sample_store):
    db = sample_store.engine.url.database
    runner = CliRunner()
    listing = ["events", "--sort", "-confidence", "--min-confidence", "0", "--db", db]
    whole = [e["id"] for e in json.loads(runner.invoke(app, [*listing, "--json"]).stdout)]
    paged, after = [], []
    while True:
        shown = runner.invoke(app, [*listing, "--limit", "5", "--json", *after])
        paged += [e["id"] for e in json.loads(shown.stdout)]
        following = re.search(r"next page: --after (\S+)", shown.stderr)
        if following is None:
            break
        after = ["--after", following.group(1)]
    assert paged == whole and len(whole) > 5
    confidences = [e["confidence"] for e in json.loads(runner.invoke(app, [*listing, "--json"]).stdout)]
    assert confidences == sorted(confidences, reverse=True)
    outlet = sample_store.articles()[0].source
    reported = json.loads(runner.invoke(app, [*listing, "--source", outlet.lower(), "--json"]).stdout)
    assert reported and all(any(m["source"] == outlet for m in e["mentions"]) for e in reported)
    assert len(reported) < len(whole)
    assert runner.invoke(app, [*listing, "--sort", "loudest"]).exit_code == 2
    assert runner.invoke(app, [*listing, "--after", "nonsense"]).exit_code == 2


def test_cli_lists_stories_by_words_dates_outlet_and_country(sample_store):
    db = sample_store.engine.url.database
    runner = CliRunner()

    def listed(*options: str) -> list[str]:
        return [s["id"] for s in json.loads(runner.invoke(app, ["stories", *options, "--json", "--db", db]).stdout)]

    every = listed()
    assert len(every) == len(sample_store.stories()) > 2
    malta = listed("--words", "malta")
    assert len(malta) == 1 and "Malta" in sample_store.story(malta[0]).story.title
    outlet = sample_store.articles()[0].source
    by_outlet = listed("--source", outlet.lower())
    assert by_outlet and all(any(a.source == outlet for a in sample_store.story(s).articles) for s in by_outlet)
    china = listed("--country", "chn", "--min-confidence", "0")
    assert china and all(
        any(p.country == "CHN" for e in sample_store.story(s).events for p in (*e.source_actors, *e.target_actors))
        for s in china
    )
    assert set(listed("--since", "2024-01-01")) < set(every)
    assert runner.invoke(app, ["stories", "--since", "2024-05-01", "--until", "2024-01-01", "--db", db]).exit_code == 2


def test_cli_shows_an_actor_with_its_events_counterparts_and_quotes(sample_store):
    db = sample_store.engine.url.database
    runner = CliRunner()
    record = json.loads(runner.invoke(app, ["actor", "Biden", "--json", "--min-confidence", "0", "--db", db]).output)
    assert record["id"] == "joe-biden" and record["events"] and record["quotes"]
    assert record["counterparts"][0]["name"] == "Xi Jinping"
    shown = runner.invoke(app, ["actor", "joe-biden", "--min-confidence", "0", "--db", db]).output
    assert "deals most with: Xi Jinping" in shown
    assert runner.invoke(app, ["actor", "Nobody At All", "--db", db]).exit_code == 1


def test_cli_refuses_an_empty_actor_and_a_span_that_ends_before_it_starts(sample_store):
    db = sample_store.engine.url.database
    runner = CliRunner()
    empty = runner.invoke(app, ["events", "--actor", "", "--db", db])
    assert empty.exit_code == 2 and "actor must be named" in empty.output
    backwards = runner.invoke(app, ["actor", "Biden", "--since", "2024-05-01", "--until", "2024-01-01", "--db", db])
    assert backwards.exit_code == 2 and "after until" in backwards.output


def test_each_database_searches_with_its_own_full_text_index_and_finds_what_scanning_finds(new_database):
    database = new_database("search")
    url = database if "://" in database else f"sqlite:///{database}"
    store = Store(url)
    ingest([sample_corpus()], store)
    scanning = Store(url, create=False)
    scanning.indexed_text = False
    try:
        assert store.indexed_text  # FTS5 on SQLite, its own text search on PostgreSQL
        for words in ("military hotline", "Xi Jinping"):
            indexed = {(h.kind, h.id) for h in store.search(words, limit=100)}
            assert indexed and indexed == {(h.kind, h.id) for h in scanning.search(words, limit=100)}
        (hit,) = store.search("hotline", kinds=["article"], limit=1)
        assert [hit.snippet[a:b].lower() for a, b in hit.marks] == ["hotline"] and hit.story_id
        assert store.search("'; DROP TABLE articles; --") == [] and store.count_articles() == 15
    finally:
        store.engine.dispose()
        scanning.engine.dispose()


def test_each_database_pages_orders_and_facets_events_alike(new_database, sample_store):
    """The keyset pages, the orders (NULLs last on both) and the facets are SQL the two databases must
    agree on: the same corpus gives the same lists on each as in the SQLite sample store."""
    database = new_database("pages")
    store = Store(database if "://" in database else f"sqlite:///{database}")
    ingest([sample_corpus()], store)
    try:
        for sort in ("date", "-date", "-confidence", "-outlets"):
            whole = [e.id for e in store.find_events(EventQuery(sort=sort))]
            assert whole == [e.id for e in sample_store.find_events(EventQuery(sort=sort))]
            paged, after = [], None
            while page := store.find_events(EventQuery(sort=sort, limit=3, after=after)):
                paged += [e.id for e in page]
                after = EventCursor.after(page[-1], sort)
            assert paged == whole
        assert store.event_facets(EventQuery()) == sample_store.event_facets(EventQuery())
        for stories in (StoryQuery(), StoryQuery(country="chn"), StoryQuery(outlet="wire", since=date(2023, 10, 1))):
            assert store.story_facets(stories) == sample_store.story_facets(stories)
            assert store.find_stories(stories) == sample_store.find_stories(stories)
        assert store.count_found_events_by_place(EventQuery()) == sample_store.count_found_events_by_place(EventQuery())
    finally:
        store.engine.dispose()


def test_search_gives_the_same_hits_with_and_without_the_full_text_index(sample_store):
    assert sample_store.indexed_text  # SQLite with FTS5
    indexed = {(h.kind, h.id) for h in sample_store.search("military hotline", limit=100)}
    scanning = Store(sample_store.engine.url.render_as_string(hide_password=False), create=False)
    scanning.indexed_text = False  # as on PostgreSQL, or an SQLite without FTS5
    scanned = {(h.kind, h.id) for h in scanning.search("military hotline", limit=100)}
    assert indexed and indexed == scanned
    assert sample_store.search("%") == [] and scanning.search("hotline", kinds=["quote"]) == []
    runner = CliRunner()
    shown = runner.invoke(
        app, ["search", "military hotline", "--kind", "event", "--db", sample_store.engine.url.database]
    )
    assert shown.exit_code == 0 and "event-" in shown.output and "article" not in shown.output.split()
    assert (
        runner.invoke(app, ["search", "x", "--kind", "tweet", "--db", sample_store.engine.url.database]).exit_code == 2
    )
