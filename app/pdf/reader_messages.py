"""What the window and the page reader (``app.pdf.render_process``) say to each other.

Both sides import these types, so a request and its reply are spelled in one place. Every
reply holds the request it answers: the window checks it got the answer to what it asked,
rather than trusting that replies come in order.

Plain frozen dataclasses: a named tuple pickles no faster (measured: about 15 us for a
render request and its reply against 2 us for bare tuples, beside the milliseconds a page
takes to draw), and it would compare equal to any bare tuple, which the types are here to end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from app.pdf.links import PageLink
    from app.text.selection import PageWords, Quad

PixelBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the page at the scale asked for

NEEDS_PASSWORD = "password"
WRONG_PASSWORD = "wrong-password"
DAMAGED = "damaged"


# --- requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class FirstPageWish:
    """The page to render straight after an open, before the window knows the page's size:
    at ``scale``, or (``scale`` None) at the scale that fits the page in ``across`` x ``down``
    pixels (``down`` None: fits the width only)."""

    page: int
    scale: float | None
    across: float | None = None
    down: float | None = None

    def scale_for(self, width: float, height: float) -> float | None:
        """The scale for a page of ``width`` x ``height`` points."""
        if self.scale is not None or self.across is None:
            return self.scale
        if self.down is None:
            return self.across / width
        return min(self.across / width, self.down / height)


@dataclass(frozen=True)
class Ping:
    """Is the reader up and answering?"""


@dataclass(frozen=True)
class Quit:
    """Close every document and stop; not answered."""


@dataclass(frozen=True)
class Open:
    """Open ``path``; answered by :class:`Opened` (then an :class:`Image` of ``first`` when a
    scale was found for it) or :class:`Failed`. The reader keeps the document until the next."""

    path: str
    password: str | None = field(default=None, repr=False)  # kept out of error messages and logs
    first: FirstPageWish | None = None


@dataclass(frozen=True)
class Close:
    """Close the open document; not answered."""


@dataclass(frozen=True)
class Render:
    """Draw the page at ``scale``, or only ``clip`` of it; answered by :class:`Image`."""

    page: int
    scale: float
    clip: PixelBox | None = None


@dataclass(frozen=True)
class Words:
    """The page's words and links (both wanted for a page in view); answered by :class:`PageRead`."""

    page: int


@dataclass(frozen=True)
class Search:
    """Find ``text`` on the page; answered by :class:`Found`."""

    text: str
    page: int


Request = Union[Ping, Quit, Open, Close, Render, Words, Search]


# --- replies ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pong:
    request: Ping


@dataclass(frozen=True)
class Opened:
    request: Open
    page_count: int
    first_scale: float | None  # what ``request.first`` is drawn at; None when it is not drawn
    first_size: tuple[float, float] | None  # that page's width and height in points


@dataclass(frozen=True)
class Failed:
    request: Open
    kind: str  # NEEDS_PASSWORD, WRONG_PASSWORD or DAMAGED
    message: str  # for the user


@dataclass(frozen=True)
class Image:
    """The pixels are in the shared canvas (``app.pdf.page_pixels``); the canvas's descriptor
    follows on the connection when ``fresh``; with ``keep`` the window keeps that canvas."""

    request: Render | Open
    width: int
    height: int
    stride: int
    fresh: bool
    keep: bool


@dataclass(frozen=True)
class PageRead:
    request: Words
    words: PageWords
    links: tuple[PageLink, ...]


@dataclass(frozen=True)
class Found:
    request: Search
    hits: tuple[tuple[Quad, ...], ...]  # each hit as the quads of its line parts


@dataclass(frozen=True)
class Error:
    """The request could not be done (a damaged page, no document open)."""

    request: Request
    message: str


Reply = Union[Pong, Opened, Failed, Image, PageRead, Found, Error]
