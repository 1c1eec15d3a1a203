"""Writing output files: whole or not at all, under names every system accepts, with
failures of the machine said in Chinese."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path beside `out` to write to; it replaces `out` only when the block
    succeeds, so a failure leaves the old file as it was and nothing half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    try:
        yield partial
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


#: errno → what it means for the person who ran the command.
OS_ERRORS = {
    28: "磁盘空间不足，请清理磁盘后重试", 27: "文件超过了系统允许的大小", 30: "目标位置是只读的",
    13: "没有读写权限", 122: "超出了磁盘配额", 2: "找不到文件或文件夹",
}
_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")


def files_below(folder: str, prefix: str = "") -> list[tuple[str, str]]:
    """(path, path below `folder` with "/") of every file below `folder`, in name order, links
    not followed. Strings and scandir, not Path: the tree and the site hold thousands of files."""
    found = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        rel = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            found += files_below(entry.path, rel + "/")
        elif entry.is_file(follow_symlinks=False):
            found.append((entry.path, rel))
    return found


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to a file nothing writes to (every writer replaces files instead), or a copy
    where links cannot be made (another filesystem, a share without them)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_below(target: str | Path, files: Iterable[tuple[str | Path, str]],
               link: Callable[[str | Path, str | Path], None] = link_or_copy) -> None:
    """Each (file, path below `target` with "/") linked there, each folder made once."""
    made: set[str] = set()
    for source, rel in files:
        folder = posixpath.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(target, folder), exist_ok=True)
            made.add(folder)
        link(source, os.path.join(target, rel))


def os_error_text(exc: OSError) -> str:
    what = OS_ERRORS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return f"{what}（{exc.filename}）" if exc.filename else what


def os_error_in_output(output: str) -> str | None:
    """The meaning of the first known `[Errno N]` another program printed (the engine's)."""
    for match in _ERRNO_IN_TEXT.finditer(output):
        meaning = OS_ERRORS.get(int(match.group(1)))
        if meaning:
            return meaning
    return None


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


def windows_reserved(name: str) -> bool:
    """`con`, `aux.md`, `LPT1.txt`: names Windows gives to devices, which no copy can hold."""
    return bool(_WINDOWS_RESERVED.match(name))


def safe_file_name(text: str, limit: int = 80) -> str:
    """A file name from a Chinese title that Windows, macOS and Linux all accept: no path
    separators or reserved characters, no invisible format characters (bidi controls
    that reverse how a name reads), no reserved device names (`con`, `aux.md`)."""
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    cleaned = _UNSAFE_NAME.sub("_", visible).strip(" .")[:limit].strip(" .")
    if windows_reserved(cleaned):
        cleaned = f"_{cleaned}"
    return cleaned or "未命名"


def yaml_text(data: object, width: int | None = None) -> str:
    """`data` as the YAML files the product writes (keys in their order, Chinese as it is),
    by libyaml's emitter where PyYAML has it: ten times faster on the editors' configuration."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=width)
