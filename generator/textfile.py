"""Reading content files as text, refusing what is not UTF-8 text.

Teachers save files from Notepad, WPS and Word; a file in GBK or UTF-16 must
be recognised and reported with the exact fix, never misread silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, diag

#: Content text files are small; anything larger is refused before reading.
MAX_TEXT_BYTES = {".yml": 1 << 20, ".yaml": 1 << 20, ".md": 2 << 20}


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} 字节"


@dataclass(frozen=True)
class TextFile:
    """A decoded content file: text with LF line ends, BOM removed."""

    rel: str
    text: str


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_utf16(data: bytes) -> bool:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return max(zeros_odd, zeros_even) > half * 0.3


def decode(rel: str, data: bytes) -> TextFile | Diagnostic:
    """Decode bytes as UTF-8 (BOM allowed) or say exactly what they are."""
    if not data.strip():
        return diag("E-FILE-EMPTY", rel, 1)
    if _looks_utf16(data):
        return diag("E-ENCODING-UTF16", rel, 1)
    if b"\x00" in data:
        return diag("E-FILE-BINARY", rel, _line_of_offset(data, data.index(b"\x00")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(data, exc.start)
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return diag("E-ENCODING-UNKNOWN", rel, line, line=line)
        return diag("E-ENCODING-GBK", rel, line, line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextFile(rel=rel, text=text)


def read_text(path: Path, rel: str) -> TextFile | Diagnostic:
    """Read a content file within its size limit and decode it."""
    limit = MAX_TEXT_BYTES.get(path.suffix.lower(), 1 << 20)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):  # content never follows a link out of the repository
            return diag("E-FILE-LINK", rel, None, kind="符号链接（symlink）")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            return diag("E-FILE-UNREADABLE", rel, None, detail="它不是普通文件")
        if info.st_nlink > 1:
            return diag("E-FILE-LINK", rel, None, kind="硬链接（与别处的文件共用内容）")
        size = info.st_size
        if size > limit:
            return diag("E-FILE-TOO-LARGE", rel, None, size=human_size(size), limit=human_size(limit))
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # swapped for a link since: refused
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            return diag("E-FILE-TOO-LARGE", rel, None, size=human_size(len(data)), limit=human_size(limit))
    except OSError as exc:
        return diag("E-FILE-UNREADABLE", rel, None, detail=exc.strerror or type(exc).__name__)
    return decode(rel, data)
