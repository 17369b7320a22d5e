"""Recommendations that repeat one of an earlier report on the same country."""

from __future__ import annotations

import pytest

from app.services import passage_links
from app.services import repeats as repeats_service
from app.services.annotations import count_annotations
from app.services.importing import import_paths
from app.services.links import links_of
from app.services.recommendations import list_recommendations
from app.services.repeats import repeats
from app.services.structure import correct_document
from app.text.detection.repeats import asked, best_earlier, says_repeated
from tests.app.recommendation_pdfs import ITEMS_2020, ITEMS_2024, visit_report, visits


def test_what_is_asked_is_compared_without_the_words_every_recommendation_shares():
    assert asked("The CPT recommends that the Examplian authorities install call bells in all cells.") == \
        "install call bell in all cell"
    assert asked("86.12. Ratify the Optional Protocol to the Convention against Torture (Denmark, Estonia);") == \
        "ratify the optional protocol to the convention against torture"
    assert asked("The Committee urges the State party to end solitary confinement of juveniles.") == \
        "end solitary confinement of juvenil"


@pytest.mark.parametrize(("later", "earlier"), [
    ("The CPT reiterates its recommendation that steps be taken to ensure that all persons detained by the police "
     "are informed of their rights from the outset of their deprivation of liberty.",
     "The CPT recommends that the authorities take steps to ensure that all detained persons are informed of their "
     "rights from the very outset of their deprivation of liberty."),
    ("113.4 Ratify the Optional Protocol to the Convention against Torture (Ghana)",
     "86.12. Ratify the Optional Protocol to the Convention against Torture (Denmark, Estonia);"),
    ("The CPT once again recommends that call bells be installed in all cells of the police stations.",
     "The CPT recommends that the authorities install call bells in all cells."),
])
def test_a_recommendation_made_again_in_other_words_is_found_in_the_earlier_report(later, earlier):
    [match] = best_earlier([later], ["The CPT recommends that the food be improved.", earlier])
    assert match is not None and match[0] == 1 and 60 <= match[1] <= 100


@pytest.mark.parametrize(("later", "earlier"), [
    # Another treaty: most of the words are the same, the recommendation is not.
    ("Ratify the Optional Protocol to the Convention against Torture", "Ratify the Convention against Torture"),
    ("Ratify the Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
     "Ratify the Optional Protocol to the International Covenant on Civil and Political Rights"),
    ("The CPT recommends that all detained persons have access to a lawyer from the outset.",
     "The CPT recommends that all detained persons are informed of their rights from the outset."),
])
def test_a_recommendation_asking_something_else_in_the_same_words_is_not_a_repeat(later, earlier):
    assert best_earlier([later], [earlier]) == [None]


def test_a_recommendation_that_says_it_repeats_one_is_known_by_its_words():
    assert says_repeated("The CPT reiterates its recommendation that the authorities install call bells.")
    assert says_repeated("The Committee reiterates its previous recommendations and urges the State party to act.")
    assert not says_repeated("The CPT recommends that the authorities install call bells.")


@pytest.fixture
def three_visits(library, tmp_path):
    return visits(library, tmp_path)


def _by_text(library, start: str):
    [info] = [info for info in list_recommendations(library) if start in info.text]
    return info


def test_a_recommendation_made_at_three_visits_shows_the_three_years(library, three_visits):
    shown = list_recommendations(library, document_id=three_visits[2])
    assert len(shown) == len(ITEMS_2024)
    found = repeats(library, shown)
    space = _by_text(library, "recommends once again that every prisoner")
    assert found[space.id].recommended_in() == "2016, 2020 and 2024"
    assert [other.reference for other in found[space.id].others] == ["CPT/Inf (2016) 4", "CPT/Inf (2020) 9"]
    assert all(other.earlier and other.similarity >= 80 for other in found[space.id].others)
    assert "CPT/Inf (2016) 4 para. 4" in found[space.id].describe()
    assert _by_text(library, "Northport be closed").id not in found  # new in 2024


