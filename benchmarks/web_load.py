"""The web view and the JSON API under load, beside the same server answering a static file (its floor).

    python -m benchmarks.web_load [--articles 100000] [--clients 50] [--seconds 60] [--output docs/LOAD.md]

A database of synthetic articles (stories of five articles, two events per story, a quote per article) is
written straight into the schema: ingesting 100,000 articles through the analysis would take hours and is
measured by `benchmarks.run`. `chronicle serve` runs in its own process (one uvicorn worker); the clients are
asyncio tasks in this one, so both share the machine's cores, as they would on a small server.
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
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

from chronicle.evaluation.report import current_commit
from chronicle.store import Store
from chronicle.store.schema import ArticleRow, EventActorRow, EventReportRow, EventRow, QuoteRow, StoryRow

ROOT = Path(__file__).resolve().parent.parent
STORY_SIZE = 5
CHUNK = 5000
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


def synthetic_database(path: Path, articles: int, seed: int = 1) -> list[str]:
    """Write the database; returns the story ids."""
    rng = random.Random(seed)
    store = Store(f"sqlite:///{path}")
    stories: list[dict] = []
    rows: list[dict] = []
    events: list[dict] = []
    quotes: list[dict] = []
    actors: list[dict] = []
    reports: list[dict] = []
    start = date(2020, 1, 1)
    now = datetime(2026, 1, 1)
    with store.engine.begin() as connection:
        for number in range(articles):
            story = f"story-{number // STORY_SIZE:06d}"
            day = start + timedelta(days=(number // STORY_SIZE) % 1500)
            if number % STORY_SIZE == 0:
                ids = [f"a{n:07d}" for n in range(number, min(number + STORY_SIZE, articles))]
                stories.append(
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
                events += [
                    {
                        "id": f"event-{number // STORY_SIZE:06d}-{k}",
                        "story_id": story,
                        "type": "CONSULT",
                        "plover_code": "CONSULT",
                        "status": "occurred",
                        "date": day.isoformat(),
                        "date_start": day,
                        "date_end": day,
                        "date_basis": "text",
                        "sources": [
                            {
                                "name": "Minister A",
                                "key": "minister-a",
                                "actor_id": None,
                                "country": "MLT",
                                "sector": "GOV",
                            }
                        ],
                        "targets": [
                            {
                                "name": "Minister B",
                                "key": "minister-b",
                                "actor_id": None,
                                "country": "ITA",
                                "sector": "GOV",
                            }
                        ],
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
                    for k in range(2)
                ]
                reports += [
                    {
                        "event_id": f"event-{number // STORY_SIZE:06d}-{k}",
                        "article_id": ids[0],
                        "outlet": f"Outlet {number % 40}",
                    }
                    for k in range(2)
                ]
                actors += [
                    {
                        "event_id": f"event-{number // STORY_SIZE:06d}-{k}",
                        "role": role,
                        "position": 0,
                        "actor_key": key,
                        "actor_id": None,
                        "name": name,
                        "country": country,
                        "sector": "GOV",
                    }
                    for k in range(2)
                    for role, key, name, country in (
                        ("source", "minister-a", "Minister A", "MLT"),
                        ("target", "minister-b", "Minister B", "ITA"),
                    )
                ]
            text = "\n".join(_sentence(rng) for _ in range(8))
            rows.append(
                {
                    "id": f"a{number:07d}",
                    "origin": "synthetic",
                    "source": f"Outlet {number % 40}",
                    "url": f"https://example.com/{number}",
                    "title": _sentence(rng, 8),
                    "published": day,
                    "published_basis": "metadata",
                    "published_earliest": None,
                    "published_latest": None,
                    "text": text,
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
            quotes.append(
                {
                    "id": f"a{number:07d}#q1",
                    "article_id": f"a{number:07d}",
                    "speaker": "Minister A",
                    "speaker_id": None,
                    "text": _sentence(rng),
                    "start": 0,
                    "end": 40,
                }
            )
            if len(rows) >= CHUNK or number == articles - 1:
                tables = (
                    (StoryRow, stories),
                    (ArticleRow, rows),
                    (EventRow, events),
                    (QuoteRow, quotes),
                    (EventActorRow, actors),
                    (EventReportRow, reports),
                )
                for table, batch in tables:
                    if batch:
                        connection.execute(insert(table), batch)
                stories, rows, events, quotes, actors, reports = [], [], [], [], [], []
    store.engine.dispose()
    return [f"story-{n:06d}" for n in range(-(-articles // STORY_SIZE))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _load(url: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await client.get(url)
                    if response.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "errors": errors,
        "p50": 1000 * statistics.median(latencies),
        "p95": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
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
            env={**os.environ},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{base}/static/chronicle.css").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            targets = {
                "static file (the server's floor)": "/static/chronicle.css",
                "story list, first page": "/",
                "story list, page 100": "/?page=100",
                "a story page (5 articles, 2 events, 5 quotes)": f"/stories/{story_ids[len(story_ids) // 2]}",
                "API: 100 stories": "/api/stories?limit=100&offset=5000",
                "API: 100 events": "/api/events?limit=100&offset=5000",
                "API v1: 100 events": "/api/v1/events?limit=100&offset=5000",
                "API v1: events between two actors in a month": (
                    "/api/v1/events?actor=Minister%20A&actor=Minister%20B&since=2021-03-01&until=2021-03-31"
                ),
                "the event page, the same filters": "/events?actor=Minister+A&actor=Minister+B&since=2021-03-01"
                "&until=2021-03-31",
            }
            results = {
                name: asyncio.run(_load(base + path, args.clients, args.seconds)) for name, path in targets.items()
            }
        finally:
            server.terminate()
            server.wait(10)
    floor = results["static file (the server's floor)"]
    lines = [
        "# Web and API under load",
        "",
        f"Measured on {date.today().isoformat()} at commit `{current_commit(ROOT)}` by `python -m benchmarks.web_load "
        f"--articles {args.articles} --clients {args.clients} --seconds {args.seconds:g}` (`make bench`): "
        f"{args.articles:,} synthetic articles in stories of {STORY_SIZE} (database written in {built:.0f} s), "
        f"one `chronicle serve` process, {args.clients} concurrent clients for {args.seconds:g} s per address, "
        f"client and server on the same {os.cpu_count()} cores. Target (issue 26): p95 ≤ 100 ms and no error "
        "for the story list, a story page and an API page.",
        "",
        "| address | requests/s | p50 (ms) | p95 (ms) | errors | time per request against the static file |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        lines.append(
            f"| {name} | {result['per_second']:,.0f} | {result['p50']:.0f} | {result['p95']:.0f} | "
            f"{result['errors']} | {floor['per_second'] / result['per_second']:.1f}× |"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
