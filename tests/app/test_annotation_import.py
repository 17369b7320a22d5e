"""Annotations in from other tools: this app's Web Annotations round trip into a fresh library,
Hypothesis's export anchors by quote on the same PDF, and a bad file is refused whole."""

from __future__ import annotations

import json
import uuid

import pytest

from app import cli
from app.export import export_annotations
from app.export.annotation_import import AnnotationImportRefused, import_file, pdf_fingerprints
from app.library import Library
from app.services import annotations as notes
from app.services.importing import import_paths
from app.services.links import create_link, links_of
from app.store.models import Annotation, AnnotationLink, Tag
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture


def passages_of(library):
    """(quote, note, tag names, page, document title) of every live annotation."""
    found = set()
    with library.reading() as session:
        for annotation in session.query(Annotation).filter(Annotation.deleted_at.is_(None)):
            names = tuple(sorted(tag.code or tag.label for tag in annotation.tags))
            found.add((annotation.quote, annotation.note, names, annotation.page_index, annotation.document.title))
    return found


def counts(library):
    with library.reading() as session:
        return session.query(Annotation).count(), session.query(Tag).count()


@pytest.fixture
def fresh(tmp_path):
    """A new library holding the same PDFs as the search fixture's (none of its tags or passages)."""
    with Library.open(tmp_path / "fresh") as library:
        outcomes = import_paths(library, [tmp_path / "ru.pdf", tmp_path / "news.pdf"])
        assert all(outcome.document for outcome in outcomes)
        yield library


def test_json_ld_round_trip_gives_back_every_passage_tag_and_note(library_with_passages, fresh, tmp_path):
    library, passages, *_ = library_with_passages
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    result = import_file(fresh, tmp_path / "out.jsonld")
    assert result.format == "jsonld" and not result.failed
    assert len(result.of("anchored")) == len(passages), result.summary
    assert passages_of(fresh) == passages_of(library)
    assert {item.uuid for item in result.items} == {p.uuid for p in passages.values()}  # the same identities
    assert set(result.created_tags) == {"ECHR Art. 3", "Withdrawal from ETS 126"}
    assert notes.get_annotation(fresh, passages["beds"].uuid).start_offset == passages["beds"].start_offset
    again = import_file(fresh, tmp_path / "out.jsonld")  # nothing twice
    assert len(again.of("present")) == len(passages) and counts(fresh)[0] == len(passages)


def links_in(library):
    """(source quote, kind, note, target quote, link uuid) of every link."""
    with library.reading() as session:
        quotes = dict(session.query(Annotation.id, Annotation.quote).all())
        return {(quotes[row.source_id], row.kind, row.note, quotes[row.target_id], row.uuid)
                for row in session.query(AnnotationLink)}


def linked(library, passages):
    create_link(library, passages["withdrawal"].uuid, passages["beds"].uuid, "responds to", "in the same week")
    create_link(library, passages["rules"].uuid, passages["beds"].uuid, "repeats")
    create_link(library, passages["beatings"].uuid, passages["beds"].uuid, "follows up")


def test_json_ld_round_trip_brings_the_links_back_between_the_same_passages(library_with_passages, fresh, tmp_path):
    library, passages, *_ = library_with_passages
    linked(library, passages)
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    result = import_file(fresh, tmp_path / "out.jsonld")
    assert not result.failed and len(result.of("anchored")) == len(passages)
    assert [link.status for link in result.links] == ["linked"] * 3, result.links
    assert passages_of(fresh) == passages_of(library)
    assert links_in(fresh) == links_in(library) and len(links_in(fresh)) == 3
    [answer] = [view for view in links_of(fresh, passages["withdrawal"].uuid)]
    assert (answer.outgoing, answer.link.kind, answer.link.note, answer.other.annotation_uuid) == (
        True, "responds to", "in the same week", passages["beds"].uuid)
    assert "links: 3 linked, 0 already in the library, 0 not linked" in result.summary
    again = import_file(fresh, tmp_path / "out.jsonld")
    assert [link.status for link in again.links] == ["present"] * 3 and len(links_in(fresh)) == 3


