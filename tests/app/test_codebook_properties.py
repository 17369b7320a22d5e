"""Whatever JSON a codebook file holds, importing it adds tags or refuses with a message, changing nothing."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.errors import LibraryError
from app.store.models import Tag
from app.vocabulary import codebook
from app.vocabulary.builtin import ensure_builtin
from app.vocabulary.kinds import EVENT_TYPES, KINDS

# Text of every sort, lone surrogates and control characters included: JSON can spell them all.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT
ANY_JSON = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)

# Values close enough to right to reach the checks behind the first ones.
SLUGS = st.sampled_from(["theme-a", "theme-b", "theme-c", "echr", "echr-art-3", "event-x", "Theme A", ""])
DATES = st.sampled_from(["2024", "2024-05", "2024-05-02", "2024-13-45", "2024-02-30", "yesterday", " ", "0000"])
PLAUSIBLE = {
    "slug": SLUGS,
    "parent": SLUGS | st.none(),
    "kind": st.sampled_from(KINDS) | ANY_TEXT,
    "label": st.sampled_from(["A", "a", "B", "Detention", "  "]) | ANY_TEXT,
    "event_type": st.sampled_from(EVENT_TYPES),
    "date_start": DATES,
    "date_end": DATES,
    "date_precision": st.sampled_from(["day", "month", "year", "approximate", "week"]),
    "adopted": DATES,
    "color": st.sampled_from(["#336699", "red", "#GGGGGG"]),
    "treaties": st.lists(SLUGS, max_size=2),
    "actors": st.lists(ANY_TEXT, max_size=2),
}
FIELDS = (*codebook.TEXT_FIELDS, *codebook.LIST_FIELDS, "unknown")
TAG = st.dictionaries(
    st.sampled_from(FIELDS), ANY_JSON, max_size=4,
).flatmap(lambda wild: st.fixed_dictionaries({}, optional=PLAUSIBLE).map(lambda tame: tame | wild))
CODEBOOK = st.fixed_dictionaries(
    {"format": st.just(codebook.FORMAT) | ANY_JSON, "version": st.just(1) | ANY_JSON,
     "tags": st.lists(TAG | ANY_JSON, max_size=6) | ANY_JSON},
    optional={"exported": ANY_JSON, "extra": ANY_JSON},
)
def _slug_of(item: object) -> str:
    return repr(item.get("slug")) if isinstance(item, dict) else repr(item)


# Codebooks that are mostly right, so imports that add and update tags are tried as well.
NAMES = st.sampled_from(["A", "a", "B", "Detention", "Pr\u00e9vention"]) | st.text(st.characters(exclude_categories=()), min_size=1, max_size=8)
THEME_SLUGS = st.sampled_from(["theme-a", "theme-b", "theme-c"])
NEW_SLUGS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
THEME = st.fixed_dictionaries(
    {"slug": THEME_SLUGS | NEW_SLUGS, "kind": st.sampled_from(["theme", "place", "actor"]), "label": NAMES},
    optional={"parent": THEME_SLUGS, "color": st.sampled_from(["#336699", "#ABCDEF"]), "description": ANY_TEXT},
)
EVENT_TAG = st.fixed_dictionaries(
    {"slug": st.sampled_from(["event-x", "event-y"]) | NEW_SLUGS, "kind": st.just("event"), "label": NAMES,
     "event_type": st.sampled_from(EVENT_TYPES), "date_start": st.sampled_from(["2024", "2024-05", "2024-05-02"])},
    optional={"date_end": st.sampled_from(["2024-12", "2025"]) | DATES, "treaties": st.lists(st.sampled_from(["echr", "ecpt", "nope"]), max_size=2),
              "actors": st.lists(ANY_TEXT, max_size=2)},
)
GOOD_BOOK = st.fixed_dictionaries(
    {"format": st.just(codebook.FORMAT), "version": st.just(1),
     "tags": st.lists(st.one_of(THEME, THEME, THEME, EVENT_TAG, TAG), max_size=4, unique_by=_slug_of)},
)
NESTED = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
FILE_TEXT = GOOD_BOOK.map(json.dumps) | GOOD_BOOK.map(json.dumps) | CODEBOOK.map(json.dumps) | ANY_JSON.map(json.dumps) | NESTED | ANY_TEXT


def table(library):
    with library.reading() as session:
        return session.execute(select(Tag.__table__).order_by(Tag.id)).all()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=FILE_TEXT)
def test_any_file_is_imported_or_refused_with_nothing_written(library, tmp_path, text):
    ensure_builtin(library)
    path = tmp_path / "generated.json"
    # Lone surrogates written as they are make a file that is not UTF-8, which is refused too.
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    before = table(library)
    try:
        result = codebook.import_file(library, path)
    except LibraryError as error:
        event("refused")
        assert str(error).startswith("generated.json: ")
        str(error).encode("utf-8")  # a message that can be printed
        assert table(library) == before
    else:
        event("imported, adding tags" if result.created_ids else "imported, adding none")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=GOOD_BOOK)
def test_a_nearly_right_codebook_is_imported_whole_or_not_at_all(library, tmp_path, data):
    ensure_builtin(library)
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = table(library)
    try:
        codebook.import_file(library, path)
    except LibraryError:
        event("refused")
        assert table(library) == before
        return
    event("imported")
    stored = {row.slug: row for row in table(library)}
    by_id = {row.id: row for row in stored.values()}
    for item in data["tags"]:
        row = stored[item["slug"]]
        if not row.builtin and item.get("parent"):
            assert by_id[row.parent_id].slug == item["parent"]
