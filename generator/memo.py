"""Memories kept as JSON files (rendered bodies, photo keys, what decoding found): read
leniently, written atomically, and lost harmlessly: losing one only costs time."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def load_memo(path: Path) -> dict:
    """What `path` remembers; nothing when it is missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_memo(path: Path, data: dict) -> None:
    """Replace `path` whole (a per-process temporary name: two processes may save at once);
    a folder that cannot be written simply keeps nothing."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)


def code_key(folder: Path, names: tuple[str, ...], versions: str) -> bytes:
    """A digest of the code (files of `folder`) and library versions that shape what a memo
    keeps: changing either forgets it."""
    digest = hashlib.sha256(versions.encode())
    for name in names:
        digest.update((folder / name).read_bytes())
    return digest.hexdigest().encode()


class Recollection:
    """One run's view of a memo keyed by content digests: what the last run kept (`known`)
    and what this run used, which alone is kept when the run succeeds."""

    def __init__(self, path: Path):
        self.path = path
        self.known = load_memo(path)
        self.used: dict = {}

    def recall(self, key: str) -> object:
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def keep(self, key: str, value: object) -> None:
        self.used[key] = value

    def save(self) -> None:
        if self.used != self.known:  # recalled values are the known objects: cheap to compare
            save_memo(self.path, self.used)
