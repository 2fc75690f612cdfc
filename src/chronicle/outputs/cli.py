"""The `chronicle` command: ingest, browse, export and serve."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chronicle.config import AnalysisSettings, database_url
from chronicle.query import EVENT_SORTS, MAX_PAGE, EventCursor, EventQuery, StoryQuery
from chronicle.records import EVENT_STATUSES, SEARCH_KINDS

app = typer.Typer(
    help="Chronicle: raw news articles in, stories, events, quotes and entities out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True, soft_wrap=True)  # one message, one line, however long

DbOption = Annotated[str | None, typer.Option("--db", help="Database file or SQLAlchemy URL [env CHRONICLE_DB]")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines")]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--source", help="Part of the name of an outlet that reported it; '\"Name\"' (quotes kept): that whole name"
    ),
]
MinConfidenceOption = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Only events at or above this confidence; 0 shows all [default: the threshold in "
        "data/event_confidence.json, read on the untouched article gold]",
    ),
]


def _threshold(min_confidence: float | None) -> float:
    from chronicle.data import default_min_confidence

    return default_min_confidence() if min_confidence is None else min_confidence


def _store(db: str | None, create: bool = False):
    """The database of `--db`; only ingest creates one, so a mistyped path on a read command is an error."""
    from chronicle.store import Store

    return Store(database_url(db), create=create, on_wait=lambda: _busy(database_url(db)))


def _busy(where: str) -> None:
    from sqlalchemy.engine import make_url

    shown = make_url(where).render_as_string(hide_password=True)
    errors.print(
        f"database busy: another ingest is writing to {shown} — waiting for it to finish", markup=False, highlight=False
    )


def run_ingest(paths: list[Path], db: str | None) -> int:
    """Ingest and report; the exit status: 0 all stored, 1 some input skipped or none found."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from chronicle.ingest import ingest

    store = _store(db, create=True)
    with Progress(
        TextColumn("[bold]analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None)
        report = ingest(
            paths,
            store,
            lambda done, total: progress.update(task, completed=done, total=total),
            lambda: _busy(store.where),
            AnalysisSettings.from_environment(),
        )
    for warning in report.warnings:
        errors.print(f"[yellow]warning[/] {escape(str(warning))}", highlight=False)
    for error in report.errors:
        errors.print(f"[yellow]skipped[/] {escape(str(error))}", highlight=False)
    if not report.inputs and not report.errors:
        errors.print(
            "no articles found in " + escape(", ".join(map(str, paths))) + " (.txt, .html, .jsonl[.gz])",
            highlight=False,
        )
        return 1
    console.print(f"{report.added} added, {report.unchanged} already stored, {len(report.errors)} skipped")
    return 1 if report.errors else 0


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt, .html, .jsonl[.gz])")],
    db: DbOption = None,
) -> None:
    """Ingest articles. Exit status: 0 all stored, 1 some input skipped (or none found), 2 usage error,
    3 internal error (naming the article being processed)."""
    raise typer.Exit(run_ingest(paths, db))


def _print_stories(stories: list[dict]) -> None:
    table = Table("id", "dates", "articles", "thread", "title", title="Stories")
    for s in stories:
        dates = s["first_date"] or "?"
        if s["last_date"] and s["last_date"] != s["first_date"]:
            dates += f" → {s['last_date']}"
        table.add_row(escape(s["id"]), dates, str(s["num_articles"]), s["thread_id"] or "", escape(s["title"]))
    console.print(table)


