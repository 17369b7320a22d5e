"""PostgreSQL's full-text index: the words of every page and annotation as a ``tsvector``, under GIN.

On PostgreSQL only (SQLite's FTS5 indexes are revisions 0002 to 0011's). The words are read as
SQLite's index reads them, so a query finds the same passages on both:

- ``rights_fold`` folds what print varies, as ``app.text.printed_text.fold`` does: compatibility
  forms (NFKC), a word broken at a line end made whole, Arabic and Hebrew marks, tatweel and soft
  hyphens dropped (the marks as that module listed them from Unicode 14, written out here);
- ``rights_words`` then does what FTS5's ``unicode61 remove_diacritics 2`` does: accents off
  Latin letters, lower case, and every run of characters that is not a letter or digit a space,
  so the ``simple`` configuration's parser sees plain words only (its own reading of e-mail
  addresses, paths and hyphenated words would place words differently from FTS5).

An annotation's words are weighted as SQLite ranks them: its quote (A), its note (B), the labels
and codes of its tags (C). Triggers keep both tables up to date on every write, from any client.
No table row changes.

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_DROPPED = (
    r"\u00ad\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670"
    r"\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff\ufb1e"
)
_BREAK = r"[ \t]*[\n\r\f\v\u2028\u2029]\s*"

_FUNCTIONS = [
    rf"""CREATE FUNCTION rights_fold(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(
            regexp_replace(
                regexp_replace(normalize(value, NFKC), '\u00ad{_BREAK}(?=[[:alpha:]])', '', 'g'),
                '([[:alpha:]])[-\u2010\u2011]{_BREAK}([[:lower:]])', '\1\2', 'g'),
            '[{_DROPPED}]+', '', 'g')
    $$""",
    r"""CREATE FUNCTION rights_words(value text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT regexp_replace(
            lower(normalize(regexp_replace(normalize(rights_fold(value), NFD), '([A-Za-z])[\u0300-\u036f]+', '\1', 'g'),
                            NFC)),
            '[^[:alnum:]]+', ' ', 'g')
    $$""",
    """CREATE FUNCTION rights_tsvector(value text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple'::regconfig, coalesce(rights_words(value), ''))
    $$""",
]

_PAGES = [
    """CREATE TABLE page_words (
        page_id integer PRIMARY KEY REFERENCES page_texts (id) ON DELETE CASCADE,
        words tsvector NOT NULL)""",
    "CREATE INDEX page_words_gin ON page_words USING gin (words)",
    """CREATE FUNCTION page_words_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO page_words (page_id, words) VALUES (NEW.id, rights_tsvector(NEW.text))
        ON CONFLICT (page_id) DO UPDATE SET words = EXCLUDED.words;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER page_texts_words AFTER INSERT OR UPDATE OF text ON page_texts
        FOR EACH ROW EXECUTE FUNCTION page_words_write()""",
    "INSERT INTO page_words (page_id, words) SELECT id, rights_tsvector(text) FROM page_texts",
]

_ANNOTATIONS = [
    """CREATE TABLE annotation_words (
        annotation_id integer PRIMARY KEY REFERENCES annotations (id) ON DELETE CASCADE,
        words tsvector NOT NULL)""",
    "CREATE INDEX annotation_words_gin ON annotation_words USING gin (words)",
    # Every word of one annotation, weighted: written from its row and its tags' rows.
    """CREATE FUNCTION annotation_words_of(annotation integer) RETURNS tsvector
        LANGUAGE sql STABLE AS $$
        SELECT setweight(rights_tsvector(a.quote), 'A') || setweight(rights_tsvector(a.note), 'B')
            || setweight(rights_tsvector((SELECT string_agg(t.label || ' ' || coalesce(t.code, ''), ' ')
                                          FROM annotation_tags AS at JOIN tags AS t ON t.id = at.tag_id
                                          WHERE at.annotation_id = a.id)), 'C')
        FROM annotations AS a WHERE a.id = annotation
    $$""",
    """CREATE FUNCTION annotation_words_refresh(annotation integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO annotation_words (annotation_id, words)
        SELECT annotation, annotation_words_of(annotation) WHERE EXISTS (SELECT 1 FROM annotations WHERE id = annotation)
        ON CONFLICT (annotation_id) DO UPDATE SET words = EXCLUDED.words
    $$""",
    """CREATE FUNCTION annotation_words_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'annotations' THEN
            PERFORM annotation_words_refresh(NEW.id);
        ELSIF TG_TABLE_NAME = 'annotation_tags' THEN
            PERFORM annotation_words_refresh(CASE WHEN TG_OP = 'DELETE' THEN OLD.annotation_id ELSE NEW.annotation_id END);
        ELSE  -- a tag's label or code: every annotation tagged with it
            PERFORM annotation_words_refresh(annotation_id) FROM annotation_tags WHERE tag_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER annotations_words AFTER INSERT OR UPDATE OF quote, note ON annotations
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    """CREATE TRIGGER annotation_tags_words AFTER INSERT OR DELETE ON annotation_tags
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    """CREATE TRIGGER tags_words AFTER UPDATE OF label, code ON tags
        FOR EACH ROW EXECUTE FUNCTION annotation_words_write()""",
    "INSERT INTO annotation_words (annotation_id, words) SELECT id, annotation_words_of(id) FROM annotations",
]

_DROP = [
    "DROP TABLE IF EXISTS annotation_words",
    "DROP TABLE IF EXISTS page_words",
    "DROP TRIGGER IF EXISTS annotations_words ON annotations",
    "DROP TRIGGER IF EXISTS annotation_tags_words ON annotation_tags",
    "DROP TRIGGER IF EXISTS tags_words ON tags",
    "DROP TRIGGER IF EXISTS page_texts_words ON page_texts",
    "DROP FUNCTION IF EXISTS annotation_words_write()",
    "DROP FUNCTION IF EXISTS annotation_words_refresh(integer)",
    "DROP FUNCTION IF EXISTS annotation_words_of(integer)",
    "DROP FUNCTION IF EXISTS page_words_write()",
    "DROP FUNCTION IF EXISTS rights_tsvector(text)",
    "DROP FUNCTION IF EXISTS rights_words(text)",
    "DROP FUNCTION IF EXISTS rights_fold(text)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's index is FTS5's (revisions 0002 to 0011)
    for statement in _FUNCTIONS + _PAGES + _ANNOTATIONS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _DROP:
        op.execute(statement)
