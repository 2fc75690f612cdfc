"""ASGI layers around the web app: security headers, HEAD as GET, and answers kept while the data is unchanged.

They are plain ASGI callables rather than Starlette's `BaseHTTPMiddleware`, which runs each request through a
task group and memory streams: under load that costs more than serving a kept answer.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

# ASGI's types (the ASGI 3 specification).
Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]


class SecurityHeaders:
    """Adds the given headers to every response, replacing any of the same name; `by_path` gives some paths
    other values (a page that must run scripts)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str], by_path: dict[str, dict[str, str]] | None = None) -> None:
        self.app = app
        self.headers = _encoded(headers)
        self.by_path = {path: _encoded({**headers, **extra}) for path, extra in (by_path or {}).items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; its response's start gets the headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = self.by_path.get(scope["path"], self.headers)
        names = {name for name, _ in added}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in names]
                message = {**message, "headers": kept + added}
            await send(message)

        await self.app(scope, receive, with_headers)


def _encoded(headers: dict[str, str]) -> Headers:
    """Headers as ASGI carries them: lower-case names, bytes."""
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


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


@dataclass(frozen=True)
class KeptAnswer:
    """A whole 200 answer: its headers and body, and what keeping it costs (what `AnswerCache.budget` counts)."""

    headers: Headers
    body: bytes
    cost: int


# Requests whose answer depends on more than the address: conditional and partial requests are answered by
# the app itself (a 304, a range of a file). No route reads cookies or credentials: an answer is the same for
# every reader of an address.
PASSED_ON = frozenset({b"if-none-match", b"if-modified-since", b"range"})
# What an entry costs beyond its body, key and headers (the objects that hold them), in bytes.
ENTRY_OVERHEAD = 1024
Address = tuple[str, bytes, str, str, bytes]  # scheme, host, root path, path, query


class AnswerCache:
    """Keeps whole answers to GET requests, by address (scheme, host, path and query), for as long as
    `revision()` returns the same token (the database's: it changes with every committed write, by any
    process). A token of None means the data's state is unknown: nothing kept is used. At most `budget` bytes
    are kept (bodies, addresses and headers), the least recently asked for leaving first; an answer larger than
    `largest` is not kept. Requests for an address whose answer is being made wait for it rather than make it
    again. With `revision_waits` (the token is asked of a database server) it is read in a thread of its own,
    not on the event loop.

    Every page and API answer of Chronicle is a function of its address and the stored data, and the data
    changes only when an ingest commits: a busy server can serve the same page to many readers without
    reading the database again for each."""

    def __init__(
        self,
        app: ASGIApp,
        revision: Callable[[], str | None],
        budget: int = 64 << 20,
        largest: int = 4 << 20,
        revision_waits: bool = False,
    ) -> None:
        self.app = app
        self.revision = revision
        self.budget = budget
        self.largest = largest
        self.reader = ThreadPoolExecutor(1, "revision") if revision_waits else None
        self.kept: OrderedDict[Address, KeptAnswer] = OrderedDict()
        self.kept_bytes = 0
        self.kept_at: str | None = None  # the revision the kept answers were made at
        self.making: dict[Address, asyncio.Event] = {}  # answers being made, by address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer from what is kept if the data is unchanged; otherwise pass the request on, keeping its
        answer."""
        if scope["type"] != "http" or scope["method"] != "GET" or _passed_on(scope["headers"]):
            await self.app(scope, receive, send)
            return
        revision = await self._current_revision()
        if revision is None:
            await self.app(scope, receive, send)
            return
        if revision != self.kept_at:
            self.kept.clear()
            self.kept_bytes, self.kept_at = 0, revision
        address = _address(scope)
        while (making := self.making.get(address)) is not None:
            await making.wait()  # many readers asking at once for a page not yet kept: it is made once
        answer = self.kept.get(address)
        if answer is not None:
            self.kept.move_to_end(address)
            await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
            await send({"type": "http.response.body", "body": answer.body})
            return
        self.making[address] = made = asyncio.Event()
        try:
            await self.app(scope, receive, self._keeping(address, revision, send))
        finally:
            del self.making[address]
            made.set()

    async def _current_revision(self) -> str | None:
        if self.reader is None:
            return self.revision()
        return await asyncio.get_running_loop().run_in_executor(self.reader, self.revision)

    def _keeping(self, address: Address, revision: str, send: Send) -> Send:
        """`send`, noting a 200 answer as it goes by, kept once its last part is sent."""
        headers: Headers | None = None
        parts: list[bytes] = []
        size = 0

        async def noting(message: Message) -> None:
            nonlocal headers, size
            if message["type"] == "http.response.start" and message["status"] == HTTPStatus.OK:
                headers = list(message.get("headers", ()))
            elif message["type"] == "http.response.body" and headers is not None:
                body = message.get("body", b"")
                size += len(body)
                if size > self.largest:
                    headers = None
                else:
                    parts.append(body)
                    if not message.get("more_body", False):
                        self._keep(address, revision, headers, b"".join(parts))
            await send(message)

        return noting

    def _keep(self, address: Address, revision: str, headers: Headers, body: bytes) -> None:
        """Keep an answer made at `revision`, unless the data has changed since; the least recently asked
        for leave until the budget holds."""
        if revision != self.kept_at:
            return
        cost = len(body) + sum(map(len, address[1:])) + sum(len(n) + len(v) for n, v in headers) + ENTRY_OVERHEAD
        previous = self.kept.pop(address, None)
        self.kept_bytes -= previous.cost if previous else 0
        self.kept[address] = KeptAnswer(headers, body, cost)
        self.kept_bytes += cost
        while self.kept_bytes > self.budget:
            _, dropped = self.kept.popitem(last=False)
            self.kept_bytes -= dropped.cost


def _passed_on(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether the request asks for something other than the address's whole answer."""
    return any(name in PASSED_ON for name, _ in headers)


def _address(scope: Scope) -> Address:
    """What an answer depends on besides the data: the scheme, host and root path (links in `Link` headers
    are absolute), the path and the query."""
    host = next((value for name, value in scope["headers"] if name == b"host"), b"")
    return scope.get("scheme", "http"), host, scope.get("root_path", ""), scope["path"], scope["query_string"]
