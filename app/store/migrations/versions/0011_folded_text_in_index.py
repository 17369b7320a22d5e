"""The full-text indexes hold text with what print varies folded away.

Ligatures, full-width and superscript forms, Arabic vowel marks and tatweel, Hebrew points,
soft hyphens, words broken at a line end and typographic quotes are folded by
``app.text.printed_text.fold``, which the triggers call as the SQL function ``rights_fold``
(every connection of the library has it: ``app.store.sqlite.register_functions``). The page
index reads its text through a view of the folded text, so its snippets and its words agree.

No table row changes: the stored text stays as printed. Both indexes are made again, the
annotation index keeping each row's filter words.

The DDL is written out here rather than read from ``app.store.sqlite``, so that this revision
builds the same indexes whatever that module becomes.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from app.store.sqlite import register_functions

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TOKENIZER = "unicode61 remove_diacritics 2"
FOLD = "rights_fold"

# The words an annotation is found by through its tags, as revision 0002 wrote them.
_TAG_WORDS = """coalesce((SELECT group_concat(t.label || ' ' || coalesce(t.code, ''), ' ')
    FROM annotation_tags AS at JOIN tags AS t ON t.id = at.tag_id
    WHERE at.annotation_id = {annotation_id}), '')"""

# An annotation's hidden filter words, as revision 0008 wrote them.
_FACETS = """(SELECT 'd' || facet_a.document_id
        || ' o' || hex(facet_a.color)
        || CASE WHEN facet_a.note <> '' THEN ' n1' ELSE ' n0' END
        || ' k' || hex(facet_d.kind)
        || CASE WHEN coalesce(facet_d.country, '') <> '' THEN ' c' || hex(facet_d.country)
            || ' k' || hex(facet_d.kind) || 'xc' || hex(facet_d.country) ELSE '' END
        || coalesce((WITH RECURSIVE facet_up(id) AS (
                SELECT tag_id FROM annotation_tags WHERE annotation_id = {annotation_id}
                UNION SELECT facet_t.parent_id FROM tags AS facet_t JOIN facet_up ON facet_t.id = facet_up.id
                WHERE facet_t.parent_id IS NOT NULL)
            SELECT ' ' || group_concat('t' || id || ' t' || id || 'xk' || hex(facet_d.kind)
                || CASE WHEN coalesce(facet_d.country, '') <> '' THEN ' t' || id || 'xc' || hex(facet_d.country) ELSE '' END,
                ' ') FROM facet_up), '')
    FROM annotations AS facet_a JOIN documents AS facet_d ON facet_d.id = facet_a.document_id
    WHERE facet_a.id = {annotation_id})"""


def _page_index(folded: bool) -> list[str]:
    """The page index, over the folded text (``folded``) or over page_texts itself (as 0002 made it)."""
    text = f"{FOLD}({{row}}.text)" if folded else "{row}.text"
    content = "page_fts_content" if folded else "page_texts"
    return [
        *([f"CREATE VIEW page_fts_content AS SELECT id, {FOLD}(text) AS text FROM page_texts"] if folded else []),
        f"""CREATE VIRTUAL TABLE page_fts USING fts5(
            text, content='{content}', content_rowid='id', tokenize='{TOKENIZER}')""",
        f"""CREATE TRIGGER page_texts_ai AFTER INSERT ON page_texts BEGIN
            INSERT INTO page_fts(rowid, text) VALUES (new.id, {text.format(row="new")});
        END""",
        f"""CREATE TRIGGER page_texts_ad AFTER DELETE ON page_texts BEGIN
            INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, {text.format(row="old")});
        END""",
        f"""CREATE TRIGGER page_texts_au AFTER UPDATE OF text ON page_texts BEGIN
            INSERT INTO page_fts(page_fts, rowid, text) VALUES ('delete', old.id, {text.format(row="old")});
            INSERT INTO page_fts(rowid, text) VALUES (new.id, {text.format(row="new")});
        END""",
        "INSERT INTO page_fts(page_fts) VALUES ('rebuild')",
    ]


_PAGE_INDEX_DROP = [
    "DROP TRIGGER IF EXISTS page_texts_au",
    "DROP TRIGGER IF EXISTS page_texts_ad",
    "DROP TRIGGER IF EXISTS page_texts_ai",
    "DROP TABLE IF EXISTS page_fts",
    "DROP VIEW IF EXISTS page_fts_content",
]


def _annotation_triggers(folded: bool) -> list[str]:
    """The triggers that write an annotation's words: through ``rights_fold`` or as they are (0008)."""

    def words(expression: str) -> str:
        return f"{FOLD}({expression})" if folded else expression

    def tags(annotation_id: str) -> str:
        return words(_TAG_WORDS.format(annotation_id=annotation_id))

    def facets(annotation_id: str) -> str:
        return _FACETS.format(annotation_id=annotation_id)

    return [
        f"""CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
            INSERT INTO annotation_fts(rowid, quote, note, tags, facets)
            VALUES (new.id, {words("new.quote")}, {words("new.note")}, {tags("new.id")}, {facets("new.id")});
        END""",
        """CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
            DELETE FROM annotation_fts WHERE rowid = old.id;
        END""",
        f"""CREATE TRIGGER annotations_au AFTER UPDATE OF quote, note, color, document_id ON annotations BEGIN
            UPDATE annotation_fts SET quote = {words("new.quote")}, note = {words("new.note")},
                facets = {facets("new.id")}
            WHERE rowid = new.id;
        END""",
        f"""CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
            UPDATE annotation_fts SET tags = {tags("new.annotation_id")}, facets = {facets("new.annotation_id")}
            WHERE rowid = new.annotation_id;
        END""",
        f"""CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
            UPDATE annotation_fts SET tags = {tags("old.annotation_id")}, facets = {facets("old.annotation_id")}
            WHERE rowid = old.annotation_id;
        END""",
        f"""CREATE TRIGGER tags_au AFTER UPDATE OF label, code ON tags BEGIN
            UPDATE annotation_fts SET tags = {tags("annotation_fts.rowid")}
            WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
        END""",
    ]


