"""The life cycle's paper: application form, annual assessment pack, acceptance checklist.

Each form reads the same loaded, checked `Project` as the site and the
compilation and writes a document the Party office can use without retyping.
"""

from __future__ import annotations

from ..codes import Visibility
from ..summary import Summary

# The office's own forms see every entry, internal ones included: they are not published.
OFFICE = frozenset(Visibility)


def office_summary(project) -> Summary:
    return Summary(project, OFFICE)


def safe_name(text: str) -> str:
    """A file name from a studio's Chinese name (no path separators or reserved characters)."""
    cleaned = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip(" .")
    return cleaned[:80] or "未命名"
