"""Exports read back by each format's own library and checked field by field against the library."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser

import pytest

from app.export import export_annotations
from app.export.options import ExportOptions
from app.services import annotations as notes
from app.services.citing import cite_annotation
from app.services.documents import document_details
from app.services.search import AnnotationFilters
from app.services.structure import correct_document
from app.store.models import Annotation
from tests.app.test_search import library_with_passages  # noqa: F401 - a fixture

QUOTE_NOTE = 'He said "no", then left;\nsecond line, with commas'
FORMULAS = ['=HYPERLINK("http://evil","click")', "+1 call", "-2 beds", "@SUM(A1)"]
RTL = "\u0627\u0644\u062a\u0639\u0630\u064a\u0628 \u0645\u062d\u0638\u0648\u0631 \U0001F600 \u05e9\u05dc\u05d5\u05dd"


@pytest.fixture
def exported(library_with_passages):
    """The search fixture's library with the awkward text users bring: quotes, formulas, right to left."""
    library, passages, ids, russia, news = library_with_passages
    correct_document(library, russia, reference="CPT/Inf (2019) 23 & 100%", publisher="Council of Europe")
    correct_document(library, news, title=RTL)
    notes.set_note(library, passages["beds"].uuid, QUOTE_NOTE)
    notes.set_note(library, passages["beatings"].uuid, FORMULAS[0])
    notes.set_note(library, passages["withdrawal"].uuid, FORMULAS[1] + "\n" + FORMULAS[2])
    notes.set_note(library, passages["rules"].uuid, FORMULAS[3])
    with library.writing() as session:
        # A quote as a PDF in Arabic and Hebrew would give it, with an emoji a user typed.
        session.query(Annotation).filter_by(uuid=passages["rules"].uuid).update({"quote": RTL})
    return library, passages, ids, russia, news


def expected(library):
    """Every live annotation as the library holds it, in the export's default order (by place)."""
    rows = []
    for document_id in (1, 2):
        info = document_details(library, document_id).info
        for annotation in notes.list_annotations(library, document_id):
            rows.append((annotation, info, cite_annotation(library, annotation.uuid).citation))
    return rows


def test_csv_holds_every_field_exactly_and_no_formula_runs(exported, tmp_path):
    library = exported[0]
    target = tmp_path / "out.csv"
    outcome = export_annotations(library, target, "csv")
    assert outcome.annotations == 4 and not outcome.cancelled
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    with target.open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.DictReader(file))
    assert len(read) == 4
    for row, (annotation, info, citation) in zip(read, expected(library)):
        note = "'" + annotation.note if annotation.note.startswith(("=", "+", "-", "@")) else annotation.note
        quote = annotation.quote
        assert row["Annotation ID"] == annotation.uuid
        assert row["Quote"] == quote and row["Note"] == note and row["Citation"] == citation
        assert row["Tags"] == "; ".join(t.code or t.label for t in annotation.tags)
        assert row["Document"] == info.title and row["Reference"] == (info.reference or "")
        assert row["Page"] == "1" if annotation.page_index == 0 else "2"
        assert row["SHA-256"] == info.sha256 and row["Imported"] == info.added_at.isoformat()
        assert row["Colour"] == annotation.color and row["Created"] == annotation.created_at.isoformat()
        assert row["Publisher"] == (info.publisher or "") and row["Published"] == (info.published or "")
    notes_read = [row["Note"] for row in read]
    assert QUOTE_NOTE in notes_read  # quotes, commas, semicolons and a newline inside one cell
    assert "'" + FORMULAS[0] in notes_read and "'" + FORMULAS[3] in notes_read
    assert "'" + FORMULAS[1] + "\n" + FORMULAS[2] in notes_read
    assert RTL in [row["Quote"] for row in read] and RTL in [row["Document"] for row in read]


def test_csv_fields_in_the_order_chosen(exported, tmp_path):
    library = exported[0]
    target = tmp_path / "few.csv"
    export_annotations(library, target, "csv", options=ExportOptions(fields=("page", "quote")))
    with target.open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.reader(file))
    assert read[0] == ["Page", "Quote"] and read[1] == ["1", "Restraint beds were used"]


