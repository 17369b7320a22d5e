"""The links on a page, read by PyMuPDF and sorted by what the viewer may do with them.

Only two kinds are ever followed: a jump to a page of the same document, and a web or mail
address, which opens in the browser after the user has seen the address and agreed. Every
other action a PDF can carry (launching a program or file, opening another document, a
``file:`` address, JavaScript) is never carried out. PyMuPDF does not run PDF JavaScript at
all (MuPDF's engine is never enabled), and a JavaScript link is not even reported as a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

GOTO = "goto"
URI = "uri"
BLOCKED = "blocked"
WEB_SCHEMES = ("http", "https", "mailto")

# PyMuPDF's link kinds (pymupdf.LINK_*), named here so this module loads without PyMuPDF.
_LINK_GOTO, _LINK_URI, _LINK_LAUNCH, _LINK_NAMED, _LINK_GOTOR = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class PageLink:
    kind: str  # GOTO, URI or BLOCKED
    rect: tuple[float, float, float, float]  # on the page, in PDF points (as the words are)
    target: str = ""  # the address (URI), or what the link asks for (BLOCKED)
    page: int = -1  # GOTO: the page index
    y: float = 0.0  # GOTO: how far down that page

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.rect
        return x0 <= x <= x1 and y0 <= y <= y1


def classify(raw: dict, page_count: int) -> PageLink | None:
    """One entry of ``page.get_links()`` as a PageLink; None when it leads nowhere."""
    rect = tuple(float(v) for v in raw["from"])
    kind = raw.get("kind")
    if kind in (_LINK_GOTO, _LINK_NAMED) and 0 <= raw.get("page", -1) < page_count:
        to = raw.get("to")
        return PageLink(GOTO, rect, page=raw["page"], y=max(0.0, float(to.y)) if to is not None else 0.0)
    if kind == _LINK_URI:
        uri = str(raw.get("uri") or "").strip()
        if not uri:
            return None
        if urlsplit(uri).scheme.lower() in WEB_SCHEMES:
            return PageLink(URI, rect, target=uri)
        return PageLink(BLOCKED, rect, target=uri)
    if kind in (_LINK_LAUNCH, _LINK_GOTOR):
        return PageLink(BLOCKED, rect, target=str(raw.get("file") or raw.get("uri") or "a file"))
    return None


def page_links(document, page_index: int) -> tuple[PageLink, ...]:  # noqa: ANN001 - a pymupdf.Document
    """The links of one page; none when the page cannot be read (a damaged page has no links)."""
    try:
        page = document.load_page(page_index)
    except Exception:  # noqa: BLE001 - MuPDF raises plain exceptions on damaged pages
        return ()
    return links_on(page, document.page_count)


def links_on(page, page_count: int) -> tuple[PageLink, ...]:  # noqa: ANN001 - a pymupdf.Page
    """The links of a page already loaded; none when they cannot be read."""
    try:
        raw_links = page.get_links()
    except Exception:  # noqa: BLE001 - MuPDF raises plain exceptions on damaged pages
        return ()
    found = (classify(raw, page_count) for raw in raw_links)
    return tuple(link for link in found if link is not None)
