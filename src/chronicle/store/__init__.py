"""Store: the only layer that speaks SQL. SQLite by default, any SQLAlchemy URL (PostgreSQL) alike."""

from chronicle.failures import StoreError
from chronicle.store.store import MILESTONE_EVERY, EventMilestones, Store

__all__ = ["MILESTONE_EVERY", "EventMilestones", "Store", "StoreError"]
