"""Rules of the programme's life cycle: eligibility, yearly outcomes, reports, money."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterator

from ..codes import EntryKind, ReportKind, Visibility
from ..diagnostics import Diagnostic, diag
from ..requirements import all_requirements
from ..text import money
from . import Context


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def branch_age(ctx: Context) -> Iterator[Diagnostic]:
    for studio in ctx.project.studios:
        if studio.profile is None:
            continue
        profile = studio.profile.model
        if profile.branch_founded > years_before(profile.applied_on, 3):
            yield diag(
                "E-BRANCH-AGE", studio.profile.rel, studio.profile.positions.line(("branch_founded",)),
                founded=profile.branch_founded.isoformat(), applied=profile.applied_on.isoformat(),
            )


def representative_per_year(ctx: Context) -> Iterator[Diagnostic]:
    for found in all_requirements(ctx.project, ctx.as_of):
        studio = found.bundle
        if not studio.complete:
            continue  # errors already reported; counting now would mislead
        for year in found.years:
            if year.representative_missing or year.representative_pending:
                yield diag(
                    "E-REP-MISSING" if year.due else "W-REP-PENDING", studio.profile.rel,
                    studio.profile.positions.line(("status",)),
                    year_label=year.year.label, start=year.year.start.isoformat(), end=year.year.end.isoformat(),
                )


def final_report(ctx: Context) -> Iterator[Diagnostic]:
    for found in all_requirements(ctx.project, ctx.as_of):
        studio = found.bundle
        if studio.complete and found.final_report_missing:
            yield diag("E-REPORT-FINAL-MISSING", studio.profile.rel, studio.profile.positions.line(("status",)),
                       why=found.acceptance)


def report_years(ctx: Context) -> Iterator[Diagnostic]:
    known = {y.year for y in ctx.project.site_model.years}
    for studio in ctx.project.studios:
        for report in studio.reports:
            meta = report.meta
            line = report.positions.line(("kind",))
            if meta.kind.yearly and meta.year is None:
                yield diag("E-REPORT-YEAR", report.rel, line, detail=f"{meta.kind.label}缺少 year（第几建设年度）")
            elif meta.kind is ReportKind.FINAL and meta.year is not None:
                yield diag("E-REPORT-YEAR", report.rel, report.positions.line(("year",)), detail="验收总结报告覆盖整个建设周期，不应写 year")
            elif meta.year is not None and meta.year not in known:
                yield diag("E-REPORT-YEAR", report.rel, report.positions.line(("year",)), detail=f"没有第 {meta.year} 建设年度")


def dates_in_programme(ctx: Context) -> Iterator[Diagnostic]:
    start, end = ctx.project.site_model.programme_span()
    for studio in ctx.project.studios:
        for entry in studio.entries:
            day = entry.date
            if day is not None and not start <= day <= end:
                yield diag("W-DATE-OUTSIDE", entry.rel, entry.positions.line(("date",)), date=day, start=start, end=end)
        if studio.plan is not None:
            for index, expense in enumerate(studio.plan.model.expenditure):
                if not start <= expense.date <= end:
                    yield diag(
                        "W-DATE-OUTSIDE", studio.plan.rel, studio.plan.positions.line(("expenditure", index, "date")),
                        date=expense.date, start=start, end=end,
                    )


def budget(ctx: Context) -> Iterator[Diagnostic]:
    site = ctx.project.site_model
    for studio in ctx.project.studios:
        if studio.plan is None:
            continue
        plan, positions, rel = studio.plan.model, studio.plan.positions, studio.plan.rel
        categories = sorted({b.category for b in plan.budget})
        granted: dict[int, float] = defaultdict(float)
        for item in plan.budget:
            granted[item.year] += item.amount
        spent: dict[int, float] = defaultdict(float)
        reported: set[int] = set()
        for index, expense in enumerate(plan.expenditure):
            if expense.category not in categories:
                yield diag(
                    "E-EXPENSE-CATEGORY", rel, positions.line(("expenditure", index, "category")),
                    category=expense.category, choices="、".join(categories) or "（预算中尚无类别）",
                )
            year = site.year_of(expense.date)
            if year is None:
                continue
            spent[year.year] += expense.amount
            if spent[year.year] > granted[year.year] + 0.005 and year.year not in reported:
                reported.add(year.year)
                total = sum(e.amount for e in plan.expenditure if site.year_of(e.date) == year)
                yield diag(
                    "W-BUDGET-OVER", rel, positions.line(("expenditure", index)),
                    year_label=year.label, spent=money(total), budget=money(granted[year.year]),
                )


def plan_years(ctx: Context) -> Iterator[Diagnostic]:
    expected = [y.year for y in ctx.project.site_model.years]
    for studio in ctx.project.studios:
        if studio.plan is None:
            continue
        seen: set[int] = set()
        for index, year in enumerate(studio.plan.model.years):
            if year.year in seen:
                yield diag("E-PLAN-YEAR-DUPLICATE", studio.plan.rel, studio.plan.positions.line(("years", index, "year")), year=year.year)
            seen.add(year.year)
        for number in expected:
            if number not in seen:
                yield diag("W-PLAN-YEAR", studio.plan.rel, studio.plan.positions.line(("years",)), year=number)


def linked_entries(ctx: Context) -> Iterator[Diagnostic]:
    """An honour names the outcome it rewards, coverage the entry it reports on: an honour's is an
    outcome, case or method, dated before the honour; each is shown where the linking entry is."""
    for studio in ctx.project.studios:
        known = {e.ref: e for e in studio.entries}
        for entry in studio.entries:
            for name in ("outcome", "about"):
                ref = entry.linked_entry(name)
                if ref is None or ref not in known:
                    continue  # a missing file is the reference rule's (E-REF-MISSING)
                target = known[ref]
                line = entry.positions.line((name,))
                if name == "outcome" and not target.is_outcome:
                    yield diag("E-LINK-KIND", entry.rel, line, src=getattr(entry.meta, name), kind=target.kind.label)
                    continue
                if name == "outcome" and entry.date and target.date and entry.date < target.date:
                    yield diag("W-HONOUR-DATE", entry.rel, entry.positions.line(("date",)), src=getattr(entry.meta, name),
                               ours=entry.date.isoformat(), theirs=target.date.isoformat())
                if VISIBLE[target.visibility] < VISIBLE[entry.visibility]:
                    yield diag("W-LINK-HIDDEN", entry.rel, line, src=getattr(entry.meta, name),
                               theirs=target.visibility.label.split("（")[0], ours=entry.visibility.label.split("（")[0])


VISIBLE = {Visibility.INTERNAL: 0, Visibility.ACCEPTANCE: 1, Visibility.PUBLIC: 2}


def press_archive(ctx: Context) -> Iterator[Diagnostic]:
    """Outside addresses often do not open on the campus intranet, and pages move: coverage keeps a copy."""
    for studio in ctx.project.studios:
        for entry in studio.entries:
            if entry.kind is EntryKind.PRESS and not entry.meta.archive:
                yield diag("W-PRESS-ARCHIVE", entry.rel, entry.positions.line(("outlet",)), outlet=entry.meta.outlet)


RULES = [branch_age, representative_per_year, final_report, report_years, dates_in_programme, budget, plan_years,
         linked_entries, press_archive]
