"""The web view served over real HTTP by uvicorn, and driven in Debian's chromium through Playwright."""

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
import uvicorn

from chronicle.ingest import ingest
from chronicle.outputs.web.app import create_app
from chronicle.query import EventQuery
from chronicle.sources import sample_corpus
from chronicle.store import Store

# A real server over HTTP on the ingested sample corpus.
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
SVG = "{http://www.w3.org/2000/svg}"


@contextmanager
def serving(store, min_confidence: float = 0.0):
    """The web app for a store, served by uvicorn on a free local port: yields its base address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store, min_confidence), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(5)


@pytest.fixture(scope="module")
def server(sample_store):
    with serving(sample_store) as address:
        yield address


@pytest.fixture
def chromium():
    """Debian's chromium through Playwright (skipped where it is missing, but never in CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed here")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def test_pages_and_api(server, sample_store):
    home = httpx.get(server + "/")
    assert home.status_code == 200 and "Biden and Xi agree to restore military talks" in home.text
    story_id = next(s.id for s in sample_store.stories() if "military talks" in s.title)
    page = httpx.get(f"{server}/stories/{story_id}")
    assert page.status_code == 200
    for part in ("Timeline", "CONSULT", "Woodside", "Pacific Ledger", "back to direct"):
        assert part in page.text
    # each event with its actors, status, date, place, status history and evidence, trigger marked
    summit = page.text[page.text.index('<section id="events">') : page.text.index('<section id="quotes">')]
    for part in (
        "Joe Biden",
        "Xi Jinping",
        "CHN/GOV",
        "2023-11-15",
        "Woodside",
        "Status history",
        "planned",
        "occurred",
        "<mark>meet</mark>",
        "coded AGREE",
        "(from relative)",
        "About",
        "diplomatic",
    ):
        assert part in summit, part
    # the actor and the recipient marked where the sentence names them
    assert (
        '<mark class="actor">President Joe Biden</mark>' in summit or '<mark class="actor">Joe Biden</mark>' in summit
    )
    assert '<mark class="recipient">' in summit
    assert httpx.get(server + "/static/chronicle.css").status_code == 200
    assert httpx.get(server + "/stories/nope").status_code == 404
    assert httpx.get(f"{server}/api/stories/{story_id}").json()["id"] == story_id


def test_each_database_serves_the_same_pages_and_api(new_database, sample_store):
    """A story page, its actors linked to their pages, and an API list, from SQLite (read on the event loop) and
    from PostgreSQL (read in worker threads), with the answers of the sample store."""
    database = new_database("served")
    store = Store(database if "://" in database else f"sqlite:///{database}")
    ingest([sample_corpus()], store)
    story_id = next(s.id for s in sample_store.stories() if "military talks" in s.title)
    try:
        with serving(store) as address, serving(sample_store) as sample:
            page = httpx.get(f"{address}/stories/{story_id}")
            assert page.status_code == 200 and "Xi Jinping" in page.text
            assert '<a class="actor" href="/actors?name=' in page.text
            assert page.text == httpx.get(f"{sample}/stories/{story_id}").text
            listed = httpx.get(f"{address}/api/v1/events", params={"limit": 3, "sort": "-confidence"})
            assert listed.status_code == 200 and len(listed.json()) == 3
            assert (
                listed.json() == httpx.get(f"{sample}/api/v1/events", params={"limit": 3, "sort": "-confidence"}).json()
            )
    finally:
        store.engine.dispose()


def test_pages_and_api_show_events_at_or_above_a_threshold(sample_store):
    every = sample_store.events()
    threshold = sorted({e.confidence for e in every})[-1]
    story_id = next(e.story_id for e in every if e.confidence < threshold)
    with serving(sample_store, min_confidence=threshold) as address:
        shown = httpx.get(f"{address}/api/events").json()
        assert shown and all(e["confidence"] >= threshold for e in shown)
        assert len(httpx.get(f"{address}/api/events", params={"min_confidence": 0}).json()) == len(every)
        page = httpx.get(f"{address}/stories/{story_id}").text
        assert "hidden" in page and 'href="?min_confidence=0"' in page
        page = httpx.get(f"{address}/stories/{story_id}", params={"min_confidence": 0}).text
        assert "hidden" not in page
        assert httpx.get(f"{address}/api/events", params={"min_confidence": 2}).status_code == 422


