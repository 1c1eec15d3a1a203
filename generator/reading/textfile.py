"""Reading content files as text, refusing what is not UTF-8 text.

Teachers save files from Notepad, WPS and Word; a file in GBK or UTF-16 must
be recognised and reported with the exact fix, never misread silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, diag
from ..errors import ShowcaseError
from ..text import human_size

#: Content text files are small; anything larger is refused before reading.
MAX_TEXT_BYTES = {".yml": 1 << 20, ".yaml": 1 << 20, ".md": 2 << 20}


# Invisible characters pasted from WeChat articles and web pages; they carry no meaning
# in Chinese text, and inside a key or a file name they would make it silently different.
_ZERO_WIDTH = ("\u200b", "\u2060", "\ufeff")


@dataclass(frozen=True)
class TextFile:
    """A decoded content file: text with LF line ends, BOM and zero-width spaces removed."""

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
        return diag("E-ENCODING-UTF16", rel, 1, rel=rel)
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
        return diag("E-ENCODING-GBK", rel, line, line=line, rel=rel)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for invisible in _ZERO_WIDTH:  # str.replace is ten times faster than translate on CJK text
        text = text.replace(invisible, "")
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


# --- `showcase fix-encoding` -----------------------------------------------------------

ENCODINGS = {"gb18030": "GBK/GB18030（简体中文 Windows 的“ANSI”）", "big5": "Big5（繁体中文）", "utf-16": "UTF-16（记事本的“Unicode”）"}


class EncodingProblem(ShowcaseError):
    """A Chinese sentence saying why the file was left as it was."""


@dataclass(frozen=True)
class Converted:
    source: str  # the encoding the file had
    backup: Path
    first_line: str


def _mostly_simplified(text: str) -> bool:
    """GB18030 accepts almost any bytes; real simplified Chinese stays inside GB2312's common set."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return True
    common = sum(1 for ch in han if _in_gb2312(ch))
    return common / len(han) >= 0.9


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def detect(data: bytes) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if _looks_utf16(data):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise EncodingProblem("无法识别这个文件的编码。请用记事本打开，确认文字显示正常后“另存为”UTF-8。") from None
    if not _mostly_simplified(text):
        raise EncodingProblem("它不像简体中文的 GBK 编码（可能是繁体 Big5）。请用 --from big5 指定原编码，或用记事本另存为 UTF-8。")
    return "gb18030"


def fix_encoding(path: Path, source: str | None = None) -> Converted:
    """Rewrite `path` as UTF-8 with LF line ends, after copying the original beside it (.bak)."""
    if path.is_symlink() or not path.is_file():
        raise EncodingProblem("找不到这个文件，或它不是普通文件。")
    data = path.read_bytes()
    encoding = source or detect(data)
    if encoding == "utf-8" and b"\r" not in data:
        raise EncodingProblem("它已经是 UTF-8 编码，不需要转换。")
    try:
        text = data.decode("utf-16" if encoding == "utf-16" and data[:2] in (b"\xff\xfe", b"\xfe\xff") else
                           "utf-16-le" if encoding == "utf-16" else encoding)
    except (UnicodeDecodeError, LookupError):
        raise EncodingProblem(f"不能按 {encoding} 读取它，文件保持原样。") from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    backup = path.with_name(path.name + ".bak")
    number = 2
    while backup.exists():
        backup = path.with_name(f"{path.name}.bak{number}")
        number += 1
    with backup.open("xb") as handle:
        handle.write(data)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(text.encode("utf-8"))
    os.replace(partial, path)  # the file is either old or new, never half-written
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Converted(ENCODINGS.get(encoding, "UTF-8" if encoding.startswith("utf-8") else encoding), backup, first[:60])
