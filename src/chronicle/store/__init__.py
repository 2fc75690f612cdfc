"""Store: the only layer that speaks SQL. SQLite by default, any SQLAlchemy URL (PostgreSQL) alike."""

from chronicle.store.opening import StoreError
from chronicle.store.store import Store

__all__ = ["Store", "StoreError"]
