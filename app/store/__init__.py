"""Persistence: SQLAlchemy models, the SQLite specifics and schema migrations."""
