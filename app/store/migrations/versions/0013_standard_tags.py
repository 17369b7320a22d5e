"""A tag may be a standard: soft law a monitoring body applies (the Nelson Mandela Rules, the
European Prison Rules), tagged like a treaty, with its rules under it as articles.

PostgreSQL changes the CHECK constraint in place. SQLite cannot, so there ``tags`` is rebuilt the documented way
(foreign keys are off for the migration and checked after it): its rows are copied aside, the
table is dropped and created again with the wider constraint, and every row is copied back
with its id. The table's DDL is written out here rather than read from the models, so that this
revision builds the same table whatever the models become; the triggers on ``tags`` (the
search index's, from revision 0011) go with the table, so they are read before it is dropped
and created again exactly as they were.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = (
    "id, slug, kind, label, code, parent_id, description, color, builtin, event_type, date_start, date_end,"
    " date_precision, place, country, parties, created_at, short_name, organisation, adopted, in_force"
)

_TABLE = """CREATE TABLE tags (
    id INTEGER NOT NULL,
    slug VARCHAR(200) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    label TEXT NOT NULL,
    code TEXT,
    parent_id INTEGER,
    description TEXT NOT NULL,
    color VARCHAR(32),
    builtin BOOLEAN NOT NULL,
    event_type VARCHAR(32),
    date_start VARCHAR(32),
    date_end VARCHAR(32),
    date_precision VARCHAR(16),
    place TEXT,
    country TEXT,
    parties JSON NOT NULL,
    created_at DATETIME NOT NULL,
    short_name TEXT,
    organisation TEXT,
    adopted VARCHAR(32),
    in_force VARCHAR(32),
    PRIMARY KEY (id),
    CONSTRAINT tag_kind CHECK (kind IN ({kinds})),
    CONSTRAINT tag_date_precision CHECK (date_precision IS NULL OR date_precision IN ('day', 'month', 'year', 'approximate')),
    UNIQUE (slug),
    FOREIGN KEY(parent_id) REFERENCES tags (id) ON DELETE RESTRICT
)"""

_KINDS = "'treaty', 'standard', 'article', 'event', 'theme', 'place', 'actor'"


def _rebuild(kinds: str) -> None:
    connection = op.get_bind()
    triggers = [
        sql for (sql,) in connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tags' ORDER BY name"
        )
    ]
    run = connection.exec_driver_sql  # as written: trigger bodies are not bind-parameter templates
    run(f"CREATE TABLE tags_before_0013 AS SELECT {_COLUMNS} FROM tags")
    run("DROP TABLE tags")  # its index and triggers go with it
    run(_TABLE.format(kinds=kinds))
    run("CREATE INDEX ix_tags_parent_id ON tags (parent_id)")
    run(f"INSERT INTO tags ({_COLUMNS}) SELECT {_COLUMNS} FROM tags_before_0013 ORDER BY id")
    run("DROP TABLE tags_before_0013")
    for sql in triggers:
        run(sql)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(_KINDS)
    else:  # other databases change a constraint in place
        op.drop_constraint("tag_kind", "tags", type_="check")
        op.create_check_constraint("tag_kind", "tags", f"kind IN ({_KINDS})")


def downgrade() -> None:
    # Before this revision a standard could only be kept as a treaty: every row stays, as one.
    op.execute("UPDATE tags SET kind = 'treaty' WHERE kind = 'standard'")
    # The wider constraint stays: it admits every row the older code writes, and rebuilding the
    # table needs foreign keys off, which a downgrade run inside a transaction cannot have
    # (annotation_tags restricts deleting tags even when checks are deferred).
