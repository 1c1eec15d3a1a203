"""The Markdown tree handed to the engine, kept between builds and changed only where it must.

Creating thousands of files costs far more than reading them back, so a build
compares each file with what the tree already holds and writes only what differs;
at the end, whatever this build did not put in the tree is removed. The tree then
holds exactly this build's files, as if written afresh.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..files import link_or_copy


@dataclass
class Tree:
    root: Path
    written: list[str] = field(default_factory=list)  # pages, relative to docs/
    media: list[str] = field(default_factory=list)  # published files, relative to docs/
    touched: set[Path] = field(default_factory=set)  # files this build had to (re)write
    removed: list[Path] = field(default_factory=list)  # files of the last build this one no longer has
    _kept: set[Path] = field(default_factory=set)
    _folders: set[Path] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return len(self.touched)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, rel: str, text: str) -> None:
        """A page of the site (`rel` inside docs/)."""
        self.put_text(self.docs / rel, text)
        self.written.append(rel)

    def keep(self, rel: str, page: bool = True) -> None:
        """A file of docs/ (a page of the site, or not) that the tree holds already as it must be
        (see reuse.py)."""
        self._kept.add(self.docs / rel)
        if page:
            self.written.append(rel)

    def put_text(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")
        self._kept.add(path)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            self._folder(path.parent)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)  # a new file, never an edit: a site may hold a hard link to the old one
        self.touched.add(path)

    def put_file(self, source: Path, path: Path, link: bool = False) -> None:
        """A copy of `source` (or, for files no one writes to, a hard link to it)."""
        self._kept.add(path)
        try:
            here, there = source.stat(), path.stat()
            if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev):
                return
            if not link and here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
                return  # copied by an earlier build (copy2 keeps the time)
            path.unlink()
        except FileNotFoundError:
            self._folder(path.parent)
        self.touched.add(path)
        if link:
            link_or_copy(source, path)
        else:
            shutil.copy2(source, path)

    def put_folder(self, source: Path, target: Path) -> None:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.put_file(path, target / path.relative_to(source))

    def prune(self) -> None:
        """Remove every file and folder this build did not put in the tree."""
        kept = {str(path) for path in self._kept}
        self._prune(str(self.root), kept)

    def _prune(self, folder: str, kept: set[str]) -> bool:
        """Whether `folder` is empty afterwards (scandir and strings: the tree holds thousands of files)."""
        empty = True
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                if self._prune(entry.path, kept):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif entry.path in kept:
                empty = False
            else:
                os.unlink(entry.path)
                self.removed.append(Path(entry.path))
        return empty

    def _folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
