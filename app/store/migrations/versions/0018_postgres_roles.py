"""Members and their roles in a team library, enforced by the server for every client.

On PostgreSQL only. Four group roles belong to the library (their names begin with the
database's: ``<library>_reader`` and so on, since roles are the server's, not one database's):

- reader: reads everything;
- annotator: a reader who makes annotations and changes or deletes only their own, with
  their tags and links (row-level security: another member's row is not theirs to change,
  from the app or from ``psql``);
- editor: an annotator who also adds and corrects documents and the vocabulary;
- admin: everything, any member's annotations included, and the members themselves.

A member is a login role made a member of one of them. The database's owner (who made the
library) is an admin. The index's and the change notices' triggers run as the owner, so a
member's write keeps the index whole without the member being able to write it directly.
No table row changes.

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ROLES = ("reader", "annotator", "editor", "admin")
# The tables as they are at this revision.
_ANNOTATOR_TABLES = "annotations, annotation_tags, annotation_links, saved_searches, recommendation_evidence"
_EDITOR_TABLES = ("documents, page_texts, paragraphs, tags, recognition_queue, recognised_pages, "
                  "document_languages, recommendations")
_OWN = "(created_by = current_user OR is_library_admin())"
_OWN_ANNOTATION = ("EXISTS (SELECT 1 FROM annotations AS a WHERE a.id = {column}"
                   " AND (a.created_by = current_user OR is_library_admin()))")
_DEFINER = ("page_words_write()", "annotation_words_write()")

_UPGRADE = [
    """CREATE FUNCTION library_role(kind text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT current_database() || '_' || kind
    $$""",
    # False, not an error, where the roles are not made yet (a copy of a library's database).
    """CREATE FUNCTION is_library_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM pg_roles AS r WHERE r.rolname = library_role('admin')
                                                    AND pg_has_role(current_user, r.oid, 'MEMBER'))
            OR current_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())
    $$""",
    # Makes the roles and grants their rights; again at any time (a copied database has none yet).
    f"""CREATE FUNCTION library_make_roles() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        kind text;
    BEGIN
        FOREACH kind IN ARRAY ARRAY{list(ROLES)} LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = library_role(kind)) THEN
                EXECUTE format('CREATE ROLE %I NOLOGIN', library_role(kind));
            END IF;
        END LOOP;
        EXECUTE format('GRANT %I TO %I', library_role('reader'), library_role('annotator'));
        EXECUTE format('GRANT %I TO %I', library_role('annotator'), library_role('editor'));
        EXECUTE format('GRANT %I TO %I', library_role('editor'), library_role('admin'));
        EXECUTE format('GRANT %I, %I, %I TO %I WITH ADMIN OPTION', library_role('reader'), library_role('annotator'),
                       library_role('editor'), library_role('admin'));
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), library_role('reader'));
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', library_role('reader'));
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', library_role('reader'));
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %I', library_role('reader'));
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON {_ANNOTATOR_TABLES} TO %I', library_role('annotator'));
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', library_role('annotator'));
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON {_EDITOR_TABLES} TO %I', library_role('editor'));
        EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA public TO %I', library_role('admin'));
        EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO %I', library_role('admin'));
    END $$""",
    "SELECT library_make_roles()",
    *(f"ALTER FUNCTION {function} SECURITY DEFINER SET search_path = public, pg_temp" for function in _DEFINER),
    "ALTER TABLE annotations ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY members_read ON annotations FOR SELECT USING (true)",
    f"CREATE POLICY own_insert ON annotations FOR INSERT WITH CHECK {_OWN}",
    f"CREATE POLICY own_update ON annotations FOR UPDATE USING {_OWN}",
    f"CREATE POLICY own_delete ON annotations FOR DELETE USING {_OWN}",
    *(statement
      for table, column in (("annotation_tags", "annotation_id"), ("annotation_links", "source_id"))
      for statement in (
          f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
          f"CREATE POLICY members_read ON {table} FOR SELECT USING (true)",
          f"CREATE POLICY own_insert ON {table} FOR INSERT WITH CHECK ({_OWN_ANNOTATION.format(column=column)})",
          f"CREATE POLICY own_update ON {table} FOR UPDATE USING ({_OWN_ANNOTATION.format(column=column)})",
          f"CREATE POLICY own_delete ON {table} FOR DELETE USING ({_OWN_ANNOTATION.format(column=column)})",
      )),
]

_DOWNGRADE = [
    *(f"DROP POLICY IF EXISTS {policy} ON {table}"
      for table in ("annotations", "annotation_tags", "annotation_links")
      for policy in ("members_read", "own_insert", "own_update", "own_delete")),
    *(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY" for table in ("annotations", "annotation_tags", "annotation_links")),
    *(f"ALTER FUNCTION {function} SECURITY INVOKER RESET search_path" for function in _DEFINER),
    # The group roles stay: members may still belong to them, and they are the server's.
    "DROP FUNCTION IF EXISTS library_make_roles()",
    "DROP FUNCTION IF EXISTS is_library_admin()",
    "DROP FUNCTION IF EXISTS library_role(text)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # a local library has one user
    for statement in _UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _DOWNGRADE:
        op.execute(statement)
