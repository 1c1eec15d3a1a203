"""Memories kept as JSON files (rendered bodies, photo keys, what decoding found): read
leniently, written atomically, and lost harmlessly: losing one only costs time."""

from __future__ import annotations

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
