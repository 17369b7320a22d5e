"""REFI-QDA codebooks (.qdc) and projects (.qdpx): written valid, read back into a fresh library,
and a bad file refused with its reason before anything is written."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from app import cli
from app.export import export_annotations
from app.export.annotation_import import AnnotationImportRefused, import_file
from app.export.refi import (
    CODEBOOK_NS,
    PROJECT_NS,
    code_guid,
    export_codebook,
    import_codebook,
    import_project,
    problems,
    read_codebook,
)
from app.library import Library
from app.store.models import Annotation, Document, Tag
from app.text.addresses import annotation_address
from app.vocabulary.codebook import CodebookRefused
from tests.app.test_annotation_import import counts, passages_of
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture

P = f"{{{PROJECT_NS}}}"


@pytest.fixture
def themed(library_with_passages):
    """The search fixture's library with a theme tree: colours and descriptions to carry over."""
    library, passages, ids, *_ = library_with_passages
    with library.writing() as session:
        detention = Tag(slug="theme-detention", kind="theme", label="Detention", color="#81c784",
                        description="Conditions & treatment <in> custody")
        session.add(detention)
        session.flush()
        session.add(Tag(slug="theme-detention-restraint", kind="theme", label="Restraint", parent_id=detention.id))
    return library_with_passages


def test_codebook_round_trip_into_a_fresh_library(themed, tmp_path):
    library = themed[0]
    count = export_codebook(library, tmp_path / "book.qdc")
    root = etree.parse(str(tmp_path / "book.qdc")).getroot()
    assert problems(root, "codebook") == [] and root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    codes = {code.name: code for code in _all(read_codebook(tmp_path / "book.qdc"))}
    assert len(codes) == count == counts(library)[1]
    assert codes["Detention"].color == "#81c784" and codes["Detention"].description == "Conditions & treatment <in> custody"
    assert [child.name for child in codes["Detention"].children] == ["Restraint"]
    assert codes["ECHR Art. 3"].description == "Prohibition of torture"  # a code's own name goes to its description
    assert codes["Detention"].guid == code_guid("theme-detention")
    with Library.open(tmp_path / "fresh") as fresh:
        result = import_codebook(fresh, tmp_path / "book.qdc")
        assert len(result.created_ids) == count
        with fresh.reading() as session:
            detention = session.query(Tag).filter_by(label="Detention").one()
            restraint = session.query(Tag).filter_by(label="Restraint").one()
            assert (detention.kind, detention.color, detention.description) == (
                "theme", "#81c784", "Conditions & treatment <in> custody")
            assert restraint.parent_id == detention.id
        again = import_codebook(fresh, tmp_path / "book.qdc")  # known by name now: nothing new
        assert again.created_ids == ()
    before = counts(library)
    assert import_codebook(library, tmp_path / "book.qdc").created_ids == () and counts(library) == before


def _all(codes):
    for code in codes:
        yield code
        yield from _all(code.children)


