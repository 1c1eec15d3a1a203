"""Text inside attachments (Word, Excel, PowerPoint, PDF, ZIP), for the privacy scan.

Teachers attach sign-up sheets and rosters; an ID-card or bank-card number in
one is as public as one in the page. Office files are read as what they are, zip
archives of XML parts, so that every part counts: a Word file's headers, footers,
footnotes, comments and nested tables, a workbook's hidden sheets and comments, a
presentation's slides and notes. A ZIP attachment is read member by member.
Extraction is bounded (pages, characters, bytes, depth) and never raises: a file
that cannot be read yields no text, and the media rules already say what is wrong.
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from pathlib import Path

MAX_PAGES = 300
MAX_CHARS = 2_000_000
MAX_PART_BYTES = 20 << 20  # uncompressed, per part or member: a zip bomb is read no further
MAX_DEPTH = 2  # a ZIP inside a ZIP is read; one more level is not

_PARAGRAPH_END = re.compile(r"</(?:w|a):p>|</row>|</si>|</comment>|<w:br/>|<w:tab/>")
_TEXT = re.compile(r"<(?:w:t|a:t|t|v)(?:\s[^>]*)?>([^<]*)</(?:w:t|a:t|t|v)>")

#: Which parts of each Office format carry text a reader sees (or a program shows).
_PARTS = {
    ".docx": re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$"),
    ".xlsx": re.compile(r"^xl/(sharedStrings|worksheets/sheet\d+|comments\d*|comments/comment\d+|threadedComments/[^/]+)\.xml$"),
    ".pptx": re.compile(r"^ppt/(slides/slide\d+|notesSlides/notesSlide\d+|comments/[^/]+)\.xml$"),
}


def _xml_text(data: bytes) -> list[str]:
    """The text of one XML part, a line per paragraph, row or shared string."""
    text = data.decode("utf-8", errors="replace")
    lines = []
    for chunk in _PARAGRAPH_END.split(text):
        found = "".join(html.unescape(piece) for piece in _TEXT.findall(chunk))
        if found.strip():
            lines.append(found)
    return lines


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_PART_BYTES:
        return b""
    with archive.open(info) as handle:
        return handle.read(MAX_PART_BYTES)


def _office(data: bytes, suffix: str) -> list[str]:
    wanted = _PARTS[suffix]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = []
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if wanted.match(info.filename):
                parts.append("\n".join(_xml_text(_read_member(archive, info))))
        return parts


def _pdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]


def _zip(data: bytes, depth: int) -> list[str]:
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            suffix = Path(info.filename).suffix.lower()
            if info.is_dir() or suffix not in READABLE:
                continue
            parts += _parts(_read_member(archive, info), suffix, depth + 1)
    return parts


def _parts(data: bytes, suffix: str, depth: int = 0) -> list[str]:
    if not data:
        return []
    if suffix in _PARTS:
        return _office(data, suffix)
    if suffix == ".pdf":
        return _pdf(data)
    if suffix == ".zip":
        return _zip(data, depth) if depth < MAX_DEPTH else []
    if suffix in (".txt", ".csv"):
        return [data.decode("utf-8", errors="replace")]
    return []


#: What the scan reads (inside a ZIP too); old binary Office formats are not among them.
READABLE = frozenset({".docx", ".xlsx", ".pptx", ".pdf", ".zip", ".txt", ".csv"})
READERS = READABLE  # attachment types the privacy rule scans


def attachment_text(path: Path) -> list[str]:
    """The file's text in parts (pages for a PDF, parts of an Office file, members of a ZIP);
    [] when unreadable."""
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        return []
    try:
        if path.stat().st_size > 50 << 20:
            return []
        parts = _parts(path.read_bytes(), suffix)
    except Exception:  # a malformed file may raise anything from deep inside its parser
        return []
    out, total = [], 0
    for part in parts:
        out.append(part[: MAX_CHARS - total])
        total += len(out[-1])
        if total >= MAX_CHARS:
            break
    return out
