"""Small PDFs made on the fly, so each test says exactly what its input holds."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def make_pdf(
    path: Path,
    pages: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    labels: list[dict] | None = None,
    toc: list[list] | None = None,
    user_password: str | None = None,
) -> Path:
    document = pymupdf.open()
    for text in pages:
        page = document.new_page(width=595, height=842)
        if text:
            page.insert_textbox(pymupdf.Rect(50, 50, 545, 792), text, fontsize=11, fontname="helv")
    if title or author:
        document.set_metadata(
            {"title": title or "", "author": author or "", "creationDate": "D:20240312101500+01'00'"}
        )
    if labels:
        document.set_page_labels(labels)
    if toc:
        document.set_toc(toc)
    options: dict = {}
    if user_password:
        options = dict(
            encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_password, owner_pw=user_password + "-owner"
        )
    document.save(path, **options)
    document.close()
    return path


def make_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scan': pages that carry a picture and no text."""
    document = pymupdf.open()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pixmap.set_rect(pixmap.irect, (200, 200, 180))
    for _ in range(pages):
        page = document.new_page(width=595, height=842)
        page.insert_image(pymupdf.Rect(50, 50, 545, 792), pixmap=pixmap)
    document.save(path)
    document.close()
    return path
