"""The web view: server-rendered pages (Jinja2) and a small JSON API over the same store."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from datetime import date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from chronicle.query import EventQuery
from chronicle.records import EventStatus
from chronicle.store import Store

WEB = resources.files("chronicle.outputs.web")
# ASGI's types (the ASGI 3 specification), as the middleware below needs them.
Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
# Pages use only their own stylesheet: no script, frame, plugin or foreign resource is ever needed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
Threshold = Annotated[float | None, Query(ge=0.0, le=1.0, description="Only events at or above this confidence")]
PAGE_SIZE = 50  # stories on a page of the story list
# A story page shows this many of each of its parts at a time (a story may hold thousands of articles).
STORY_PAGE_SIZES = {"articles": 200, "events": 100, "quotes": 100}
API_PAGE_SIZE = 100
Limit = Annotated[int, Query(ge=1, le=1000, description="How many records")]
Offset = Annotated[int, Query(ge=0, description="How many records to skip")]


def mark_evidence(mention: dict) -> Markup:
    """The evidence sentence with its event word in <mark> and the actors it names in <mark class="actor">
    or <mark class="recipient">, placed by their offsets; everything else escaped. A mention stored before
    offsets were kept has its trigger found by its words."""
    sentence, offset = mention["sentence"], mention["start"]
    spans = [
        (s - offset, e - offset, "actor" if role == "source" else "recipient")
        for role, s, e in ((a["role"], a["start"], a["end"]) for a in mention.get("actor_spans") or [])
    ]
    if mention.get("trigger_span"):
        spans.append((mention["trigger_span"][0] - offset, mention["trigger_span"][1] - offset, ""))
    elif mention.get("trigger"):
        found = re.search(rf"\b{re.escape(mention['trigger'])}\b", sentence, re.I)
        if found:
            spans.append((found.start(), found.end(), ""))
    parts, cursor = [], 0
    for start, end, kind in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(sentence)):
        if start < cursor:
            continue  # overlapping spans: the first one marked wins
        parts.append(escape(sentence[cursor:start]))
        opening = Markup('<mark class="{}">').format(kind) if kind else Markup("<mark>")
        parts.append(opening + escape(sentence[start:end]) + Markup("</mark>"))
        cursor = end
    parts.append(escape(sentence[cursor:]))
    return Markup("").join(parts)


def is_web_link(url: object) -> bool:
    """Whether a stored URL may be rendered as a link: http(s) only ("javascript:…" is text, not a link)."""
    if not isinstance(url, str):
        return False
    try:
        return urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # "http://[abc": not a URL at all
        return False


class HeadAsGet:
    """HEAD answered as GET without the body (RFC 9110 §9.3.2): FastAPI routes list GET only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass every request on; a HEAD request as GET, its response's body dropped."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def create_app(store: Store, min_confidence: float = 0.0, allowed_hosts: Sequence[str] = LOCAL_HOSTS) -> FastAPI:  # noqa: C901 (its routes are small functions nested in it, counted as one)
    """The web view; pages and the API show events at or above `min_confidence` unless a request's
    `min_confidence` parameter says otherwise. Requests naming another host than `allowed_hosts` are refused
    (a page on another site cannot read a local server through DNS rebinding)."""
    # No interactive docs: FastAPI's load their scripts from a CDN. The schema stays at /openapi.json.
    app = FastAPI(title="Chronicle", docs_url=None, redoc_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(HeadAsGet)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def threshold(value: float | None) -> float:
        return min_confidence if value is None else value

    templates = Jinja2Templates(directory=str(WEB.joinpath("templates")))
    templates.env.filters["mark_evidence"] = mark_evidence
    templates.env.tests["web_link"] = is_web_link
    app.mount("/static", StaticFiles(directory=str(WEB.joinpath("static"))), name="static")

    @app.get("/", response_class=HTMLResponse)
    def story_list(request: Request, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        stories = [s.as_json() for s in store.stories(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)]
        sizes = store.thread_sizes({story["thread_id"] for story in stories if story["thread_id"]})
        pages = max(1, -(-store.count_stories() // PAGE_SIZE))
        return templates.TemplateResponse(
            request, "stories.html", {"stories": stories, "thread_sizes": sizes, "page": page, "pages": pages}
        )

    @app.get("/threads", response_class=HTMLResponse)
    def thread_list(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "threads.html", {"threads": store.threads()})

    @app.get("/threads/{thread_id}", response_class=HTMLResponse)
    def thread_page(request: Request, thread_id: str) -> HTMLResponse:
        found = store.threads(thread_id)
        if not found:
            raise HTTPException(404, f"no thread {thread_id}")
        thread = found[0]
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
    def story_page(
        request: Request, story_id: str, min_confidence: Threshold = None, page: Annotated[int, Query(ge=1)] = 1
    ) -> Response:
        shown = threshold(min_confidence)
        story = store.story(story_id, min_confidence=shown)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
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
                "hidden": store.count_events(story_id=story["id"]) - counts["events"] if shown > 0 else 0,
            },
        )

    @app.get("/api/stories")
    def api_stories(response: Response, limit: Limit = API_PAGE_SIZE, offset: Offset = 0) -> list[dict]:
        """The stories, newest first, `limit` at a time; the total is in the X-Total-Count header."""
        response.headers["X-Total-Count"] = str(store.count_stories())
        return [s.as_json() for s in store.stories(limit=limit, offset=offset)]

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str, min_confidence: Threshold = None) -> dict:
        story = store.story(story_id, min_confidence=threshold(min_confidence))
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        return story

    @app.get("/api/threads")
    def api_threads() -> list[dict]:
        return store.threads()

    @app.get("/api/events")
    def api_events(
        response: Response,
        story: str | None = None,
        min_confidence: Threshold = None,
        limit: Limit = API_PAGE_SIZE,
        offset: Offset = 0,
    ) -> list[dict]:
        """Events, `limit` at a time; the total is in the X-Total-Count header."""
        shown = threshold(min_confidence)
        response.headers["X-Total-Count"] = str(store.count_events(story_id=story, min_confidence=shown))
        return [e.as_json() for e in store.events(story_id=story, min_confidence=shown, limit=limit, offset=offset)]

    @app.get("/api/v1/events")
    def api_v1_events(
        request: Request,
        response: Response,
        actor: Annotated[
            list[str] | None, Query(description="Actor id or name; repeat it for events between them")
        ] = None,
        country: Annotated[str | None, Query(description="An actor's country (ISO alpha-3)")] = None,
        sector: Annotated[str | None, Query(description="An actor's sector (GOV, MIL, ...)")] = None,
        type: Annotated[str | None, Query(description="PLOVER type or code")] = None,
        status: Annotated[EventStatus | None, Query()] = None,
        context: Annotated[str | None, Query(description="A PLOVER context")] = None,
        since: Annotated[date | None, Query(description="Dated on or after this day")] = None,
        until: Annotated[date | None, Query(description="Dated on or before this day")] = None,
        place: Annotated[str | None, Query(description="Words of the place's name")] = None,
        q: Annotated[str | None, Query(description="Words of an evidence sentence")] = None,
        story: str | None = None,
        thread: str | None = None,
        min_confidence: Threshold = None,
        limit: Limit = API_PAGE_SIZE,
        offset: Offset = 0,
    ) -> list[dict]:
        """Events kept by every filter given, by date, `limit` at a time: the total is in X-Total-Count and the
        next page's address in a `Link` header (rel="next")."""
        try:
            query = EventQuery(
                actors=tuple(actor or ()),
                country=country,
                sector=sector,
                type=type,
                status=status,
                context=context,
                since=since,
                until=until,
                place=place,
                text=q,
                story_id=story,
                thread_id=thread,
                min_confidence=threshold(min_confidence),
                limit=limit,
                offset=offset,
            )
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        total = store.count_found_events(query)
        response.headers["X-Total-Count"] = str(total)
        if offset + limit < total:
            following = request.url.include_query_params(offset=offset + limit)
            response.headers["Link"] = f'<{following}>; rel="next"'
        return [event.as_json() for event in store.find_events(query)]

    return app
