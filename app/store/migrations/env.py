"""Alembic environment: always run in-process on a connection the library hands over."""

from alembic import context

from app.store.fulltext import is_index_table
from app.store.models import Base
from app.store.postgres import SERVER_TABLES

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables and keeps their rows.
    render_as_batch=True,
    # Autogenerate must not propose dropping the full-text indexes or the server's own tables,
    # which live outside the models.
    include_name=lambda name, type_, _parents: not (type_ == "table" and (is_index_table(name)
                                                                          or name in SERVER_TABLES)),
)
with context.begin_transaction():
    context.run_migrations()