@app.command()
def stories(
    thread: Annotated[str | None, typer.Option("--thread", help="Only this thread's stories")] = None,
    words: Annotated[str | None, typer.Option("--words", help="Words of the title or summary, every one")] = None,
    since: Annotated[str | None, typer.Option(help="Stories whose dates reach this day or later (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Stories that begin on this day or earlier (YYYY-MM-DD)")] = None,
    source: OutletOption = None,
    country: Annotated[str | None, typer.Option(help="Of an actor in one of its events (ISO alpha-3)")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """List the stories, newest first, filtered."""
    try:
        query = StoryQuery(
            words=words,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            thread_id=thread,
            outlet=source,
            country=country,
            min_confidence=_threshold(min_confidence),
        )
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    found = [story.as_json() for story in _store(db).find_stories(query)]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        _print_stories(found)


@app.command()
def threads(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the threads (stories of one running topic), the latest first, with their stories."""
    found = [thread.as_json() for thread in _store(db).threads()]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    table = Table("thread", "dates", "stories", "articles", "title and stories", title="Threads")
    for thread in found:
        listed = "\n".join(f"  {s['id']} {s['first_date'] or '?'} {escape(s['title'])}" for s in thread["stories"])
        table.add_row(
            escape(thread["id"]),
            f"{thread['first_date'] or '?'} – {thread['last_date'] or '?'}",
            str(thread["num_stories"]),
            str(thread["num_articles"]),
            f"[b]{escape(thread['title'])}[/]" + (f"\n{listed}" if thread["num_stories"] > 1 else ""),
        )
    console.print(table)


def _actor(actor: dict | None) -> str:
    if not actor:
        return "—"
    return escape(f"{actor['name']} ({actor['country'] or '?'}/{actor['sector'] or '?'})")


def _print_evidence(events: list[dict]) -> None:
    """Each event on a line, then the sentences that report it, each with its outlet and article."""
    for e in events:
        sources = ", ".join(a["name"] for a in e["source_actors"]) or "?"
        targets = ", ".join(a["name"] for a in e["target_actors"]) or "?"
        console.print(
            f"[b]{escape(e['id'])}[/] {escape(e['date'] or '?')} {escape(e['type'])} ({escape(e['status'])}): "
            f"{escape(sources)} → {escape(targets)}",
            highlight=False,
        )
        for m in e["mentions"]:
            outlet = m["source"] or m["article_id"]
            console.print(
                f"  [dim]{escape(outlet)} · {escape(m['article_id'])}[/] {escape(m['sentence'])}", highlight=False
            )


def _print_events(events: list[dict], threshold: float) -> None:
    table = Table(
        "id",
        "date",
        "type",
        "status",
        "source",
        "target",
        "place",
        "articles",
        "confidence",
        title=f"Events with confidence ≥ {threshold:g}",
        caption="--min-confidence changes the threshold",
    )
    for e in events:
        date = f"{e['date'] or '?'} [dim]{e['date_basis']}[/]"
        place = escape(e["location"]["name"]) if e["location"] else ""
        table.add_row(
            escape(e["id"]),
            date,
            escape(e["type"]),
            escape(e["status"]),
            ", ".join(_actor(a) for a in e["source_actors"]) or "—",
            ", ".join(_actor(a) for a in e["target_actors"]) or "—",
            place,
            f"{e['num_articles']} ({e['num_sources']} outlets)",
            f"{e['confidence']:.2f}",
        )
    console.print(table)


def _usage_error(message: str) -> typer.Exit:
    """A usage error in one line: exit status 2."""
    errors.print(message, markup=False, highlight=False)
    return typer.Exit(2)


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise _usage_error(f"{option} {value!r} is not a day (YYYY-MM-DD)") from None


@app.command()
def events(
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", "-a", help="An actor id or (part of) a name taking part; twice: events between them"),
    ] = None,
    country: Annotated[str | None, typer.Option(help="An actor's country (ISO alpha-3)")] = None,
    sector: Annotated[str | None, typer.Option(help="An actor's sector (GOV, MIL, ...)")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type or code")] = None,
    status: Annotated[str | None, typer.Option(help="occurred | claimed | planned | negated | hypothetical")] = None,
    context: Annotated[str | None, typer.Option(help="A PLOVER context (military, economic, ...)")] = None,
    since: Annotated[str | None, typer.Option(help="Events dated on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Events dated on or before this day (YYYY-MM-DD)")] = None,
    place: Annotated[
        str | None, typer.Option(help="Part of the place's name; '\"Name\"' (quotes kept): that whole name")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Words of an evidence sentence")] = None,
    source: OutletOption = None,
    story: Annotated[str | None, typer.Option("--story", help="Only this story's events")] = None,
    thread: Annotated[str | None, typer.Option("--thread", help="Only this thread's events")] = None,
    sort: Annotated[str, typer.Option(help="date | -date (newest first) | -confidence | -outlets")] = "date",
    limit: Annotated[int | None, typer.Option(min=1, max=MAX_PAGE, help="At most this many")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first")] = 0,
    after: Annotated[
        str | None, typer.Option(help="Continue after the page this cursor ended (printed under a page)")
    ] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Print each event's sentences, not a table")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """List events with their actors, status, date and how many articles report them, filtered."""
    if status is not None and status not in EVENT_STATUSES:
        raise _usage_error(f"--status {status!r} is not one of {', '.join(EVENT_STATUSES)}")
    if sort not in EVENT_SORTS:
        raise _usage_error(f"--sort {sort!r} is not one of {', '.join(EVENT_SORTS)}")
    threshold = _threshold(min_confidence)
    try:
        query = EventQuery(
            actors=tuple(actor or ()),
            country=country,
            sector=sector,
            type=event_type,
            status=status,
            context=context,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            place=place,
            text=text,
            outlet=source,
            story_id=story,
            thread_id=thread,
            min_confidence=threshold,
            sort=sort,  # checked against EVENT_SORTS above
            limit=limit,
            offset=offset,
            after=EventCursor.decode(after) if after else None,
        )
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    store = _store(db)
    listed, following = store.find_events_page(query)
    found = [event.as_json() for event in listed]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif evidence:
        _print_evidence(found)
    else:
        _print_events(found, threshold)
    if following:  # (on stderr: it never mixes with the JSON)
        errors.print(f"next page: --after {following.encode()}", markup=False, highlight=False)


@app.command()
def show(
    story_id: str, db: DbOption = None, as_json: JsonOption = False, min_confidence: MinConfidenceOption = None
) -> None:
    """One story: its articles by outlet, its events with evidence, its quotes."""
    threshold = _threshold(min_confidence)
    found = _store(db).story(story_id, min_confidence=threshold)
    if found is None:
        errors.print(f"no story {story_id!r}", markup=False, highlight=False)
        raise typer.Exit(2)
    story = found.as_json()
    if as_json:
        typer.echo(json.dumps(story, ensure_ascii=False, indent=2))
        return
    console.rule(f"[bold]{escape(story['title'])}")
    console.print(f"{story['id']}  {story['first_date'] or '?'} → {story['last_date'] or '?'}", markup=False)
    console.print(story["summary"], style="italic", markup=False)
    articles = Table("published", "outlet", "title", "duplicate of", title="Articles")
    for a in story["articles"]:
        span = f" {a['published_range'][0]}…{a['published_range'][1]}" if a["published_range"] else ""
        articles.add_row(
            f"{a['published'] or '?'} [dim]{a['published_basis']}{span}[/]",
            escape(a["source"] or "—"),
            escape(a["title"]),
            escape(a["duplicate_of"] or ""),
        )
    console.print(articles)
    _print_events(story["events"], threshold)
    for e in story["events"]:
        console.print(f"[bold]{escape(e['id'])}[/] {escape(e['type'])} {escape(e['status'])}:")
        for m in e["mentions"]:
            console.print(f"   [dim]{escape(m['article_id'])}[/] {escape(m['sentence'])}", highlight=False)
    quotes = Table("speaker", "quote", "article", title="Quotes")
    for q in story["quotes"]:
        quotes.add_row(escape(q["speaker"] or "?"), escape(q["text"]), escape(q["article_id"]))
    console.print(quotes)


@app.command("export")
def export_command(
    kind: Annotated[str, typer.Argument(help="articles | stories | events | quotes | entities")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (stdout if none)")] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout", help="events: nested | flat (one row of columns each) | plover (PLOVER's JSON record)"
        ),
    ] = "nested",
    db: DbOption = None,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """Export records for other tools (events at or above the confidence threshold)."""
    from chronicle.outputs import export as exporter

    try:
        rows = exporter.records(_store(db), kind, _threshold(min_confidence), layout)
        exporter.write(rows, fmt, output, sys.stdout)
    except ValueError as exc:
        errors.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from None


@app.command()
def serve(
    db: DbOption = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    min_confidence: MinConfidenceOption = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another host name the server answers to (repeatable); local names and --host always are",
        ),
    ] = None,
    cache_mb: Annotated[
        int,
        typer.Option(
            "--cache-mb",
            min=0,
            help="Megabytes of answers kept while the database is unchanged (0: none; any write clears them)",
        ),
    ] = 64,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes that answer requests (default: one a core, at most 4); each keeps its own answers",
        ),
    ] = None,
    access_log: Annotated[
        bool,
        typer.Option("--access-log", help="Log a line for each request (it costs about a fifth of the pages a second)"),
    ] = False,
) -> None:
    """Browse stories, timelines, events and quotes in a web page (?min_confidence= changes a page's threshold)."""
    from chronicle.outputs.web.app import LOCAL_HOSTS
    from chronicle.outputs.web.serving import WebSettings, WorkerEnded, default_workers, sockets_for
    from chronicle.outputs.web.serving import serve as run_server

    hosts = [*LOCAL_HOSTS, *([host] if host not in ("0.0.0.0", "::") else []), *(allow_host or [])]
    opened = _store(db)  # opened here first: a database that cannot be served is refused in one line
    opened.engine.dispose()
    settings = WebSettings(database_url(db), _threshold(min_confidence), tuple(hosts), cache_bytes=cache_mb << 20)
    processes = workers or default_workers()
    try:
        sockets = sockets_for(host, port, processes)
    except OSError as exc:
        errors.print(f"cannot listen on {host}:{port}: {exc.strerror or exc}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    shown = "[" + host + "]" if ":" in host else host
    counted = f"{processes} process{'es' if processes > 1 else ''}"
    typer.echo(f"serving {opened.where} at http://{shown}:{sockets[0].getsockname()[1]}/ ({counted}; Ctrl-C stops)")
    try:
        run_server(settings, sockets, processes, access_log)
    except WorkerEnded as exc:
        errors.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(3) from None


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="The words to find (every one of them)")],
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", help="article | event | quote (repeatable; all by default)")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="At most this many")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find articles, events (by the sentences that report them) and quotes by their words, best first, each
    with the passage they are in."""
    unknown = [k for k in kind or () if k not in SEARCH_KINDS]
    if unknown:
        raise _usage_error(f"--kind {unknown[0]!r} is not one of {', '.join(SEARCH_KINDS)}")
    hits = _store(db).search(words, kinds=kind or SEARCH_KINDS, limit=limit, offset=offset)
    if as_json:
        typer.echo(json.dumps([hit.as_json() for hit in hits], ensure_ascii=False, indent=2))
        return
    for hit in hits:
        passage, cursor = "", 0
        for start, end in hit.marks:
            passage += escape(hit.snippet[cursor:start]) + "[b yellow]" + escape(hit.snippet[start:end]) + "[/]"
            cursor = end
        passage += escape(hit.snippet[cursor:])
        console.print(f"[b]{hit.kind}[/] {escape(hit.id)} [dim]{escape(hit.story_id or '')}[/] {escape(hit.title)}")
        console.print("  " + " ".join(passage.split()), highlight=False)
    if not hits:
        errors.print(f"nothing holds {words!r}", markup=False, highlight=False)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="An actor id, an entity id or a name (or part of one)")],
    since: Annotated[str | None, typer.Option(help="Events dated on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Events dated on or before this day (YYYY-MM-DD)")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    min_confidence: MinConfidenceOption = None,
) -> None:
    """One person, organisation or country: who they are, their events as source and target with the
    sentences behind them, those they deal with most, and their quotes. Exit status 1 when unknown."""
    store = _store(db)
    entity = store.find_entity(name)
    if entity is None:
        errors.print(f"{name}: no such actor in this database", markup=False, highlight=False)
        raise typer.Exit(1)
    try:
        query = EventQuery(
            since=_day(since, "--since"), until=_day(until, "--until"), min_confidence=_threshold(min_confidence)
        )
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    found = {
        **entity.as_json(),
        "events": [e.as_json() for e in store.entity_events(entity.id, query)],
        "counterparts": [{"name": n, "actor_id": i, "events": c} for n, i, c in store.counterparts(entity.id, query)],
        "quotes": [q.as_json() for q in store.speaker_quotes(entity.id)],
    }
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    coded = "/".join(part or "?" for part in (entity.country, entity.sector))
    console.print(f"[b]{escape(entity.name)}[/] ({escape(entity.id)}), {entity.type}, {escape(coded)}")
    if entity.aliases:
        console.print("  also: " + escape(", ".join(entity.aliases)), highlight=False)
    if found["counterparts"]:
        console.print(
            "  deals most with: "
            + escape(", ".join(f"{c['name']} ({c['events']})" for c in found["counterparts"][:8])),
            highlight=False,
        )
    console.print()
    _print_evidence(found["events"])
    for q in found["quotes"]:
        console.print(f"  “{escape(q['text'])}” [dim]{escape(q['source'] or q['article_id'])}[/]", highlight=False)


actors_app = typer.Typer(
    help="The actor registry: import TABARI/Phoenix dictionaries, look actors up.", no_args_is_help=True
)
app.add_typer(actors_app, name="actors")

PROBLEMS_SHOWN = 10


@actors_app.command("import")
def import_actors(
    files: Annotated[list[Path], typer.Argument(help="TABARI/PETRARCH actor and agent dictionaries")],
    into: Annotated[Path, typer.Option("--into", help="The registry folder to write (created if missing)")],
) -> None:
    """Convert actor and agent dictionaries into a registry folder; load it with CHRONICLE_REGISTRY=FOLDER.
    Exit status 1 when a file could not be read."""
    from chronicle.actors.registry import load_registry
    from chronicle.actors.tabari import DictionaryError, read_dictionary, write_registry_folder

    readings, failed = [], 0
    table = Table("file", "actors", "agents", "unusable lines", title="Read")
    for path in files:
        try:
            reading = read_dictionary(path)
        except DictionaryError as error:
            errors.print(f"[yellow]skipped[/] {escape(str(error))}", highlight=False)
            failed += 1
            continue
        readings.append(reading)
        table.add_row(escape(str(path)), str(len(reading.actors)), str(len(reading.agents)), str(len(reading.problems)))
    console.print(table)
    problems = [problem for reading in readings for problem in reading.problems]
    for problem in problems[:PROBLEMS_SHOWN]:
        errors.print(f"  {problem}", highlight=False, markup=False)
    if len(problems) > PROBLEMS_SHOWN:
        errors.print(f"  … and {len(problems) - PROBLEMS_SHOWN} more", highlight=False)
    rows = write_registry_folder(readings, into, load_registry(AnalysisSettings.from_environment().registry_folders))
    people = len({row[0] for row in rows.people})
    console.print(
        f"{people} people ({len(rows.people)} dated roles), {len(rows.organisations)} organisations, "
        f"aliases for {len(rows.countries)} countries, {len(rows.roles)} role nouns; {rows.skipped} "
        "records without a usable code left out.\n"
        f"Load them: [bold]export CHRONICLE_REGISTRY={escape(str(into))}[/]"
    )
    raise typer.Exit(1 if failed else 0)


@actors_app.command("lookup")
def lookup_actor(
    name: str,
    on: Annotated[str | None, typer.Option("--on", help="The day (YYYY-MM-DD) whose role counts")] = None,
    as_json: JsonOption = False,
) -> None:
    """How a name resolves: actor id, kind, and country and sector on a day. Exit status 1 when unknown."""
    from datetime import date

    from chronicle.actors.registry import load_registry

    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        errors.print(f"--on {on!r} is not a day (YYYY-MM-DD)", markup=False, highlight=False)
        raise typer.Exit(2) from None
    found = load_registry(AnalysisSettings.from_environment().registry_folders).lookup(name)
    if found is None:
        errors.print(f"{name}: not in the registry (or ambiguous)", markup=False, highlight=False)
        raise typer.Exit(1)
    coded = found.at(day)
    record = {
        "id": found.id,
        "name": found.name,
        "kind": found.kind,
        "country": coded.country,
        "sector": coded.sector,
        "on": on,
    }
    if as_json:
        console.print_json(json.dumps(record))
    else:
        console.print(
            f"{found.name} ({found.id}), {found.kind}: country {coded.country or '?'}, "
            f"sector {coded.sector or '?'}" + (f" on {on}" if on else ""),
            highlight=False,
            markup=False,
        )


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled sample corpus into a fresh database and print its stories."""
    import tempfile

    from chronicle.sources import sample_corpus

    target = db or str(Path(tempfile.mkdtemp(prefix="chronicle-demo-")) / "demo.db")
    if db is None or "://" not in db:
        Path(target).unlink(missing_ok=True)
    run_ingest([sample_corpus()], target)
    _print_stories([story.as_json() for story in _store(target).stories()])
    console.print(
        f"\nBrowse them: [bold]chronicle serve --db {escape(target)}[/] then open http://127.0.0.1:8000/\n"
        f"Or: chronicle show STORY_ID --db {escape(target)}"
    )


def _print_suite(result) -> None:
    from chronicle.evaluation.report import format_number

    table = Table(title=escape(f"{result.suite}: {result.data} ({result.seconds:.0f} s)"), title_justify="left")
    for column in ("metric", "Chronicle", "baseline, same run", "reference"):
        table.add_column(column)
    for row in result.rows:
        baseline = f"{format_number(row.baseline)} ({row.baseline_name})" if row.baseline is not None else ""
        table.add_row(row.metric, format_number(row.ours), baseline, row.reference)
    console.print(table)
    for note in result.notes:
        console.print(f"  {note}", markup=False)


@app.command("eval")
def eval_command(
    suite: Annotated[
        str,
        typer.Argument(
            help="timex | stories | dedup | extraction | pubdate | events | article-events | "
            "event-coref | quotes | event-dates | entities | threads | all"
        ),
    ],
    data: Annotated[Path, typer.Option("--data", help="The shared gold data folder")] = Path("../shared/data"),
    as_json: JsonOption = False,
    report: Annotated[Path, typer.Option("--report", help="Where `all` writes its Markdown table")] = Path(
        "docs/EVALUATION.md"
    ),
) -> None:
    """Score Chronicle's stages on public gold data, beside the reference scores."""
    from datetime import date

    from chronicle.evaluation import SUITES, markdown, run_suite
    from chronicle.evaluation.report import current_commit

    names = list(SUITES) if suite == "all" else [suite]
    if any(name not in SUITES for name in names):
        errors.print(f"unknown suite {suite!r}; choose one of {', '.join([*SUITES, 'all'])}", markup=False)
        raise typer.Exit(2)
    commit = current_commit(Path.cwd())  # the code measured is the code when the run starts
    results = []
    for name in names:
        try:
            result = run_suite(name, data)
        except FileNotFoundError as exc:
            errors.print(f"{name}: {exc}", markup=False, highlight=False)
            raise typer.Exit(2) from None
        results.append(result)
        if not as_json:
            _print_suite(result)
    if as_json:
        console.print_json(json.dumps([r.as_dict() for r in results]))
    if suite == "all":
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(markdown(results, commit, str(data), date.today()), "utf-8")
        if not as_json:
            console.print(f"\nwrote {report}")


def main() -> None:
    """The `chronicle` command with one-line failures: exit status 2 for a database that cannot be used as
    given (a usage error), 3 for an internal error, naming the article being processed when there was one."""
    from chronicle.failures import IngestFailure, StoreError, first_line

    try:
        app(prog_name="chronicle")
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(2)
    except IngestFailure as exc:
        errors.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(3)
    except Exception as exc:  # anything else is a bug: one line, not a traceback, and its own exit status
        errors.print(f"internal error: {type(exc).__name__}: {first_line(exc)}", markup=False, highlight=False)
        sys.exit(3)
