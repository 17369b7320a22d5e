"""Alembic environment: always run in-process on a connection the library hands over."""

from alembic import context

from app.store.fulltext import is_index_table
from app.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables and keeps their rows.
    render_as_batch=True,
    # Autogenerate must not propose dropping the full-text indexes, which live outside the models.
    include_name=lambda name, type_, _parents: not (type_ == "table" and is_index_table(name)),
)
with context.begin_transaction():
    context.run_migrations()
