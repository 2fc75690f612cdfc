"""Alembic environment: the URL comes from the store, the target metadata from the schema."""

from alembic import context

from chronicle.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
