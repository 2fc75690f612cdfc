"""The web view: server-rendered pages (Jinja2) and a small JSON API over the same store."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from chronicle.store import Store

WEB = resources.files("chronicle.outputs.web")


def mark_trigger(sentence: str, trigger: str | None) -> Markup:
    """The evidence sentence with the word that triggered the event in <mark>, everything else escaped."""
    found = re.search(rf"\b{re.escape(trigger)}\b", sentence, re.I) if trigger else None
    if not found:
        return escape(sentence)
    return Markup("{}<mark>{}</mark>{}").format(sentence[: found.start()], found.group(), sentence[found.end():])


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="Chronicle")
    templates = Jinja2Templates(directory=str(WEB.joinpath("templates")))
    templates.env.filters["mark_trigger"] = mark_trigger
    app.mount("/static", StaticFiles(directory=str(WEB.joinpath("static"))), name="static")

    @app.get("/", response_class=HTMLResponse)
    def story_list(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "stories.html", {"stories": store.stories()})

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: str) -> Response:
        story = store.story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        if story["id"] != story_id:  # merged into another story since its address was given out
            return RedirectResponse(request.url_for("story_page", story_id=story["id"]), status_code=301)
        by_outlet: dict[str, list[dict]] = defaultdict(list)
        for article in story["articles"]:
            by_outlet[article["source"] or "unknown outlet"].append(article)
        timeline = [e for e in story["events"] if e["date"]]
        return templates.TemplateResponse(request, "story.html", {
            "story": story, "by_outlet": dict(sorted(by_outlet.items())), "timeline": timeline,
        })

    @app.get("/api/stories")
    def api_stories() -> list[dict]:
        return store.stories()

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str) -> dict:
        story = store.story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id}")
        return story

    @app.get("/api/events")
    def api_events(story: str | None = None) -> list[dict]:
        return store.events(story_id=story)

    return app
