"""Running the web view in one process or in several that share its port.

A page is made by Python code that holds the GIL, so one process uses about one core however many threads it
has: several processes ("workers") answer on one port. uvicorn's own workers share one listening socket, and
the kernel then hands a burst of new connections to whichever worker accepts first (36 of 50 connections to
one of two workers, measured in docs/DECISIONS.md, session 23): a client on the busier worker waits longer for
as long as its connection lasts. Where the kernel spreads connections among sockets bound with SO_REUSEPORT
(Linux), each worker gets a socket of its own; elsewhere they share one, as uvicorn's do. uvicorn has no
option for the former, so the worker processes are started here; each runs an ordinary uvicorn server.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

from fastapi import FastAPI

from chronicle.outputs.web.app import create_app
from chronicle.store import Store

MOST_DEFAULT_WORKERS = 4  # each worker holds its own copy of the data files and its own kept answers
STOP_SECONDS = 10  # how long workers may take to finish their requests when the server stops
BACKLOG = 2048  # connections waiting to be accepted, per socket (uvicorn's default)


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


def balances_reused_ports() -> bool:
    """Whether the kernel spreads new connections among sockets bound to one port with SO_REUSEPORT."""
    return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets listening on host:port (one port for all, also when `port` is 0), each taking its
    share of new connections; OSError when the port is taken. On Linux a probe bound without SO_REUSEPORT
    first fails on a port any other socket listens on, so a second server never silently joins a first one's
    port (elsewhere there is one socket, bound as any server binds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    made: list[socket.socket] = []
    try:
        if count > 1:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
                port = port or probe.getsockname()[1]
        for _ in range(count):
            made.append(socket.socket(family, socket.SOCK_STREAM))
            if sys.platform != "win32":  # (Windows would let it bind a port in use: TIME_WAIT is no matter there)
                made[-1].setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if count > 1:
                made[-1].setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            made[-1].bind((host, port))
            made[-1].listen(BACKLOG)
            port = made[-1].getsockname()[1]
    except OSError:
        for each in made:
            each.close()
        raise
    return made


def sockets_for(host: str, port: int, workers: int) -> list[socket.socket]:
    """The listening sockets for `workers` processes: one each where the kernel balances them, else one."""
    return listening_sockets(host, port, workers if workers > 1 and balances_reused_ports() else 1)


def _stop_when_orphaned(parent: int) -> None:
    """Stop this worker (as SIGTERM does: its requests are finished) once its serving process is gone."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def _run_worker(settings: WebSettings, listening: socket.socket, access_log: bool) -> bool:
    """Serve on the socket until stopped; whether the server started."""
    import uvicorn

    app = build_app(settings)
    config = uvicorn.Config(app, log_level="info", access_log=access_log, timeout_graceful_shutdown=STOP_SECONDS)
    server = uvicorn.Server(config)
    server.run(sockets=[listening])
    return server.started


def _worker(settings: WebSettings, listening: socket.socket, access_log: bool, parent: int) -> None:
    threading.Thread(target=_stop_when_orphaned, args=(parent,), daemon=True).start()
    if not _run_worker(settings, listening, access_log):
        sys.exit(3)


def _stop_on_terminate(signum: int, _: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _stop(processes: Sequence[BaseProcess], sockets: list[socket.socket]) -> None:
    """Stop the workers that were started (each finishing its requests, then killed if it takes too long)."""
    started = [p for p in processes if p.pid is not None]
    for process in started:
        if process.is_alive():
            process.terminate()
    for process in started:
        process.join(STOP_SECONDS + 5)
        if process.is_alive():
            process.kill()
    for each in sockets:
        each.close()


class WorkerEnded(RuntimeError):
    """A worker process ended by itself (the server stopped with it)."""


def serve(settings: WebSettings, sockets: list[socket.socket], workers: int, access_log: bool = False) -> None:
    """Serve the web view on `sockets` (from `sockets_for`) with `workers` processes until interrupted,
    logging a line a request when `access_log`; the sockets are closed after. WorkerEnded when the server
    does not start or a worker ends by itself (the others are stopped with it)."""
    if workers == 1:
        try:
            if not _run_worker(settings, sockets[0], access_log):
                raise WorkerEnded("the web server did not start")
        finally:
            sockets[0].close()
        return
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no thread or connection forked
    processes = [
        context.Process(
            target=_worker,
            args=(settings, sockets[n % len(sockets)], access_log, os.getpid()),
            name=f"chronicle-web-{n + 1}",
        )
        for n in range(workers)
    ]
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    ended: list[str] = []
    try:
        for process in processes:
            process.start()
        if sys.platform != "win32":  # (the workers have their own copies; on Windows they fetch them from here)
            for each in sockets:
                each.close()
        ready = wait([p.sentinel for p in processes])
        ended = [f"{p.name} (exit code {p.exitcode})" for p in processes if p.sentinel in ready]
    except KeyboardInterrupt:
        pass  # (the terminal sent the workers the same signal: they are finishing their requests)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(processes, sockets)
    if ended:
        raise WorkerEnded(f"web worker {', '.join(ended)} ended by itself: the server stopped")
