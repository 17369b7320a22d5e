"""A member's own library published into a team library that already holds work: merged by
SHA-256, slug and uuid, nothing duplicated, nothing of the team's changed; again, nothing added."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import cli
from app.errors import LibraryError
from app.library import Library
from app.services import annotations as notes
from app.services import follow_up, links, publishing
from app.services.importing import import_paths
from app.services.recommendations import list_recommendations
from app.services.search import AnnotationFilters, search_annotations
from app.store.models import Annotation, Document, Tag, stored_tables
from tests.app.recommendation_pdfs import cpt_report
from tests.app.test_annotations import selection
from tests.app.test_search import fill_passages
from tests.app.test_team_roles import _open, crew  # noqa: F401 - the fixture of a team's members


def _annotate(library, document_id, phrase, **extra):
    return notes.create_annotation(library, notes.draft_from_selection(selection(library, document_id, phrase), **extra))


def _counts(library):
    with library.reading() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table)) for table in stored_tables()}


@pytest.fixture
def mine(library, tmp_path):
    """A member's own library: two documents, tagged passages, a link, a recommendation's evidence."""
    (tmp_path / "mine").mkdir()
    library, passages, ids, russia, news = fill_passages(library, tmp_path / "mine")
    links.create_link(library, passages["rules"].uuid, passages["beds"].uuid, "follows up", "same rules")
    [cpt] = import_paths(library, [cpt_report(tmp_path / "mine" / "cpt.pdf")])
    first = list_recommendations(library, document_id=cpt.document.id)[0]
    evidence = _annotate(library, cpt.document.id, "zero tolerance of", note="my evidence")
    follow_up.add_evidence(library, first.id, evidence.uuid)
    return library, passages, evidence


def test_publishing_merges_into_a_team_library_that_holds_work_and_again_adds_nothing(mine, team_library, tmp_path):
    library, passages, evidence = mine
    # The team has the CPT report already (imported on its own, so its ids and recommendations' uuids
    # are the team's), a passage of its own on it, and the tag "echr" under that slug.
    [team_cpt] = import_paths(team_library, [tmp_path / "mine" / "cpt.pdf"])
    theirs = _annotate(team_library, team_cpt.document.id, "zero tolerance of", note="the team's own")
    with team_library.writing() as session:
        session.add(Tag(slug="echr", kind="treaty", label="ECHR (the team's label)"))
    before = _counts(team_library)

    outcome = publishing.publish(team_library, library)

    assert outcome.added["documents"] == 2 and outcome.known["documents"] == 1  # the CPT report is the team's
    assert outcome.added["annotations"] == 5 and outcome.known["annotations"] == 0
    assert outcome.known["tags"] >= 1 and outcome.added["tags"] == 2  # echr-3 and the event; echr was there
    assert outcome.known["recommendations"] >= 1 and outcome.added["recommendations"] == 0
    with team_library.reading() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 3
        shas = session.scalars(select(Document.sha256)).all()
        assert len(shas) == len(set(shas))
        echr = session.scalars(select(Tag).where(Tag.slug == "echr")).one()
        assert echr.label == "ECHR (the team's label)"  # the team's tag is left as it is
        article = session.scalars(select(Tag).where(Tag.slug == "echr-3")).one()
        assert article.parent_id == echr.id  # my article hangs under the team's treaty
        mine_on_cpt = session.scalars(select(Annotation).where(Annotation.uuid == evidence.uuid)).one()
        assert mine_on_cpt.document_id == team_cpt.document.id
    # My passages are found with their tags, my link joins them, my evidence backs the team's recommendation.
    tagged = search_annotations(team_library, "", AnnotationFilters(tags_any=(article.id,))).hits
    assert {hit.annotation.uuid for hit in tagged} == {passages["beds"].uuid, passages["beatings"].uuid}
    [link] = links.links_of(team_library, passages["rules"].uuid)
    assert (link.link.kind, link.link.note, link.other.annotation_uuid) == ("follows up", "same rules", passages["beds"].uuid)
    team_first = list_recommendations(team_library, document_id=team_cpt.document.id)[0]
    assert [e.annotation_uuid for e in follow_up.follow_up_of(team_library, team_first.id).evidence] == [evidence.uuid]
    assert notes.get_annotation(team_library, theirs.uuid).note == "the team's own"
    after = _counts(team_library)
    assert after["page_texts"] > before["page_texts"] and after["documents"] == before["documents"] + 2

    again = publishing.publish(team_library, library)
    assert not any(again.added.values())
    assert _counts(team_library) == after
    assert again.summary().startswith("0 documents added (3 there already)")


def test_published_files_are_the_teams_and_another_member_reads_them(mine, team_library, team_database, tmp_path):
    library, passages, _evidence = mine
    publishing.publish(team_library, library)
    with Library.open(tmp_path / "another member", database=team_database) as other, other.reading() as session:
        file_name = session.scalars(select(Document.file_name).where(Document.id == session.scalar(
            select(Annotation.document_id).where(Annotation.uuid == passages["beds"].uuid)))).one()
    with Library.open(tmp_path / "another member", database=team_database) as other:
        assert not (other.files_dir / file_name).exists()
        assert other.bring_file(file_name).read_bytes() == library.file_path(file_name).read_bytes()


def test_a_damaged_file_publishes_nothing(mine, team_library):
    library, _passages, _evidence = mine
    with library.reading() as session:
        file_name = session.scalars(select(Document.file_name)).first()
    path = library.file_path(file_name)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    before = _counts(team_library)
    with pytest.raises(LibraryError, match=r"is damaged \(its SHA-256 differs\); nothing was published"):
        publishing.publish(team_library, library)
    assert _counts(team_library) == before


def test_publish_from_the_command_line_says_what_it_added(mine, team_database, tmp_path, capsys):
    library, _passages, _evidence = mine
    root = library.root
    arguments = ["--database", team_database, "--data-dir", str(tmp_path / "team"), "publish", "--from", str(root)]
    assert cli.main(arguments) == 0
    said = capsys.readouterr().out
    assert "3 documents added (0 there already)" in said and "5 passages added" in said
    assert cli.main(arguments) == 0
    assert "0 documents added (3 there already); 0 passages added (5 there already)" in capsys.readouterr().out
    assert cli.main([*arguments[:-1], str(tmp_path / "no library here")]) != 0
    assert "holds no library" in capsys.readouterr().err
    assert not (tmp_path / "no library here").exists()  # not made empty on the way
    assert cli.main(["--data-dir", str(tmp_path / "local"), "publish", "--from", str(root)]) != 0
    assert "give its address with --database" in capsys.readouterr().err


def test_a_member_who_may_not_add_documents_is_told_and_nothing_is_published(mine, crew, team_database, tmp_path):
    library, _passages, _evidence = mine
    urls, _document_id = crew
    with Library.open(tmp_path / "owner", database=team_database) as owner:
        before = _counts(owner)
    with _open(urls["alice"], tmp_path, "alice") as alice:  # an annotator: passages, not documents
        with pytest.raises(LibraryError, match="your login may not do this in the team library"):
            publishing.publish(alice, library)
        assert _counts(alice) == before


def test_every_table_a_library_holds_has_a_way_to_be_published():
    assert {table.name for table in stored_tables()} == set(publishing.SAME) | set(publishing.DOCUMENT_PARTS)
