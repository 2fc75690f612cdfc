"""The web view and the JSON API under load, beside the same server answering a static file (its floor).

    python -m benchmarks.web_load [--articles 100000] [--clients 50] [--seconds 60] [--output docs/LOAD.md]

A database of synthetic articles (stories of five articles, two events per story between two of 200 actors,
a quote per article) is written straight into the schema: ingesting 100,000 articles through the analysis
would take hours and is measured by `benchmarks.run`. `chronicle serve` runs as it starts by default (one
worker process a core); the clients are asyncio tasks in this process, so both share the machine's cores, as
they would on a small server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import aiohttp
import httpx
from sqlalchemy import insert

from chronicle.evaluation.report import current_commit
from chronicle.outputs.web.serving import default_workers
from chronicle.records import ActorRef, Event, Evidence
from chronicle.store import Store
from chronicle.store.schema import (
    ArticleEntityRow,
    ArticleRow,
    EntityRow,
    EventActorRow,
    EventReportRow,
    EventRow,
    QuoteRow,
    StoryRow,
)

ROOT = Path(__file__).resolve().parent.parent
STORY_SIZE = 5
CHUNK = 5000
PEOPLE = 200  # the actors: each story's two events are between two of them
COUNTRIES = ["MLT", "ITA", "FRA", "DEU", "ESP", "GRC", "TUR", "EGY", "LBY", "TUN"]
WORDS = [
    "minister",
    "talks",
    "harbour",
    "treaty",
    "officials",
    "summit",
    "border",
    "ceasefire",
    "election",
    "council",
    "court",
    "protest",
    "police",
    "budget",
    "parliament",
    "strike",
    "trade",
    "sanctions",
    "envoy",
    "visit",
    "agreement",
    "vote",
    "inquiry",
]


def _sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _person(number: int) -> dict:
    """An actor as an event names it and as the entities table holds it."""
    return {
        "name": f"Minister {number:03d}",
        "key": f"person:minister-{number:03d}",
        "country": COUNTRIES[number % len(COUNTRIES)],
    }


def story_pair(story: int) -> tuple[dict, dict]:
    """The two actors of a story's events."""
    return _person(story % PEOPLE), _person((7 * story + 1) % PEOPLE)


def _with_public_json(row: dict) -> dict:
    """An event row with the JSON the store keeps beside the events it writes (records.Event.json_text)."""

    def actor(party: dict) -> ActorRef:
        return ActorRef(party["name"], party["actor_id"], party["country"], party["sector"])

    mentions = tuple(
        Evidence(m["article_id"], None, m["sentence"], m["start"], m["end"], m["status"], None, None, None, (), ())
        for m in row["mentions"]
    )
    event = Event(
        id=row["id"],
        story_id=row["story_id"],
        type=row["type"],
        plover_code=row["plover_code"],
        status=row["status"],
        date=row["date"],
        date_basis=row["date_basis"],
        source_actors=tuple(actor(p) for p in row["sources"]),
        target_actors=tuple(actor(p) for p in row["targets"]),
        location=None,
        contexts=(),
        mentions=mentions,
        confidence=row["confidence"],
    )
    return row | {"public_json": event.json_text()}