def _facet_triggers() -> list[str]:
    """The triggers that write only an annotation's hidden filter words, as revision 0008 made them."""
    facets = _FACETS.format(annotation_id="annotation_fts.rowid")
    return [
        f"""CREATE TRIGGER tags_parent_au AFTER UPDATE OF parent_id ON tags BEGIN
            UPDATE annotation_fts SET facets = {facets}
            WHERE rowid IN (SELECT annotation_id FROM annotation_tags WHERE tag_id IN (
                WITH RECURSIVE down(id) AS (
                    SELECT new.id UNION SELECT t.id FROM tags AS t JOIN down ON t.parent_id = down.id)
                SELECT id FROM down));
        END""",
        f"""CREATE TRIGGER documents_facets_au AFTER UPDATE OF kind, country ON documents BEGIN
            UPDATE annotation_fts SET facets = {facets}
            WHERE rowid IN (SELECT id FROM annotations WHERE document_id = new.id);
        END""",
    ]


_ANNOTATION_TRIGGERS_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in ("documents_facets_au", "tags_parent_au", "tags_au", "annotation_tags_ad", "annotation_tags_ai",
                 "annotations_au", "annotations_ad", "annotations_ai")
]


def _annotation_index(folded: bool) -> list[str]:
    """The annotation index made again beside the old one, its words folded (``folded``) or as
    they are, its filter words copied; then put in the old one's place with its triggers.

    Writing a fresh index costs a third of rewriting each row of the old one in place, which
    must take every old word out of the index first.
    """

    def words(expression: str) -> str:
        return f"{FOLD}({expression})" if folded else expression

    tags = words(_TAG_WORDS.format(annotation_id="f.rowid"))
    return [
        f"""CREATE VIRTUAL TABLE annotation_fts_new USING fts5(
            quote, note, tags, facets, tokenize='{TOKENIZER}', prefix='2 3')""",
        f"""INSERT INTO annotation_fts_new(rowid, quote, note, tags, facets)
            SELECT f.rowid, {words("a.quote")}, {words("a.note")}, {tags}, f.facets
            FROM annotation_fts AS f JOIN annotations AS a ON a.id = f.rowid""",
        *_ANNOTATION_TRIGGERS_DROP,
        "DROP TABLE annotation_fts",
        "ALTER TABLE annotation_fts_new RENAME TO annotation_fts",
        *_annotation_triggers(folded),
        *_facet_triggers(),
        # One segment: a search then reads each word's list of rows in one piece.
        "INSERT INTO annotation_fts(annotation_fts) VALUES ('optimize')",
    ]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    # The connection came from the library's engine, which has the function already; another
    # (alembic's own command line) may not.
    register_functions(op.get_bind().connection.driver_connection)
    _run(_PAGE_INDEX_DROP + _page_index(folded=True))
    _run(_annotation_index(folded=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; PostgreSQL's index is revision 0015's
    register_functions(op.get_bind().connection.driver_connection)
    _run(_PAGE_INDEX_DROP + _page_index(folded=False))
    _run(_annotation_index(folded=False))
