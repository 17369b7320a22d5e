"""The page reader answers typed requests with replies that hold what they answer."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from app.pdf.page_pixels import CanvasView
from app.pdf.reader_messages import (
    DAMAGED,
    WRONG_PASSWORD,
    Error,
    Failed,
    FirstPageWish,
    Found,
    Image,
    Open,
    Opened,
    PageRead,
    Ping,
    Pong,
    Quit,
    Render,
    Search,
    Words,
)
from app.pdf.render_process import serve
from tests.pdfs import make_pdf


@pytest.fixture
def reader():
    """The window's end of a reader serving in a thread of this process."""
    window_end, reader_end = multiprocessing.Pipe(duplex=True)
    thread = threading.Thread(target=serve, args=(reader_end,), daemon=True)
    thread.start()
    yield window_end
    window_end.send(Quit())
    thread.join(10)
    assert not thread.is_alive()
    window_end.close()
    reader_end.close()


def _ask(connection, request):
    connection.send(request)
    assert connection.poll(10)
    return connection.recv()


def test_each_request_is_answered_by_its_own_kind_of_reply(reader, tmp_path):
    path = make_pdf(tmp_path / "a.pdf", ["Alpha beta gamma.\nDelta epsilon.", "Second page."])
    assert _ask(reader, Ping()) == Pong(Ping())
    assert isinstance(_ask(reader, Words(0)), Error)  # nothing is open yet

    first = Open(str(path), first=FirstPageWish(1, None, 297.5, None))
    opened = _ask(reader, first)
    assert opened == Opened(first, 2, 0.5, (595.0, 842.0))  # the scale that fits 297.5 pixels across
    image = reader.recv()  # the first page follows unasked, for the window to keep
    assert image == Image(first, 298, 421, 298 * 4, fresh=True, keep=True)
    view = CanvasView()
    view.receive(reader, image.fresh)
    view.give_away()

    render = Render(0, 1.0, (0, 0, 100, 50))
    image = _ask(reader, render)
    assert image == Image(render, 100, 50, 400, fresh=True, keep=False)  # the kept canvas is not drawn on again
    view.receive(reader, image.fresh)

    words = _ask(reader, Words(0))
    assert isinstance(words, PageRead) and words.request == Words(0)
    assert [word.text for word in words.words.words][:2] == ["Alpha", "beta"] and words.links == ()
    found = _ask(reader, Search("gamma. delta", 0))
    assert isinstance(found, Found) and found.request == Search("gamma. delta", 0) and len(found.hits) == 1
    missing = _ask(reader, Render(9, 1.0))
    assert isinstance(missing, Error) and missing.request == Render(9, 1.0)


def test_an_open_that_fails_says_why_and_answers_its_request(reader, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf at all")
    request = Open(str(broken))
    failed = _ask(reader, request)
    assert isinstance(failed, Failed) and failed.request == request and failed.kind == DAMAGED
    locked = make_pdf(tmp_path / "locked.pdf", ["Secret."], user_password="right")
    request = Open(str(locked), "wrong")
    assert _ask(reader, request).kind == WRONG_PASSWORD
    assert "wrong" not in repr(request)  # a password stays out of what an error message shows


def test_what_is_no_request_is_refused_not_guessed_at(reader):
    assert isinstance(_ask(reader, ("render", 0, 1.0)), Error)
