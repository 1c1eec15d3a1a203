"""Pages kept from the last build when nothing they are made from has changed.

An entry's page and a studio's printable compilation are made from the generator's
code, the office's files (`content/`), the studio's own folder and the entries its
entries link to. `PageInputs` digests exactly these per studio; `KeptPages` remembers,
for each page of the tree, the digest it was rendered from and a digest of its text, and
hands back the tree's file instead of rendering it again while both still hold. Pages
that read the whole site (home, listings, studio pages) are always rendered.
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from importlib import metadata
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
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


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
            if not rel.startswith("studios/"):
                digest.update(_framed(rel, self.texts[rel]))
        shown = sorted(f"{entry.ref}\0{entry.kind.value}\0{entry.title}" for entry in self.summary.entries)
        digest.update(_framed("entries", "\n".join(shown)))
        return digest.digest()

    def studio(self, slug: str) -> str:
        """The studio's folder besides: the texts of its content files, the others' stamps (size,
        times, inode: a file rewritten under an old time still changes its change time)."""
        if slug not in self.digests:
            digest = hashlib.sha256(self.common)
            for path in _files(self.root / "studios" / slug):
                rel = path.relative_to(self.root).as_posix()
                text = self.texts.get(rel)
                if text is None:
                    stat = path.stat()
                    text = f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"
                digest.update(_framed(rel, text))
            self.digests[slug] = digest.hexdigest()
        return self.digests[slug]


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
    """The tree's pages with the inputs digest each was rendered from (kept in the build folder)."""

    def __init__(self, tree: Tree, path: Path, inputs: PageInputs):
        self.tree = tree
        self.inputs = inputs
        self.memory = Recollection(path)
        self.reused = 0

    def recall(self, rel: str, key: str) -> str | None:
        """The tree's page at `rel` if it was rendered from `key` and is still as rendered."""
        kept = self.memory.known.get(rel)
        if not (isinstance(kept, list) and len(kept) == 2 and kept[0] == key):
            return None
        try:
            text = (self.tree.docs / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != kept[1]:
            return None
        self.memory.keep(rel, kept)
        self.reused += 1
        return text

    def keep(self, rel: str, key: str, text: str) -> None:
        self.memory.keep(rel, [key, hashlib.sha256(text.encode("utf-8")).hexdigest()])

    def save(self) -> None:
        self.memory.save()
