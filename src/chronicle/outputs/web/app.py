"""The web view: server-rendered pages (Jinja2) and a small JSON API over the same store."""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from http import HTTPStatus
from importlib import resources
from typing import Annotated, Any, ParamSpec, TypeVar
from urllib.parse import urlencode

import anyio.to_thread
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from chronicle.analysis.places import country_centres
from chronicle.outputs import export
from chronicle.outputs.event_layouts import Source, flat_row, plover_types
from chronicle.outputs.web.chart import timeline_svg
from chronicle.outputs.web.layers import AnswerCache, HeadAsGet, SecurityHeaders
from chronicle.outputs.web.reads import ListReads
from chronicle.outputs.web.templating import page_templates
from chronicle.outputs.web.world_map import coastline_svg, map_marks, map_svg
from chronicle.query import CountBy, CountPeriod, EventCursor, EventQuery, EventSort, StoryQuery
from chronicle.records import EVENT_STATUSES, SEARCH_KINDS, Place, SearchKind, StoredEntity
from chronicle.store import ListMilestones, Store

WEB = resources.files("chronicle.outputs.web")
P = ParamSpec("P")
R = TypeVar("R")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
# Pages use only their own stylesheet: no script, frame, plugin or foreign resource is ever needed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
SWAGGER_ASSETS = resources.files("fastapi_offline").joinpath("static")
DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chronicle API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script></body></html>"""
# Swagger UI runs scripts and sets styles: allowed on its page only, and only from this server.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
Threshold = Annotated[float | None, Query(ge=0.0, le=1.0, description="Only events at or above this confidence")]
PAGE_SIZE = 50  # stories on a page of the story list
# the offset from which a list's pages are sought from its milestones (store.MILESTONE_EVERY apart): nearer
# the start the offset's walk is short, and milestones, a walk of the whole list, are made only for lists
# paged that deep
SEEK_FROM = 1000
# A story page shows this many of each of its parts at a time (a story may hold thousands of articles).
STORY_PAGE_SIZES = {"articles": 200, "events": 100, "quotes": 100}
API_PAGE_SIZE = 100
# Worker threads of one process for routes that read a database server (and for the CSV download). A page holds
# the GIL while it is made, so more threads only take turns at it and keep the event loop waiting; a few keep
# one slow read (on a database server far away) from holding up every other page. Measured in
# docs/DECISIONS.md.
PAGE_THREADS = 4
Limit = Annotated[int, Query(ge=1, le=1000, description="How many records")]
Offset = Annotated[int, Query(ge=0, description="How many records to skip")]


def reads_store(inline: bool) -> Callable[[Callable[P, R]], Callable[P, Awaitable[R]]]:
    """A route that reads the store, run on the event loop (`inline`) or in a worker thread.

    A read of a local SQLite file is this machine's work, holding the GIL but for SQLite's own steps: handed
    to a thread it waits for the GIL against the event loop and the other threads, and its answer waits for
    the loop again. A read of a database server waits on the network, and a thread lets the loop go on.
    FastAPI runs a plain function in a thread, and an async one on the loop (its answer's check too)."""

    def route(read: Callable[P, R]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(read)  # FastAPI reads the parameters from the wrapped function's signature
        async def answered(*args: P.args, **kwargs: P.kwargs) -> R:
            return read(*args, **kwargs) if inline else await run_in_threadpool(read, *args, **kwargs)

        return answered

    return route


def given_filters(values: dict[str, Any]) -> dict[str, Any]:
    """The filters a request gives (strings stripped; empty ones are no filter), `since` and `until` as days;
    a ValueError naming a day that is none."""
    stripped = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    given: dict[str, Any] = {name: value for name, value in stripped.items() if value not in (None, "")}
    for name in ("since", "until"):
        if name in given:
            try:
                given[name] = date.fromisoformat(given[name])
            except ValueError:
                raise ValueError(f"{name} {given[name]!r} is not a day (YYYY-MM-DD)") from None
    return given


def filters_of(values: dict[str, Any], min_confidence: float, limit: int | None, offset: int) -> EventQuery:
    """An event query from request values (strings; empty ones are no filter), or a 400 saying what is wrong."""
    try:
        given = given_filters(values)
        if given.get("status") not in (None, *EVENT_STATUSES):
            raise ValueError(f"status {given['status']!r} is not one of {', '.join(EVENT_STATUSES)}")
        if "after" in given:
            given["after"] = EventCursor.decode(given["after"])
        return EventQuery(**given, min_confidence=min_confidence, limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


# The event list's orders as its form names them.
EVENT_SORT_NAMES: dict[EventSort, str] = {
    "date": "oldest first",
    "-date": "newest first",
    "-confidence": "surest first",
    "-outlets": "most outlets first",
}
# The request parameter each facet of the event list narrows by.
FACET_PARAMETERS = {"type": "type", "status": "status", "country": "country", "outlet": "source"}
# Facets whose filter takes part of a name: their links ask for the whole name (query.whole_name), so that a
# value keeps what its count says ("Reuters" would keep "Thomson Reuters Foundation" too).
WHOLE_NAME_FACETS = {"outlet"}


def facet_links(params: list[tuple[str, str]], facets: dict[str, list[tuple[str, int]]]) -> list[dict]:
    """Each facet's values with their counts (of events or stories) and the query string that adds the value
    to the filters (replacing the facet's own value; the page starts again at its first); the value already
    chosen is marked and its link takes it away."""
    shown = []
    for facet, values in facets.items():
        name = FACET_PARAMETERS[facet]
        others = [(k, v) for k, v in params if k not in (name, "offset", "cursor", "page")]
        chosen = next((v.strip() for k, v in params if k == name and v.strip()), None)
        entries = []
        for value, count in values:
            asked = f'"{value}"' if facet in WHOLE_NAME_FACETS else value
            taken = chosen is not None and chosen.lower() in (value.lower(), asked.lower())
            link = urlencode(others if taken else [*others, (name, asked)])
            entries.append({"value": value, "count": count, "chosen": taken, "link": link})
        shown.append({"name": facet, "values": entries})
    return shown


async def event_query(
    request: Request,
    actor: Annotated[list[str] | None, Query(description="Actor id or name; repeat it for events between them")] = None,
    country: Annotated[str | None, Query(description="An actor's country (ISO alpha-3)")] = None,
    sector: Annotated[str | None, Query(description="An actor's sector (GOV, MIL, ...)")] = None,
    type: Annotated[str | None, Query(description="PLOVER type or code")] = None,
    status: Annotated[str | None, Query(description="occurred, claimed, planned, negated, hypothetical")] = None,
    context: Annotated[str | None, Query(description="A PLOVER context")] = None,
    since: Annotated[str | None, Query(description="Dated on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="Dated on or before this day (YYYY-MM-DD)")] = None,
    place: Annotated[
        str | None, Query(description="Part of the place's name; in double quotes, the whole name")
    ] = None,
    q: Annotated[str | None, Query(description="Words of an evidence sentence")] = None,
    source: Annotated[
        str | None, Query(description="Part of the name of an outlet that reported it; in double quotes, the whole")
    ] = None,
    story: str | None = None,
    thread: str | None = None,
    min_confidence: Threshold = None,
    sort: Annotated[
        EventSort, Query(description="date (undated last), -date (newest first), -confidence or -outlets")
    ] = "date",
    limit: Limit = API_PAGE_SIZE,
    offset: Offset = 0,
    cursor: Annotated[
        str | None, Query(description="Continue after the page this cursor ended (from the Link header)")
    ] = None,
) -> EventQuery:
    """The event filters of a request, the same for the API, the event page and its CSV; an empty field of
    the page's form is no filter. A value that cannot be one is a 400 naming it. (Async: it reads nothing,
    so it runs on the event loop rather than taking a worker thread.)"""
    return filters_of(
        {
            "actors": tuple(a for a in actor or () if a.strip()),
            "country": country,
            "sector": sector,
            "type": type,
            "status": status,
            "context": context,
            "since": since,
            "until": until,
            "place": place,
            "text": q,
            "outlet": source,
            "story_id": story,
            "thread_id": thread,
            "sort": sort,
            "after": cursor,
        },
        request.app.state.min_confidence if min_confidence is None else min_confidence,
        limit,
        offset,
    )


Filters = Annotated[EventQuery, Depends(event_query)]


async def story_query(
    request: Request,
    q: Annotated[str | None, Query(description="Words of the title or summary, every one")] = None,
    since: Annotated[str | None, Query(description="Its dates reach to this day or later (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="Its dates begin on this day or earlier (YYYY-MM-DD)")] = None,
    thread: str | None = None,
    source: Annotated[
        str | None, Query(description="Part of the name of an outlet that reported it; in double quotes, the whole")
    ] = None,
    country: Annotated[str | None, Query(description="Of an actor in one of its events (ISO alpha-3)")] = None,
    min_confidence: Threshold = None,
    limit: Limit = API_PAGE_SIZE,
    offset: Offset = 0,
) -> StoryQuery:
    """The story filters of a request, the same for the API and the story list; an empty field of the page's
    form is no filter. A value that cannot be one is a 400 naming it. (Async, as event_query.)"""
    values = {"words": q, "since": since, "until": until, "thread_id": thread, "outlet": source, "country": country}
    threshold = request.app.state.min_confidence if min_confidence is None else min_confidence
    try:
        return StoryQuery(**given_filters(values), min_confidence=threshold, limit=limit, offset=offset)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


StoryFilters = Annotated[StoryQuery, Depends(story_query)]


def json_list(texts: list[str], headers: dict[str, str]) -> Response:
    """A JSON list of records the store gave as JSON texts, joined."""
    return Response(f"[{','.join(texts)}]", media_type="application/json", headers=headers)


def item(request: Request, body: dict | None, what: str) -> Response:
    """One record as JSON with an ETag of its content (304 when the client holds it already), or a 404."""
    if body is None:
        raise HTTPException(404, f"no {what}")
    content = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    tag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": tag})
    return Response(content, media_type="application/json", headers={"ETag": tag, "Cache-Control": "no-cache"})


def problem_response(status: int, detail: str) -> JSONResponse:
    """An error as RFC 9457 problem details (application/problem+json)."""
    return JSONResponse(
        {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
    )


def roles_over_time(roles: list[tuple[str, str | None, str | None, str | None]]) -> list[dict]:
    """The country and sector an actor's events give it, each with the first and last date it held them, from
    (event, date, country, sector) by date."""
    periods: list[dict] = []
    for _, day, country, sector in roles:
        if periods and (periods[-1]["country"], periods[-1]["sector"]) == (country, sector):
            periods[-1].update(last=day or periods[-1]["last"], events=periods[-1]["events"] + 1)
        else:
            periods.append({"country": country, "sector": sector, "first": day, "last": day, "events": 1})
    return periods


def create_app(  # noqa: C901 (its routes are small functions nested in it, counted as one)
    store: Store,
    min_confidence: float = 0.0,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
    cache_bytes: int = 64 << 20,
) -> FastAPI:
    """The web view; pages and the API show events at or above `min_confidence` unless a request's
    `min_confidence` parameter says otherwise. Requests naming another host than `allowed_hosts` are refused
    (a page on another site cannot read a local server through DNS rebinding). Up to `cache_bytes` of answers
    are kept while the database is unchanged (0: none)."""

    # (on SQLite a read is work on this machine that holds the GIL: it is done where the request is)
    reading = reads_store(inline=not store.asks_a_server)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
        yield

    # FastAPI's own docs pages load their scripts from a CDN: ours (/docs) serve Swagger UI from an installed
    # package, with a CSP that lets that one page run scripts of this server.
    app = FastAPI(title="Chronicle", docs_url=None, redoc_url=None, lifespan=lifespan)
    # (each layer added wraps those before it: the security headers go on every answer, a refused host is
    # refused before anything kept is served, and a HEAD request is served as a GET)
    if cache_bytes > 0:
        app.add_middleware(AnswerCache, revision=store.revision, budget=cache_bytes, revision_waits=store.asks_a_server)
    app.add_middleware(HeadAsGet)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(
        SecurityHeaders, headers=SECURITY_HEADERS, by_path={"/docs": {"Content-Security-Policy": DOCS_POLICY}}
    )
    app.state.min_confidence = min_confidence
    # what a list shows on each of its pages, read once (with no cache, the data's state counts as unknown)
    every_page = ListReads(store.revision if cache_bytes > 0 else lambda: None)

    def ranked_entities(_: None) -> list[StoredEntity]:
        """Every entity, most named first: counting each one's articles is the cost of the list, kept as a
        list's total is (once, whatever words a request looks for)."""
        return sorted(store.entities(), key=lambda e: (-(e.article_count or 0), e.id))

    # whether list reads can be kept at all (an in-memory database gives no revision token)
    keeps_lists = cache_bytes > 0 and store.revision() is not None

    def deep(offset: int, milestones: Callable[..., ListMilestones], *filters: Hashable) -> ListMilestones | None:
        """A list's milestones for a page from `offset`, kept as its total is. None near the list's start,
        which the database reaches soon enough, and when nothing can be kept: made for one page, milestones
        walk the whole list."""
        return every_page(milestones, *filters) if keeps_lists and offset >= SEEK_FROM else None

    @app.exception_handler(StarletteHTTPException)
    async def problem(request: Request, exc: StarletteHTTPException) -> Response:
        """API errors as RFC 9457 problem details; a page's error stays a plain page."""
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        return problem_response(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        """A parameter that is not what it must be: 422, saying which and why."""
        if not request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return problem_response(422, reasons)

    def threshold(value: float | None) -> float:
        return min_confidence if value is None else value

    templates = page_templates(WEB.joinpath("templates"))
    app.mount("/static", StaticFiles(directory=str(WEB.joinpath("static"))), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(SWAGGER_ASSETS)), name="docs-assets")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """The API's interactive documentation (Swagger UI, from installed assets: it works offline)."""
        return HTMLResponse(DOCS_PAGE)

    @app.get("/", response_class=HTMLResponse)
    @reading
    def story_list(request: Request, query: StoryFilters, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        """The stories, newest first, 50 a page: whose title or summary holds the words, in a span of days, that
        an outlet reported, with an actor of a country; facets of outlets and countries narrow it."""
        query = replace(query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        stories = [s.as_json() for s in store.find_stories(query, deep(query.offset, store.story_milestones, query))]
        sizes = store.thread_sizes({story["thread_id"] for story in stories if story["thread_id"]})
        total = every_page(store.count_found_stories, query)
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        return templates.TemplateResponse(
            request,
            "stories.html",
            {
                "stories": stories,
                "thread_sizes": sizes,
                "page": page,
                "pages": max(1, -(-total // PAGE_SIZE)),
                "total": total,
                "form": {
                    "q": query.words or "",
                    "since": query.since or "",
                    "until": query.until or "",
                    "source": query.outlet or "",
                    "country": query.country or "",
                },
                "facets": facet_links(params, every_page(store.story_facets, query)),
                "params": urlencode(params),
            },
        )

    @app.get("/threads", response_class=HTMLResponse)
    @reading
    def thread_list(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "threads.html", {"threads": [t.as_json() for t in store.threads()]})

    @app.get("/threads/{thread_id}", response_class=HTMLResponse)
    @reading
    def thread_page(request: Request, thread_id: str) -> HTMLResponse:
        found = store.threads(thread_id)
        if not found:
            raise HTTPException(404, f"no thread {thread_id}")
        thread = found[0].as_json()
        return templates.TemplateResponse(
            request,
            "stories.html",
            {
                "stories": [s.as_json() for s in store.stories(thread_id)],
                "thread": thread,
                "thread_sizes": {},
                "page": 1,
                "pages": 1,
            },
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    @reading
    def story_page(
        request: Request, story_id: str, min_confidence: Threshold = None, page: Annotated[int, Query(ge=1)] = 1
    ) -> Response:
        shown = threshold(min_confidence)
        found = store.story(story_id, min_confidence=shown)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        story = found.as_json()
        if story["id"] != story_id:  # merged into another story since its address was given out
            target = request.url_for("story_page", story_id=story["id"]).include_query_params(**request.query_params)
            return RedirectResponse(target, status_code=301)
        counts = {part: len(story[part]) for part in STORY_PAGE_SIZES}
        pages = max(1, *(-(-counts[part] // size) for part, size in STORY_PAGE_SIZES.items()))
        story = {
            **story,
            **{part: story[part][(page - 1) * size : page * size] for part, size in STORY_PAGE_SIZES.items()},
        }
        by_outlet: dict[str, list[dict]] = defaultdict(list)
        for article in story["articles"]:
            by_outlet[article["source"] or "unknown outlet"].append(article)
        timeline = [e for e in story["events"] if e["date"]]
        mates = (
            [s.as_json() for s in store.stories(story["thread_id"]) if s.id != story["id"]]
            if story["thread_id"]
            else []
        )
        return templates.TemplateResponse(
            request,
            "story.html",
            {
                "story": story,
                "by_outlet": dict(sorted(by_outlet.items())),
                "timeline": timeline,
                "thread_mates": sorted(mates, key=lambda s: (s["first_date"] or "", s["id"])),
                "min_confidence": shown,
                "default_confidence": min_confidence,
                "counts": counts,
                "page": page,
                "pages": pages,
                "hidden": found.events_below,
            },
        )

    @app.get("/api/stories", response_model=list[dict[str, Any]])
    @reading
    def api_stories(limit: Limit = API_PAGE_SIZE, offset: Offset = 0) -> Response:
        """The stories, newest first, `limit` at a time; the total is in the X-Total-Count header."""
        listed = StoryQuery(limit=limit, offset=offset)
        texts = store.story_json_page(listed, deep(offset, store.story_milestones, listed))
        headers = {"X-Total-Count": str(every_page(store.count_found_stories, listed))}
        return json_list(texts, headers)

    @app.get("/api/stories/{story_id}")
    @reading
    def api_story(story_id: str, min_confidence: Threshold = None) -> dict:
        story = store.story(story_id, min_confidence=threshold(min_confidence))
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        return story.as_json()

    @app.get("/api/threads")
    @reading
    def api_threads() -> list[dict]:
        return [thread.as_json() for thread in store.threads()]

    @app.get("/api/events", response_model=list[dict[str, Any]])
    @reading
    def api_events(
        story: str | None = None, min_confidence: Threshold = None, limit: Limit = API_PAGE_SIZE, offset: Offset = 0
    ) -> Response:
        """Events by date, `limit` at a time; the total is in the X-Total-Count header."""
        listed = EventQuery(story_id=story, min_confidence=threshold(min_confidence), limit=limit, offset=offset)
        found, _ = store.find_events_json_page(listed, deep(offset, store.event_milestones, listed))
        headers = {"X-Total-Count": str(every_page(store.count_found_events, listed))}
        return json_list(found, headers)

    @app.get("/api/v1/events", response_model=list[dict[str, Any]])
    @reading
    def api_v1_events(request: Request, query: Filters) -> Response:
        """Events kept by every filter given, in the order of `sort`, `limit` at a time: the total is in
        X-Total-Count and the next page's address, with its cursor, in a `Link` header (rel="next")."""
        # (each event's JSON as the store keeps it, joined: no record is made)
        milestones = deep(query.offset, store.event_milestones, query) if query.after is None else None
        found, following = store.find_events_json_page(query, milestones)
        headers = {"X-Total-Count": str(every_page(store.count_found_events, query))}
        if following:
            address = request.url.remove_query_params("offset").include_query_params(cursor=following.encode())
            headers["Link"] = f'<{address}>; rel="next"'
        return json_list(found, headers)

    @app.get("/api/v1/facets")
    @reading
    def api_v1_facets(query: Filters) -> dict[str, list[dict]]:
        """How the filters' events spread over types, statuses, countries (of an actor taking part) and
        outlets: for each, the values with most events first, as {value, events}."""
        return {
            facet: [{"value": value, "events": count} for value, count in values]
            for facet, values in store.event_facets(query).items()
        }

    @app.get("/api/v1/places")
    @reading
    def api_v1_places(query: Filters) -> list[dict]:
        """Where the filters' events (every page of them) happened: each place with its country, coordinates
        (a city's; none for a country or region) and events, most first."""
        return [
            {"place": p.name, "country": p.country, "lat": p.lat, "lon": p.lon, "events": count}
            for p, count in store.count_found_events_by_place(query)
        ]

    @app.get("/map/world.svg", include_in_schema=False)
    def world_coastlines() -> Response:
        """The map's coastlines, the same for every page: cached by the browser for a day."""
        return Response(coastline_svg(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/events", response_class=HTMLResponse)
    @reading
    def event_page(request: Request, query: Filters) -> HTMLResponse:
        """The events kept by the filters of the page's form, with the sentences behind each."""
        # every event is counted once, by its type: the chart's counts give the total too
        series, undated = every_page(store.count_found_events_by, query, "month", "type")
        total = sum(sum(periods.values()) for periods in series.values()) + undated
        if query.after is not None:
            raise HTTPException(400, "the event page moves by offset: a cursor is for the API")
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        size = query.limit or API_PAGE_SIZE
        places = every_page(store.count_found_events_by_place, query)

        def place_link(place: Place) -> str:
            return "/events?" + urlencode([*((k, v) for k, v in params if k != "place"), ("place", f'"{place.name}"')])

        return templates.TemplateResponse(
            request,
            "events.html",
            {
                "events": [
                    e.as_json() for e in store.find_events(query, deep(query.offset, store.event_milestones, query))
                ],
                "total": total,
                "offset": query.offset,
                "form": {
                    "actor": list(query.actors),
                    "since": query.since,
                    "until": query.until,
                    "type": query.type,
                    "country": query.country,
                    "q": query.text,
                    "source": query.outlet,
                    "place": query.place,
                    "sort": query.sort,
                },
                "sorts": EVENT_SORT_NAMES,
                "facets": facet_links(params, every_page(store.event_facets, query)),
                "min_confidence": query.min_confidence,
                "chart": timeline_svg(series, "Events a month, by type"),
                "map": map_svg(
                    map_marks(places, country_centres() if places else {}, place_link),
                    "/map/world.svg",
                    "Where these events happened",
                ),
                "places": [{"place": p, "events": n, "link": place_link(p)} for p, n in places],
                "types": plover_types(),
                "query_string": urlencode(params),
                "previous_page": urlencode([*params, ("offset", max(0, query.offset - size))])
                if query.offset
                else None,
                "next_page": urlencode([*params, ("offset", query.offset + size)])
                if query.offset + size < total
                else None,
            },
        )

    @app.get("/actors", response_class=HTMLResponse)
    @reading
    def actor_by_name(request: Request, name: str) -> Response:
        """The page of the actor a name or id stands for."""
        entity = store.find_entity(name)
        if entity is None:
            raise HTTPException(404, f"no actor {name!r}")
        target = request.url_for("actor_page", entity_id=entity.id).include_query_params(
            **{k: v for k, v in request.query_params.items() if k != "name"}
        )
        return RedirectResponse(target, status_code=303)

    @app.get("/actors/{entity_id}", response_class=HTMLResponse)
    @reading
    def actor_page(request: Request, entity_id: str, query: Filters) -> HTMLResponse:
        """An actor: country and sector in its events over time, its events with their sentences, those it
        deals with most, its quotes."""
        found = actor_record(entity_id, query)
        return templates.TemplateResponse(
            request, "actor.html", {**found, "entity": found, "min_confidence": query.min_confidence}
        )

    @app.get("/api/v1/actors/{entity_id}")
    @reading
    def api_v1_actor(entity_id: str, query: Filters) -> dict:
        """An actor with its events (the filters apply), counterparts and quotes."""
        return actor_record(entity_id, query)

    def actor_record(entity_id: str, query: EventQuery) -> dict:
        entity = store.find_entity(entity_id)
        if entity is None or entity.id != entity_id:
            raise HTTPException(404, f"no actor {entity_id}")
        return {
            **entity.as_json(),
            "roles": roles_over_time(store.entity_roles(entity_id, query)),
            "num_events": store.count_entity_events(entity_id, query),
            "events": [e.as_json() for e in store.entity_events(entity_id, query)],
            "counterparts": [
                {"name": n, "actor_id": i, "events": c} for n, i, c in store.counterparts(entity_id, query)
            ],
            "num_quotes": store.count_quotes(speaker_id=entity_id),
            # (in the order of the quote list its page links to for all of them)
            "quotes": [q.as_json() for q in store.quotes(speaker_id=entity_id, limit=API_PAGE_SIZE)],
        }

    def page_headers(request: Request, total: int, limit: int, offset: int) -> dict[str, str]:
        """A list page's total and, when a page follows, its address."""
        headers = {"X-Total-Count": str(total)}
        if offset + limit < total:
            headers["Link"] = f'<{request.url.include_query_params(offset=offset + limit)}>; rel="next"'
        return headers

    def paged(
        request: Request, response: Response, rows: list[dict], total: int, limit: int, offset: int
    ) -> list[dict]:
        response.headers.update(page_headers(request, total, limit, offset))
        return rows

    def json_paged(request: Request, texts: list[str], total: int, limit: int, offset: int) -> Response:
        """A list page whose records the store gave as JSON texts: joined, with the headers `paged` gives."""
        headers = page_headers(request, total, limit, offset)
        return json_list(texts, headers)

    @app.get("/api/v1/stories", response_model=list[dict[str, Any]])
    @reading
    def api_v1_stories(request: Request, query: StoryFilters) -> Response:
        """The stories, newest first, `limit` at a time: of one thread, whose title or summary holds the words
        (`q`), whose dates reach into `since`/`until`, that an outlet reported (`source`), with an actor of a
        country in one of their events at or above the threshold (`country`)."""
        texts = store.story_json_page(query, deep(query.offset, store.story_milestones, query))
        total = every_page(store.count_found_stories, query)
        return json_paged(request, texts, total, query.limit or 0, query.offset)

    @app.get("/api/v1/story-facets")
    @reading
    def api_v1_story_facets(query: StoryFilters) -> dict[str, list[dict]]:
        """How the filters' stories spread over the outlets that reported them and the countries of their
        events' actors: for each, the values with most stories first, as {value, stories}."""
        return {
            facet: [{"value": value, "stories": count} for value, count in values]
            for facet, values in store.story_facets(query).items()
        }

    @app.get("/api/v1/stories/{story_id}")
    @reading
    def api_v1_story(request: Request, story_id: str, min_confidence: Threshold = None) -> Response:
        """One story with its articles, events and quotes (a merged story's address gives the one it became)."""
        story = store.story(story_id, min_confidence=threshold(min_confidence))
        return item(request, story.as_json() if story else None, f"story {story_id}")

    @app.get("/api/v1/articles", response_model=list[dict[str, Any]])
    @reading
    def api_v1_articles(
        request: Request, story: str | None = None, limit: Limit = API_PAGE_SIZE, offset: Offset = 0
    ) -> Response:
        """The articles by publication date (of one story, given one), `limit` at a time."""
        texts = store.article_json_page(story, limit, offset, deep(offset, store.article_milestones, story))
        return json_paged(request, texts, every_page(store.count_articles, story), limit, offset)

    @app.get("/api/v1/articles/{article_id:path}")
    @reading
    def api_v1_article(request: Request, article_id: str) -> Response:
        """One article with its cleaned text."""
        found = store.articles(article_id=article_id)
        return item(request, found[0].as_json() if found else None, f"article {article_id}")

    @app.get("/api/v1/events/{event_id}")
    @reading
    def api_v1_event(request: Request, event_id: str) -> Response:
        """One event with every sentence that reports it."""
        event = store.event(event_id)
        return item(request, event.as_json() if event else None, f"event {event_id}")

    @app.get("/api/v1/quotes", response_model=list[dict[str, Any]])
    @reading
    def api_v1_quotes(
        request: Request,
        story: str | None = None,
        speaker: Annotated[str | None, Query(description="The speaker's entity id")] = None,
        limit: Limit = API_PAGE_SIZE,
        offset: Offset = 0,
    ) -> Response:
        """The quotes by article (of one story, of one speaker, given them), `limit` at a time."""
        milestones = deep(offset, store.quote_milestones, story, speaker)
        texts = store.quote_json_page(story, speaker, limit, offset, milestones)
        return json_paged(request, texts, every_page(store.count_quotes, story, speaker), limit, offset)

    @app.get("/api/v1/entities")
    @reading
    def api_v1_entities(
        request: Request, response: Response, q: str | None = None, limit: Limit = API_PAGE_SIZE, offset: Offset = 0
    ) -> list[dict]:
        """People, organisations and places, most named first (whose name holds `q`, given it)."""
        every = [e for e in every_page(ranked_entities, None) if not q or q.lower() in e.name.lower()]
        rows = [e.as_json() for e in every[offset : offset + limit]]
        return paged(request, response, rows, len(every), limit, offset)

    @app.get("/api/v1/counts")
    @reading
    def api_v1_counts(
        query: Filters,
        period: Annotated[CountPeriod, Query(description="day, week, month or year")] = "month",
        by: Annotated[CountBy, Query(description="type, country (of an actor taking part) or actor")] = "type",
    ) -> dict:
        """How many events of the filters fall in each period, for each type, country or actor (the groups with
        most events first), for charts; `undated` counts those with no date."""
        series, undated = store.count_found_events_by(query, period, by)
        return {"period": period, "by": by, "series": series, "undated": undated}

    @app.get("/search", response_class=HTMLResponse)
    @reading
    def search_page(
        request: Request, q: str = "", kind: Annotated[list[str] | None, Query()] = None, limit: Limit = 50
    ) -> HTMLResponse:
        """Articles, events and quotes holding the words, each with its passage, the words marked."""
        chosen = [k for k in kind or SEARCH_KINDS if k in SEARCH_KINDS]
        hits = [h.as_json() for h in store.search(q, kinds=chosen, limit=limit)] if q.strip() else []
        return templates.TemplateResponse(
            request, "search.html", {"q": q, "hits": hits, "kinds": SEARCH_KINDS, "chosen": chosen, "limit": limit}
        )

    @app.get("/api/v1/search")
    @reading
    def api_v1_search(
        q: Annotated[str, Query(min_length=1, description="The words, every one of which a hit holds")],
        kind: Annotated[list[SearchKind] | None, Query(description="article, event or quote")] = None,
        limit: Limit = API_PAGE_SIZE,
        offset: Offset = 0,
    ) -> list[dict]:
        """Articles, events (by their evidence) and quotes holding every word, best first: each with its
        passage (`snippet`) and the spans of the words in it (`marks`)."""
        return [h.as_json() for h in store.search(q, kinds=kind or SEARCH_KINDS, limit=limit, offset=offset)]

    @app.get("/events.csv")
    def event_table(query: Filters) -> Response:
        """The events of the same filters, every page of them, as the flat CSV table of `chronicle export`."""
        every = query.every_page()
        sources = {i: Source(outlet, url) for i, (outlet, url) in store.article_sources().items()}
        thread_of = {story.id: story.thread_id for story in store.stories()}
        rows = [flat_row(event, thread_of.get(event.story_id or ""), sources) for event in store.find_events(every)]
        buffer = io.StringIO()
        export.write(rows, "csv", None, buffer)
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )

    return app