@pytest.mark.browser
def test_story_page_in_chromium(server, tmp_path, chromium):
    page = chromium.new_page()
    page.goto(server + "/")
    page.click("text=Biden and Xi agree to restore military talks")
    page.wait_for_selector("#timeline")
    assert page.locator(".event").count() >= 1
    assert "Woodside" in page.inner_text("#timeline")
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)


def test_a_merged_storys_address_leads_to_the_story_it_became(store, dam_reports):
    from chronicle.ingest import ingest

    first_batch, late_report = dam_reports
    ingest([first_batch], store)
    ingest([late_report], store)
    with serving(store) as address:
        page = httpx.get(f"{address}/stories/story-0002", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"].endswith("/stories/story-0001")
        assert "Kakhovka" in httpx.get(f"{address}/stories/story-0002", follow_redirects=True).text
        assert [s["id"] for s in httpx.get(f"{address}/api/stories").json()] == ["story-0001"]


def test_a_kept_answer_is_served_until_another_process_writes_and_keeps_every_layer(tmp_path, dam_reports):
    from chronicle.ingest import ingest
    from chronicle.store import Store

    first, late = dam_reports
    database = tmp_path / "kept.db"
    store = Store(f"sqlite:///{database}")
    ingest([first], store)
    with serving(store) as base:
        listed = httpx.get(f"{base}/api/v1/stories")
        kept = httpx.get(f"{base}/api/v1/stories")
        assert kept.content == listed.content and kept.headers["x-total-count"] == "2"
        assert kept.headers["x-content-type-options"] == "nosniff"  # the security headers go on kept answers
        head = httpx.head(f"{base}/api/v1/stories")
        assert head.status_code == 200 and head.content == b""
        assert httpx.get(f"{base}/api/v1/stories", headers={"Host": "attacker.example"}).status_code == 400
        written = subprocess.run(
            [sys.executable, "-m", "chronicle", "ingest", str(late), "--db", str(database)], capture_output=True
        )
        assert written.returncode == 0, written.stderr
        assert httpx.get(f"{base}/api/v1/stories").headers["x-total-count"] == "1"  # the late report joined both


def test_threads_are_listed_and_a_story_links_to_the_other_stories_of_its_thread(store, harbour_strike):
    from chronicle.ingest import ingest

    ingest([harbour_strike], store)
    (thread,) = store.threads()
    june, september = (s.id for s in thread.stories)
    with serving(store) as address:
        listing = httpx.get(f"{address}/threads").text
        assert f'href="/threads/{thread.id}"' in listing and f'href="/stories/{september}"' in listing
        page = httpx.get(f"{address}/stories/{june}").text
        assert "Same running topic" in page and f'href="/stories/{september}"' in page
        assert httpx.get(f"{address}/threads/{thread.id}").status_code == 200
        assert httpx.get(f"{address}/threads/thread-9999").status_code == 404
        assert httpx.get(f"{address}/api/threads").json() == [t.as_json() for t in store.threads()]
        assert "thread of 2 stories" in httpx.get(f"{address}/").text


def test_api_v1_finds_the_events_between_two_actors_in_a_month_with_their_sentences(server):
    params = {"actor": ["biden", "Xi Jinping"], "since": "2023-11-01", "until": "2023-11-30", "min_confidence": 0}
    found = httpx.get(f"{server}/api/v1/events", params=params)
    assert found.status_code == 200 and found.json()
    for event in found.json():
        names = {a["name"] for a in event["source_actors"] + event["target_actors"]}
        assert {"Joe Biden", "Xi Jinping"} <= names and event["date"].startswith("2023-11")
        assert event["mentions"] and all(m["sentence"] for m in event["mentions"])
    assert int(found.headers["x-total-count"]) == len(found.json())
    later = httpx.get(f"{server}/api/v1/events", params={**params, "since": "2024-04-01", "until": "2024-04-30"})
    assert all(e["date"].startswith("2024-04") for e in later.json())
    assert not {e["id"] for e in later.json()} & {e["id"] for e in found.json()}
    first = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 2})
    assert len(first.json()) == 2 and first.links["next"]["url"].count("cursor=") == 1
    every = int(first.headers["x-total-count"])
    military = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "context": "military"}).json()
    assert military and all("military" in e["contexts"] for e in military) and len(military) < every
    assert (
        httpx.get(f"{server}/api/v1/events", params={"since": "2024-02-01", "until": "2024-01-01"}).status_code == 400
    )
    refused = httpx.get(f"{server}/api/v1/events", params={"status": "rumoured"})
    assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["status"] == 400 and "rumoured" in refused.json()["detail"]
    invalid = httpx.get(f"{server}/api/v1/events", params={"limit": 0})
    assert invalid.status_code == 422 and "limit" in invalid.json()["detail"]


