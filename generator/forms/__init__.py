"""The life cycle's paper: application form, annual assessment pack, acceptance checklist.

Each form reads the same loaded, checked `Project` as the site and the
compilation and writes a document the Party office can use without retyping.
"""

from __future__ import annotations

from ..requirements import EVIDENCE
from ..summary import Summary


def office_summary(project) -> Summary:
    """The forms show what counts as evidence: internal entries are never exported."""
    return Summary(project, EVIDENCE)

