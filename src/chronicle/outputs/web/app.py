"""The web view: server-rendered pages (Jinja2) and a small JSON API over the same store."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from importlib import resources
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from chronicle.store import Store

WEB = resources.files("chronicle.outputs.web")
Threshold = Annotated[float | None, Query(ge=0.0, le=1.0, description="Only events at or above this confidence")]


def mark_evidence(mention: dict) -> Markup:
    """The evidence sentence with its event word in <mark> and the actors it names in <mark class="actor">
    or <mark class="recipient">, placed by their offsets; everything else escaped. A mention stored before
    offsets were kept has its trigger found by its words."""
    sentence, offset = mention["sentence"], mention["start"]
    spans = [(s - offset, e - offset, "actor" if role == "source" else "recipient")
             for role, s, e in ((a["role"], a["start"], a["end"]) for a in mention.get("actor_spans") or [])]
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


def create_app(store: Store, min_confidence: float = 0.0) -> FastAPI:
    """The web view; pages and the API show events at or above `min_confidence` unless a request's
    `min_confidence` parameter says otherwise."""
    app = FastAPI(title="Chronicle")

    def threshold(value: float | None) -> float:
        return min_confidence if value is None else value

    templates = Jinja2Templates(directory=str(WEB.joinpath("templates")))
    templates.env.filters["mark_evidence"] = mark_evidence
    app.mount("/static", StaticFiles(directory=str(WEB.joinpath("static"))), name="static")

    @app.get("/", response_class=HTMLResponse)
    def story_list(request: Request) -> HTMLResponse:
        stories = store.stories()
        sizes = Counter(story["thread_id"] for story in stories)
        return templates.TemplateResponse(request, "stories.html", {"stories": stories, "thread_sizes": sizes})

    @app.get("/threads", response_class=HTMLResponse)
    def thread_list(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "threads.html", {"threads": store.threads()})

    @app.get("/threads/{thread_id}", response_class=HTMLResponse)
    def thread_page(request: Request, thread_id: str) -> HTMLResponse:
        found = store.threads(thread_id)
        if not found:
            raise HTTPException(404, f"no thread {thread_id}")
        thread = found[0]
        return templates.TemplateResponse(request, "stories.html", {
            "stories": store.stories(thread_id), "thread": thread, "thread_sizes": {}})

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: str, min_confidence: Threshold = None) -> Response:
        shown = threshold(min_confidence)
        story = store.story(story_id, min_confidence=shown)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        if story["id"] != story_id:  # merged into another story since its address was given out
            target = request.url_for("story_page", story_id=story["id"]).include_query_params(**request.query_params)
            return RedirectResponse(target, status_code=301)
        by_outlet: dict[str, list[dict]] = defaultdict(list)
        for article in story["articles"]:
            by_outlet[article["source"] or "unknown outlet"].append(article)
        timeline = [e for e in story["events"] if e["date"]]
        mates = [s for s in store.stories(story["thread_id"]) if s["id"] != story["id"]] if story["thread_id"] else []
        return templates.TemplateResponse(request, "story.html", {
            "story": story, "by_outlet": dict(sorted(by_outlet.items())), "timeline": timeline,
            "thread_mates": sorted(mates, key=lambda s: (s["first_date"] or "", s["id"])),
            "min_confidence": shown,
            "hidden": store.count_events(story_id=story["id"]) - len(story["events"]) if shown > 0 else 0,
        })

    @app.get("/api/stories")
    def api_stories() -> list[dict]:
        return store.stories()

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
    def api_events(story: str | None = None, min_confidence: Threshold = None) -> list[dict]:
        return store.events(story_id=story, min_confidence=threshold(min_confidence))

    return app