@pytest.mark.browser
def test_finding_the_events_between_two_actors_in_a_month_in_chromium(server, chromium):
    page = chromium.new_page()
    page.goto(server + "/")
    page.click("nav >> text=Events")
    # by keyboard: the first field takes the focus, Tab moves on, Enter sends the form
    page.wait_for_selector("form.filters")
    page.locator("input[name=actor]").first.focus()
    page.keyboard.type("Biden")
    page.keyboard.press("Tab")
    page.keyboard.type("Xi Jinping")
    page.fill("input[name=since]", "2023-11-01")
    page.fill("input[name=until]", "2023-11-30")
    page.fill("input[name=min_confidence]", "0")
    page.press("input[name=until]", "Enter")
    page.wait_for_selector("#found")
    assert "actor=Biden" in page.url and "since=2023-11-01" in page.url  # the filters are in the address
    events = page.locator(".event")
    assert events.count() >= 1
    text = " ".join(page.inner_text("main").split())
    assert "Filoli estate" in text and "2024-04" not in text
    assert page.locator("a[download]").get_attribute("href").startswith("/events.csv?")
    before = int(page.inner_text("#found").split()[0])
    outlet = page.locator(".facets section:has(h2:text('outlet')) li").first
    counted = int(outlet.locator("small").inner_text())
    outlet.locator("a").click()  # narrow by the outlet that reported most of them
    page.wait_for_selector(".facets [aria-current=true]")
    assert "source=" in page.url and "actor=Biden" in page.url  # the other filters stay
    assert int(page.inner_text("#found").split()[0]) == counted <= before
    events = page.locator(".event")
    events.first.locator("text=its story").click()
    page.wait_for_selector("#timeline")
    assert "Biden and Xi" in page.inner_text("h1")
    # a city on the map, reached by keyboard, narrows the list to the events there, the other filters kept
    page.goto(server + "/events?min_confidence=0&sort=-date")
    mark = page.locator("svg.event-map a").first
    place = mark.get_attribute("aria-label").split(":")[0]
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**place=*")
    assert "sort=-date" in page.url and page.locator(".event").count() >= 1
    assert all(f"in {place}" in text for text in page.locator(".event").all_inner_texts())


def test_an_actor_page_shows_its_roles_events_counterparts_and_quotes(server):
    page = httpx.get(f"{server}/actors", params={"name": "Xi", "min_confidence": 0}, follow_redirects=True)
    assert page.status_code == 200 and page.url.path == "/actors/xi-jinping"
    assert "<h1>Xi Jinping</h1>" in page.text and "Deals most with" in page.text and "Joe Biden" in page.text
    assert "CHN/GOV" in page.text and "Filoli estate" in " ".join(page.text.split())
    record = httpx.get(f"{server}/api/v1/actors/joe-biden", params={"min_confidence": 0}).json()
    assert record["name"] == "Joe Biden" and record["events"] and record["quotes"]
    assert record["counterparts"][0]["name"] == "Xi Jinping" and record["roles"][0]["country"] == "USA"
    assert sum(r["events"] for r in record["roles"]) == record["num_events"] >= len(record["events"])
    spoken = httpx.get(f"{server}/api/v1/quotes", params={"speaker": "joe-biden"})
    assert {q["speaker_id"] for q in spoken.json()} == {"joe-biden"}
    assert int(spoken.headers["X-Total-Count"]) == record["num_quotes"] == len(spoken.json()) >= len(record["quotes"])
    missing = httpx.get(f"{server}/api/v1/actors/nobody")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert httpx.get(f"{server}/actors", params={"name": "Nobody At All"}).status_code == 404


