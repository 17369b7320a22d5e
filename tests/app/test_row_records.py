"""Records made from rows in bulk: named columns, defaults for the rest, refusals at import."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

import pytest

from app.services.annotations import ANNOTATION_COLUMNS, AnnotationInfo, TagRef, info_from_row
from app.store.row_records import collection_paused, record_maker


@dataclass(frozen=True)
class Passage:
    id: int
    quote: str
    links: tuple[str, ...] = ()
    seen: list[int] = field(default_factory=list)


def test_a_record_is_made_from_named_values_and_its_defaults():
    make = record_maker(Passage, ("quote", "id"))
    made = make(["a quote", 7])
    assert made == Passage(7, "a quote") and made.links == () and made.seen == []
    assert make(["b", 8]).seen is not make(["c", 9]).seen  # a factory per record, as __init__ calls it


@pytest.mark.parametrize("names", [("id",), ("id", "quote", "nothing"), ("id", "id", "quote")])
def test_a_field_without_a_value_or_a_default_or_an_unknown_name_is_refused(names):
    with pytest.raises(TypeError):
        record_maker(Passage, names)


def test_what_the_shortcut_would_get_wrong_is_refused():
    @dataclass(frozen=True)
    class Checked:
        id: int

        def __post_init__(self) -> None:
            pass

    @dataclass(frozen=True, slots=True)
    class Slotted:
        id: int

    for cls in (Checked, Slotted):
        with pytest.raises(TypeError):
            record_maker(cls, ("id",))


def test_an_annotation_from_its_row_equals_the_one_its_constructor_makes():
    values = [1, "u-1", 2, "highlight", "yellow", "", 3, [{"page": 3, "quads": [[0, 1, 2, 3, 4, 5, 6, 7]]}], "q",
              "p", "s", 10, 11, ["12"], "anchored", "user", None, None, None, None, "ann", "bob", 3]
    assert len(values) == len(ANNOTATION_COLUMNS)
    tags = [TagRef(5, "b", "theme", "B", None, None), TagRef(4, "a", "theme", "A", None, None)]
    made = info_from_row(list(values), tags)  # the list is given away: changed in place
    named = dict(zip(ANNOTATION_COLUMNS, values, strict=True))
    named.update(targets=made.targets, paragraphs=("12",), tags=(tags[1], tags[0]))
    assert made == AnnotationInfo(**named)
    assert made.targets[0].page_index == 3 and made.targets[0].quads == ((0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0),)


def test_the_collector_held_off_for_a_listing_is_left_as_it_was_even_when_it_fails():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("a row that cannot be read")
    assert gc.isenabled()
    gc.disable()  # a program that runs without it keeps it off
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
