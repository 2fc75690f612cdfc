"""The database's revision: a token that changes with every committed write, by this process or another.

SQLite counts commits made through other connections in `PRAGMA data_version` (sqlite.org/pragma.html
#pragma_data_version), so a connection of its own that never writes sees every commit; the count is the
connection's own, hence one connection for the store's lifetime, with the file's identity in the token (a
database replaced by another file starts a new count). PostgreSQL's current snapshot
(`pg_current_snapshot()`, PostgreSQL 13 and later) changes when a transaction that wrote ends.

Reading the token never waits: where it cannot be had at once (SQLite's file locked by a writer's commit, the
server unreachable, an older PostgreSQL) it is None, the state unknown, and nothing kept against it is used.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from chronicle.store.opening import sqlite_path

SNAPSHOT_TIMEOUT = "SET statement_timeout = 1000"  # ms: a token that takes longer is no use to a cache


class Revision:
    """Call it for the current token; None where a database has none to give at once (SQLite in memory,
    other databases, a failure)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path = sqlite_path(engine.url.render_as_string(hide_password=False))
        self.asks_a_server = engine.url.get_backend_name() == "postgresql"
        self._watcher: sqlite3.Connection | None = None
        self._watched: tuple[int, int] | None = None  # the device and inode of the file it watches
        self._server: Connection | None = None
        self._lock = threading.Lock()

    def __call__(self) -> str | None:
        """The token now."""
        with self._lock:
            if self.path is not None:
                return self._sqlite_token(self.path)
            if self.asks_a_server:
                return self._postgres_token()
            return None

    def _sqlite_token(self, path: Path) -> str | None:
        try:
            status = os.stat(path)
            identity = (status.st_dev, status.st_ino)
            if self._watcher is None or identity != self._watched:
                if self._watcher is not None:
                    self._watcher.close()
                # timeout=0: while a writer commits, the token is unknown rather than waited for
                self._watcher = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0, check_same_thread=False
                )
                self._watched = identity
            version = self._watcher.execute("PRAGMA data_version").fetchone()[0]
        except (OSError, sqlite3.Error):
            return None
        return f"{identity[0]}:{identity[1]}:{version}"

    def _postgres_token(self) -> str | None:
        try:
            if self._server is None:
                # a connection of its own, outside the pool the pages share, asking without a transaction
                self._server = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._server.execute(text(SNAPSHOT_TIMEOUT))
            return str(self._server.scalar(text("SELECT pg_current_snapshot()::text")))
        except DBAPIError:
            if self._server is not None:
                self._server.invalidate()
                self._server = None
            return None
