"""Rules about site-wide data: construction years, featured items, assessments."""

from __future__ import annotations

from typing import Iterator

from ..codes import AssessmentResult, Visibility
from ..diagnostics import Diagnostic, diag
from . import Context


def construction_years(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.site
    if doc is None:
        return
    years = doc.model.years
    for index, year in enumerate(years):
        line = doc.positions.line(("years", index))
        if year.year != index + 1:
            yield diag("E-YEARS-INVALID", doc.rel, line, detail=f"第 {index + 1} 项的 year 应为 {index + 1}")
        if index and year.start <= years[index - 1].end:
            yield diag("E-YEARS-INVALID", doc.rel, line, detail=f"“{year.label}”与上一年度的日期重叠")


def featured(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.site
    if doc is None:
        return
    known = {e.ref: e for s in ctx.project.studios for e in s.entries}
    example = next(iter(known), "huagong/outcomes/2024-dangke")
    for index, ref in enumerate(doc.model.featured):
        entry = known.get(ref.removesuffix(".md").strip("/"))
        if entry is None or entry.visibility is not Visibility.PUBLIC:
            yield diag("E-FEATURED-UNKNOWN", doc.rel, doc.positions.line(("featured", index)), ref=ref, example=example)


def assessments(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.assessments
    if doc is None:
        return
    slugs = [s.slug for s in ctx.project.studios]
    seen: set[tuple[str, int]] = set()
    for index, item in enumerate(doc.model.assessments):
        line = doc.positions.line(("assessments", index))
        if item.studio not in slugs:
            yield diag(
                "E-ASSESS-STUDIO", doc.rel, doc.positions.line(("assessments", index, "studio")),
                slug=item.studio, choices="、".join(slugs) or "（暂无）",
            )
        if (item.studio, item.year) in seen:
            yield diag("E-ASSESS-DUPLICATE", doc.rel, line, slug=item.studio, year=item.year)
        seen.add((item.studio, item.year))
        if item.result is AssessmentResult.RECTIFY and item.deadline is None:
            yield diag("E-ASSESS-DEADLINE", doc.rel, line, slug=item.studio, year=item.year)
        elif item.result is not AssessmentResult.RECTIFY and item.deadline is not None:
            yield diag("W-ASSESS-DEADLINE", doc.rel, doc.positions.line(("assessments", index, "deadline")),
                       slug=item.studio, year=item.year, result=item.result.label)


RULES = [construction_years, featured, assessments]