@pytest.mark.parametrize(("content", "words"), [
    (b"not xml at all", "not XML"),
    (b'<?xml version="1.0"?><CodeBook><Codes/></CodeBook>', "not a REFI-QDA codebook"),
    (f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code name="x" isCodable="true"/></Codes></CodeBook>'.encode(), "guid"),
    (f'<CodeBook xmlns="{CODEBOOK_NS}"><Codes><Code guid="{code_guid("a")}" name="x" isCodable="true" color="red"/>'
     f'</Codes></CodeBook>'.encode(), "color"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
     b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0b7f3a52-9c1e-4d2a-8f6b-3e5d7c9a1b2c" '
     b'name="&e;" isCodable="true"/></Codes></CodeBook>', "external entity"),  # never read from the disk
])
def test_a_bad_codebook_is_refused_and_the_vocabulary_untouched(themed, tmp_path, content, words):
    library = themed[0]
    before = counts(library)
    (tmp_path / "bad.qdc").write_bytes(content)
    with pytest.raises(CodebookRefused, match=words):
        import_codebook(library, tmp_path / "bad.qdc")
    assert counts(library) == before


def test_project_is_valid_and_holds_passages_codes_notes_and_pdfs(themed, tmp_path):
    library, passages, *_ = themed
    outcome = export_annotations(library, tmp_path / "p.qdpx", "qdpx")
    assert outcome.annotations == len(passages)
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        root = etree.fromstring(archive.read("project.qde"))
        pdfs = [name for name in archive.namelist() if name.startswith("sources/")]
    assert problems(root, "project") == []
    sources = root.findall(f"{P}Sources/{P}PDFSource")
    assert len(sources) == len(pdfs) == 2
    assert {source.get("path") for source in sources} == {f"internal://{name[len('sources/'):]}" for name in pdfs}
    selections = {s.get("guid"): s for s in root.iter(f"{P}PDFSelection")}
    assert set(selections) == {p.uuid for p in passages.values()}
    beds = selections[passages["beds"].uuid]
    assert beds.get("name") == "Restraint beds were used" and beds.get("page") == "1"
    assert beds.findtext(f"{P}Description") == annotation_address(passages["beds"].uuid)
    assert int(beds.get("firstX")) < int(beds.get("secondX")) and int(beds.get("firstY")) < int(beds.get("secondY"))
    codes = {code.get("guid"): code.get("name") for code in root.iter(f"{P}Code")}
    assert [codes[ref.get("targetGUID")] for ref in beds.iter(f"{P}CodeRef")] == ["ECHR Art. 3"]
    assert codes[code_guid("echr")] == "ETS 005"  # the parent comes along with its article
    notes = {note.get("guid"): note.findtext(f"{P}PlainTextContent") for note in root.iter(f"{P}Note")}
    assert [notes[ref.get("targetGUID")] for ref in beds.findall(f"{P}NoteRef")] == ["ask for registers"]


def test_project_round_trip_into_an_empty_library_brings_the_pdfs_too(themed, tmp_path):
    library = themed[0]
    export_annotations(library, tmp_path / "p.qdpx", "qdpx")
    with Library.open(tmp_path / "fresh") as fresh:
        result = import_file(fresh, tmp_path / "p.qdpx")
        assert result.format == "refi" and not result.failed, [i.reason for i in result.failed]
        assert passages_of(fresh) == passages_of(library)
        with fresh.reading() as session:
            assert session.query(Document).count() == 2
        again = import_project(fresh, tmp_path / "p.qdpx")
        assert len(again.of("present")) == len(result.items) and not again.anchored


def test_a_selection_without_its_quote_is_anchored_by_its_rectangle(themed, tmp_path):
    library, passages, *_ = themed
    export_annotations(library, tmp_path / "p.qdpx", "qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["project.qde"])
    import pymupdf

    for source in root.iter(f"{P}PDFSource"):
        pdf = pymupdf.open(stream=members["sources/" + source.get("path")[len("internal://"):]], filetype="pdf")
        for selection in source.iter(f"{P}PDFSelection"):
            # The fixture's passages are drawn where a test put them; here, on the words themselves.
            [box] = pdf[int(selection.get("page")) - 1].search_for(selection.get("name"))
            for name, value in zip(("firstX", "firstY", "secondX", "secondY"), box):
                selection.set(name, str(round(value)))
            selection.set("name", "Selection 1")  # as a tool that names its selections so would write it
    members["project.qde"] = etree.tostring(root)
    with zipfile.ZipFile(tmp_path / "renamed.qdpx", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with Library.open(tmp_path / "fresh") as fresh:
        result = import_project(fresh, tmp_path / "renamed.qdpx")
        assert not result.failed
        # Whole words: a rectangle takes the punctuation that sticks to the last one.
        assert {quote.rstrip(".;") for quote, *_ in passages_of(fresh)} == {p.quote for p in passages.values()}


def project_with(tmp_path, files):
    with zipfile.ZipFile(tmp_path / "bad.qdpx", "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return tmp_path / "bad.qdpx"


@pytest.mark.parametrize(("files", "words"), [
    ({"readme.txt": "hello"}, "no project.qde"),
    ({"project.qde": "<Project"}, "not XML"),
    ({"project.qde": f'<Project xmlns="{PROJECT_NS}"/>'}, "name"),
    ({"project.qde": f'<Project xmlns="{PROJECT_NS}" name="p"><Sources><PDFSource guid="nope"/></Sources></Project>'},
     "guid"),
    ({"project.qde": f'<Project xmlns="{PROJECT_NS}" name="p"><Sources><PDFSource guid="{code_guid("a")}">'
                     f'<PDFSelection guid="{code_guid("b")}" page="one" firstX="0" firstY="0" secondX="1" secondY="1"/>'
                     '</PDFSource></Sources></Project>'}, "page"),
])
def test_a_bad_project_is_refused_and_nothing_is_written(themed, tmp_path, files, words):
    library = themed[0]
    before = counts(library)
    with pytest.raises(AnnotationImportRefused, match=words):
        import_file(library, project_with(tmp_path, files))
    assert counts(library) == before
    (tmp_path / "plain.qdpx").write_text("not a zip")
    with pytest.raises(AnnotationImportRefused, match="not a zip"):
        import_file(library, tmp_path / "plain.qdpx", "refi")


def test_command_line_exports_and_imports_refi(themed, tmp_path, capsys):
    library = themed[0]
    data_dir = str(library.root)
    library.close()
    assert cli.main(["--data-dir", data_dir, "export", "--format", "qdpx", "-o", str(tmp_path / "p.qdpx")]) == 0
    assert cli.main(["--data-dir", data_dir, "export", "--format", "qdc", "-o", str(tmp_path / "used.qdc")]) == 0
    assert cli.main(["--data-dir", data_dir, "vocabulary", "export", str(tmp_path / "all.qdc")]) == 0
    used = list(_all(read_codebook(tmp_path / "used.qdc")))
    assert {code.name for code in used} == {"ETS 005", "ECHR Art. 3", "Withdrawal from ETS 126"}
    fresh = str(tmp_path / "fresh")
    assert cli.main(["--data-dir", fresh, "vocabulary", "import", str(tmp_path / "all.qdc")]) == 0
    assert "added" in capsys.readouterr().out
    assert cli.main(["--data-dir", fresh, "import-annotations", str(tmp_path / "p.qdpx")]) == 0
    assert "4 anchored" in capsys.readouterr().out
    (tmp_path / "bad.qdc").write_text("<x/>")
    assert cli.main(["--data-dir", fresh, "vocabulary", "import", str(tmp_path / "bad.qdc")]) == cli.EXIT_FAILED
    assert "not a REFI-QDA codebook" in capsys.readouterr().err
    with Library.open(fresh) as opened, opened.reading() as session:
        assert session.query(Annotation).count() == 4


G = [code_guid(str(n)) for n in range(12)]
# Every section the standard's project schema defines, each as it defines it.
EVERY_SECTION = f"""<Project xmlns="{PROJECT_NS}" name="all" origin="another tool" creatingUserGUID="{{{G[0].upper()}}}">
  <Users><User guid="{G[0]}" name="A. Researcher" id="ar"/></Users>
  <CodeBook><Codes><Code guid="{G[1]}" name="Detention" isCodable="true" color="#abc">
    <Description>custody</Description><NoteRef targetGUID="{G[9]}"/>
    <Code guid="{G[2]}" name="Restraint" isCodable="false"/></Code></Codes></CodeBook>
  <Variables><Variable guid="{G[3]}" name="Year" typeOfVariable="Integer"><Description>y</Description></Variable></Variables>
  <Cases><Case guid="{G[4]}" name="Case A"><CodeRef targetGUID="{G[1]}"/>
    <VariableValue><VariableRef targetGUID="{G[3]}"/><IntegerValue>2024</IntegerValue></VariableValue>
    <SourceRef targetGUID="{G[5]}"/><SelectionRef targetGUID="{G[6]}"/></Case></Cases>
  <Sources>
    <TextSource guid="{G[5]}" name="interview" plainTextPath="internal://i.txt" creatingUser="{G[0]}">
      <PlainTextSelection guid="{G[6]}" startPosition="0" endPosition="9"><Description>d</Description>
        <Coding guid="{G[7]}"><CodeRef targetGUID="{G[1]}"/></Coding></PlainTextSelection>
      <VariableValue><VariableRef targetGUID="{G[3]}"/></VariableValue></TextSource>
    <PictureSource guid="{G[8]}" path="internal://p.png"><TextDescription guid="{G[10]}"/>
      <PictureSelection guid="{G[11]}" firstX="0" firstY="0" secondX="9" secondY="9"/></PictureSource>
    <AudioSource guid="{G[10]}"><Transcript guid="{G[11]}"><SyncPoint guid="{G[2]}" timeStamp="5" position="0"/>
      <TranscriptSelection guid="{G[3]}" fromSyncPoint="{G[2]}"/></Transcript>
      <AudioSelection guid="{G[4]}" begin="0" end="5"/></AudioSource>
    <VideoSource guid="{G[6]}"><VideoSelection guid="{G[7]}" begin="0" end="5"/></VideoSource>
    <PDFSource guid="{G[9]}" path="internal://r.pdf"><PDFSelection guid="{G[8]}" page="1" firstX="1" firstY="2"
      secondX="3" secondY="4"><Representation guid="{G[5]}"/><NoteRef targetGUID="{G[9]}"/></PDFSelection>
      <Representation guid="{G[4]}" plainTextPath="internal://r.txt"/></PDFSource>
  </Sources>
  <Notes><Note guid="{G[9]}" name="memo"><PlainTextContent>a memo</PlainTextContent></Note></Notes>
  <Links><Link guid="{G[10]}" direction="OneWay" originGUID="{G[6]}" targetGUID="{G[8]}" color="#00ff00"/></Links>
  <Sets><Set guid="{G[11]}" name="group"><MemberCode targetGUID="{G[1]}"/><MemberSource targetGUID="{G[5]}"/>
    <MemberNote targetGUID="{G[9]}"/></Set></Sets>
  <Graphs><Graph guid="{G[0]}"><Vertex guid="{G[1]}" firstX="0" firstY="0" shape="Oval"/>
    <Edge guid="{G[2]}" sourceVertex="{G[1]}" targetVertex="{G[1]}" lineStyle="dashed" direction="Associative"/>
  </Graph></Graphs>
  <Description>everything</Description><NoteRef targetGUID="{G[9]}"/>
</Project>"""


def test_a_project_with_every_section_of_the_standard_is_valid():
    assert problems(etree.fromstring(EVERY_SECTION), "project") == []


@pytest.mark.parametrize(("old", "new", "words"), [
    # Once left open ("a section this app does not use"), each of these broke the standard's schema.
    (f'<Sets><Set guid="{G[11]}" name="group">', '<Sets><Set name="group">', "guid"),
    (f'<Link guid="{G[10]}" direction="OneWay"', f'<Link guid="{G[10]}" direction="Forward"', "direction"),
    (f'<Variable guid="{G[3]}" name="Year"', f'<Variable guid="{G[3]}"', "name"),
    ('typeOfVariable="Integer"', 'typeOfVariable="Colour"', "typeOfVariable"),
    ("<IntegerValue>2024</IntegerValue>", "<IntegerValue>soon</IntegerValue>", "IntegerValue"),
    ('startPosition="0" ', "", "startPosition"),
    ('<Case guid="', '<Case colour="red" guid="', "colour"),
    ("<AudioSelection", "<VideoSelection", "VideoSelection"),
    ('shape="Oval"', 'shape="Hexagon"', "shape"),
    (f'<Edge guid="{G[2]}" sourceVertex="{G[1]}"', f'<Edge guid="{G[2]}"', "sourceVertex"),
    ('firstX="0" firstY="0" secondX="9"', 'firstY="0" secondX="9"', "firstX"),
    ('<Representation guid="', '<Representation name="r" guid="', None),  # the one a PDF source may hold: fine
    (f'<Graph guid="{G[0]}">', f'<Graph guid="{G[0]}"><Description>x</Description>', "Description"),
    ("<Cases>", "<Cases/><Cases>", "Cases"),
    (EVERY_SECTION[EVERY_SECTION.index("<Links>"):EVERY_SECTION.index("</Links>") + 8], "<Links/>", "Links"),
])
def test_the_sections_this_app_does_not_use_are_held_to_the_standard(old, new, words):
    assert old in EVERY_SECTION
    found = problems(etree.fromstring(EVERY_SECTION.replace(old, new, 1)), "project")
    if words is None:
        assert found == []
    else:
        assert found and words in found[0], found


def test_a_codebooks_codes_hold_no_note_refs_and_its_sets_name_codes_by_guid(tmp_path):
    """The codebook's Code is not the project's: no NoteRef in it; its Set's MemberCode says guid, not targetGUID."""
    code = f'<Code guid="{G[1]}" name="Detention" isCodable="true"><Description>d</Description>{{}}</Code>'
    sets = f'<Sets><Set guid="{G[2]}" name="s"><MemberCode {{}}="{G[1]}"/></Set></Sets>'
    book = f'<CodeBook xmlns="{CODEBOOK_NS}" origin="x"><Codes>{{}}</Codes>{{}}</CodeBook>'
    assert problems(etree.fromstring(book.format(code.format(""), sets.format("guid"))), "codebook") == []
    with_note = etree.fromstring(book.format(code.format(f'<NoteRef targetGUID="{G[3]}"/>'), ""))
    assert "NoteRef" in problems(with_note, "codebook")[0]
    assert "targetGUID" in problems(etree.fromstring(book.format(code.format(""), sets.format("targetGUID"))),
                                    "codebook")[0]
    (tmp_path / "notes.qdc").write_bytes(etree.tostring(with_note))
    with pytest.raises(CodebookRefused, match="NoteRef"):
        read_codebook(tmp_path / "notes.qdc")


def test_selections_in_sources_other_than_pdfs_are_reported_not_anchored(themed, tmp_path):
    """A project from a tool that codes interviews, pictures and recordings too: those are listed, with why."""
    library = themed[0]
    before = counts(library)
    result = import_file(library, project_with(tmp_path, {"project.qde": EVERY_SECTION}))
    reasons = {item.source_id: item.reason for item in result.items}
    assert reasons == {
        "interview, selection 1": "it is in a text source, and this app anchors passages in PDFs only",
        f"{G[8]}, selection 1": "it is in a picture source, and this app anchors passages in PDFs only",
        f"{G[10]}, selection 1": "it is in a recording source, and this app anchors passages in PDFs only",
        f"{G[10]}, selection 2": "it is in a recording source, and this app anchors passages in PDFs only",
        f"{G[6]}, selection 1": "it is in a video source, and this app anchors passages in PDFs only",
        f"{G[9]}, selection 1": "the annotation names no document this app can find (no SHA-256, PDF fingerprint or "
                                "address)",  # a PDF source whose file the project does not hold
    }
    assert not result.anchored and counts(library)[0] == before[0]
