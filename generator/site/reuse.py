"""Pages kept from the last build when nothing they are made from has changed.

An entry's page, a studio's page and its printable compilation are made from the
generator's code, the office's files (`content/`), the studio's own folder and what is
shown of the entries linked to (`PageInputs`: one digest per studio); a studio's page
also from the day its progress is judged on. `KeptPages` remembers, for each such page
of the tree, the digest it was rendered from and the stamp of its file, and keeps the
tree's file instead of rendering it again while both still hold. Pages that read the
whole site (home, listings, feeds) are always rendered.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cached_property
from pathlib import Path

from ..memo import Recollection
from ..summary import Summary
from .tree import Tree

PAGE_KEYS = "page-keys.json"  # in the build folder, beside the tree
_PACKAGE = Path(__file__).resolve().parent.parent


def code_digest() -> str:
    """Every file of the generator and the version of every installed library."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update("\n".join(_installed()).encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    """The installed distributions as their metadata folders name them (`Jinja2-3.1.4.dist-info`):
    reading each one's metadata would cost more than all the rest of the digest."""
    found = []
    for folder in sys.path:
        try:
            found += [entry.name for entry in os.scandir(folder or ".") if entry.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(found)


class PageInputs:
    """What the pages of one studio are made from, as one digest per studio."""

    def __init__(self, summary: Summary, root: Path):
        self.summary = summary
        self.root = root
        self.texts = {source.rel: source.text for source in summary.project.sources}
        self.digests: dict[str, str] = {}

    @cached_property
    def common(self) -> bytes:
        """What every page may read: the code, the office's files (everything outside studios/)
        and what a page shows of another entry it links to (its title, whether it is shown)."""
        digest = hashlib.sha256(code_digest().encode())
        for rel in sorted(self.texts):
            if not rel.startswith(("studios/", "content/")):
                digest.update(_framed(rel, self.texts[rel]))
        self._folder(digest, self.root / "content")  # its texts, and the others' stamps (the school's emblem)
        shown = sorted(f"{entry.ref}\0{entry.kind.value}\0{entry.title}" for entry in self.summary.entries)
        digest.update(_framed("entries", "\n".join(shown)))
        return digest.digest()

    def studio(self, slug: str) -> str:
        """The studio's folder besides: the texts of its content files, the others' stamps (size,
        times, inode: a file rewritten under an old time still changes its change time)."""
        if slug not in self.digests:
            digest = hashlib.sha256(self.common)
            self._folder(digest, self.root / "studios" / slug)
            self.digests[slug] = digest.hexdigest()
        return self.digests[slug]

    def _folder(self, digest, folder: Path) -> None:
        for path in _files(folder):
            rel = path.relative_to(self.root).as_posix()
            text = self.texts.get(rel)
            if text is None:
                stat = path.stat()
                text = f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"
            digest.update(_framed(rel, text))


def _framed(rel: str, text: str) -> bytes:
    data = text.encode("utf-8")
    return f"{rel}\0{len(data)}\0".encode() + data


def _files(folder: Path) -> list[Path]:
    found = []
    for here, folders, names in os.walk(folder):
        folders.sort()
        found += [Path(here) / name for name in sorted(names)]
    return found


class KeptPages:
    """The tree's pages with the inputs digest each was rendered from and the stamp (size,
    time, inode) of its file as this build left it (kept in the build folder)."""

    def __init__(self, tree: Tree, path: Path, inputs: PageInputs):
        self.tree = tree
        self.inputs = inputs
        self.memory = Recollection(path)
        self.fresh: set[str] = set()

    def recall(self, rel: str, key: str) -> bool:
        """Whether the tree's file at `rel` was rendered from `key` and is still as it was left."""
        kept = self.memory.known.get(rel)
        if not (isinstance(kept, list) and len(kept) == 2 and kept[0] == key and kept[1] == _stamp(self.tree.docs / rel)):
            return False
        self.memory.keep(rel, kept)
        return True

    def read(self, rel: str) -> str | None:
        """The text of a page `recall` vouched for (None if it cannot be read after all)."""
        try:
            return (self.tree.docs / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.memory.used.pop(rel, None)
            return None

    def keep(self, rel: str, key: str) -> None:
        """`rel` was rendered from `key`; its stamp is taken when the tree is written (`save`)."""
        self.memory.keep(rel, [key, None])
        self.fresh.add(rel)

    def save(self) -> None:
        for rel in self.fresh:
            self.memory.used[rel][1] = _stamp(self.tree.docs / rel)
        self.memory.save()


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]
