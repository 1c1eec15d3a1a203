"""Rules about content/owners.yml: every owner names a real studio, every studio has owners."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, diag
from . import Context


def owners_file(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.owners
    if doc is None:
        return
    known = {s.slug for s in ctx.project.studios}
    for slug in doc.model.studios:
        if slug not in known:
            yield diag(
                "E-OWNER-STUDIO", doc.rel, doc.positions.line(("studios", slug)),
                slug=slug, choices="、".join(sorted(known)) or "（还没有工作室）",
            )
    for studio in ctx.project.studios:
        if studio.slug not in doc.model.studios or not doc.model.studios[studio.slug]:
            yield diag("W-OWNER-MISSING", doc.rel, doc.positions.line(("studios",)), slug=studio.slug)


RULES = [owners_file]