def test_xlsx_cells_are_text_never_formulas(exported, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    library = exported[0]
    target = tmp_path / "out.xlsx"
    export_annotations(library, target, "xlsx")
    sheet = openpyxl.load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 4
    for row, (annotation, info, citation) in zip(rows, expected(library)):
        assert row["Annotation ID"].value == annotation.uuid
        assert row["Quote"].value == annotation.quote and row["Note"].value == annotation.note
        assert row["Citation"].value == citation and row["SHA-256"].value == info.sha256
        assert row["Document"].value == info.title
        for cell in row.values():
            assert cell.data_type in ("s", "inlineStr")  # text, whatever it starts with; never "f"
        if annotation.note.startswith(("=", "+", "-", "@")):
            assert row["Note"].quotePrefix
    assert FORMULAS[0] in [row["Note"].value for row in rows] and RTL in [row["Quote"].value for row in rows]


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._tag: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("blockquote", "p", "h2"):
            self._tag = tag
            self.found.append((tag + "." + (dict(attrs).get("class") or ""), ""))

    def handle_endtag(self, tag):
        self._tag = None

    def handle_data(self, data):
        if self._tag:
            tag, text = self.found[-1]
            self.found[-1] = (tag, text + data)


def test_html_quotes_citations_notes_and_headings(exported, tmp_path):
    library = exported[0]
    target = tmp_path / "out.html"
    export_annotations(library, target, "html", options=ExportOptions(group_by="document", title="<Brief>"))
    page = target.read_text(encoding="utf-8")
    assert "<title>&lt;Brief&gt;</title>" in page and 'dir="auto"' in page
    parser = _Blocks()
    parser.feed(page)
    quotes = [text for tag, text in parser.found if tag == "blockquote."]
    citations = [text for tag, text in parser.found if tag == "p.citation"]
    headings = [text for tag, text in parser.found if tag == "h2."]
    rows = expected(library)
    assert quotes == [annotation.quote for annotation, _, _ in rows]
    assert citations == [citation for _, _, citation in rows]
    assert "Note: " + QUOTE_NOTE in [text for tag, text in parser.found if tag == "p.note"]
    assert headings == ["ru (CPT/Inf (2019) 23 & 100%)", RTL]


def test_markdown_quotes_escaped_and_grouped_by_treaty(exported, tmp_path):
    library = exported[0]
    target = tmp_path / "out.md"
    export_annotations(library, target, "md", options=ExportOptions(group_by="treaty"))
    text = target.read_text(encoding="utf-8")
    assert text.index("## European Convention on Human Rights") < text.index("> Restraint beds were used")
    assert text.index("> beatings during arrest") < text.index("## No treaty") < text.index(f"> {RTL}")
    assert "\u2014 [CPT/Inf (2019) 23 & 100%, p. 1](rights-annotator://annotation/" in text  # linked to the passage
    # Markdown shows "\\=" as "=": a line of "=" would otherwise underline the line above as a heading.
    assert 'Note: \\=HYPERLINK("http://evil","click")' in text and "Note: @SUM(A1)" in text
    assert "Note: He said \"no\", then left;\nsecond line, with commas" in text


def test_docx_quotations_under_headings_with_right_to_left_marked(exported, tmp_path):
    docx = pytest.importorskip("docx")
    library = exported[0]
    target = tmp_path / "brief.docx"
    export_annotations(library, target, "docx", options=ExportOptions(group_by="event", title="Brief"))
    paragraphs = docx.Document(str(target)).paragraphs
    styled = [(p.style.name, p.text) for p in paragraphs]
    assert styled[0] == ("Heading 1", "Brief")
    headings = [text for style, text in styled if style == "Heading 2"]
    assert headings == ["Withdrawal from ETS 126", "No event"]
    quotes = [text for style, text in styled if style == "Quote"]
    assert sorted(quotes) == sorted(f"\u201c{annotation.quote}\u201d" for annotation, _, _ in expected(library))
    for annotation, _, citation in expected(library):
        index = styled.index(("Quote", f"\u201c{annotation.quote}\u201d"))
        assert styled[index + 1] == ("Normal", citation)
    assert ("Normal", "Note: " + QUOTE_NOTE) in styled  # its line break kept
    rtl = next(p for p in paragraphs if p.text == f"\u201c{RTL}\u201d")
    assert rtl._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None


def test_jsonld_web_annotations_with_three_selectors(exported, tmp_path):
    library = exported[0]
    target = tmp_path / "out.jsonld"
    export_annotations(library, target, "jsonld")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 4
    for item, (annotation, info, citation) in zip(items, expected(library)):
        assert item["id"] == f"urn:uuid:{annotation.uuid}" and item["type"] == "Annotation"
        assert item["target"]["source"]["id"] == f"urn:sha256:{info.sha256}"
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        assert selectors["TextQuoteSelector"] == {"type": "TextQuoteSelector", "exact": annotation.quote,
                                                  "prefix": annotation.prefix, "suffix": annotation.suffix}
        assert (selectors["TextPositionSelector"]["start"], selectors["TextPositionSelector"]["end"]) == (
            annotation.start_offset, annotation.end_offset)
        assert selectors["FragmentSelector"]["value"] == f"page={annotation.page_index + 1}"
        bodies = {body["purpose"]: body["value"] for body in item["body"]}
        assert bodies["commenting"] == annotation.note and bodies["describing"] == citation
        tags = [body["value"] for body in item["body"] if body["purpose"] == "tagging"]
        assert tags == [t.code or t.label for t in annotation.tags]
        assert item["created"] == annotation.created_at.isoformat()


def test_csl_json_one_item_per_document(exported, tmp_path):
    library, _, _, russia, news = exported
    target = tmp_path / "refs.json"
    export_annotations(library, target, "csl-json")
    items = json.loads(target.read_text(encoding="utf-8"))
    assert [item["title"] for item in items] == ["ru", RTL]
    report = document_details(library, russia).info
    assert items[0] == {
        "id": "cpt-inf-2019-23-100", "type": "report", "title": "ru", "number": "CPT/Inf (2019) 23 & 100%",
        "publisher": "Council of Europe", "issued": {"date-parts": [[2019, 11, 5]]},
        "jurisdiction": "Russian Federation",
        "accessed": {"date-parts": [[report.added_at.year, report.added_at.month, report.added_at.day]]},
        "note": f"SHA-256: {report.sha256}\nrights-annotator://document/{report.sha256}?page=1",
    }
    assert items[1]["type"] == "article-newspaper" and items[1]["issued"] == {"date-parts": [[2025, 6, 2]]}
    assert items[1]["id"] == f"document{news}"  # a title in no Latin letters still gets a key


def test_bibtex_read_back_by_bibtexparser(exported, tmp_path):
    bibtexparser = pytest.importorskip("bibtexparser")
    library, _, _, russia, news = exported
    target = tmp_path / "refs.bib"
    export_annotations(library, target, "bibtex")
    parsed = bibtexparser.parse_string(target.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    report, article = parsed.entries
    info = document_details(library, russia).info
    assert (report.entry_type, report.key) == ("report", "cpt-inf-2019-23-100")
    fields = {key: field.value for key, field in report.fields_dict.items()}
    assert fields == {"title": "ru", "number": r"CPT/Inf (2019) 23 \& 100\%", "institution": "Council of Europe",
                      "date": "2019-11-05", "year": "2019", "urldate": info.added_at.date().isoformat(),
                      "note": f"SHA-256: {info.sha256}"}
    assert article.entry_type == "article" and article.fields_dict["title"].value == RTL


def test_annotated_pdf_copy_has_real_annotations(exported, tmp_path):
    import hashlib

    import pymupdf

    library, passages, _, russia, _ = exported
    info = document_details(library, russia).info
    stored = library.file_path(info.file_name)
    before = hashlib.sha256(stored.read_bytes()).hexdigest()
    target = tmp_path / "annotated.pdf"
    outcome = export_annotations(library, target, "pdf", filters=AnnotationFilters(documents=(russia,)))
    assert outcome.annotations == 2
    with pymupdf.open(target) as document:
        found = {
            annot.info["id"]: (page.number, annot.type[1], annot.info, annot.colors["stroke"], annot.vertices)
            for page in document for annot in page.annots()
        }
    assert len(found) == 4  # two highlights, and each one's note as an icon of its own
    for annotation in notes.list_annotations(library, russia):
        page_number, kind, info_, stroke, vertices = found[annotation.uuid]
        assert page_number == annotation.page_index and kind == "Highlight"
        assert info_["content"] == cite_annotation(library, annotation.uuid).citation
        assert info_["subject"] == "; ".join(t.code or t.label for t in annotation.tags)
        assert tuple(round(v * 255) for v in stroke) == tuple(
            int(notes.PALETTE[annotation.color][i : i + 2], 16) for i in (1, 3, 5))
        quad = annotation.targets[0].quads[0]
        assert vertices[0] == pytest.approx(quad[0:2], abs=0.01)
        assert vertices[3] == pytest.approx(quad[6:8], abs=0.01)
        _, icon_kind, icon_info, icon_stroke, _ = found[annotation.uuid + "-note"]
        assert icon_kind == "Text" and icon_info["content"] == annotation.note and icon_stroke == stroke
    assert QUOTE_NOTE in [info_["content"] for _, _, info_, _, _ in found.values()]  # quotes and a newline kept
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == before == info.sha256  # the library's file untouched


def test_pdf_notes_are_icons_in_the_margin_beside_their_passages(library, tmp_path):
    """Real positions: the passages found on the page by PyMuPDF, as the viewer's selection gives them."""
    from dataclasses import replace

    import pymupdf

    from app.services.importing import import_paths
    from tests.app.test_annotations import selection
    from tests.pdfs import make_pdf

    lines = [f"{n}. Paragraph {n}: the delegation heard allegations of ill-treatment." for n in range(1, 9)]
    [outcome] = import_paths(library, [make_pdf(tmp_path / "report.pdf", ["\n".join(lines)])])
    document = outcome.document
    source = pymupdf.open(library.file_path(document.file_name))

    def placed(phrase):
        chosen = selection(library, document.id, phrase)
        quad = source[0].search_for(phrase, quads=True)[0]
        corners = tuple(v for point in (quad.ul, quad.ur, quad.ll, quad.lr) for v in point)
        return replace(chosen, pages=(replace(chosen.pages[0], quads=(corners,)),))

    wanted = {"Paragraph 2": 'Ask for the registers; "urgent"\nsecond line', "Paragraph 3": "Compare with 2019",
              "Paragraph 7": "\u0627\u0644\u062a\u0639\u0630\u064a\u0628 \u0645\u062d\u0638\u0648\u0631"}
    made = {phrase: notes.create_annotation(library, notes.draft_from_selection(placed(phrase), note=note, color="green"))
            for phrase, note in wanted.items()}
    notes.create_annotation(library, notes.draft_from_selection(placed("Paragraph 5"), color="red"))  # no note
    target = tmp_path / "annotated.pdf"
    export_annotations(library, target, "pdf")
    with pymupdf.open(target) as copy:
        page = copy[0]
        words = [pymupdf.Rect(w[:4]) for w in page.get_text("words")]
        annots = {annot.info["id"]: annot for annot in page.annots()}
        icons = {name: annot for name, annot in annots.items() if annot.type[1] == "Text"}
        assert len(icons) == 3 and sum(a.type[1] == "Highlight" for a in annots.values()) == 4
        rects = []
        for phrase, annotation in made.items():
            icon = icons[annotation.uuid + "-note"]
            assert icon.info["content"] == wanted[phrase]  # the note, whole
            rect = icon.rect
            assert not any(rect.intersects(word) for word in words)  # never over the text
            assert rect.x0 >= max(word.x1 for word in words)  # in the right margin
            assert rect.x1 <= page.rect.x1
            assert rect.y0 == pytest.approx(annots[annotation.uuid].vertices[0][1], abs=0.5)  # beside its passage
            assert icon.colors["stroke"] == annots[annotation.uuid].colors["stroke"]  # the passage's colour
            rects.append(rect)
        assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])  # nor over each other