def synthetic_database(path: Path, articles: int, seed: int = 1) -> list[str]:
    """Write the database; returns the story ids."""
    rng = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    tables: dict[type, list[dict]] = {
        table: []
        for table in (StoryRow, ArticleRow, EventRow, QuoteRow, EventActorRow, EventReportRow, ArticleEntityRow)
    }
    start = date(2020, 1, 1)
    now = datetime(2026, 1, 1)
    with store.engine.begin() as connection:
        connection.execute(
            insert(EntityRow),
            [
                {"id": p["key"], "name": p["name"], "type": "PERSON", "aliases": [], "actor_id": None}
                | {"country": p["country"], "sector": "GOV"}
                for p in map(_person, range(PEOPLE))
            ],
        )
        for number in range(articles):
            story_number = number // STORY_SIZE
            story = f"story-{story_number:06d}"
            day = start + timedelta(days=story_number % 1500)
            first, second = story_pair(story_number)
            if number % STORY_SIZE == 0:
                ids = [f"a{n:07d}" for n in range(number, min(number + STORY_SIZE, articles))]
                tables[StoryRow].append(
                    {
                        "id": story,
                        "title": _sentence(rng, 8),
                        "first_date": day,
                        "last_date": day,
                        "summary": _sentence(rng, 30),
                        "profile": {"article_ids": ids},
                        "merged_into": None,
                        "thread_id": None,
                    }
                )
                parties = [
                    {"name": p["name"], "key": p["key"], "actor_id": None, "country": p["country"], "sector": "GOV"}
                    for p in (first, second)
                ]
                for k in range(2):
                    event_id = f"event-{story_number:06d}-{k}"
                    tables[EventRow].append(
                        _with_public_json(
                            {
                                "id": event_id,
                                "story_id": story,
                                "type": "CONSULT",
                                "plover_code": "CONSULT",
                                "status": "occurred",
                                "date": day.isoformat(),
                                "date_start": day,
                                "date_end": day,
                                "date_basis": "text",
                                "sources": parties[:1],
                                "targets": parties[1:],
                                "location": None,
                                "mentions": [
                                    {
                                        "article_id": ids[0],
                                        "sentence": _sentence(rng),
                                        "start": 0,
                                        "end": 80,
                                        "status": "occurred",
                                    }
                                ],
                                "history": [],
                                "contexts": [],
                                "num_articles": len(ids),
                                "num_sources": len(ids),
                                "confidence": 0.7,
                            }
                        )
                    )
                    tables[EventReportRow].append(
                        {"event_id": event_id, "article_id": ids[0], "outlet": f"Outlet {number % 40}"}
                    )
                    tables[EventActorRow] += [
                        {"event_id": event_id, "role": role, "position": 0, "actor_key": party["key"]}
                        | {"actor_id": None, "name": party["name"], "country": party["country"], "sector": "GOV"}
                        for role, party in zip(("source", "target"), parties, strict=True)
                    ]
            article_id = f"a{number:07d}"
            tables[ArticleRow].append(
                {
                    "id": article_id,
                    "origin": "synthetic",
                    "source": f"Outlet {number % 40}",
                    "url": f"https://example.com/{number}",
                    "title": _sentence(rng, 8),
                    "published": day,
                    "published_basis": "metadata",
                    "published_earliest": None,
                    "published_latest": None,
                    "text": "\n".join(_sentence(rng) for _ in range(8)),
                    "text_hash": f"{number:064x}",
                    "duplicate_of": None,
                    "story_id": story,
                    "shingles": b"",
                    "minhash": b"",
                    "terms": {},
                    "timexes": [],
                    "ingested_at": now,
                }
            )
            tables[ArticleEntityRow] += [
                {"article_id": article_id, "entity_id": p["key"], "mentions": [[0, 12]]} for p in (first, second)
            ]
            tables[QuoteRow].append(
                {
                    "id": f"{article_id}#q1",
                    "article_id": article_id,
                    "speaker": first["name"],
                    "speaker_id": first["key"],
                    "text": _sentence(rng),
                    "start": 0,
                    "end": 40,
                }
            )
            if len(tables[ArticleRow]) >= CHUNK or number == articles - 1:
                for table, batch in tables.items():  # (in this order: rows refer to those written before them)
                    if batch:
                        connection.execute(insert(table), batch)
                    batch.clear()
    store.engine.dispose()
    return [f"story-{n:06d}" for n in range(-(-articles // STORY_SIZE))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _load(base: str, addresses: Callable[[random.Random], str], clients: int, seconds: float) -> dict:
    """`clients` clients, each asking for an address and asking again as soon as it is answered, for `seconds`.
    aiohttp rather than httpx: httpx's client took a core of its own at 300 requests/s, and the server shares
    the machine with it."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    async with session.get(base + addresses(rng)) as response:
                        await response.read()
                        errors += response.status != 200  # noqa: PLR2004
                except (aiohttp.ClientError, TimeoutError):
                    errors += 1
                latencies.append(time.perf_counter() - began)

        cpu = time.process_time()
        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
        cpu = time.process_time() - cpu
    latencies.sort()
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "errors": errors,
        "p50": 1000 * statistics.median(latencies),
        "p95": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "client_cpu": cpu / elapsed,
    }


def _fixed(address: str) -> Callable[[random.Random], str]:
    return lambda _: address


def targets(story_ids: list[str]) -> dict[str, Callable[[random.Random], str]]:
    """What the clients ask for: one address again and again (as many readers of one page do), then the
    same kinds of page at addresses drawn at random, so that each request is most likely the first of its
    address and is made from the database."""
    first, second = (p["name"].replace(" ", "%20") for p in story_pair(1))
    between = f"actor={first}&actor={second}&since=2021-03-01&until=2021-06-30"
    actor = _person(1)["key"]
    stories = len(story_ids)
    return {
        "static file (the server's floor)": _fixed("/static/chronicle.css"),
        "story list, first page": _fixed("/"),
        "story list, page 100": _fixed("/?page=100"),
        "a story page (5 articles, 2 events, 5 quotes)": _fixed(f"/stories/{story_ids[stories // 2]}"),
        "an actor page": _fixed(f"/actors/{actor}"),
        "the event page, two actors in four months": _fixed(f"/events?{between}"),
        "API: 100 stories": _fixed("/api/stories?limit=100&offset=5000"),
        "API: 100 events": _fixed("/api/events?limit=100&offset=5000"),
        "API v1: 100 articles": _fixed("/api/v1/articles?limit=100&offset=5000"),
        "API v1: 100 stories": _fixed("/api/v1/stories?limit=100&offset=5000"),
        "API v1: 100 events": _fixed("/api/v1/events?limit=100&offset=5000"),
        "API v1: 100 quotes": _fixed("/api/v1/quotes?limit=100&offset=5000"),
        "API v1: entities": _fixed("/api/v1/entities"),
        "API v1: events between two actors in four months": _fixed(f"/api/v1/events?{between}"),
        "API v1: an actor": _fixed(f"/api/v1/actors/{actor}"),
        "API v1: events per month by type": _fixed("/api/v1/counts?by=type&period=month"),
        "random addresses: a story page": lambda rng: f"/stories/{rng.choice(story_ids)}",
        "random addresses: a page of the story list": lambda rng: f"/?page={rng.randrange(1, 2 + stories // 50)}",
        "random addresses: an actor page": lambda rng: f"/actors/{_person(rng.randrange(PEOPLE))['key']}",
        # (deep pages of each API list: 2 events, 5 articles and 5 quotes a story)
        "random addresses: API v1, 100 events": lambda rng: (
            f"/api/v1/events?limit=100&offset={rng.randrange(2 * stories)}"
        ),
        "random addresses: API v1, 100 articles": lambda rng: (
            f"/api/v1/articles?limit=100&offset={rng.randrange(5 * stories)}"
        ),
        "random addresses: API v1, 100 stories": lambda rng: (
            f"/api/v1/stories?limit=100&offset={rng.randrange(stories)}"
        ),
        "random addresses: API v1, 100 quotes": lambda rng: (
            f"/api/v1/quotes?limit=100&offset={rng.randrange(5 * stories)}"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "LOAD.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chronicle-load-") as folder:
        db = Path(folder) / "load.db"
        began = time.perf_counter()
        story_ids = synthetic_database(db, args.articles)
        built = time.perf_counter() - began
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "chronicle", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/static/chronicle.css").status_code == 200:  # noqa: PLR2004
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            results = {
                name: asyncio.run(_load(base, addresses, args.clients, args.seconds))
                for name, addresses in targets(story_ids).items()
            }
        finally:
            server.terminate()
            server.wait(10)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    report = _report(results, args, built)
    args.output.write_text(report, "utf-8")
    print(report)


def _report(results: dict[str, dict], args: argparse.Namespace, built: float) -> str:
    floor = results["static file (the server's floor)"]
    lines = [
        "# Web and API under load",
        "",
        f"Measured on {date.today().isoformat()} at commit `{current_commit(ROOT)}` by `python -m benchmarks.web_load "
        f"--articles {args.articles} --clients {args.clients} --seconds {args.seconds:g}` (`make bench`): "
        f"{args.articles:,} synthetic articles in stories of {STORY_SIZE} among {PEOPLE} actors (database "
        f"written in {built:.0f} s), `chronicle serve` as it starts by default ({default_workers()} worker process"
        f"{'es' if default_workers() > 1 else ''}), "
        f"{args.clients} concurrent clients (aiohttp, "
        f"each asking again as soon as it is answered) for {args.seconds:g} s per row, client and server on the "
        f"same {os.cpu_count()} cores. Target (issues 26 and 28): p95 ≤ 100 ms and no error for the story list, a "
        "story page, an actor page and every API list.",
        "",
        "| address | requests/s | p50 (ms) | p95 (ms) | errors | client's share of a core | time per request "
        "against the static file |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        lines.append(
            f"| {name} | {result['per_second']:,.0f} | {result['p50']:.0f} | {result['p95']:.0f} | "
            f"{result['errors']} | {result['client_cpu']:.2f} | {floor['per_second'] / result['per_second']:.1f}× |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