def test_each_event_filter_keeps_what_it_names_and_takes_its_words_literally(server):
    def found(**params: object) -> list[dict]:
        listed = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, **params})
        assert listed.status_code == 200, listed.text
        return listed.json()

    every = found()
    hotline = found(q="military hotline")
    assert hotline and all("military hotline" in " ".join(m["sentence"] for m in e["mentions"]) for e in hotline)
    assert len(hotline) < len(every)
    assert found(q="sentence") == [] and found(q="%") == [] and found(actor="_") == []  # no key names, no wildcards
    woodside = found(place="woodside")
    assert woodside and all(e["location"]["name"] == "Woodside" for e in woodside)
    consults = found(type="consult")
    assert consults and all("CONSULT" in (e["type"], e["plover_code"]) for e in consults)
    planned = found(status="planned")
    assert all(e["status"] == "planned" for e in planned)
    chinese = found(country="chn", sector="gov")
    assert chinese and all(any(a["country"] == "CHN" for a in e["source_actors"] + e["target_actors"]) for e in chinese)
    story = every[0]["story_id"]
    assert {e["story_id"] for e in found(story=story)} == {story}
    assert found(actor=" ") == every  # an empty field of the form is no filter
    bad_day = httpx.get(f"{server}/api/v1/events", params={"since": "2024-13-01"})
    assert bad_day.status_code == 400 and "since" in bad_day.json()["detail"]


def test_event_pages_by_cursor_give_the_whole_list_once_in_each_order(server):
    def ordered(events: list[dict], sort: str) -> bool:
        from chronicle.dates import value_range

        keys = {
            "date": lambda e: (value_range(e["date"]) is None, (value_range(e["date"]) or [date.min])[0]),
            "-date": lambda e: (
                value_range(e["date"]) is None,
                -(value_range(e["date"]) or [0, date.min])[1].toordinal(),
            ),
            "-confidence": lambda e: -e["confidence"],
            "-outlets": lambda e: -e["num_sources"],
        }
        return events == sorted(events, key=lambda e: (keys[sort](e), e["id"]))

    for sort in ("date", "-date", "-confidence", "-outlets"):
        whole = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 1000, "sort": sort})
        assert "link" not in whole.headers and ordered(whole.json(), sort)
        paged, address, pages = [], f"{server}/api/v1/events?min_confidence=0&limit=4&sort={sort}", 0
        while address:
            page = httpx.get(address)
            assert page.status_code == 200 and int(page.headers["x-total-count"]) == len(whole.json())
            paged, address, pages = paged + page.json(), page.links.get("next", {}).get("url"), pages + 1
        assert [e["id"] for e in paged] == [e["id"] for e in whole.json()] and pages == -(-len(paged) // 4)
    first = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 2, "sort": "-date"})
    cursor = first.links["next"]["url"].split("cursor=")[1]
    other_order = httpx.get(f"{server}/api/v1/events", params={"cursor": cursor, "sort": "date"})
    assert other_order.status_code == 400 and "cursor" in other_order.json()["detail"]
    assert httpx.get(f"{server}/events", params={"cursor": cursor, "sort": "-date"}).status_code == 400
    csv = httpx.get(f"{server}/events.csv", params={"min_confidence": 0, "cursor": cursor, "sort": "-date"})
    assert csv.text.count("\nevent-") == int(first.headers["x-total-count"])  # every page, not those after it
    for broken in ("nonsense", "e30", cursor[:-3]):
        refused = httpx.get(f"{server}/api/v1/events", params={"cursor": broken, "sort": "-date"})
        assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"