def test_a_large_export_reads_in_one_pass_with_the_same_rows(exported, tmp_path, monkeypatch):
    from app.export import rows

    library, passages, *_ = exported
    notes.trash(library, [passages["beatings"].uuid])  # the pass over the table must leave it out
    for text in ("", "restraint"):
        export_annotations(library, tmp_path / "batches.csv", "csv", text=text, sort="date", force=True)
        monkeypatch.setattr(rows, "SWEEP", 0)
        export_annotations(library, tmp_path / "pass.csv", "csv", text=text, sort="date", force=True)
        monkeypatch.setattr(rows, "SWEEP", 20_000)
        assert (tmp_path / "pass.csv").read_bytes() == (tmp_path / "batches.csv").read_bytes()
    with (tmp_path / "pass.csv").open(encoding="utf-8-sig", newline="") as file:
        assert [row["Quote"] for row in csv.DictReader(file)] == ["Restraint beds were used"]


def test_control_characters_do_not_break_xlsx_or_docx(exported, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    library, passages, *_ = exported
    with library.writing() as session:
        # A passage across a page break holds "\f"; text pasted from elsewhere can hold a bell.
        session.query(Annotation).filter_by(uuid=passages["beds"].uuid).update({"quote": "end of page\fnext\x07page"})
    export_annotations(library, tmp_path / "out.xlsx", "xlsx", options=ExportOptions(fields=("uuid", "quote")))
    cells = {row[0].value: row[1].value for row in openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2)}
    assert cells[passages["beds"].uuid] == "end of page next page"
    export_annotations(library, tmp_path / "out.docx", "docx")
    texts = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert "\u201cend of page next page\u201d" in texts  # the page break joined, as every export joins a quote


