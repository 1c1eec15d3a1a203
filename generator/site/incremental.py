"""A rebuild that sends only the changed pages through the engine.

MkDocs and ProperDocs have a dirty mode: a page is rendered again only when its source is
newer than its page in the output folder. The new site therefore starts as a copy of the
last one made of hard links (cheap, and the live site is still replaced in one rename),
and before the engine runs, every page it will write is unlinked from that copy: the
engine then creates a new file instead of writing into one the live site shares.

The copy is trusted only when nothing that shapes every page changed: the engine and its
version, the configuration (navigation, footer, theme settings) and the theme overrides,
all fingerprinted in `build/engine-state.json`, together with the identity of the output
folder the last successful build swapped in. Anything else gives a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..files import files_below, link_below
from .engines import Engine
from .search import INDEX_FOLDER
from .tree import Tree

STATE = "engine-state.json"  # in the build folder
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # the engine's own templates, every run


@dataclass(frozen=True)
class EngineState:
    fingerprint: str  # what every page depends on
    out: str  # the output folder's path
    inode: int  # and which folder it was: an output replaced by anyone else is not ours

    @classmethod
    def read(cls, build_dir: Path) -> EngineState | None:
        try:
            data = json.loads((build_dir / STATE).read_text(encoding="utf-8"))
            return cls(str(data["fingerprint"]), str(data["out"]), int(data["inode"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, build_dir: Path) -> None:
        partial = build_dir / f".{STATE}.partial"
        partial.write_text(json.dumps(self.__dict__), encoding="utf-8")
        os.replace(partial, build_dir / STATE)

    @staticmethod
    def forget(build_dir: Path) -> None:
        """Said before a build starts: if it fails half-way, the next one is a full build."""
        (build_dir / STATE).unlink(missing_ok=True)


def fingerprint(tree: Tree, engine: Engine) -> str:
    """The engine, its version, the configuration and every theme override file."""
    digest = hashlib.sha256(engine.fingerprint().encode("utf-8"))
    digest.update((tree.root / "mkdocs.yml").read_bytes())
    overrides = tree.root / "overrides"
    for path in sorted(overrides.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(overrides).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def output_name(rel: str) -> str:
    """Where the engine writes a file of docs/ (pages become .html: no directory URLs)."""
    return rel[: -len(".md")] + ".html" if rel.endswith(".md") else rel


def start_from_last(tree: Tree, out: Path, fresh: Path, state: EngineState | None, current: str) -> bool:
    """Fill `fresh` with the last output, less every file the engine is to write again;
    False (and `fresh` left empty) when the last output cannot be trusted."""
    if state is None or state.fingerprint != current or state.out != str(out):
        return False
    try:
        if out.stat().st_ino != state.inode:
            return False
    except OSError:
        return False
    _link_all(str(out), str(fresh), skip=INDEX_FOLDER)  # the index is linked in by the search indexer
    docs = str(tree.docs)
    touched = {str(path) for path in tree.touched}
    for source, rel in files_below(docs):
        target = os.path.join(fresh, output_name(rel))
        try:
            here, there = os.stat(source), os.stat(target)
            same = (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev)  # linked by a split build
            stale = not same and (source in touched or there.st_mtime_ns <= here.st_mtime_ns)
        except FileNotFoundError:
            continue  # new: the engine creates it
        if stale:
            os.unlink(target)
    for path in tree.removed:
        if path.is_relative_to(docs):
            (fresh / output_name(path.relative_to(docs).as_posix())).unlink(missing_ok=True)
    for name in ALWAYS_WRITTEN:
        (fresh / name).unlink(missing_ok=True)
    return True


def _link_all(source: str, target: str, skip: str) -> None:
    """Hard links in `target` to every file below `source` (its top-level `skip` left out).
    Strings and scandir, not Path: at L this is 3,700 files on the way of every rebuild."""
    for entry in os.scandir(source):
        there = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if entry.name != skip:
                os.mkdir(there)
                _link_all(entry.path, there, "")
        else:
            os.link(entry.path, there)


def link_files(docs: Path, site: Path, more: list[tuple[Path, str]] = ()) -> None:
    """Hard links in `site` to the files of `docs` that the engine copies as they are (not
    pages, not hidden), so that a dirty build finds them there and copies nothing; and to
    each (file, path in `site`) of `more`."""
    links = [(source, rel) for source, rel in files_below(str(docs))
             if not rel.endswith(".md") and not any(part.startswith(".") for part in rel.split("/"))]
    link_below(site, [*links, *more], link=os.link)


def remove_empty_folders(site: Path) -> None:
    """A page that left takes its folder with it, as in a build from nothing."""
    for folder, _, _ in os.walk(site, topdown=False):
        if Path(folder) != site and not any(Path(folder).iterdir()):
            os.rmdir(folder)