def test_a_link_whose_end_is_not_to_be_had_is_reported_and_the_rest_come_in(library_with_passages, fresh, tmp_path):
    library, passages, *_ = library_with_passages
    linked(library, passages)
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    data = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    items = data["first"]["items"]
    rules, beatings = f"urn:uuid:{passages['rules'].uuid}", f"urn:uuid:{passages['beatings'].uuid}"
    items.remove(next(item for item in items if item["id"] == rules))  # an end the file leaves out
    quoted = next(item for item in items if item["id"] == beatings)
    quoted["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "words this report never had"}]
    answer = next(item for item in items if item.get("label") == "responds to")
    items.append(dict(answer))  # the same link twice
    items.append({"type": "Annotation", "motivation": "linking", "id": f"urn:uuid:{uuid.uuid4()}",
                  "label": "contradicts", "target": {"id": "urn:uuid:not-a-uuid"},
                  "body": [f"rights-annotator://annotation/{passages['beds'].uuid}"]})
    (tmp_path / "partial.jsonld").write_text(json.dumps(data), encoding="utf-8")
    result = import_file(fresh, tmp_path / "partial.jsonld")
    by_kind = {}
    for link in result.links:
        by_kind.setdefault(link.kind, []).append((link.status, link.reason))
    assert by_kind["responds to"] == [("linked", ""), ("failed", "the file lists this link twice")]
    assert by_kind["repeats"] == [("failed", f"its source passage ({passages['rules'].uuid}) is neither in the file "
                                             "nor in the library")]
    assert by_kind["follows up"] == [("failed", f"its source passage ({passages['beatings'].uuid}) was not anchored")]
    assert by_kind["contradicts"] == [("failed", "its source passage is not named (by urn:uuid: or its "
                                                 "rights-annotator:// address)")]
    assert "1 linked, 0 already in the library, 4 not linked" in result.summary
    assert {kind for _, kind, *_ in links_in(fresh)} == {"responds to"}
    # Into the library that holds every end, the same file links what it names there.
    again = import_file(library, tmp_path / "partial.jsonld")
    assert {link.kind: link.status for link in again.links} == {
        "responds to": "present", "repeats": "present", "follows up": "present", "contradicts": "failed"}


def test_json_ld_into_the_same_library_finds_the_tags_by_slug(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    data = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    for item in data["first"]["items"]:
        del item["id"]  # as another program might write them: copies, not the same annotations
    (tmp_path / "copies.jsonld").write_text(json.dumps(data), encoding="utf-8")
    before = counts(library)
    result = import_file(library, tmp_path / "copies.jsonld", "jsonld")
    assert len(result.anchored) == len(passages) and not result.created_tags
    assert counts(library) == (before[0] + len(passages), before[1])
    assert len({quote for quote, *_ in passages_of(library)}) == len(passages)


def hypothesis_row(identity, quote, prefix="", suffix="", **extra):
    row = {
        "id": identity, "user": "acct:researcher@hypothes.is", "created": "2024-05-01T10:00:00.000000+00:00",
        "text": f"note on {quote}", "tags": ["ECHR Art. 3", "restraint"],
        "target": [{"source": "urn:x-pdf:0000", "selector": [
            {"type": "TextPositionSelector", "start": 3, "end": 3 + len(quote)},
            {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix},
        ]}],
        "document": {"title": ["ru"]},
    }
    row.update(extra)
    return row


def test_hypothesis_export_anchors_by_quote_on_the_pdf_its_fingerprint_names(library_with_passages, tmp_path):
    library, passages, *_ = library_with_passages
    fingerprint = pdf_fingerprints(tmp_path / "ru.pdf")[0]
    export = {"export_date": "2024-05-02", "annotations": [
        hypothesis_row("hyp1", "police station", prefix="were used in the ", suffix=" for hours",
                       document={"title": ["ru"], "documentFingerprint": fingerprint}),
        hypothesis_row("hyp2", "heard of beatings", uri=f"urn:x-pdf:{fingerprint}"),
        hypothesis_row("hyp3", "a sentence this report never had", uri=f"urn:x-pdf:{fingerprint}"),
        hypothesis_row("hyp4", "police station", uri="urn:x-pdf:ffffffffffffffffffffffffffffffff"),
    ]}
    (tmp_path / "hypothesis.json").write_text(json.dumps(export), encoding="utf-8")
    result = import_file(library, tmp_path / "hypothesis.json")
    assert result.format == "hypothesis"
    assert [(item.source_id, item.status) for item in result.items] == [
        ("hyp1", "anchored"), ("hyp2", "anchored"), ("hyp3", "failed"), ("hyp4", "failed")]
    assert "not in the document's text" in result.items[2].reason
    assert "not in the library" in result.items[3].reason
    made = notes.get_annotation(library, result.items[0].uuid)
    assert made.quote == "police station" and made.note == "note on police station"
    assert made.author == "researcher" and made.origin == "imported" and made.targets
    assert {tag.code or tag.label for tag in made.tags} == {"ECHR Art. 3", "restraint"}  # the first found, the second made
    assert result.created_tags == ("restraint",)
    assert len(import_file(library, tmp_path / "hypothesis.json").of("present")) == 2
    twice = [hypothesis_row("dup", "The delegation", uri=f"urn:x-pdf:{fingerprint}")] * 2
    (tmp_path / "twice.json").write_text(json.dumps(twice), encoding="utf-8")
    result = import_file(library, tmp_path / "twice.json")
    assert [item.status for item in result.items] == ["anchored", "failed"] and "twice" in result.items[1].reason


def saved(tmp_path, how):
    """A PDF written as tools write them: a classic trailer, a cross-reference stream (PDF 1.5), an
    incremental update on top of either, or with its /ID as a literal string."""
    import pymupdf

    from tests.pdfs import make_pdf

    path = make_pdf(tmp_path / "made.pdf", ["Some text.", "More text."])
    if how == "classic":
        return path
    target = tmp_path / f"{how}.pdf"
    with pymupdf.open(path) as pdf:
        pdf.save(target, use_objstms=how in ("xref stream", "xref stream, updated"), garbage=1)
    if how.endswith("updated"):
        with pymupdf.open(target) as pdf:
            pdf[0].insert_text((72, 200), "An added line.")
            pdf.saveIncr()
    if how == "literal":
        data = target.read_bytes()
        start = data.rindex(b"/ID")
        end = data.index(b"]", start)
        target.write_bytes(data[:start] + b"/ID[(abcdefghijklmnop)(abcdefghijklmnop)" + data[end:])
    return target


def mupdf_id(path):
    import pymupdf

    with pymupdf.open(path) as pdf:
        kind, raw = pdf.xref_get_key(-1, "ID")
    return raw


@pytest.mark.parametrize("how", ["classic", "classic, updated", "xref stream", "xref stream, updated"])
def test_pdf_fingerprint_is_the_trailer_id_as_pdf_js_gives_it_read_from_the_files_end(tmp_path, monkeypatch, how):
    from app.pdf import fingerprints

    path = saved(tmp_path, how)
    raw = mupdf_id(path)
    monkeypatch.setattr(fingerprints.pymupdf, "open", None)  # read from the file's end, not parsed whole
    assert pdf_fingerprints(path)[0] == raw[2:raw.index(">")].lower()
    assert len(pdf_fingerprints(path)) == 2  # and the MD5 of the first kilobyte, pdf.js's fallback


@pytest.mark.parametrize("how", ["classic", "xref stream"])
def test_a_pdf_without_an_id_is_known_by_its_first_kilobyte_without_being_parsed(tmp_path, monkeypatch, how):
    import hashlib
    import re

    from app.pdf import fingerprints

    path = saved(tmp_path, how)
    data = path.read_bytes()
    start = data.rindex(b"/ID")
    end = data.index(b"]", start) + 1
    path.write_bytes(data[:start] + b" " * (end - start) + data[end:])  # the same offsets, no /ID
    assert not re.search(rb"/ID\b", path.read_bytes()[-4096:])
    monkeypatch.setattr(fingerprints.pymupdf, "open", None)
    assert pdf_fingerprints(path) == (hashlib.md5(path.read_bytes()[:1024], usedforsecurity=False).hexdigest(),)


def test_a_trailer_the_files_end_does_not_give_is_read_by_mupdf(tmp_path, monkeypatch):
    import hashlib

    from app.pdf import fingerprints

    literal = saved(tmp_path, "literal")
    assert "(" in mupdf_id(literal) and pdf_fingerprints(literal) == (
        hashlib.md5(literal.read_bytes()[:1024], usedforsecurity=False).hexdigest(),)  # as before: the MD5 only
    cut = saved(tmp_path, "xref stream")
    data = cut.read_bytes()
    cut.write_bytes(data[:data.rindex(b"startxref")])  # no startxref: MuPDF repairs the file and finds the /ID
    repaired = pdf_fingerprints(cut)
    assert len(repaired) == 2
    opened = []
    real_open = fingerprints.pymupdf.open
    monkeypatch.setattr(fingerprints.pymupdf, "open", lambda *args: opened.append(args) or real_open(*args))
    assert pdf_fingerprints(cut) == repaired and opened
    (tmp_path / "not.pdf").write_bytes(b"not a pdf")
    assert pdf_fingerprints(tmp_path / "not.pdf") == ()


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe not text", "not UTF-8"),
    (b"{not json", "not valid JSON"),
    (b'{"hello": 1}', "neither Web Annotations"),
    (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": [{"type": "Note"}]}}',
     "annotation 1: not a Web Annotation"),
    (b'[{"type": "Annotation", "target": {"source": "urn:sha256:00", "selector": {"type": "TextQuoteSelector", "exact": 5}}}]',
     "the quote is int"),
    (b'{"annotations": [{"uri": "x", "text": "\\ud800"}]}', "lone surrogate"),
    (b'{"annotations": "many"}', "lists its annotations"),
])
def test_bad_files_are_refused_whole_and_nothing_is_written(library_with_passages, tmp_path, content, words):
    library = library_with_passages[0]
    before = counts(library)
    (tmp_path / "bad.json").write_bytes(content)
    with pytest.raises(AnnotationImportRefused, match=words):
        import_file(library, tmp_path / "bad.json")
    assert counts(library) == before