def test_every_column_from_sql_matches_the_rows_made_in_python(exported, tmp_path):
    """Cells SQL makes, and those it leaves to Python (several paragraphs, treaties, events), agree with the library."""
    from app.export.fields import FIELDS
    from app.export.rows import collect_rows

    library, passages, *_ = exported
    with library.writing() as session:
        session.query(Annotation).filter_by(uuid=passages["beds"].uuid).update({"paragraphs": ["45", "46", "47"]})
        session.query(Annotation).filter_by(uuid=passages["beatings"].uuid).update({"paragraphs": ["46"]})
    target = tmp_path / "all.csv"
    export_annotations(library, target, "csv", options=ExportOptions(fields=tuple(FIELDS)))
    with target.open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.reader(file))
    assert read[0] == [header for header, _ in FIELDS.values()]
    for cells, row in zip(read[1:], collect_rows(library), strict=True):
        made = [get(row) for _, get in FIELDS.values()]
        assert cells == ["'" + cell if cell.startswith(("=", "+", "-", "@")) else cell for cell in made]
    by_uuid = {cells[-1]: dict(zip(read[0], cells)) for cells in read[1:]}
    beds = by_uuid[passages["beds"].uuid]
    assert beds["Citation"] == cite_annotation(library, passages["beds"].uuid).citation == \
        "CPT/Inf (2019) 23 & 100%, paras. 45-47, p. 1"
    assert beds["Paragraphs"] == "45, 46, 47" and beds["Treaties"] == "European Convention on Human Rights"
    assert by_uuid[passages["beatings"].uuid]["Citation"] == "CPT/Inf (2019) 23 & 100%, para. 46, p. 2"
    assert by_uuid[passages["withdrawal"].uuid]["Events"] == "Withdrawal from ETS 126"