def test_facets_count_what_each_filter_would_keep_and_the_outlet_filter(server):
    facets = httpx.get(f"{server}/api/v1/facets", params={"min_confidence": 0}).json()
    assert set(facets) == {"type", "status", "country", "outlet"} and all(facets.values())
    for facet, parameter in (("type", "type"), ("status", "status"), ("country", "country"), ("outlet", "source")):
        for entry in facets[facet]:
            value = f'"{entry["value"]}"' if facet == "outlet" else entry["value"]  # an outlet's whole name
            kept = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 1000, parameter: value})
            assert int(kept.headers["x-total-count"]) == len(kept.json()) == entry["events"], (facet, entry)
            if facet == "outlet":
                assert all(any(m["source"] == entry["value"] for m in e["mentions"]) for e in kept.json())
    # under a filter, each facet is counted with its own filter left out: a value's count is what choosing it
    # instead keeps
    narrowed = httpx.get(f"{server}/api/v1/facets", params={"min_confidence": 0, "status": "planned"}).json()
    assert narrowed["status"] == facets["status"]
    for entry in narrowed["type"]:
        kept = httpx.get(
            f"{server}/api/v1/events",
            params={"min_confidence": 0, "limit": 1000, "status": "planned", "type": entry["value"]},
        )
        assert int(kept.headers["x-total-count"]) == entry["events"]
    chosen = httpx.get(f"{server}/api/v1/facets", params={"min_confidence": 0, "country": "USA"}).json()
    assert chosen["country"] == facets["country"]  # the country facet offers the other countries as they are
    page = httpx.get(f"{server}/events", params={"min_confidence": 0, "source": facets["outlet"][0]["value"]})
    assert page.status_code == 200 and 'aria-label="Narrow by"' in page.text
    assert 'aria-current="true"' in page.text  # the chosen outlet, whose link takes the filter away
    # part of a name keeps every outlet that holds it; in double quotes, only the outlet of that whole name
    outlet = facets["outlet"][0]["value"]
    part = outlet.split()[-1][1:]
    for asked, kept in ((part, True), (f'"{part}"', False), (f'"{outlet}"', True), (f'"{outlet.upper()}"', False)):
        found = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "source": asked})
        assert bool(found.json()) is kept, asked


def test_an_actor_page_takes_the_event_filters(server):
    for params in ({"country": "USA"}, {"actor": "Biden"}, {"sector": "GOV"}):
        page = httpx.get(f"{server}/api/v1/actors/xi-jinping", params={"min_confidence": 0, **params})
        assert page.status_code == 200, page.text
        assert page.json()["counterparts"][0]["name"] == "Joe Biden"
    limited = httpx.get(f"{server}/api/v1/actors/joe-biden", params={"min_confidence": 0, "limit": 1}).json()
    assert len(limited["events"]) == 1 and limited["num_events"] > 1


def test_search_finds_articles_events_and_quotes_with_the_words_marked(server):
    page = httpx.get(f"{server}/search", params={"q": "military hotline"})
    assert page.status_code == 200 and "<mark>military</mark>" in page.text and 'href="/stories/' in page.text
    hits = httpx.get(f"{server}/api/v1/search", params={"q": "military hotline"}).json()
    assert {h["kind"] for h in hits} >= {"article", "event"}
    for hit in hits:
        marked = [hit["snippet"][start:end].lower() for start, end in hit["marks"]]
        assert set(marked) <= {"military", "hotline"} and marked and hit["story_id"]
    quotes = httpx.get(f"{server}/api/v1/search", params={"q": "communication", "kind": "quote"}).json()
    assert quotes and all(h["kind"] == "quote" for h in quotes)
    hostile = httpx.get(f"{server}/search", params={"q": '<script>alert(1)</script> "OR" NEAR('})
    assert hostile.status_code == 200 and "<script>alert" not in hostile.text  # escaped, and no FTS5 syntax
    assert httpx.get(f"{server}/api/v1/search", params={"q": ""}).status_code == 422