def test_an_earlier_recommendation_knows_it_was_made_again_later(library, three_visits):
    found = repeats(library, list_recommendations(library, document_id=three_visits[0]))
    bells = _by_text(library, "install call bells in all cells of police")
    [later] = found[bells.id].others
    assert later.reference == "CPT/Inf (2020) 9" and not later.earlier
    assert found[bells.id].recommended_in() == "2016 and 2020"


def test_reports_on_another_country_or_without_a_date_are_not_compared(library, three_visits):
    correct_document(library, three_visits[1], country="Otherland")
    correct_document(library, three_visits[0], published=None)
    found = repeats(library, list_recommendations(library, document_id=three_visits[2]))
    assert found == {}


def test_a_language_version_or_a_copy_under_the_same_symbol_does_not_repeat_its_report(library, tmp_path):
    paths = [visit_report(tmp_path / "en.pdf", "CPT/Inf (2020) 9", ITEMS_2020),
             visit_report(tmp_path / "again.pdf", "CPT/Inf (2020) 9 ", ITEMS_2020 + ["The CPT recommends more staff."])]
    ids = [outcome.document.id for outcome in import_paths(library, paths)]
    for document_id, date in zip(ids, ("2020-11-17", "2021-01-10"), strict=True):
        correct_document(library, document_id, country="Examplia", published=date)
    assert repeats(library, list_recommendations(library)) == {}


# --- kept as "repeats" links ---------------------------------------------------------------------------


def test_repeats_are_linked_later_to_earlier_with_their_likeness_and_unlinked_by_withdrawing(either_library, tmp_path):
    library = either_library
    ids = visits(library, tmp_path)
    found = repeats(library, list_recommendations(library, document_id=ids[2]))
    wanted = repeats_service.wanted(found)
    space = _by_text(library, "recommends once again that every prisoner")
    assert [(one.source.recommendation_id, one.kind) for one in wanted] == [(space.id, "repeats")] * 2
    made = passage_links.link(library, wanted)
    assert len(made.links) == 2 and len(made.made) == 3  # the 2024 passage once, one in each earlier report

    again = repeats(library, list_recommendations(library, document_id=ids[2]))
    assert all(other.linked for other in again[space.id].others)
    assert "linked)" in again[space.id].describe()
    assert repeats_service.wanted(again) == []
    assert passage_links.link(library, wanted).links == ()  # linking again adds nothing
    later = list_recommendations(library, document_id=ids[2])
    passage = next(info for info in later if info.id == space.id)
    shown = links_of(library, _annotation_uuid(library, passage.id))
    assert {view.link.kind for view in shown} == {"repeats"}
    assert sorted(view.other.citation.split(",")[0] for view in shown) == ["CPT/Inf (2016) 4", "CPT/Inf (2020) 9"]
    assert all(view.outgoing for view in shown)  # from the later recommendation to the earlier
    assert all(view.link.note.endswith("% alike in wording") for view in shown)

    passage_links.withdraw(library, made)
    assert [count_annotations(library, document_id) for document_id in ids] == [0, 0, 0]
    assert not any(other.linked for other in repeats(library, later)[space.id].others)


def test_an_earlier_report_shown_links_the_later_ones_repeating_it_the_same_way(library, three_visits):
    found = repeats(library, list_recommendations(library, document_id=three_visits[0]))
    bells = _by_text(library, "install call bells in all cells of police")
    [wanted] = [one for one in repeats_service.wanted(found) if one.target.recommendation_id == bells.id]
    assert wanted.source.recommendation_id == _by_text(library, "call bells be installed").id


def _annotation_uuid(library, recommendation_id):
    from app.store.models import Annotation, Recommendation

    with library.reading() as session:
        row = session.get(Recommendation, recommendation_id)
        return session.get(Annotation, row.annotation_id).uuid


def test_the_command_line_links_the_repeats_of_the_recommendations_it_lists(library, three_visits, capsys):
    from app.cli import main

    assert main(["--data-dir", str(library.root), "recommendations", "CPT/Inf (2024) 31", "--link-repeats"]) == 0
    assert capsys.readouterr().out.startswith("2 repeats linked.")
    assert main(["--data-dir", str(library.root), "recommendations", "CPT/Inf (2024) 31", "--link-repeats"]) == 0
    assert capsys.readouterr().out.startswith("0 repeats linked.")