def test_formula_starts_are_guarded_in_every_text_column(exported, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    library, passages, ids, russia, news = exported
    correct_document(library, russia, title="=cmd|' /C calc'!A0", reference="")
    correct_document(library, news, publisher="+44 Outlet")
    options = ExportOptions(fields=("citation", "document", "publisher", "note"), template="{title}")
    export_annotations(library, tmp_path / "out.csv", "csv", options=options)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["Citation"] == rows[0]["Document"] == "'=cmd|' /C calc'!A0"
    assert rows[2]["Publisher"] == "'+44 Outlet"
    export_annotations(library, tmp_path / "out.xlsx", "xlsx", options=options)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    first = [cell for cell in sheet[2]]
    assert first[0].value == first[1].value == "=cmd|' /C calc'!A0"  # as written, and text: never run
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in first[:2])


def test_a_selection_exports_only_the_chosen_passages_in_the_chosen_order(exported, tmp_path):
    library, passages, *_ = exported
    chosen = (passages["rules"].uuid, passages["beds"].uuid)
    for format in ("csv", "md"):
        target = tmp_path / f"chosen.{format}"
        outcome = export_annotations(library, target, format, uuids=chosen, options=ExportOptions(fields=("quote",)))
        assert outcome.annotations == 2 and outcome.documents == 2
    with (tmp_path / "chosen.csv").open(encoding="utf-8-sig", newline="") as file:
        assert [row["Quote"] for row in csv.DictReader(file)] == ["Restraint beds were used", RTL]
    text = (tmp_path / "chosen.md").read_text(encoding="utf-8")
    assert "> Restraint beds were used" in text and "beatings" not in text


