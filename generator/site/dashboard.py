"""The progress figures as one studio × year view: the rows the progress page, the home page
and each studio page print (the charts beside them are drawn in `charts.py`).

Every figure comes from `Summary` (and a year's representative outcome from
`generator.requirements`, as `check` judges it); this module only groups and labels them,
so the three pages cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from ..codes import AssessmentResult
from ..project import Entry
from ..summary import StudioSummary, Summary, YearFigures
from ..text import share, split_label


@dataclass(frozen=True)
class Row:
    """One line of the dashboard: a studio's year, a studio's total, the school's year or total."""

    label: str
    outcomes: int
    query: Markup  # the library's filters that list these outcomes, as an attribute's text
    representative: tuple[Entry, ...]  # public ones, linked
    representative_text: str  # said when there is nothing to link, or as a count
    representative_missing: bool
    indicators: int
    granted: float
    spent: float
    grades: tuple[str, ...]  # a verdict, or the count of each grade
    flagged: bool  # graded 限期整改 or 不合格 (a total: any of its years)
    total: bool = False  # adds up several studio-years

    @property
    def heading(self) -> tuple[str, str]:
        """“第一建设年度”, “2023—2024学年”: the label on two lines."""
        return split_label(self.label)

    @property
    def execution(self) -> str:
        return share(self.spent, self.granted)


@dataclass(frozen=True)
class Group:
    """A studio's rows (or the school's): its name, where it leads, its years and an optional total."""

    name: str
    slug: str | None
    rows: tuple[Row, ...]


def grades_text(counts: Counter) -> tuple[str, ...]:
    return tuple(f"{grade.label} {counts[grade]}" for grade in AssessmentResult if counts[grade]) or ("—",)


class Dashboard:
    def __init__(self, summary: Summary):
        self.summary = summary

    def _year_row(self, studio: StudioSummary, fig: YearFigures) -> Row:
        due = self.summary.requirements[studio.slug].get(fig.year.year)
        if fig.representative:
            said = ""
        elif due and due.representative:
            said = "✔ 已提交（仅用于验收，不在网站公开）"
        elif due and due.due:
            said = "缺少"
        elif due:
            said = "年度未结束"
        else:
            said = "—"
        assessment = fig.assessment
        return Row(
            label=fig.year.label, outcomes=len(fig.entries), query=Markup("studio={}&amp;year={}").format(studio.slug, fig.year.year),
            representative=fig.representative, representative_text=said,
            representative_missing=bool(due and due.representative_missing),
            indicators=len(fig.indicators), granted=fig.granted, spent=fig.spent,
            grades=(assessment.verdict if assessment else "—",),
            flagged=bool(assessment and not assessment.result.passed),
        )

    def _has_representative(self, studio: StudioSummary, fig: YearFigures) -> bool:
        due = self.summary.requirements[studio.slug].get(fig.year.year)
        return bool(fig.representative or (due and due.representative))

    def _total(self, label: str, query: Markup, pairs: list[tuple[StudioSummary, YearFigures]], counted: str,
               granted: float | None = None, spent: float | None = None) -> Row:
        """Several studio-years added up; a count of years with a representative outcome, not the outcomes."""
        grades = Counter(fig.assessment.result for _, fig in pairs if fig.assessment)
        present = sum(self._has_representative(s, fig) for s, fig in pairs)
        due = sum(1 for s, fig in pairs if (y := self.summary.requirements[s.slug].get(fig.year.year)) and y.due)
        return Row(
            label=label, outcomes=sum(len(fig.entries) for _, fig in pairs), query=query, representative=(),
            representative_text=f"{present}/{len(pairs)} {counted}已有", representative_missing=present < due,
            indicators=len(frozenset().union(*(fig.indicators for _, fig in pairs))),
            granted=sum(fig.granted for _, fig in pairs) if granted is None else granted,
            spent=sum(fig.spent for _, fig in pairs) if spent is None else spent,
            grades=grades_text(grades), flagged=any(not grade.passed for grade in grades), total=True,
        )

    def studio_group(self, studio: StudioSummary, total: bool = False) -> Group:
        rows = [self._year_row(studio, fig) for fig in studio.years]
        if total:
            rows.append(self._total("合计", Markup("studio={}").format(studio.slug), [(studio, fig) for fig in studio.years], "个年度",
                                    granted=studio.budget_total, spent=studio.spent_total))
        return Group(studio.profile.name, studio.slug, tuple(rows))

    @cached_property
    def school(self) -> Group:
        """The school's years (every studio's figures of that year added up) and its total."""
        studios = self.summary.studios
        years = self.summary.project.site_model.years
        rows = [self._total(year.label, Markup("year={}").format(year.year), [(s, s.years[i]) for s in studios], "个工作室")
                for i, year in enumerate(years)]
        rows.append(self._total("合计", Markup(), [(s, fig) for s in studios for fig in s.years], "个年度"))
        return Group("全校", None, tuple(rows))

    @cached_property
    def studios(self) -> tuple[Group, ...]:
        return tuple(self.studio_group(s) for s in self.summary.studios)
