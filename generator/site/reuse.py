"""Pages kept from the last build when nothing they are made from has changed.

An entry's page, a studio's page and its printable compilation are made from the
generator's code, the office's files (`content/`), the studio's own folder and what is
shown of the entries linked to (`PageInputs`: one digest per studio); a studio's page
also from the day its progress is judged on. The pages that read the whole site (home,
listings, the standard, progress, the site's feeds) are made from all of that except
the text of entries' bodies, which none of them shows (`PageInputs.site`): a change of
wording in one entry renders its own studio's pages alone. `KeptPages` remembers, for
each such page of the tree, the digest it was rendered from and the stamp of its file,
and keeps the tree's file instead of rendering it again while both still hold.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cached_property
from pathlib import Path

from ..files import files_below
from ..memo import Recollection
from ..project import Source
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
        """What every page may read: the code, the office's files (`content/`; the loader reads
        nothing else outside studios/) and what a page shows of another entry it links to (its
        title, whether it is shown)."""
        digest = hashlib.sha256(code_digest().encode())
        self._folder(digest, "content")  # its texts, and the others' stamps (the school's emblem)
        shown = sorted(f"{entry.ref}\0{entry.kind.value}\0{entry.title}" for entry in self.summary.entries)
        digest.update(_framed("entries", "\n".join(shown)))
        return digest.digest()

    def studio(self, slug: str) -> str:
        """The studio's folder besides: the texts of its content files, the others' stamps (size,
        times, inode: a file rewritten under an old time still changes its change time)."""
        if slug not in self.digests:
            digest = hashlib.sha256(self.common)
            self._folder(digest, f"studios/{slug}")
            self.digests[slug] = digest.hexdigest()
        return self.digests[slug]

    @cached_property
    def site(self) -> str:
        """What the pages that read the whole site are made from: the common inputs, the day
        progress is judged on and every studio's folder, with each entry's body left out but
        for what it refers to (pictures, files, pages: these decide what is published)."""
        digest = hashlib.sha256(self.common)
        digest.update(_framed("judged", str(self.summary.judged_on)))
        self._folder(digest, "studios", {source.rel: _without_body(source) for source in self.summary.project.sources})
        return digest.hexdigest()

    def _folder(self, digest, folder: str, texts: dict[str, str] | None = None) -> None:
        """`folder` (below the root): the texts of its content files, the others' stamps."""
        texts = self.texts if texts is None else texts
        for path, rel in files_below(str(self.root / folder), f"{folder}/"):
            text = texts.get(rel)
            if text is None:
                stat = os.stat(path)
                text = f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"
            digest.update(_framed(rel, text))


def _without_body(source: Source) -> str:
    """An entry's text less its body, plus the targets the body refers to; any other content
    file (YAML, whose Markdown fields the studio's own pages show) whole."""
    if source.rel.endswith(".md") and len(source.bodies) == 1 and source.text.endswith(source.bodies[0].text):
        body = source.bodies[0]
        refs = "\n".join(f"{ref.target}\0{ref.is_image}" for ref in body.refs)
        return f"{source.text[:len(source.text) - len(body.text)]}\0{refs}"
    return source.text


def _framed(rel: str, text: str) -> bytes:
    data = text.encode("utf-8")
    return f"{rel}\0{len(data)}\0".encode() + data


class KeptPages:
    """The tree's pages with the inputs digest each was rendered from and the stamp (size,
    time, inode) of its file as this build left it (kept in the build folder)."""

    def __init__(self, tree: Tree, path: Path, inputs: PageInputs):
        self.tree = tree
        self.inputs = inputs
        self.memory = Recollection(path)

    def reuse(self, rel: str, key: str) -> bool:
        """Whether the tree's file at `rel` was rendered from `key` and is still as it was left.
        Either way `rel` is now recorded as made from `key`: if not kept, it is about to be written."""
        kept = self.memory.known.get(rel)
        if (isinstance(kept, list) and len(kept) == 2 and kept[0] == key and kept[1] is not None
                and kept[1] == _stamp(self.tree.docs / rel)):
            self.memory.keep(rel, kept)
            return True
        self.memory.keep(rel, [key, None])  # stamped by `save`, once the tree is written
        return False

    def read(self, rel: str) -> str | None:
        """The text of a page `reuse` vouched for (None if it cannot be read after all: then it is
        rendered and written, and `save` stamps the new file)."""
        try:
            return (self.tree.docs / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.memory.keep(rel, [self.memory.used[rel][0], None])
            return None

    def save(self) -> None:
        for rel, kept in self.memory.used.items():
            if kept[1] is None:
                kept[1] = _stamp(self.tree.docs / rel)
        self.memory.save()


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]
