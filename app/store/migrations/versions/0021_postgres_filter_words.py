"""PostgreSQL's annotation index also holds each annotation's filter values as words, as SQLite's
has since revisions 0007 and 0008: its document, the document's kind and country, its colour,
whether it has a note, and every tag with its ancestors (``app.store.filters.facet`` names them).

They sit in a column of their own, ``facets``, under the same GIN index as the words, so typed
words never find them and one index scan answers words and filters together; only the few rows
that pass are ranked. Triggers keep them up to date when an annotation, its tags, its document's
kind or country, or a tag's place in the tree changes. No table row changes.

Revision ID: 0021
Revises: 0020
"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_FACETS_OF = """CREATE FUNCTION annotation_facets_of(annotation integer) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
    SELECT to_tsvector('simple'::regconfig,
        'd' || a.document_id
        || ' o' || encode(convert_to(a.color, 'UTF8'), 'hex')
        || CASE WHEN a.note <> '' THEN ' n1' ELSE ' n0' END
        || ' k' || encode(convert_to(d.kind, 'UTF8'), 'hex')
        || CASE WHEN coalesce(d.country, '') <> '' THEN ' c' || encode(convert_to(d.country, 'UTF8'), 'hex') ELSE '' END
        || coalesce((WITH RECURSIVE up(id) AS (
                SELECT tag_id FROM annotation_tags WHERE annotation_id = a.id
                UNION SELECT t.parent_id FROM tags AS t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)
            SELECT ' ' || string_agg('t' || id, ' ') FROM up), ''))
    FROM annotations AS a JOIN documents AS d ON d.id = a.document_id
    WHERE a.id = annotation
$$"""

_REFRESH = """CREATE OR REPLACE FUNCTION annotation_words_refresh(annotation integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO annotation_words (annotation_id, words, facets)
    SELECT annotation, annotation_words_of(annotation), annotation_facets_of(annotation)
    WHERE EXISTS (SELECT 1 FROM annotations WHERE id = annotation)
    ON CONFLICT (annotation_id) DO UPDATE SET words = EXCLUDED.words, facets = EXCLUDED.facets
$$"""

_REFRESH_0015 = """CREATE OR REPLACE FUNCTION annotation_words_refresh(annotation integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO annotation_words (annotation_id, words)
    SELECT annotation, annotation_words_of(annotation) WHERE EXISTS (SELECT 1 FROM annotations WHERE id = annotation)
    ON CONFLICT (annotation_id) DO UPDATE SET words = EXCLUDED.words
$$"""

# Whatever changes an annotation's filter values, from any client; runs as the owner (0018).
_WRITE = """CREATE OR REPLACE FUNCTION annotation_words_write() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF TG_TABLE_NAME = 'annotations' THEN
            PERFORM annotation_words_refresh(NEW.id);
        ELSIF TG_TABLE_NAME = 'annotation_tags' THEN
            PERFORM annotation_words_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.annotation_id ELSE NEW.annotation_id END);
        ELSIF TG_TABLE_NAME = 'documents' THEN
            PERFORM annotation_words_refresh(id) FROM annotations WHERE document_id = NEW.id;
        ELSE  -- a tag's label, code or parent: every annotation tagged with it or a tag under it
            PERFORM annotation_words_refresh(annotation_id) FROM annotation_tags WHERE tag_id IN (
                WITH RECURSIVE down(id) AS (SELECT NEW.id UNION SELECT t.id FROM tags AS t JOIN down ON t.parent_id = down.id)
                SELECT id FROM down);
        END IF;
        RETURN NULL;
    END $$"""

_UPGRADE = [
    "ALTER TABLE annotation_words ADD COLUMN facets tsvector NOT NULL DEFAULT ''",
    "DROP INDEX annotation_words_gin",
    "CREATE INDEX annotation_words_gin ON annotation_words USING gin (words, facets)",
    _FACETS_OF,
    _REFRESH,
    _WRITE,
    "DROP TRIGGER annotations_words ON annotations",
    """CREATE TRIGGER annotations_words AFTER INSERT OR UPDATE OF quote, note, color, document_id ON annotations
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    "DROP TRIGGER tags_words ON tags",
    """CREATE TRIGGER tags_words AFTER UPDATE OF label, code, parent_id ON tags
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    """CREATE TRIGGER documents_words AFTER UPDATE OF kind, country ON documents
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    "UPDATE annotation_words SET facets = annotation_facets_of(annotation_id)",
]

_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS documents_words ON documents",
    "DROP TRIGGER tags_words ON tags",
    """CREATE TRIGGER tags_words AFTER UPDATE OF label, code ON tags
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    "DROP TRIGGER annotations_words ON annotations",
    """CREATE TRIGGER annotations_words AFTER INSERT OR UPDATE OF quote, note ON annotations
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    _REFRESH_0015,
    "DROP FUNCTION annotation_facets_of(integer)",
    "DROP INDEX annotation_words_gin",
    "ALTER TABLE annotation_words DROP COLUMN facets",
    "CREATE INDEX annotation_words_gin ON annotation_words USING gin (words)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's index holds them since revision 0007
    for statement in _UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _DOWNGRADE:
        op.execute(statement)
