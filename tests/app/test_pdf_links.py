"""Which links the viewer may follow: jumps within the document, and web or mail addresses (after
asking); launching programs, other files, ``file:`` and ``javascript:`` addresses never."""

from __future__ import annotations

import pymupdf

from app.pdf.links import BLOCKED, GOTO, URI, classify, page_links

RECT = pymupdf.Rect(10, 10, 50, 20)


def test_each_kind_of_link_is_sorted_by_what_may_be_done_with_it():
    def kind(raw):
        found = classify({"from": RECT, **raw}, page_count=3)
        return found and (found.kind, found.target or found.page)

    assert kind({"kind": pymupdf.LINK_URI, "uri": "https://example.org/a?b=1"}) == (URI, "https://example.org/a?b=1")
    assert kind({"kind": pymupdf.LINK_URI, "uri": "mailto:office@example.org"}) == (URI, "mailto:office@example.org")
    assert kind({"kind": pymupdf.LINK_URI, "uri": "javascript:alert(1)"}) == (BLOCKED, "javascript:alert(1)")
    assert kind({"kind": pymupdf.LINK_URI, "uri": "file:///etc/passwd"}) == (BLOCKED, "file:///etc/passwd")
    assert kind({"kind": pymupdf.LINK_LAUNCH, "file": "/bin/sh"}) == (BLOCKED, "/bin/sh")
    assert kind({"kind": pymupdf.LINK_GOTOR, "file": "other.pdf", "page": 1}) == (BLOCKED, "other.pdf")
    assert kind({"kind": pymupdf.LINK_GOTO, "page": 2, "to": pymupdf.Point(0, 140)}) == (GOTO, 2)
    assert kind({"kind": pymupdf.LINK_GOTO, "page": 7}) is None  # past the last page: leads nowhere
    assert kind({"kind": pymupdf.LINK_URI, "uri": "  "}) is None


def test_links_are_read_from_a_page_and_a_damaged_page_has_none(tmp_path):
    document = pymupdf.open()
    for _ in range(2):
        document.new_page()
    document[0].insert_link({"kind": pymupdf.LINK_GOTO, "from": RECT, "page": 1, "to": pymupdf.Point(0, 100)})
    document = pymupdf.open("pdf", document.tobytes())
    [link] = page_links(document, 0)
    assert link.kind == GOTO and link.page == 1 and link.y == 100 and link.contains(20, 15)
    assert page_links(document, 9) == ()
