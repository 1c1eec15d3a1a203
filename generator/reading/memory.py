"""What the loader found in a file's text, remembered between runs by the text's digest.

Reading 2,000 entries is mostly parsing: YAML front matter and Markdown bodies. Their
results (values with their lines, a body's references and tags) are kept as JSON in the
build folder, under a digest of the text and of the code that reads it; a changed file,
a changed reader or a damaged memo only means parsing afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import markdown_it
import mdit_py_plugins
import yaml

from ..memo import Recollection, code_key

SCANNED_FILES = "scanned-files.json"  # in the build folder, beside the rendered bodies

#: Everything that shapes what is read besides the text: the reading code, the dialect, the
#: tags counted dangerous, the body model and the parsers' versions.
_READER_KEY = code_key(
    Path(__file__).resolve().parent.parent,
    ("reading/memory.py", "reading/bodyscan.py", "reading/yamlsource.py", "dialect.py", "sanitize.py", "bodies.py"),
    f"{markdown_it.__version__}|{mdit_py_plugins.__version__}|{yaml.__version__}",
)
_remembered: Recollection | None = None

T = TypeVar("T")


def recalled(kind: str, text: str, read: Callable[[], T], to_memo: Callable[[T], object | None],
             from_memo: Callable[[object], T]) -> T:
    """`read()`, or what an earlier run's `read()` gave for the same `kind` and `text`.
    `to_memo` may decline (None: not kept); `from_memo` raises for anything it does not believe."""
    if _remembered is None:
        return read()
    key = hashlib.sha256(_READER_KEY + f"{kind}\n".encode() + text.encode("utf-8")).hexdigest()
    kept = _remembered.recall(key)
    if kept is not None:
        try:
            return from_memo(kept)
        except (TypeError, ValueError, KeyError, AttributeError):
            pass  # damaged: read afresh, and kept anew
    result = read()
    memo = to_memo(result)
    if memo is not None:
        _remembered.keep(key, memo)
    return result


@contextmanager
def remembered_reading(path: Path) -> Iterator[None]:
    """Reuse what the last run read (kept in `path`), and keep, when the block succeeds,
    what this run read."""
    global _remembered
    memory = _remembered = Recollection(path)
    try:
        yield
    finally:
        _remembered = None
    memory.save()
