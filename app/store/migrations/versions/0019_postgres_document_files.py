"""A team library keeps each imported PDF's bytes on the server, so every member can read it.

On PostgreSQL only (a local library keeps its files in its folder, as before). A member's app
brings a document's file from here into its own folder the first time it needs it, and checks it
against the document's SHA-256. Editors and admins add files (with the documents they import);
every member reads them. No table row changes.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""CREATE TABLE document_files (
        sha256 varchar(64) PRIMARY KEY,
        content bytea NOT NULL,
        CONSTRAINT document_file_hash CHECK (sha256 ~ '^[0-9a-f]{64}$'))""")
    # Stored as it is: a PDF's streams are compressed already.
    op.execute("ALTER TABLE document_files ALTER COLUMN content SET STORAGE EXTERNAL")
    op.execute("SELECT library_make_roles()")
    op.execute("""DO $$ BEGIN
        EXECUTE format('GRANT SELECT ON document_files TO %I', library_role('reader'));
        EXECUTE format('GRANT INSERT, DELETE ON document_files TO %I', library_role('editor'));
        EXECUTE format('GRANT ALL ON document_files TO %I', library_role('admin'));
    END $$""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS document_files")
