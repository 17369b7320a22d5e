"""The links on a page, read by PyMuPDF and sorted by what the viewer may do with them.

Only two kinds are ever followed: a jump to a page of the same document, and a web or mail
address, which opens in the browser after the user has seen the address and agreed. A mail
address that asks to attach something (``mailto:...?attach=/home/me/.ssh/id_rsa``) is
refused, as mail clients attach the local file it names. Every
other action a PDF can carry (launching a program or file, opening another document, a
``file:`` address, JavaScript) is never carried out. PyMuPDF does not run PDF JavaScript at
all (MuPDF's engine is never enabled), and a JavaScript link is not even reported as a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from app.text.display_text import visible

GOTO = "goto"
URI = "uri"
BLOCKED = "blocked"
WEB_SCHEMES = ("http", "https", "mailto")
# A mailto parameter naming a file to attach, as mail clients read it (Thunderbird, Evolution, KMail).
_ATTACH = re.compile(r"(?:^|[?&;])\s*attach(?:ment)?s?\s*=", re.IGNORECASE)
# Characters whose percent-encoding is kept when an address is shown decoded: decoded, they
# would read as another part of the address (a "/" or "@" that is not one) or not be seen.
_KEPT_ENCODED = set(":/?#[]@!$&'()*+,;=%\\\"<>`{|}^ ")

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
        return PageLink(URI if followable(uri) else BLOCKED, rect, target=uri)
    if kind in (_LINK_LAUNCH, _LINK_GOTOR):
        return PageLink(BLOCKED, rect, target=str(raw.get("file") or raw.get("uri") or "a file"))
    return None


def followable(uri: str) -> bool:
    """True for web addresses and for mail addresses that attach nothing."""
    scheme = urlsplit(uri).scheme.lower()
    if scheme == "mailto":
        # Decoded whole, as a client may read "%3F" or "%26" in it as the start of a parameter.
        return not _ATTACH.search(_decoded(uri.split(":", 1)[1]))
    return scheme in WEB_SCHEMES


def _decoded(text: str) -> str:
    """``text`` percent-decoded until nothing changes: "att%2561ch" hides "attach" twice over."""
    for _ in range(8):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def shown_address(address: str) -> str:
    """The address as a person should read it before following it: percent-escapes decoded
    where they stand for plain letters (so "%D0%B6" reads "ж"), kept where decoding would
    change how the address reads or hide something, and every control, bidi or invisible
    character written as an escape (``\\u202e``)."""
    return visible(re.sub(r"(?:%[0-9A-Fa-f]{2})+", lambda run: _readable(run.group()), address), strict=True)


def _readable(run: str) -> str:
    """A run of percent-escapes, decoded character by character where that is safe."""
    try:
        text = bytes.fromhex(run.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return run  # not UTF-8 text: the escapes are what can be shown
    out, position = [], 0
    for char in text:
        width = 3 * len(char.encode("utf-8"))
        original = run[position : position + width]
        position += width
        out.append(original if char in _KEPT_ENCODED or visible(char, strict=True) != char else char)
    return "".join(out)


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
