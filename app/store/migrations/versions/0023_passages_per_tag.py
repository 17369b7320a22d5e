"""Passages per tag, kept up to date by the database as annotations are tagged, trashed, restored
and removed, so the tag picker and the vocabulary read them at once instead of counting every
tag link (a million passages: 1.5 million links, 0.1-0.2 s at every keystroke in the picker).

``tag_passages`` holds, for each tag, the live annotations tagged with it (not those in the trash),
as ``app.vocabulary.tags.passage_counts`` counted them. It is filled once here from the links
there are. On PostgreSQL the triggers run as the table's owner, so every member keeps it right
without being able to write it. No other row changes.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# Every link, less the links of the trashed few: a join to each link's annotation took seconds.
_FILL = """INSERT INTO tag_passages (tag_id, passages)
    SELECT tag_id, count(*) - count(CASE WHEN annotation_id IN (
        SELECT id FROM annotations WHERE deleted_at IS NOT NULL) THEN 1 END)
    FROM annotation_tags GROUP BY tag_id"""

_LIVE = "EXISTS (SELECT 1 FROM annotations WHERE id = {row}.annotation_id AND deleted_at IS NULL)"


def _add(tag: str, amount: str, where: str = "") -> str:
    """One more (or ``amount``) passages for ``tag``, its row made if it has none."""
    return f"""INSERT INTO tag_passages (tag_id, passages) SELECT {tag}, {amount} {where or "WHERE true"}
        ON CONFLICT (tag_id) DO UPDATE SET passages = tag_passages.passages + excluded.passages"""


# An annotation deleted outright loses its tags by the cascade once its row is gone (SQLite and
# PostgreSQL both), when the link's trigger no longer finds it live: it is counted out before.
_SQLITE = [
    f"""CREATE TRIGGER tag_passages_tagged AFTER INSERT ON annotation_tags WHEN {_LIVE.format(row="NEW")}
    BEGIN {_add("NEW.tag_id", "1")}; END""",
    f"""CREATE TRIGGER tag_passages_untagged AFTER DELETE ON annotation_tags WHEN {_LIVE.format(row="OLD")}
    BEGIN UPDATE tag_passages SET passages = passages - 1 WHERE tag_id = OLD.tag_id; END""",
    f"""CREATE TRIGGER tag_passages_retagged AFTER UPDATE OF tag_id, annotation_id ON annotation_tags
    BEGIN
        UPDATE tag_passages SET passages = passages - 1 WHERE tag_id = OLD.tag_id AND {_LIVE.format(row="OLD")};
        {_add("NEW.tag_id", "1", "WHERE " + _LIVE.format(row="NEW"))};
    END""",
    f"""CREATE TRIGGER tag_passages_trashed AFTER UPDATE OF deleted_at ON annotations
    WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
    BEGIN
        {_add("tag_id", "CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END",
              "FROM annotation_tags WHERE annotation_id = NEW.id")};
    END""",
    """CREATE TRIGGER tag_passages_removed BEFORE DELETE ON annotations WHEN OLD.deleted_at IS NULL
    BEGIN
        UPDATE tag_passages SET passages = passages - 1
        WHERE tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id);
    END""",
]

_POSTGRES = [
    f"""CREATE FUNCTION tag_passages_of_links() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') AND {_LIVE.format(row="OLD")} THEN
            UPDATE tag_passages SET passages = passages - 1 WHERE tag_id = OLD.tag_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND {_LIVE.format(row="NEW")} THEN
            {_add("NEW.tag_id", "1")};
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER tag_passages_links AFTER INSERT OR DELETE OR UPDATE OF tag_id, annotation_id
        ON annotation_tags FOR EACH ROW EXECUTE FUNCTION tag_passages_of_links()""",
    f"""CREATE FUNCTION tag_passages_of_annotation() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.deleted_at IS NULL THEN
                UPDATE tag_passages SET passages = passages - 1
                WHERE tag_id IN (SELECT tag_id FROM annotation_tags WHERE annotation_id = OLD.id);
            END IF;
            RETURN OLD;
        END IF;
        IF (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) THEN
            {_add("tag_id", "CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END",
                  "FROM annotation_tags WHERE annotation_id = NEW.id")};
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER tag_passages_trashed AFTER UPDATE OF deleted_at ON annotations
        FOR EACH ROW EXECUTE FUNCTION tag_passages_of_annotation()""",
    """CREATE TRIGGER tag_passages_removed BEFORE DELETE ON annotations
        FOR EACH ROW EXECUTE FUNCTION tag_passages_of_annotation()""",
]


_POSTGRES_GRANTS = """DO $$ BEGIN
    EXECUTE format('GRANT SELECT ON tag_passages TO %I', library_role('reader'));
    EXECUTE format('GRANT ALL ON tag_passages TO %I', library_role('admin'));
END $$"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "tag_passages",
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("passages", sa.Integer, nullable=False, server_default="0"),
    )
    op.execute(_FILL)
    for statement in _POSTGRES if postgres else _SQLITE:
        op.execute(statement)
    if postgres:
        op.execute("SELECT library_make_roles()")
        op.execute(_POSTGRES_GRANTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER tag_passages_links ON annotation_tags")
        op.execute("DROP TRIGGER tag_passages_trashed ON annotations")
        op.execute("DROP TRIGGER tag_passages_removed ON annotations")
        op.execute("DROP FUNCTION tag_passages_of_links()")
        op.execute("DROP FUNCTION tag_passages_of_annotation()")
    else:
        for name in ("tagged", "untagged", "retagged", "trashed", "removed"):
            op.execute(f"DROP TRIGGER tag_passages_{name}")
    op.drop_table("tag_passages")
