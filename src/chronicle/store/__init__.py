"""Store: the only layer that speaks SQL. SQLite by default, any SQLAlchemy URL (PostgreSQL) alike."""

from chronicle.failures import StoreError
from chronicle.store.pages import MILESTONE_EVERY, ListMilestones
from chronicle.store.store import Store

__all__ = ["MILESTONE_EVERY", "ListMilestones", "Store", "StoreError"]
