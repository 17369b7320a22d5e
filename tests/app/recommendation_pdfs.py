"""Reports laid out as the CPT and the treaty bodies print them, with their recommendations known.

Paragraphs are flowed by MuPDF's HTML layout, so a recommendation set in bold or a comment in
italics starts and ends mid-line, inside its paragraph, as in a real report; each page has a
running header and a page number.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from app.library import Library
from app.services.importing import import_paths
from app.services.structure import correct_document

TOP, BOTTOM = 70.0, 780.0
WIDTH = 595


def write_report(path: Path, header: str, blocks: list[str]) -> Path:
    """``blocks`` of HTML (one paragraph, heading or appendix line each) flowed over A4 pages."""
    document = pymupdf.open()
    css = "p { font-family: sans-serif; font-size: 11pt; margin: 0 0 7pt 0; } h2 { font-size: 12pt; margin: 8pt 0 6pt 0; }"
    page, y = None, BOTTOM
    for block in blocks:
        if page is None or y > BOTTOM - 40:
            page, y = _new_page(document, header), TOP
        spare, _scale = page.insert_htmlbox(pymupdf.Rect(70, y, WIDTH - 70, BOTTOM), block, css=css, scale_low=1)
        if spare < 0:  # did not fit: on the next page whole
            page, y = _new_page(document, header), TOP
            spare, _scale = page.insert_htmlbox(pymupdf.Rect(70, y, WIDTH - 70, BOTTOM), block, css=css, scale_low=1)
        y = BOTTOM - spare + 4
    document.save(path)
    document.close()
    return path


def _new_page(document: pymupdf.Document, header: str) -> pymupdf.Page:
    page = document.new_page(width=WIDTH, height=842)
    page.insert_text((70, 40), header, fontsize=9)
    page.insert_text((290, 815), str(document.page_count), fontsize=9)
    return page


FILLER = ("The delegation visited the establishment and interviewed detained persons in private; the "
          "records it examined were on the whole complete, and staff co-operated with the visit.")

# (paragraph, kind, text) of each item the CPT report below prints in bold or italics.
CPT_ITEMS = [
    ("9", "recommendation", "The CPT recommends that the authorities deliver a firm message of zero tolerance of "
                            "ill-treatment to all police officers, through a formal statement from the Minister."),
    ("11", "comment", "The CPT trusts that the new custody register will be introduced in every police station "
                      "without further delay."),
    ("14", "recommendation", "The Committee recommends that every prisoner be offered at least 4 square metres of "
                             "living space in multiple-occupancy cells."),
    ("14", "request", "The CPT would like to receive information on the measures taken to reduce the prison "
                      "population in the remand prison of Northport."),
    ("17", "request", "The Committee requests the authorities to provide the number of complaints of ill-treatment "
                      "lodged against prison staff in 2024 and their outcome."),
]


def cpt_report(path: Path, *, appendix_only: str | None = None) -> Path:
    """A CPT visit report: cover, numbered paragraphs with the CPT_ITEMS set in bold or italics, and an
    appendix listing them again with their paragraph numbers. ``appendix_only``: an item listed in the
    appendix alone (its paragraph, 16, prints it in plain type)."""
    items = {paragraph: [] for paragraph, _kind, _text in CPT_ITEMS}
    for paragraph, kind, text in CPT_ITEMS:
        tag = "i" if kind == "comment" else "b"
        items[paragraph].append(f"<{tag}>{text}</{tag}>")
    blocks = [
        "<p>CPT/Inf (2025) 12</p>",
        "<h2>Report to the Government of Examplia on the visit to Examplia carried out by the European Committee "
        "for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment (CPT)</h2>",
        "<p>Strasbourg, 20 June 2025</p>",
        "<h2>I. INTRODUCTION</h2>",
    ]
    for number in range(1, 21):
        body = f"{FILLER} In the {number}th establishment, the delegation heard no allegations of ill-treatment."
        if str(number) in items:
            body = f"{FILLER} {' '.join(items[str(number)])} The authorities informed the delegation of their plans."
        if number == 16 and appendix_only:
            body = f"{FILLER} {appendix_only} The management agreed."
        if number == 12:  # a word stressed in bold is not a recommendation
            body = f"{FILLER} The cells were <b>not</b> fitted with call bells."
        blocks.append(f"<p>{number}. {body}</p>")
        if number == 8:
            blocks.append("<h2>II. FACTS FOUND DURING THE VISIT AND ACTION PROPOSED</h2>")
    blocks += ["<h2>APPENDIX I</h2>", "<h2>List of the CPT's recommendations, comments and requests for information</h2>",
               "<p>Police custody</p>", "<p>Recommendations</p>"]
    # Listed again as in the report: in bold or italics, a recommendation's first word in lower case.
    for paragraph, kind, text in CPT_ITEMS:
        if kind == "recommendation":
            blocks.append(f"<p>- <b>{text[0].lower() + text[1:]}</b> (paragraph {paragraph});</p>")
    if appendix_only:
        blocks.append(f"<p>- <b>{appendix_only}</b> (paragraph 16);</p>")
    blocks.append("<p>Comments</p>")
    blocks += [f"<p>- <i>{text}</i> (paragraph {p});</p>" for p, kind, text in CPT_ITEMS if kind == "comment"]
    blocks.append("<p>Requests for information</p>")
    blocks += [f"<p>- <b>{text}</b> (paragraph {p});</p>" for p, kind, text in CPT_ITEMS if kind == "request"]
    return write_report(path, "CPT/Inf (2025) 12", blocks)


def cpt_response(path: Path) -> Path:
    """The government's response to :func:`cpt_report`: each recommendation quoted in bold, then answered."""
    blocks = ["<p>CPT/Inf (2025) 13</p>",
              "<h2>Response of the Government of Examplia to the report of the European Committee for the "
              "Prevention of Torture (CPT) on its visit to Examplia</h2>"]
    for number, (paragraph, _kind, text) in enumerate(CPT_ITEMS, start=1):
        blocks.append(f"<p>{number}. As regards paragraph {paragraph}: <b>{text}</b> The Ministry has issued "
                      "instructions to every establishment, and their application is monitored each month.</p>")
    return write_report(path, "CPT/Inf (2025) 13", blocks)