def test_event_counts_for_charts_and_the_timeline_on_the_event_page(server):
    counts = httpx.get(f"{server}/api/v1/counts", params={"min_confidence": 0, "by": "type", "period": "month"}).json()
    every = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 1000}).json()
    dated = [e for e in every if e["date"] and not e["date"].startswith("XXXX")]
    assert sum(sum(periods.values()) for periods in counts["series"].values()) == len(dated)
    assert counts["series"]["CONSULT"]["2023-11"] >= 1 and counts["undated"] == len(every) - len(dated)
    by_country = httpx.get(f"{server}/api/v1/counts", params={"min_confidence": 0, "by": "country", "period": "year"})
    assert by_country.json()["series"]["CHN"]["2023"] >= 1
    assert httpx.get(f"{server}/api/v1/counts", params={"by": "mood"}).status_code == 422
    page = httpx.get(f"{server}/events", params={"min_confidence": 0}).text
    chart = page[page.index('<svg class="timeline-chart"') : page.index("</svg>")]
    assert "<title>Events a month, by type</title>" in chart and "<title>2023-11 CONSULT:" in chart
    assert "<script" not in chart


def test_a_map_circles_area_is_in_proportion_to_its_events():
    from chronicle.outputs.web.world_map import MapMark, map_svg

    def radii(*counts: int) -> list[float]:
        marks = [MapMark(0.0, float(n), n, str(n), None, True) for n in counts]
        drawn = ElementTree.fromstring(str(map_svg(marks, "/map/world.svg", "t")))
        return sorted(float(c.get("r")) for c in drawn.iter(f"{SVG}circle"))

    one, four = radii(1, 4)
    assert four**2 == 4 * one**2  # four events, four times the area
    few, quarter, most = radii(1, 25, 100)
    assert most**2 == 4 * quarter**2 and few == 3.0  # the smallest circle stays visible


def test_the_map_marks_where_the_filtered_events_happened(server):
    places = httpx.get(f"{server}/api/v1/places", params={"min_confidence": 0}).json()
    every = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 1000}).json()
    assert sum(p["events"] for p in places) == sum(1 for e in every if e["location"])
    paris = next(p for p in places if p["place"] == "Paris")
    assert paris["country"] == "FRA" and round(paris["lat"]) == 49 and round(paris["lon"]) == 2
    countries_only = {p["country"] for p in places if p["lat"] is None}
    assert countries_only  # Taiwan, Malta: known by their country only
    world = httpx.get(f"{server}/map/world.svg")
    assert world.headers["content-type"].startswith("image/svg+xml") and "max-age" in world.headers["cache-control"]
    assert len(ElementTree.fromstring(world.text).findall(f"{SVG}path")) == 3  # land, lakes, islands in lakes
    page = httpx.get(f"{server}/events", params={"min_confidence": 0}).text
    drawn = page[page.index('<svg class="event-map"') :]
    drawn = ElementTree.fromstring(drawn[: drawn.index("</svg>") + len("</svg>")])
    assert drawn.find(f"{SVG}image").get("href") == "/map/world.svg"
    # a filled circle a city, a ring a country of places without coordinates
    assert len(list(drawn.iter(f"{SVG}circle"))) == sum(1 for p in places if p["lat"] is not None) + len(countries_only)
    link = next(a.get("href") for a in drawn.iter(f"{SVG}a") if a.get("aria-label", "").startswith("Paris:"))
    in_paris = httpx.get(server + link)
    assert "place=%22Paris%22" in link and in_paris.text.count('<article class="event"') == paris["events"]
    # a link asks for the place's whole name: part of it keeps the places that hold it
    assert httpx.get(f"{server}/api/v1/places", params={"place": '"Pari"'}).json() == []
    assert [p["place"] for p in httpx.get(f"{server}/api/v1/places", params={"place": "Pari"}).json()] == ["Paris"]
    # the map follows the filters: narrowed to a place, it marks only that place
    assert [p["place"] for p in httpx.get(f"{server}/api/v1/places", params={"place": "Paris"}).json()] == ["Paris"]
    assert "<script" not in page


