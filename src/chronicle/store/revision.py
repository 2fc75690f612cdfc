"""The database's revision: a token that changes with every committed write, by this process or another.

SQLite counts commits made through other connections in `PRAGMA data_version` (sqlite.org/pragma.html
#pragma_data_version), so a connection of its own that never writes sees every commit; the count is the
connection's own, hence one connection for the store's lifetime. PostgreSQL's current snapshot
(`pg_current_snapshot()`, PostgreSQL 13+) changes whenever a transaction that writes starts or ends.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text
from sqlalchemy.engine import Engine

from chronicle.store.opening import sqlite_path


class Revision:
    """Call it for the current token; None where a database has none to give cheaply (SQLite in memory,
    other databases)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path = sqlite_path(engine.url.render_as_string(hide_password=False))
        self.backend = engine.url.get_backend_name()
        self._watcher: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def __call__(self) -> str | None:
        """The token now."""
        if self.path is not None:
            with self._lock:
                if self._watcher is None:
                    self._watcher = sqlite3.connect(
                        f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
                    )
                return str(self._watcher.execute("PRAGMA data_version").fetchone()[0])
        if self.backend == "postgresql":
            with self.engine.connect() as connection:
                return str(connection.scalar(text("SELECT pg_current_snapshot()::text")))
        return None
