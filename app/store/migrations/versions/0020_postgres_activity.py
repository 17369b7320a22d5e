"""A team library's activity log: every change to its documents, vocabulary, annotations, their
tags and links, with who made it, when, and the row before and after.

On PostgreSQL only. Written by triggers, whichever client makes the change (the app, ``psql``,
a bulk ``DELETE`` the ORM never sees), in the same transaction, so a change rolled back leaves no
entry. Append-only: members may read it; only those triggers add to it, and an UPDATE or DELETE
on it is refused even for the owner's own statements. No table row changes.

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# The tables as they are at this revision.
_LOGGED = ("documents", "tags", "annotations", "annotation_tags", "annotation_links", "recommendations")

_UPGRADE = [
    """CREATE TABLE activity (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        member text NOT NULL,
        table_name text NOT NULL,
        action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        document_id integer,
        row_key text,
        before jsonb,
        after jsonb)""",
    "CREATE INDEX activity_at ON activity (at)",
    "CREATE INDEX activity_member_at ON activity (member, at)",
    "CREATE INDEX activity_document_at ON activity (document_id, at)",
    # The member is the session's login: the function runs as the owner (who alone may write here).
    """CREATE FUNCTION record_activity() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
    DECLARE
        old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
        one_row jsonb := coalesce(new_row, old_row);
        document integer;
    BEGIN
        IF old_row = new_row THEN
            RETURN NULL;  -- written again as it was: nothing happened
        END IF;
        document := CASE TG_TABLE_NAME
            WHEN 'documents' THEN (one_row->>'id')::integer
            WHEN 'annotations' THEN (one_row->>'document_id')::integer
            WHEN 'recommendations' THEN (one_row->>'document_id')::integer
            WHEN 'annotation_tags' THEN (SELECT a.document_id FROM annotations AS a
                                         WHERE a.id = (one_row->>'annotation_id')::integer)
            WHEN 'annotation_links' THEN (SELECT a.document_id FROM annotations AS a
                                          WHERE a.id = (one_row->>'source_id')::integer)
            ELSE NULL END;
        INSERT INTO activity (member, table_name, action, document_id, row_key, before, after)
        VALUES (session_user, TG_TABLE_NAME, lower(TG_OP), document,
                coalesce(one_row->>'uuid', one_row->>'slug', one_row->>'sha256',
                         concat_ws(':', one_row->>'annotation_id', one_row->>'tag_id')),
                old_row, new_row);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION activity_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the activity log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE TRIGGER activity_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON activity
        FOR EACH STATEMENT EXECUTE FUNCTION activity_is_append_only()""",
    # Only the library's own triggers add entries (they run as the owner): no member forges one.
    """CREATE FUNCTION activity_written_by_the_library() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
            RAISE EXCEPTION 'the activity log is written by the library itself' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER activity_written_by_the_library BEFORE INSERT ON activity
        FOR EACH ROW EXECUTE FUNCTION activity_written_by_the_library()""",
    *(f"""CREATE TRIGGER {table}_activity AFTER INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION record_activity()""" for table in _LOGGED),
    "REVOKE ALL ON activity FROM PUBLIC",
    "SELECT library_make_roles()",
    """DO $$ BEGIN
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON activity FROM %I, %I, %I, %I',
                       library_role('reader'), library_role('annotator'), library_role('editor'), library_role('admin'));
        EXECUTE format('GRANT SELECT ON activity TO %I', library_role('reader'));
    END $$""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # a local library has one user
    for statement in _UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _LOGGED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_activity ON {table}")
    op.execute("DROP TABLE IF EXISTS activity")
    op.execute("DROP FUNCTION IF EXISTS activity_written_by_the_library()")
    op.execute("DROP FUNCTION IF EXISTS activity_is_append_only()")
    op.execute("DROP FUNCTION IF EXISTS record_activity()")