def test_a_cancelled_csv_export_leaves_no_file(exported, tmp_path):
    library = exported[0]
    folder = tmp_path / "out"
    folder.mkdir()
    outcome = export_annotations(library, folder / "x.csv", "csv", cancelled=lambda: True)
    assert outcome.cancelled and list(folder.iterdir()) == []


XML_FORBIDS = {"U+FFFE": "\ufffe", "U+FFFF": "\uffff", "a C0 control": "\x01", "escape": "\x1b", "a vertical tab": "\x0b"}


@pytest.mark.parametrize("bad", XML_FORBIDS.values(), ids=XML_FORBIDS.keys())
def test_characters_xml_forbids_in_a_note_do_not_break_xlsx_or_docx(exported, tmp_path, bad):
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    library, passages, *_ = exported
    notes.set_note(library, passages["beds"].uuid, f"before{bad}after")
    with library.writing() as session:
        session.query(Annotation).filter_by(uuid=passages["rules"].uuid).update({"quote": f"quoted{bad}text"})

    export_annotations(library, tmp_path / "out.xlsx", "xlsx", options=ExportOptions(fields=("uuid", "quote", "note")))
    rows = {row[0].value: (row[1].value, row[2].value)
            for row in openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(min_row=2)}
    export_annotations(library, tmp_path / "out.docx", "docx")
    texts = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]

    stand_in = " " if bad < " " else "\ufffd"
    assert rows[passages["beds"].uuid][1] == f"before{stand_in}after"
    assert rows[passages["rules"].uuid][0] == f"quoted{stand_in}text"
    assert f"Note: before{stand_in}after" in texts and f"\u201cquoted{stand_in}text\u201d" in texts


def test_a_lone_surrogate_in_a_docx_title_is_replaced(exported, tmp_path):
    docx = pytest.importorskip("docx")
    export_annotations(exported[0], tmp_path / "out.docx", "docx", options=ExportOptions(title="Brief \ud800 \udfff"))
    document = docx.Document(str(tmp_path / "out.docx"))
    assert document.paragraphs[0].text == "Brief \ufffd \ufffd" == document.core_properties.title


def test_xml_text_keeps_what_xml_allows_and_replaces_the_rest():
    from app.export.xml_text import xml_text

    allowed = "tab\tnewline\nreturn\r \u00e9 \U0001F600 \ufffd \ufffd\u00a0\x7f"
    assert xml_text(allowed) == allowed
    assert xml_text("a\x00b\x08c\x0cd\x1fe\ud800f\udc80g\ufffeh\uffff") == "a b c d e\ufffdf\ufffdg\ufffdh\ufffd"
