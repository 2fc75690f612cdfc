"""Opening a database safely: a clear refusal instead of a traceback, and one writer at a time.

A read command must not create a database where a path was mistyped, nor add Chronicle's tables to another
program's SQLite file; a database written by a newer Chronicle is refused, not guessed at. Two ingests into
one database take turns: each numbers its stories and events from the state it loads, so the second must load
after the first has saved.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError

from chronicle.failures import StoreError, first_line
from chronicle.store.schema import SCHEMA_REVISION

WAIT_STEP = 0.5  # seconds between attempts at a lock another process holds
# The advisory lock key of Chronicle's writer on PostgreSQL (any fixed 64-bit number: the letters "CHRN").
ADVISORY_KEY = 0x4348524E


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases and for SQLite in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_engine(url: str, create: bool, timeout: float, on_wait: Callable[[], None] | None = None) -> Engine:
    """An engine on a database at the newest schema. With `create` False the database must exist already;
    creating or upgrading the schema waits up to `timeout` s for another writer (calling `on_wait` once)."""
    try:
        path = sqlite_path(url)
    except ArgumentError:
        raise StoreError(f"not a database file or SQLAlchemy URL: {url!r}") from None
    where = str(path) if path else make_url(url).render_as_string(hide_password=True)
    if path is not None and not path.exists():
        if not create:
            raise StoreError(f"no database at {path} (chronicle ingest creates one)")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create a database at {path}: no folder {path.parent}")
    try:
        engine = create_engine(url, future=True)
        _refuse_foreign(engine, where)  # before any lock file is written beside another program's database
        if schema_revisions(engine) == {SCHEMA_REVISION}:
            return engine
        _upgrade(engine, where, timeout, on_wait)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot open {where}: the database driver is not installed ({exc})") from None
    except DatabaseError as exc:
        raise StoreError(f"cannot open {where}: {database_reason(exc)}") from None
    return engine


def _refuse_foreign(engine: Engine, where: str) -> None:
    tables = set(inspect(engine).get_table_names())
    if tables and "alembic_version" not in tables:
        raise StoreError(
            f"{where} is not a Chronicle database: it holds other tables ({', '.join(sorted(tables)[:3])})"
        )


def schema_revisions(engine: Engine) -> set[str]:
    """The Alembic revisions the database is at (none for an empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.scalars(text("SELECT version_num FROM alembic_version")))


def _upgrade(engine: Engine, where: str, timeout: float, on_wait: Callable[[], None] | None) -> None:
    """Create or upgrade the schema with Alembic (loaded only here: most commands open a database already at
    the newest schema). Creating or upgrading is writing: two processes opening a new database take turns."""
    from alembic.util.exc import CommandError

    from chronicle.store.migrate import upgrade

    try:
        with writer_lock(engine, timeout, on_wait):
            _refuse_foreign(engine, where)
            upgrade(engine)
    except CommandError as exc:
        raise StoreError(
            f"{where} has a schema this Chronicle does not know (written by a newer version?): {exc}"
        ) from None


def database_reason(exc: DBAPIError) -> str:
    """What the database driver said, in one line."""
    return first_line(exc.orig if exc.orig is not None else exc)


@contextmanager
def writer_lock(engine: Engine, timeout: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold Chronicle's writer lock on this database: a lock file beside an SQLite file, an advisory lock on
    PostgreSQL. Waits while another writer holds it, calling `on_wait` once; StoreError after `timeout` s."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if engine.dialect.name == "postgresql":
        # autocommit: the lock's connection must not sit idle in a transaction a server timeout may end
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            _wait(
                lambda: bool(connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY})),
                timeout,
                on_wait,
                str(engine.url.render_as_string(hide_password=True)),
            )
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
        return
    if path is None:  # SQLite in memory: one process only
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:

        def take() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return False

        _wait(take, timeout, on_wait, str(path))
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait(take: Callable[[], bool], timeout: float, on_wait: Callable[[], None] | None, where: str) -> None:
    deadline = time.monotonic() + timeout
    waited = False
    while not take():
        if not waited and on_wait is not None:
            on_wait()
        waited = True
        if time.monotonic() >= deadline:
            raise StoreError(f"database busy: another ingest has been writing to {where} for over {timeout:.0f} s")
        time.sleep(WAIT_STEP)
