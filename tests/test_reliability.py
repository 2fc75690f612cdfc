"""Nothing lost, nothing corrupted (issue 26): bad fields, bad bytes, failing stages, two writers at once, the
CLI's messages and exit codes, and the web server's defences. Each test names the defect it guards against."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx
import pytest

from chronicle.ingest import ingest
from chronicle.sources import SourceError, SourceWarning, read_paths, sample_corpus
from chronicle.store import Store
from chronicle.store.opening import sqlite_path

# Whole ingests, real processes and a real server, each probing one defect.
pytestmark = pytest.mark.slow

GOOD = "Ministers met in Valletta on Monday to discuss the harbour treaty, officials said."


def _line(number: int, **fields: object) -> str:
    record = {
        "id": f"a{number}",
        "text": f"Story {number}\n{GOOD} Item {number}.",
        "published": f"2024-03-0{number % 9 + 1}",
        **fields,
    }
    return json.dumps(record)


def _chronicle(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chronicle", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
    )


def test_bad_fields_are_that_lines_reason_and_placeholder_dates_are_no_date(tmp_path):
    lines = [_line(n) for n in range(6)]
    lines += [
        _line(10, published="0001-01-01T00:00:00Z"),  # Go's zero time: was an overflow that stopped the run
        _line(11, published="9999-12-31"),
        _line(12, title=17),  # an integer title crashed the cleaning
        '{"id": "a13", "text": "Lone \\ud800 surrogate in a story."}',  # crashed hashing and saving
        _line(14, source=["not", "text"]),
        "[" * 100_000,  # nested too deeply for the JSON reader: was a RecursionError that ended the run
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    items = list(read_paths([tmp_path]))
    articles = {i.id: i for i in items if not isinstance(i, SourceError | SourceWarning)}
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    warnings = [str(i) for i in items if isinstance(i, SourceWarning)]
    assert set(articles) == {"a0", "a1", "a2", "a3", "a4", "a5", "a10", "a11"}
    assert articles["a10"].published is None and articles["a11"].published is None
    assert any("feed.jsonl:7" in w and "outside 1000–2100" in w for w in warnings)
    assert any("feed.jsonl:9" in e and "'title' must be a string" in e for e in errors)
    assert any("feed.jsonl:10" in e and "lone surrogate" in e for e in errors)
    assert any("feed.jsonl:11" in e and "'source' must be a string" in e for e in errors)
    assert any("feed.jsonl:12" in e and "nested too deeply" in e for e in errors)


def test_a_run_with_bad_lines_stores_every_good_one(tmp_path, store):
    lines = [_line(n) for n in range(40)] + [
        _line(99, published="0001-01-01T00:00:00Z"),
        '{"id": "x", "text": "\\udfff"}',
        _line(98, title=5),
    ]
    random.Random(7).shuffle(lines)
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    report = ingest([tmp_path], store)
    assert report.added == 41 and len(report.errors) == 2 and len(report.warnings) == 1
    assert len(store.articles()) == 41


def test_decoding_keeps_utf8_with_a_stray_byte_reads_utf16_and_refuses_random_bytes(tmp_path):
    body = "Café José met the ministers in Genève on Monday, the officials said. " * 3
    (tmp_path / "stray.txt").write_bytes(b"Headline\n" + body.encode() + b"\xff the end.")
    (tmp_path / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + f"Headline\n{body}".encode("utf-16-le"))
    noise = bytes(b for b in random.Random(3).randbytes(100_000) if b)  # no NUL: was stored as an article
    (tmp_path / "noise.txt").write_bytes(noise)
    items = {Path(i.origin).name: i for i in read_paths([tmp_path])}
    assert "Café José" in items["stray.txt"].text  # was cp1252 mojibake ("CafÃ© JosÃ©") for the whole file
    assert "Genève" in items["wide.txt"].text  # was rejected as "binary"
    assert isinstance(items["noise.txt"], SourceError)
    warnings = [i for i in read_paths([tmp_path / "stray.txt"]) if isinstance(i, SourceWarning)]
    assert [str(w) for w in warnings] == [f"{tmp_path / 'stray.txt'}: 1 invalid UTF-8 sequence(s) replaced by U+FFFD"]


def test_an_article_that_fails_in_analysis_or_in_the_corpus_is_skipped_and_the_rest_stored(
    tmp_path, store, monkeypatch
):
    import chronicle.ingest as job

    (tmp_path / "feed.jsonl").write_text("\n".join(_line(n) for n in range(8)) + "\n", "utf-8")
    analyse, add = job.analyse_articles, job.add_articles

    def failing_analysis(batch, nlp):  # a fault injected into one article, as a bug in a stage would be
        if any(a.id == "a3" for a in batch):
            raise RuntimeError("analysis bug")
        return analyse(batch, nlp)

    def failing_corpus(state, analysed):
        outcomes = add(state, analysed)  # the state takes the batch in, then the bug strikes: it must be reloaded
        if any(a.article.id == "a5" for a in analysed):
            raise KeyError("corpus bug")
        return outcomes

    monkeypatch.setattr(job, "analyse_articles", failing_analysis)
    monkeypatch.setattr(job, "add_articles", failing_corpus)
    report = ingest([tmp_path], store)
    assert sorted(e.origin.rsplit(":", 1)[1] for e in report.errors) == ["4", "6"]
    assert all("internal error" in e.reason for e in report.errors)
    assert sorted(a.id for a in store.articles()) == ["a0", "a1", "a2", "a4", "a6", "a7"]
    assert report.added == 6
    stories = {a.story_id for a in store.articles()}
    assert stories <= {s.id for s in store.stories()}  # no article points to a story that is not stored


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    files = sorted(sample_corpus().iterdir())
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, part in ((first, files[::2]), (second, files[1::2])):
        folder.mkdir()
        for path in part:
            (folder / path.name).write_bytes(path.read_bytes())
    return first, second


def _shape(url: str) -> tuple:
    """What a database holds, without the ids each run numbers: stories as sets of articles, event counts."""
    store = Store(url, create=False)
    by_story: dict[str, set[str]] = {}
    for article in store.articles():
        by_story.setdefault(article.story_id, set()).add(article.id)
    listed = {s.id for s in store.stories()}
    events = len(store.events(min_confidence=0.0))
    store.engine.dispose()
    assert set(by_story) <= listed, "an article points to a story that is not listed"
    return sorted(sorted(group) for group in by_story.values()), events


def _url(database: str) -> str:
    return database if "://" in database else f"sqlite:///{database}"


def test_two_ingests_at_once_give_what_one_after_the_other_gives(tmp_path, new_database):
    first, second = _halves(tmp_path)
    orders = []
    for name, order in (("ab", (first, second)), ("ba", (second, first))):
        database = new_database(name)
        for folder in order:
            assert _chronicle("ingest", str(folder), "--db", database).returncode == 0
        orders.append(_shape(_url(database)))
    together = new_database("together")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "chronicle", "ingest", str(folder), "--db", together],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert _shape(_url(together)) in orders
    # the same corpus twice at once: one stores it, the other finds it stored (was an IntegrityError)
    same = new_database("same")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "chronicle", "ingest", str(first), "--db", same],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    added = sorted(int(out.split(" added")[0]) for out, _ in outputs)
    stored = Store(_url(same), create=False)
    assert added[0] == 0 and added[1] == len(stored.articles()) > 0
    stored.engine.dispose()
    _shape(_url(same))


def test_the_revision_changes_when_another_process_writes(tmp_path, new_database):
    first, second = _halves(tmp_path)
    database = new_database("revision")
    assert _chronicle("ingest", str(first), "--db", database).returncode == 0
    store = Store(_url(database), create=False)
    before = store.revision()
    assert before is not None
    if store.engine.url.get_backend_name() == "sqlite":
        assert store.revision() == before  # nothing written (PostgreSQL's own upkeep may move its token)
    assert _chronicle("ingest", str(second), "--db", database).returncode == 0
    after = store.revision()
    assert after not in (before, None)
    path = sqlite_path(_url(database))
    if path is not None:
        writer = sqlite3.connect(path)
        writer.execute("BEGIN EXCLUSIVE")  # a writer committing: the token is unknown at once, not waited for
        assert store.revision() is None
        writer.rollback()
        writer.close()
        assert store.revision() == after
        shutil.copy(path, tmp_path / "copy.db")
        os.replace(tmp_path / "copy.db", path)  # the file replaced by another (a restore, `chronicle demo`)
        assert store.revision() not in (after, None)
    store.engine.dispose()


def test_read_commands_never_create_or_touch_a_database_that_is_not_chronicles(tmp_path):
    missing = tmp_path / "typo.db"
    result = _chronicle("stories", "--db", str(missing))
    assert result.returncode == 2 and not missing.exists()
    assert result.stderr.strip() == f"error: no database at {missing} (chronicle ingest creates one)"
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database at all, just some notes\n" * 20, "utf-8")
    result = _chronicle("events", "--db", str(text_file))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "cannot open" in result.stderr
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    for command in (("stories",), ("ingest", str(sample_corpus()))):
        result = _chronicle(*command, "--db", str(foreign))
        assert result.returncode == 2 and "not a Chronicle database" in result.stderr
    with sqlite3.connect(foreign) as connection:
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["contacts"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other")) == ["other.db"]  # no lock file


def test_a_newer_schema_a_bad_day_an_unknown_driver_and_an_empty_folder_are_one_line_each(tmp_path):
    db = tmp_path / "c.db"
    Store(f"sqlite:///{db}")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    checks = [
        (_chronicle("stories", "--db", str(db)), 2, "schema this Chronicle does not know"),
        (_chronicle("actors", "lookup", "Joe Biden", "--on", "2020-13-01"), 2, "is not a day"),
        (_chronicle("stories", "--db", "postgresql+nodriver://u@localhost/x"), 2, "driver is not installed"),
    ]
    (tmp_path / "empty").mkdir()
    checks.append(
        (_chronicle("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "e.db")), 1, "no articles found")
    )
    for result, status, message in checks:
        assert result.returncode == status and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_markup_in_stored_text_is_printed_as_it_is(tmp_path):
    record = {
        "id": "m1",
        "text": "Talks end in [/b] and [link=https://example.com]chaos[/link]\n" + GOOD,
        "published": "2024-03-04",
        "source": "[bold]Wire",
    }
    (tmp_path / "m.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    db = tmp_path / "m.db"
    assert _chronicle("ingest", str(tmp_path / "m.jsonl"), "--db", str(db)).returncode == 0
    listed = _chronicle("stories", "--db", str(db))
    assert listed.returncode == 0 and "[/b]" in listed.stdout and "[link=https://example.com]" in listed.stdout
    story = json.loads(_chronicle("stories", "--db", str(db), "--json").stdout)[0]["id"]
    shown = _chronicle("show", story, "--db", str(db))
    assert shown.returncode == 0 and "[/b]" in shown.stdout and "[link=https://example.com]chaos" in shown.stdout
    assert "[bold]Wire" in shown.stdout


def test_a_database_that_fails_mid_run_ends_it_with_status_3_naming_the_article(tmp_path, monkeypatch, capsys):
    from sqlalchemy.exc import OperationalError

    from chronicle.outputs.cli import main

    (tmp_path / "feed.jsonl").write_text("\n".join(_line(n) for n in range(3)) + "\n", "utf-8")

    def disk_full(*args: object) -> None:  # the database failing as a full disk makes it fail
        raise OperationalError("INSERT INTO articles ...", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Store, "_save", disk_full)
    monkeypatch.setattr(
        sys, "argv", ["chronicle", "ingest", str(tmp_path / "feed.jsonl"), "--db", str(tmp_path / "f.db")]
    )
    with pytest.raises(SystemExit) as exit_status:
        main()
    message = capsys.readouterr().err.strip()
    assert exit_status.value.code == 3 and len(message.splitlines()) == 1
    assert "database or disk is full" in message and "feed.jsonl:1" in message


@pytest.fixture
def hostile_site(tmp_path: Path):
    from test_web import serving

    record = {
        "id": "h1",
        "text": "Harbour talks resume\n" + GOOD,
        "published": "2024-03-04",
        "url": "javascript:alert(document.cookie)",
    }
    (tmp_path / "h.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    ingest([tmp_path / "h.jsonl"], store)
    with serving(store) as base:
        yield base, store


def test_the_web_server_links_only_http_sends_security_headers_checks_the_host_and_answers_head(hostile_site):
    base, store = hostile_site
    story = store.stories()[0].id
    page = httpx.get(f"{base}/stories/{story}")
    assert page.status_code == 200 and "Harbour talks resume" in page.text
    assert 'href="javascript' not in page.text  # was a clickable javascript: link
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    rebound = httpx.get(f"{base}/api/stories", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400
    head = httpx.head(f"{base}/stories/{story}")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/html")
    docs = httpx.get(f"{base}/docs")  # Swagger UI came from a CDN: now from an installed package
    assert docs.status_code == 200 and "https://" not in docs.text and "<script>" not in docs.text
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]  # the other pages run no script
    assert httpx.get(f"{base}/docs-assets/swagger-ui-bundle.js").status_code == 200
    listed = httpx.get(f"{base}/api/stories", params={"limit": 1})
    assert len(listed.json()) == 1 and listed.headers["x-total-count"] == "1"
    assert date.fromisoformat(listed.json()[0]["first_date"]) == date(2024, 3, 4)


def test_a_story_page_shows_its_parts_a_page_at_a_time(sample_store, monkeypatch):
    import chronicle.outputs.web.app as web
    from test_web import serving

    monkeypatch.setattr(web, "STORY_PAGE_SIZES", {"articles": 2, "events": 1, "quotes": 1})
    story = max(sample_store.stories(), key=lambda s: s.num_articles)
    with serving(sample_store) as base:
        first = httpx.get(f"{base}/stories/{story.id}")
        last = httpx.get(f"{base}/stories/{story.id}", params={"page": 2})
    assert first.status_code == last.status_code == 200
    assert f"{story.num_articles} articles" in first.text and 'rel="next"' in first.text
    listed = first.text.split('<section id="articles">')[1]
    assert listed.count("<li>") == 2
    assert 'rel="prev"' in last.text
