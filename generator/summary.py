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

from .codes import EntryKind, Visibility
from .loader import Entry, Project, StudioBundle
from .models import Assessment, ConstructionYear, Indicator

SITE = frozenset({Visibility.PUBLIC})
COMPILATION = frozenset({Visibility.PUBLIC, Visibility.ACCEPTANCE})


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
    def budget_total(self) -> float:
        plan = self.bundle.plan
        return sum(b.amount for b in plan.model.budget) if plan else 0.0

    @property
    def spent_total(self) -> float:
        plan = self.bundle.plan
        return sum(e.amount for e in plan.model.expenditure) if plan else 0.0


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

    def studio(self, slug: str) -> StudioSummary | None:
        return next((s for s in self.studios if s.slug == slug), None)

    def studio_name(self, slug: str) -> str:
        found = self.studio(slug)
        return found.profile.name if found else slug