def test_api_v1_lists_and_items_with_totals_pages_and_etags(server):
    stories = httpx.get(f"{server}/api/v1/stories", params={"limit": 2})
    assert (
        len(stories.json()) == 2
        and int(stories.headers["x-total-count"]) == 5
        and "offset=2" in stories.headers["link"]
    )
    story = httpx.get(f"{server}/api/v1/stories/{stories.json()[0]['id']}")
    assert story.status_code == 200 and story.json()["articles"] and story.headers["etag"]
    again = httpx.get(story.url, headers={"If-None-Match": story.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    articles = httpx.get(f"{server}/api/v1/articles", params={"story": story.json()["id"]}).json()
    assert {a["id"] for a in articles} == {a["id"] for a in story.json()["articles"]}
    article = httpx.get(f"{server}/api/v1/articles/{articles[0]['id']}").json()
    assert article["text"] and article["story_id"] == story.json()["id"]
    event_id = httpx.get(f"{server}/api/v1/events", params={"min_confidence": 0, "limit": 1}).json()[0]["id"]
    assert httpx.get(f"{server}/api/v1/events/{event_id}").json()["id"] == event_id
    quotes = httpx.get(f"{server}/api/v1/quotes", params={"limit": 1})
    assert len(quotes.json()) == 1 and int(quotes.headers["x-total-count"]) >= 2
    people = httpx.get(f"{server}/api/v1/entities", params={"q": "xi"}).json()
    assert people[0]["id"] == "xi-jinping"
    missing = httpx.get(f"{server}/api/v1/articles/nope")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_the_story_list_filters_by_words_and_dates_and_keeps_them_in_its_pages(server):
    every = httpx.get(f"{server}/").text
    assert 'id="found">5 stories' in every
    malta = httpx.get(f"{server}/", params={"q": "Malta"}).text
    assert 'id="found">1 story' in malta and "Malta" in malta
    spring = httpx.get(f"{server}/", params={"since": "2024-01-01", "until": "2024-12-31"}).text
    assert "Malta" not in spring.split('id="found"')[1] and 'id="found">3 stories' in spring
    assert "No story matches" in httpx.get(f"{server}/", params={"q": "zeppelin"}).text
    assert httpx.get(f"{server}/", params={"since": "2024-02-30"}).status_code == 400


def test_the_story_list_narrows_by_outlet_and_country_with_facets_that_count_what_each_keeps(server, sample_store):
    facets = httpx.get(f"{server}/api/v1/story-facets", params={"min_confidence": 0}).json()
    assert set(facets) == {"outlet", "country"} and all(facets.values())
    for facet, parameter in (("outlet", "source"), ("country", "country")):
        for entry in facets[facet]:
            value = f'"{entry["value"]}"' if facet == "outlet" else entry["value"]  # an outlet's whole name
            kept = httpx.get(f"{server}/api/v1/stories", params={"min_confidence": 0, "limit": 1000, parameter: value})
            assert int(kept.headers["x-total-count"]) == len(kept.json()) == entry["stories"], (facet, entry)
            for story in kept.json():
                detail = sample_store.story(story["id"], min_confidence=0)
                if facet == "outlet":
                    assert any(a.source == entry["value"] for a in detail.articles)
                else:
                    assert any(
                        p.country == entry["value"] for e in detail.events for p in (*e.source_actors, *e.target_actors)
                    )
    # the country of an event under the threshold does not make a story that country's
    strict = httpx.get(f"{server}/api/v1/story-facets", params={"min_confidence": 1}).json()
    assert strict["country"] == [] and strict["outlet"] == facets["outlet"]
    # each facet is counted with its own filter left out; the other facet follows the filter
    china = httpx.get(f"{server}/api/v1/story-facets", params={"min_confidence": 0, "country": "CHN"}).json()
    assert china["country"] == facets["country"] and sum(v["stories"] for v in china["outlet"]) <= sum(
        v["stories"] for v in facets["outlet"]
    )
    page = httpx.get(f"{server}/", params={"country": "chn", "min_confidence": 0}).text
    assert 'aria-label="Narrow by"' in page and 'aria-current="true"' in page
    chinese = httpx.get(f"{server}/api/v1/stories", params={"country": "CHN", "min_confidence": 0}).json()
    assert f'id="found">{len(chinese)} stor' in page
    assert httpx.get(f"{server}/api/v1/stories", params={"since": "2024-02-30"}).status_code == 400


@pytest.mark.browser
def test_the_api_docs_work_offline_in_chromium(server, chromium):
    page = chromium.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    page.goto(server + "/docs")
    page.get_by_text("/api/v1/events", exact=True).first.wait_for(timeout=15000)
    assert outside == []  # nothing loaded from anywhere but the server


@pytest.mark.browser
def test_every_page_fits_a_phone_screen_without_scrolling_sideways(server, chromium, sample_store):
    story = sample_store.stories()[0].id
    page = chromium.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    for address in ("/", f"/stories/{story}", "/events?min_confidence=0", "/actors/joe-biden", "/search?q=talks"):
        page.goto(server + address)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (address, overflow)


def started_server(db: str, *options: str) -> tuple[list[str], subprocess.Popen, str]:
    """`chronicle serve` of a database in a process of its own on a free port, once it answers: its command,
    its process (stdout and stderr in one text pipe) and its base address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "chronicle", "serve", "--db", db, "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/v1/stories").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    return command, process, base


def test_chronicle_serve_answers_from_worker_processes_with_the_settings_given(sample_store):
    options = ("--workers", "2", "--min-confidence", "0", "--allow-host", "newsroom.example")
    command, process, base = started_server(sample_store.engine.url.database, *options)
    try:
        listed = httpx.get(f"{base}/api/v1/events", params={"limit": 1000})
        assert len(listed.json()) == sample_store.count_found_events(
            EventQuery(min_confidence=0)
        )  # the threshold reached them
        assert httpx.get(f"{base}/api/v1/stories", headers={"host": "newsroom.example"}).status_code == 200
        assert httpx.get(f"{base}/api/v1/stories", headers={"host": "elsewhere.example"}).status_code == 400
        second = subprocess.run(command, capture_output=True, text=True, timeout=60)  # the same port again
        refused = f"cannot listen on {base.removeprefix('http://')}: Address already in use"
        assert second.returncode == 2 and second.stderr.strip() == refused
    finally:
        process.terminate()  # the serving process stops its workers
        output, _ = process.communicate(timeout=30)
    assert output.count("Started server process") == output.count("Finished server process") == 2, output


def test_worker_processes_stop_when_their_serving_process_is_killed(sample_store):
    _, process, base = started_server(sample_store.engine.url.database, "--workers", "2")
    process.kill()  # no chance to stop its workers itself
    process.communicate(timeout=60)  # (its output ends when the last worker has stopped)
    for _ in range(100):
        try:
            httpx.get(f"{base}/api/v1/stories", timeout=1)
        except httpx.TransportError:
            break  # nothing answers on the port any more
        time.sleep(0.1)
    else:
        pytest.fail("the workers kept answering after their serving process was killed")


def test_deep_pages_of_every_api_list_are_those_of_the_whole_list(sample_store, monkeypatch):
    """Past the first milestone a page is sought from the list's milestones: over HTTP each list's page at
    every offset is the slice of the whole list, with the whole list's total."""
    import chronicle.outputs.web.app
    import chronicle.store.pages

    monkeypatch.setattr(chronicle.store.pages, "MILESTONE_EVERY", 2)
    monkeypatch.setattr(chronicle.outputs.web.app, "SEEK_FROM", 2)
    lists = ["/api/v1/events", "/api/events", "/api/v1/articles", "/api/v1/stories", "/api/stories", "/api/v1/quotes"]
    with serving(sample_store) as address:
        for path in [*lists, "/api/v1/entities"]:
            whole = httpx.get(f"{address}{path}", params={"limit": 1000}).json()
            assert len(whole) >= 5, path
            for offset in range(len(whole) + 1):
                page = httpx.get(f"{address}{path}", params={"limit": 3, "offset": offset})
                assert page.json() == whole[offset : offset + 3], (path, offset)
                assert page.headers["X-Total-Count"] == str(len(whole))