def test_command_line_reports_what_it_could_not_anchor(library_with_passages, tmp_path, capsys):
    library = library_with_passages[0]
    fingerprint = pdf_fingerprints(tmp_path / "ru.pdf")[0]
    rows = [hypothesis_row("a", "police station", uri=f"urn:x-pdf:{fingerprint}"),
            hypothesis_row("b", "nowhere to be found at all", uri=f"urn:x-pdf:{fingerprint}")]
    (tmp_path / "h.json").write_text(json.dumps(rows), encoding="utf-8")
    data_dir = str(library.root)
    library.close()
    code = cli.main(["--data-dir", data_dir, "import-annotations", str(tmp_path / "h.json"), "--format", "hypothesis"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_FAILED
    assert "1 anchored" in out and "1 not anchored" in out
    assert "not anchored: b" in err and "not in the document's text" in err
    assert cli.main(["--data-dir", data_dir, "import-annotations", str(tmp_path / "missing.json")]) == cli.EXIT_FAILED
    assert "no such file" in capsys.readouterr().err


def test_command_line_reports_the_links_it_could_not_make(library_with_passages, tmp_path, capsys):
    library, passages, *_ = library_with_passages
    linked(library, passages)
    export_annotations(library, tmp_path / "out.jsonld", "jsonld")
    data = json.loads((tmp_path / "out.jsonld").read_text(encoding="utf-8"))
    beds = f"urn:uuid:{passages['beds'].uuid}"
    data["first"]["items"] = [item for item in data["first"]["items"] if item["id"] != beds]
    (tmp_path / "out.jsonld").write_text(json.dumps(data), encoding="utf-8")
    with Library.open(tmp_path / "fresh") as fresh:
        import_paths(fresh, [tmp_path / "ru.pdf", tmp_path / "news.pdf"])
    library.close()
    code = cli.main(["--data-dir", str(tmp_path / "fresh"), "import-annotations", str(tmp_path / "out.jsonld")])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_FAILED and "3 anchored" in out and "links: 0 linked" in out and "3 not linked" in out
    assert "not linked: urn:uuid:" in err and "\u201cresponds to\u201d: its target passage" in err
    assert cli.main(["--data-dir", str(tmp_path / "fresh"), "import-annotations", "--json",
                     str(tmp_path / "out.jsonld")]) == cli.EXIT_FAILED
    report = json.loads(capsys.readouterr().out)
    assert {link["kind"]: link["status"] for link in report["links"]} == {
        "responds to": "failed", "repeats": "failed", "follows up": "failed"}
