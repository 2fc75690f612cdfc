"""Running the web view in one process or in several that share its port.

A page is made by Python code that holds the GIL, so one process uses about one core however many threads it
has. uvicorn runs more processes ("workers") that accept connections on one socket. It starts each worker as a
fresh interpreter (spawn), which builds its app from an import path: the settings reach the workers in an
environment variable that the serving process sets for its children.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from fastapi import FastAPI

from chronicle.outputs.web.app import create_app
from chronicle.store import Store

SETTINGS_VARIABLE = "CHRONICLE_WEB_SETTINGS"
MOST_DEFAULT_WORKERS = 4  # each worker holds its own copy of the data files and its own kept answers


@dataclass(frozen=True)
class WebSettings:
    """What the web view is made from: the database, the default confidence threshold, the host names it
    answers to and the bytes of answers each process keeps."""

    database_url: str
    min_confidence: float
    allowed_hosts: tuple[str, ...]
    cache_bytes: int


def default_workers() -> int:
    """One worker for each core this process may run on, at most MOST_DEFAULT_WORKERS."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MOST_DEFAULT_WORKERS))


def build_app(settings: WebSettings) -> FastAPI:
    """The web view of the settings' database (which must exist)."""
    store = Store(settings.database_url, create=False)
    return create_app(store, settings.min_confidence, settings.allowed_hosts, settings.cache_bytes)


def app_from_environment() -> FastAPI:
    """A worker's app, from the settings its serving process left in SETTINGS_VARIABLE."""
    given = json.loads(os.environ[SETTINGS_VARIABLE])
    return build_app(WebSettings(**{**given, "allowed_hosts": tuple(given["allowed_hosts"])}))


def serve(settings: WebSettings, host: str, port: int, workers: int) -> None:
    """Serve the web view until interrupted, with `workers` processes."""
    import uvicorn

    if workers == 1:
        uvicorn.run(build_app(settings), host=host, port=port, log_level="info")
        return
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(settings))
    uvicorn.run(
        f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="info"
    )
