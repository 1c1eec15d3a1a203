"""Text inside attachments (Word, PDF, Excel), for the privacy scan.

Teachers attach sign-up sheets and rosters; an ID-card or bank-card number in
one is as public as one in the page. Extraction is bounded (pages, characters)
and never raises: a file that cannot be read yields no text, and the media
rules already say what is wrong with it.
"""

from __future__ import annotations

import logging
from pathlib import Path

MAX_PAGES = 300
MAX_CHARS = 2_000_000


def _docx(path: Path) -> list[str]:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return parts


def _pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]


def _xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True, data_only=True)
    try:
        return [" ".join("" if v is None else str(v) for v in row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


READERS = {".docx": _docx, ".pdf": _pdf, ".xlsx": _xlsx}


def attachment_text(path: Path) -> list[str]:
    """The file's text in parts (pages for a PDF, paragraphs and rows otherwise); [] when unreadable."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return []
    try:
        parts = reader(path)
    except Exception:  # a malformed file may raise anything from deep inside its parser
        return []
    out, total = [], 0
    for part in parts:
        out.append(part[: MAX_CHARS - total])
        total += len(out[-1])
        if total >= MAX_CHARS:
            break
    return out
