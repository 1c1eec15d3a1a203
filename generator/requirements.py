"""What the programme requires of each studio at a date (SPEC §1, §5): the one definition.

Which construction years are due, which entries count as a year's representative
outcome, when a studio is at acceptance and so owes its final report. `check`,
`status`, the progress dashboard and the assessment pack all read these answers,
so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .codes import ReportKind, Status, Visibility
from .project import Entry, Project, StudioBundle
from .models import ConstructionYear

#: Entries that count as evidence. Internal ones are checked but never exported, so they
#: cannot show a reviewer anything and never fulfil a requirement.
EVIDENCE = frozenset({Visibility.PUBLIC, Visibility.ACCEPTANCE})


def counts(entry: Entry) -> bool:
    return entry.visibility in EVIDENCE


@dataclass(frozen=True)
class YearRequirement:
    year: ConstructionYear
    due: bool  # ended by the date, or every year at acceptance
    started: bool
    representative: tuple[Entry, ...]  # outcomes that count, marked representative, of that year
    annual_report: Entry | None

    @property
    def representative_missing(self) -> bool:
        return self.due and not self.representative

    @property
    def representative_pending(self) -> bool:
        """Running now, none yet: a reminder, not an error."""
        return self.started and not self.due and not self.representative


@dataclass(frozen=True)
class StudioRequirements:
    bundle: StudioBundle
    acceptance: str | None  # why the studio is at acceptance, or None
    years: tuple[YearRequirement, ...]  # the years since it applied
    final_report: Entry | None

    @property
    def at_acceptance(self) -> bool:
        return self.acceptance is not None

    @property
    def final_report_missing(self) -> bool:
        return self.at_acceptance and self.final_report is None


def annual_report(bundle: StudioBundle, year: int) -> Entry | None:
    return next((r for r in bundle.reports if counts(r) and r.meta.kind is ReportKind.ANNUAL and r.meta.year == year), None)


def acceptance_reason(project: Project, bundle: StudioBundle, as_of: date) -> str | None:
    """Why the studio is (being) accepted at `as_of`, or None."""
    assert bundle.profile is not None
    status = bundle.profile.model.status
    if status is Status.ACCEPTED:
        return "状态为“已结项”"
    if status is Status.FAILED:
        return "状态为“未通过验收”"
    acceptance = project.site_model.phase("acceptance")
    if status in (Status.BUILDING, Status.RECTIFYING) and acceptance and as_of >= acceptance.start:
        return f"已进入验收阶段（{acceptance.start.isoformat()} 起）"
    return None


def studio_requirements(project: Project, bundle: StudioBundle, as_of: date) -> StudioRequirements | None:
    """None while the profile does not load (its errors say why)."""
    if bundle.profile is None:
        return None
    profile = bundle.profile.model
    reason = acceptance_reason(project, bundle, as_of)
    applying = profile.status is Status.APPLYING
    years = []
    for year in project.site_model.years:
        if year.start < profile.applied_on:
            continue
        representative = tuple(
            e for e in bundle.outcomes if counts(e) and e.meta.representative and e.year == year.year
        )
        report = annual_report(bundle, year.year)
        years.append(YearRequirement(
            year=year, due=not applying and (reason is not None or year.end < as_of),
            started=not applying and year.start <= as_of, representative=representative, annual_report=report,
        ))
    final = next((r for r in bundle.reports if counts(r) and r.meta.kind is ReportKind.FINAL), None)
    return StudioRequirements(bundle, reason, tuple(years), final)


def all_requirements(project: Project, as_of: date) -> list[StudioRequirements]:
    return [found for bundle in project.studios if (found := studio_requirements(project, bundle, as_of))]
