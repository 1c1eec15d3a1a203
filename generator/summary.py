"""Figures derived from the loaded model, shared by the site and the compilation.

Everything here is computed from a `Project` once; outputs only format it.
`audience` decides what an output may show: the site sees public entries only,
the compilation also those kept for acceptance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .codes import EntryKind, ReportKind, Visibility
from .project import Entry, Project, StudioBundle
from .models import Assessment, ConstructionYear, Indicator
from .requirements import EVIDENCE, YearRequirement, studio_requirements

SITE = frozenset({Visibility.PUBLIC})
COMPILATION = EVIDENCE  # what reviewers are handed is what counts as evidence


def latest_date(entries) -> date | None:
    """When the content last said something new: dates outputs by content, not by the clock."""
    return max((e.date for e in entries if e.date), default=None)


@dataclass(frozen=True)
class YearFigures:
    year: ConstructionYear
    entries: tuple[Entry, ...]
    representative: tuple[Entry, ...]
    indicators: frozenset[str]
    granted: float
    spent: float
    assessment: Assessment | None


@dataclass(frozen=True)
class StudioSummary:
    bundle: StudioBundle
    entries: tuple[Entry, ...]  # visible to the audience, newest first
    years: tuple[YearFigures, ...]

    @property
    def slug(self) -> str:
        return self.bundle.slug

    @property
    def profile(self):
        return self.bundle.profile.model  # type: ignore[union-attr]

    def of_kind(self, kind: EntryKind) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind is kind)

    @property
    def outcomes(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.is_outcome)

    @property
    def reports(self) -> tuple[Entry, ...]:
        """The final report first, then year by year: the plan, the mid-term report, the summary."""
        order = [ReportKind.FINAL, ReportKind.PLAN, ReportKind.MIDTERM, ReportKind.ANNUAL]
        return tuple(sorted(self.of_kind(EntryKind.REPORT),
                            key=lambda r: (r.meta.kind is not ReportKind.FINAL, r.meta.year or 0, order.index(r.meta.kind))))

    @property
    def budget_total(self) -> float:
        plan = self.bundle.plan
        return sum(b.amount for b in plan.model.budget) if plan else 0.0

    @property
    def spent_total(self) -> float:
        plan = self.bundle.plan
        return sum(e.amount for e in plan.model.expenditure) if plan else 0.0


@dataclass(frozen=True)
class Fact:
    """One row of an entry's facts table: a label and its values, each with what it may
    link to on the site (`"studio:slug"`, `"task:code"`, `"indicator:code"`), or None."""

    label: str
    values: tuple[tuple[str, str | None], ...]
    separator: str = "、"

    @property
    def text(self) -> str:
        return self.separator.join(text for text, _ in self.values)


@dataclass
class Summary:
    project: Project
    audience: frozenset[Visibility] = SITE

    @cached_property
    def studios(self) -> tuple[StudioSummary, ...]:
        site = self.project.site_model
        assessments: dict[tuple[str, int], Assessment] = {}
        if self.project.assessments:
            for item in self.project.assessments.model.assessments:
                assessments[(item.studio, item.year)] = item
        out = []
        for bundle in self.project.studios:
            if bundle.profile is None:
                continue
            entries = tuple(sorted(
                (e for e in bundle.entries if e.visibility in self.audience),
                key=lambda e: (e.date or site.years[0].start, e.slug), reverse=True,
            ))
            plan = bundle.plan.model if bundle.plan else None
            years = []
            for year in site.years:
                in_year = tuple(e for e in entries if e.is_outcome and e.year == year.year)
                granted = sum(b.amount for b in plan.budget if b.year == year.year) if plan else 0.0
                spent = sum(x.amount for x in plan.expenditure if year.contains(x.date)) if plan else 0.0
                years.append(YearFigures(
                    year=year, entries=in_year,
                    representative=tuple(e for e in in_year if e.meta.representative),
                    indicators=frozenset(code for e in in_year for code in e.meta.indicators),
                    granted=granted, spent=spent, assessment=assessments.get((bundle.slug, year.year)),
                ))
            out.append(StudioSummary(bundle, entries, tuple(years)))
        return tuple(out)

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        site = self.project.site_model
        every = [e for s in self.studios for e in s.entries]
        return tuple(sorted(every, key=lambda e: (e.date or site.years[0].start, e.studio, e.slug), reverse=True))

    @cached_property
    def outcomes(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.is_outcome)

    def entries_of(self, kind: EntryKind) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind is kind)

    @cached_property
    def by_indicator(self) -> dict[str, tuple[Entry, ...]]:
        found: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.outcomes:
            for code in entry.meta.indicators:
                found[code].append(entry)
        return {code: tuple(items) for code, items in found.items()}

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        standard = self.project.standard
        return {i.code: i for i in standard.model.walk()} if standard else {}

    @property
    def leaves(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.level == 3]

    @property
    def covered(self) -> list[Indicator]:
        return [i for i in self.leaves if i.code in self.by_indicator]

    @cached_property
    def judged_on(self) -> date:
        """The day the content last said something new (not the clock: the same content gives
        the same pages), on which the studios' years are judged."""
        every = [e for bundle in self.project.studios for e in bundle.entries]
        return latest_date(every) or self.project.site_model.years[0].start

    @cached_property
    def requirements(self) -> dict[str, dict[int, YearRequirement]]:
        """Each studio's years as `generator.requirements` judges them (on `judged_on`)."""
        found = {}
        for studio in self.studios:
            judged = studio_requirements(self.project, studio.bundle, self.judged_on)
            found[studio.slug] = {y.year.year: y for y in judged.years} if judged else {}
        return found

    def studio(self, slug: str) -> StudioSummary | None:
        return self._studio_by_slug.get(slug)

    @cached_property
    def _studio_by_slug(self) -> dict[str, StudioSummary]:
        return {s.slug: s for s in self.studios}

    def studio_name(self, slug: str) -> str:
        found = self.studio(slug)
        return found.profile.name if found else slug

    def page_address(self, entry: Entry) -> str | None:
        """The address of an entry's page on the published site, for a reader of the paper copy:
        only for public entries, and only when site.yml says where the site is."""
        base = self.project.site_model.address()
        if not base or entry.visibility is not Visibility.PUBLIC:
            return None
        return f"{base}studios/{entry.ref}.html"

    def year_label(self, number: int | None) -> str | None:
        found = self.project.site_model.construction_year(number)
        return found.label if found else None

    def entry_at(self, ref: str | None) -> Entry | None:
        """The entry at `studio/folder/slug` (as `Entry.linked_entry` names it), if this audience sees it."""
        return self._entry_by_ref.get(ref) if ref else None

    @cached_property
    def _entry_by_ref(self) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for entry in self.entries:
            found.setdefault(entry.ref, entry)  # the first, as a search of the list would find it
        return found

    def facts(self, entry: Entry) -> list[Fact]:
        """The facts table of an entry: the one definition that the site, the compilation
        (PDF and DOCX) and the forms print."""
        from .text import chinese_date

        meta = entry.meta
        kind = entry.kind
        rows = [Fact("工作室", ((self.studio_name(entry.studio), f"studio:{entry.studio}"),))]
        if kind is EntryKind.REPORT:
            return rows
        rows.append(Fact({EntryKind.HONOUR: "获奖日期", EntryKind.PRESS: "报道日期"}.get(kind, "日期"),
                         ((chinese_date(entry.date), None),)))
        if (label := self.year_label(entry.year)):
            rows.append(Fact("建设年度", ((label, None),)))

        def text(label: str, value: str | None) -> None:
            if value:
                rows.append(Fact(label, ((value, None),)))

        def linked(label: str, field: str) -> None:
            found = self.entry_at(entry.linked_entry(field))
            if found is not None:
                rows.append(Fact(label, ((found.title, f"entry:{found.ref}"),)))

        if entry.is_outcome:
            # a case or method is its kind (典型案例, 工作法); the notice's form for both names them already
            form = entry.form.label if kind is EntryKind.OUTCOME else kind.label
            rows.append(Fact("成果形式", ((form, None),)))
            rows.append(Fact("建设任务", tuple((t.label, f"task:{t.value}") for t in meta.tasks)))
        elif kind is EntryKind.HONOUR:
            text("授予单位", meta.awarded_by)
            text("文号", meta.number)
            linked("获奖成果", "outcome")
        elif kind is EntryKind.PRESS:
            text("媒体", meta.outlet)
            if meta.address:
                rows.append(Fact("原文网址", ((meta.address, f"url:{meta.address}"),)))
            linked("报道的条目", "about")
        elif kind is EntryKind.TALK:
            text("地点", meta.venue)
            text("报告人", meta.speaker)
            text("听众", meta.audience)
        elif kind is EntryKind.RECORD:
            text("记录类型", meta.type.label)
        if meta.indicators:
            rows.append(Fact("对应指标", tuple(
                (f"{code} {self.indicators[code].title}" if code in self.indicators else code, f"indicator:{code}")
                for code in meta.indicators), "；"))
        if getattr(meta, "level", None):
            rows.append(Fact("级别", ((meta.level.label, None),)))
        if meta.people:
            rows.append(Fact("获奖人员" if kind is EntryKind.HONOUR else "参与人员", tuple((name, None) for name in meta.people)))
        if getattr(meta, "representative", False):
            rows.append(Fact("代表性成果", (("是", None),)))
        return rows
