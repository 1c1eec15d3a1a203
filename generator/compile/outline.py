"""The structure of an outcome compilation (成果汇编), independent of its format.

One outline feeds every writer (HTML/PDF, DOCX), so the formats cannot drift
apart. Entries kept for acceptance appear; internal ones never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..codes import EntryKind, Form, ReportKind
from ..project import Entry
from ..summary import StudioSummary, Summary, latest_date


@dataclass
class Section:
    title: str
    level: int  # 1 part (studio or overview), 2 chapter, 3 group, 4 entry
    id: str
    entry: Entry | None = None
    children: list["Section"] = field(default_factory=list)
    studio: StudioSummary | None = None
    kind: str = "group"  # "overview", "studio", "report", "group", "entry", "appendix"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class AttachmentRow:
    studio: str
    entry: Entry
    title: str
    src: str


TITLE = "“双带头人”教师党支部书记工作室建设成果汇编"


@dataclass
class Outline:
    title: str
    subtitle: str  # the studio of a per-studio volume, and the year of a yearly one
    school: str
    committee: str
    issuer: str  # who compiles and issues it: the committee's office
    day: date
    running_head: str
    parts: list[Section]
    attachments: list[AttachmentRow]
    summary: Summary

    def sections(self):
        for part in self.parts:
            yield from part.walk()


def _report_heading(summary: Summary, report: Entry) -> str:
    """Short, since the studio's part already names the studio: “第一建设年度工作总结”."""
    if report.meta.kind is ReportKind.FINAL:
        return "建设工作总结报告"
    label = _year_label(summary, report.meta.year)
    return label.split("（", 1)[0] + "工作总结"


def _year_label(summary: Summary, year: int | None) -> str:
    for item in summary.project.site_model.years:
        if item.year == year:
            return item.label
    return "其他时间"


def build_outline(
    summary: Summary, studio: str | None = None, year: int | None = None, group_by: str = "year",
    day: date | None = None,
) -> Outline:
    """From the run's one `Summary`: its audience is COMPILATION for the documents handed to
    reviewers, SITE for the site's printable copy."""
    site = summary.project.site_model
    studios = [s for s in summary.studios if studio is None or s.slug == studio]
    if studio is not None and not studios:
        raise ValueError(f"找不到工作室“{studio}”")
    counter = iter(range(1, 100000))

    def new_id(prefix: str) -> str:
        return f"{prefix}-{next(counter)}"

    parts: list[Section] = []
    if studio is None:
        parts.append(Section("总体情况", 1, "overview", kind="overview"))
    attachments: list[AttachmentRow] = []
    for item in studios:
        part = Section(item.profile.name, 1, new_id("studio"), studio=item, kind="studio")
        reports = [e for e in item.of_kind(EntryKind.REPORT) if year is None or e.meta.year in (None, year)]
        final = [r for r in reports if r.meta.kind is ReportKind.FINAL]
        annual = sorted((r for r in reports if r.meta.kind is ReportKind.ANNUAL), key=lambda r: r.meta.year or 0)
        if year is not None:
            final = []
            annual = [r for r in annual if r.meta.year == year]
        for report in [*final, *annual]:
            part.children.append(Section(_report_heading(summary, report), 2, new_id("report"), entry=report, kind="report"))
        outcomes = sorted(
            (e for e in item.outcomes if year is None or e.year == year),
            key=lambda e: (e.meta.date, e.slug),
        )
        if group_by == "indicator":
            leaves = summary.leaves
            chapter_titles = {i.code: i for i in summary.indicators.values() if i.level == 1}
            for one in chapter_titles.values():
                chapter = Section(f"{one.code} {one.title}", 2, new_id("chapter"))
                for leaf in (l for l in leaves if l.code.startswith(one.code + ".")):
                    served = [e for e in outcomes if e.meta.indicators and e.meta.indicators[0] == leaf.code]
                    if served:
                        group = Section(f"{leaf.code} {leaf.title}", 3, new_id("group"))
                        group.children = [Section(e.title, 4, new_id("entry"), entry=e, kind="entry") for e in served]
                        chapter.children.append(group)
                if chapter.children:
                    part.children.append(chapter)
            unmapped = [e for e in outcomes if not e.meta.indicators or e.meta.indicators[0] not in {l.code for l in leaves}]
            if unmapped:
                chapter = Section("未对应指标的成果", 2, new_id("chapter"))
                chapter.children = [Section(e.title, 4, new_id("entry"), entry=e, kind="entry") for e in unmapped]
                part.children.append(chapter)
        else:
            years = sorted({e.year for e in outcomes}, key=lambda y: (y is None, y or 0))
            for number in years:
                chapter = Section(f"{_year_label(summary, number)}成果", 2, new_id("chapter"))
                in_year = [e for e in outcomes if e.year == number]
                for form in Form:
                    of_form = [e for e in in_year if e.form is form]
                    if of_form:
                        group = Section(form.label, 3, new_id("group"))
                        group.children = [Section(e.title, 4, new_id("entry"), entry=e, kind="entry") for e in of_form]
                        chapter.children.append(group)
                part.children.append(chapter)
        for entry in [*part.walk()]:
            if entry.entry is not None:
                for attachment in entry.entry.meta.attachments:
                    attachments.append(AttachmentRow(item.profile.name, entry.entry, attachment.title or attachment.src.rsplit("/", 1)[-1], attachment.src))
        parts.append(part)
    if attachments:
        parts.append(Section("附件索引", 1, "appendix", kind="appendix"))
    scope = studios[0].profile.name if studio else site.school
    year_note = f"（{_year_label(summary, year)}）" if year else ""
    edition = day or latest_date(e for s in studios for e in s.entries) or date.today()
    return Outline(
        title=TITLE, subtitle=(studios[0].profile.name if studio else "") + year_note, school=site.school,
        committee=site.committee, issuer=f"{site.committee}{site.contact.office}", day=edition,
        running_head=f"{scope}成果汇编{year_note}", parts=parts, attachments=attachments, summary=summary,
    )
