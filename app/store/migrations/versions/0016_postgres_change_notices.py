"""A team library tells every member's app when the library changed, so each window shows another
member's edit within a second (what SQLite's ``PRAGMA data_version`` tells locally).

On PostgreSQL only. Every statement that writes one of the library's tables, from any client,
sends a notification on the channel ``library_changes`` with the writing connection's
``application_name`` (each app names its connections, and so knows its own edits); the server
delivers it when the transaction commits, never for one rolled back. No table row changes.

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The tables as they are at this revision.
_TABLES = ("documents", "page_texts", "paragraphs", "annotations", "tags", "annotation_tags", "saved_searches",
           "recognition_queue", "recognised_pages", "document_languages", "annotation_links", "recommendations",
           "recommendation_evidence")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has PRAGMA data_version
    op.execute("""CREATE FUNCTION library_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('library_changes', current_setting('application_name'));
        RETURN NULL;
    END $$""")
    for table in _TABLES:
        op.execute(f"""CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION library_changed()""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_changed ON {table}")
    op.execute("DROP FUNCTION IF EXISTS library_changed()")
