"""The ASGI layers around the web app, driven through the ASGI protocol by a small app of their own, and the
reads a list makes once for all its pages."""

import asyncio
from dataclasses import replace

from chronicle.outputs.web.layers import ENTRY_OVERHEAD, AnswerCache, HeadAsGet, SecurityHeaders
from chronicle.outputs.web.reads import ListReads
from chronicle.query import EventQuery, StoryQuery

PAGES = {"/a": b"alpha", "/b": b"bravo", "/c": b"charl", "/big": b"x" * 50}


class CountingApp:
    """Answers each address with its page in two parts (404 when it has none), counting the requests it gets."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.asked.append(scope["path"])
        await asyncio.sleep(0.01)  # (a page takes a while to make)
        body = PAGES.get(scope["path"], b"none")
        status = 200 if scope["path"] in PAGES else 404
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": body[:3], "more_body": True})
        await send({"type": "http.response.body", "body": body[3:]})


def get(app, path: str, query: bytes = b"", headers=(), method: str = "GET") -> tuple[int, dict, bytes]:
    """One request through the ASGI protocol: status, headers, body."""
    return asyncio.run(asking(app, path, query, headers, method))


async def asking(app, path: str, query: bytes = b"", headers=(), method: str = "GET") -> tuple[int, dict, bytes]:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    named = [(b"host", b"here"), *headers] if all(name != b"host" for name, _ in headers) else list(headers)
    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": named}
    await app(scope, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_an_answer_is_kept_per_address_until_the_revision_changes():
    app, revision = CountingApp(), ["1"]
    cache = AnswerCache(app, lambda: revision[0], largest=20)
    assert get(cache, "/a")[::2] == (200, b"alpha") and get(cache, "/a")[::2] == (200, b"alpha")
    assert app.asked == ["/a"]  # the second came from what was kept
    get(cache, "/a", b"page=2")
    get(cache, "/a", headers=[(b"host", b"elsewhere")])
    assert app.asked == ["/a"] * 3  # another query, another host: another answer
    revision[0] = "2"  # a write committed
    assert get(cache, "/a")[2] == b"alpha" and app.asked == ["/a"] * 4


def test_errors_large_answers_and_conditional_requests_are_not_kept_and_the_budget_holds():
    app = CountingApp()
    # each page here costs 1,057 bytes kept: its 5 bytes, address and headers, and the entry's 1,024
    cache = AnswerCache(app, lambda: "1", budget=2200, largest=20)
    for path in ("/missing", "/missing", "/big", "/big"):
        get(cache, path)
    assert app.asked == ["/missing", "/missing", "/big", "/big"]
    get(cache, "/a")
    get(cache, "/a", headers=[(b"if-none-match", b'"etag"')])  # the app answers conditions itself
    assert app.asked.count("/a") == 2
    # the budget holds two pages: a third sends off the one asked for least recently
    get(cache, "/b")
    get(cache, "/a")
    get(cache, "/c")
    app.asked.clear()
    for path in ("/a", "/c", "/b"):
        get(cache, path)
    assert app.asked == ["/b"]


def test_no_revision_keeps_nothing():
    app = CountingApp()
    cache = AnswerCache(app, lambda: None)
    get(cache, "/a")
    get(cache, "/a")
    assert app.asked == ["/a", "/a"]


def test_security_headers_replace_the_apps_own_and_a_head_request_gets_no_body():
    app = CountingApp()
    layered = SecurityHeaders(
        HeadAsGet(AnswerCache(app, lambda: "1")),
        {"Content-Type": "text/html", "X-Frame-Options": "DENY"},
        {"/b": {"X-Frame-Options": "SAMEORIGIN"}},
    )
    status, headers, body = get(layered, "/a", method="HEAD")
    assert (status, body, headers[b"content-type"], headers[b"x-frame-options"]) == (200, b"", b"text/html", b"DENY")
    assert get(layered, "/a")[2] == b"alpha" and app.asked == ["/a"]  # the HEAD request's answer was kept whole
    assert get(layered, "/b")[1][b"x-frame-options"] == b"SAMEORIGIN"


def test_readers_asking_at_once_for_a_page_not_yet_kept_wait_for_it_to_be_made_once():
    app = CountingApp()
    cache = AnswerCache(app, lambda: "1")

    async def together():
        return await asyncio.gather(*(asking(cache, path) for path in ["/a"] * 5 + ["/missing"] * 2))

    answers = asyncio.run(together())
    assert [body for _, _, body in answers] == [b"alpha"] * 5 + [b"none"] * 2
    assert app.asked == ["/a", "/missing", "/missing"]  # an answer that is not kept is made for each


def test_a_lists_reads_are_made_once_for_all_its_pages_while_the_data_is_unchanged():
    asked = []

    def count_found(query, *period):
        asked.append(query)
        return len(asked)

    revision = ["1"]
    reads = ListReads(lambda: revision[0])
    harbour = StoryQuery(words="harbour", limit=50)
    assert reads(count_found, harbour) == 1 and reads(count_found, replace(harbour, offset=50)) == 1
    assert asked == [StoryQuery(words="harbour")]  # read with the page left out
    assert reads(count_found, StoryQuery(words="strike")) == 2  # other filters, another read
    events = EventQuery(actors=("Minister 001",), limit=10, offset=20)
    assert reads(count_found, events, "month") == 3 and reads(count_found, replace(events, offset=0), "month") == 3
    assert reads(count_found, events, "week") == 4
    revision[0] = "2"  # a write committed
    assert reads(count_found, harbour) == 5


class FailingOnce(CountingApp):
    """Fails the first request it gets, as a page whose making raises."""

    async def __call__(self, scope, receive, send) -> None:
        if self.asked:
            await super().__call__(scope, receive, send)
            return
        self.asked.append(scope["path"])
        await asyncio.sleep(0.01)
        raise RuntimeError("the page could not be made")


def test_when_the_first_making_fails_one_waiting_reader_makes_the_page_for_the_others():
    app = FailingOnce()
    cache = AnswerCache(app, lambda: "1", revision_waits=True)  # (the token read in a thread of its own)

    async def together():
        return await asyncio.gather(*(asking(cache, "/a") for _ in range(5)), return_exceptions=True)

    answers = asyncio.run(together())
    assert sum(isinstance(a, RuntimeError) for a in answers) == 1
    assert [a[2] for a in answers if not isinstance(a, Exception)] == [b"alpha"] * 4
    assert app.asked == ["/a", "/a"] and get(cache, "/a")[2] == b"alpha" and len(app.asked) == 2


def test_the_budget_counts_addresses_and_headers_not_only_bodies():
    app = CountingApp()
    cache = AnswerCache(app, lambda: "1", budget=20_000)
    for number in range(100):  # unknown parameters are ignored by the app: each is another address
        get(cache, "/a", b"pad=" + str(number).encode() * 300)
    queries = sum(len(address[-1]) for address in cache.kept)
    assert queries + ENTRY_OVERHEAD * len(cache.kept) <= cache.kept_bytes <= 20_000


def test_a_route_reads_the_store_on_the_event_loop_or_in_a_thread():
    """A local file's reads are made where the request is; a database server's in a worker thread. Either way
    the route keeps its name and parameters (FastAPI reads them) and gives its answer."""
    import inspect
    import threading

    from chronicle.outputs.web.app import reads_store

    def story_page(story_id: str, page: int = 1) -> tuple[str, int, str]:
        return story_id, page, threading.current_thread().name

    async def both() -> tuple[tuple[str, int, str], tuple[str, int, str], str]:
        inline, threaded = reads_store(inline=True)(story_page), reads_store(inline=False)(story_page)
        assert inline.__name__ == threaded.__name__ == "story_page"
        assert inspect.signature(inline) == inspect.signature(story_page)
        return await inline("s1", page=2), await threaded("s1", page=2), threading.current_thread().name

    on_loop, in_thread, loop_thread = asyncio.run(both())
    assert on_loop == ("s1", 2, loop_thread)
    assert in_thread[:2] == ("s1", 2) and in_thread[2] != loop_thread


def test_templates_read_a_records_keys_and_keep_a_dicts_methods():
    """Records reach the templates as dicts: `story.title` is a key; `items()` stays the method even for a
    dict with a key of that name (an outlet named "items")."""
    from chronicle.outputs.web.templating import RecordEnvironment

    page = RecordEnvironment(autoescape=True).from_string(
        "{{ story.title }}|{% for outlet, n in outlets.items() %}{{ outlet }}={{ n }};{% endfor %}"
    )
    assert page.render(story={"title": "<b>Talks</b>"}, outlets={"items": 2, "Wire": 1}) == (
        "&lt;b&gt;Talks&lt;/b&gt;|items=2;Wire=1;"
    )
