"""Which links the viewer may follow: jumps within the document, and web or mail addresses (after
asking); launching programs, other files, ``file:`` and ``javascript:`` addresses, and mail
links that attach a file, never. An address is shown with nothing in it hidden or reversed."""

from __future__ import annotations

import pymupdf
import pytest

from app.pdf.links import BLOCKED, GOTO, URI, classify, page_links, shown_address

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


@pytest.mark.parametrize("uri", [
    "mailto:office@example.org?attach=/etc/passwd",
    "mailto:office@example.org?subject=Report&Attachment=~/.ssh/id_rsa",
    "MAILTO:office@example.org?attachment=%2Fhome%2Fme%2Fnotes.db",
    "mailto:office@example.org?att%61ch=/etc/passwd",  # the name percent-encoded
    "mailto:office@example.org?att%2561ch=/etc/passwd",  # and encoded twice
    "mailto:office@example.org%3Fattach=/etc/passwd",  # the "?" itself encoded
    "mailto:office@example.org?subject=x%26attach=/etc/passwd",
    "mailto:office@example.org?subject=x&amp;attach=/etc/passwd",
    "mailto:office@example.org?body=hi&%20attach%20=/etc/passwd",
])
def test_a_mail_link_that_attaches_a_file_is_refused(uri):
    found = classify({"from": RECT, "kind": pymupdf.LINK_URI, "uri": uri}, page_count=1)
    assert (found.kind, found.target) == (BLOCKED, uri)


@pytest.mark.parametrize("uri", [
    "mailto:office@example.org?subject=Attached%20report&body=See%20the%20attachment",
    "https://example.org/attach=1?attachment=2",  # a web address attaches nothing
])
def test_mail_and_web_links_without_an_attachment_are_offered(uri):
    assert classify({"from": RECT, "kind": pymupdf.LINK_URI, "uri": uri}, page_count=1).kind == URI


@pytest.mark.parametrize(("address", "shown"), [
    # A right-to-left override would make this read "https://example.org/exe.jpg".
    ("https://example.org/\u202egpj.exe", "https://example.org/\\u202egpj.exe"),
    ("https://exam\u200bple.org/\u2066a\u2069", "https://exam\\u200bple.org/\\u2066a\\u2069"),
    ("https://example.org/a\x1b[2Jb\r\n", "https://example.org/a\\x1b[2Jb\\x0d\\x0a"),
    # Letters are decoded; what would read as another part, or hide, stays encoded.
    ("https://ru.example/%D0%B6%D0%B0/%E2%80%AEgpj.exe", "https://ru.example/жа/%E2%80%AEgpj.exe"),
    ("https://example.org/a%2Fb%40c%3Fd%20e%25f", "https://example.org/a%2Fb%40c%3Fd%20e%25f"),
    ("https://example.org/%FF%41", "https://example.org/%FF%41"),  # not UTF-8: left as written
    ("https://example.org/caf%C3%A9?q=%C3%A9t%C3%A9", "https://example.org/café?q=été"),
])
def test_an_address_is_shown_with_bidi_and_invisible_characters_as_escapes(address, shown):
    assert shown_address(address) == shown