# Paragraphs of the concluding observations below that open with the Committee recommending.
OBSERVATION_PARAGRAPHS = ["8", "10", "13", "15"]


def concluding_observations(path: Path) -> Path:
    """A treaty body's concluding observations: concerns, then paragraphs that ask the State party to act."""
    asks = {"8": "The Committee recommends that the State party adopt a definition of torture that covers all the "
                 "elements of article 1 of the Convention.",
            "10": "The Committee urges the State party to ensure that all detained persons are afforded all "
                  "fundamental legal safeguards from the very outset of their deprivation of liberty.",
            "13": "The Committee calls upon the State party to investigate promptly, impartially and effectively "
                  "all allegations of torture and ill-treatment by law enforcement officials.",
            "15": "The Committee also recommends that the State party reduce overcrowding in places of detention."}
    blocks = ["<p>CAT/C/EXA/CO/3</p>", "<h2>Committee against Torture</h2>",
              "<h2>Concluding observations on the third periodic report of Examplia</h2>",
              "<h2>A. Introduction</h2>"]
    for number in range(1, 18):
        body = asks.get(str(number)) or (
            f"The Committee is concerned at reports that persons deprived of their liberty in the {number}th "
            "region were not informed of their rights (arts. 2 and 11). The Committee recalls its previous "
            "concluding observations and notes the information provided by the delegation.")
        blocks.append(f"<p>{number}. {body}</p>")
    return write_report(path, "CAT/C/EXA/CO/3", blocks)


# Three visits to Examplia: what the CPT recommended in 2016, again in 2020 and again in 2024.
ITEMS_2016 = ["The CPT recommends that the authorities install call bells in all cells of police stations.",
              "The CPT recommends that every prisoner be offered at least 4 square metres of living space in "
              "multiple-occupancy cells."]
ITEMS_2020 = ["The CPT reiterates its recommendation that call bells be installed in all cells of the police "
              "stations.",
              "The CPT recommends that the authorities ensure that every prisoner is offered at least 4 square metres "
              "of living space in multiple-occupancy cells.",
              "The CPT recommends that a doctor examine every newly arrived prisoner within 24 hours."]
ITEMS_2024 = ["The CPT recommends once again that every prisoner be offered at least 4 square metres of living "
              "space in multiple-occupancy cells.",
              "The CPT recommends that the remand prison of Northport be closed."]


def visit_report(path: Path, symbol: str, items: list[str]) -> Path:
    """A short CPT report on Examplia with ``items`` in bold, one in each of paragraphs 3, 4 ..."""
    blocks = [f"<p>{symbol}</p>", "<h2>Report to the Government of Examplia on the visit carried out by the CPT</h2>"]
    for number in range(1, 8):
        item = items[number - 3] if 3 <= number < 3 + len(items) else None
        blocks.append(f"<p>{number}. {FILLER}{f' <b>{item}</b>' if item else ''} The authorities informed the "
                      "delegation of their plans.</p>")
    return write_report(path, symbol, blocks)


def visits(library: Library, folder: Path) -> list[int]:
    """The three visit reports imported, dated and placed in Examplia: their document ids, oldest first."""
    paths = [visit_report(folder / "2016.pdf", "CPT/Inf (2016) 4", ITEMS_2016),
             visit_report(folder / "2020.pdf", "CPT/Inf (2020) 9", ITEMS_2020),
             visit_report(folder / "2024.pdf", "CPT/Inf (2024) 31", ITEMS_2024)]
    outcomes = import_paths(library, paths)
    assert all(outcome.document for outcome in outcomes), [outcome.reason for outcome in outcomes]
    ids = [outcome.document.id for outcome in outcomes]
    for document_id, date in zip(ids, ("2016-05-02", "2020-11-17", "2024-12-03"), strict=True):
        correct_document(library, document_id, country="Examplia", published=date, kind="cpt_report")
    return ids
