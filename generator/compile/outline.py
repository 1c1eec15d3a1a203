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
    kind: str = "group"  # "overview", "studio", "report", "group", "entry", "listing", "appendix"
    items: tuple[Entry, ...] = ()  # a listing's entries, printed as one table row each

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

    @property
    def arrangement(self) -> str:
        """The order of each studio's part, as the overview tells the reader."""
        return "工作总结与计划、分年度成果、荣誉报道与交流、工作动态与工作记录"

    def sections(self):
        for part in self.parts:
            yield from part.walk()


#: Honours, coverage and talks: evidence printed in full, after the outcomes.
EVIDENCE_KINDS = (EntryKind.HONOUR, EntryKind.PRESS, EntryKind.TALK)
EVIDENCE_HEADINGS = {EntryKind.HONOUR: "荣誉表彰", EntryKind.PRESS: "媒体报道", EntryKind.TALK: "交流报告"}
#: News and working records: many short items, printed as one table each.
LISTED_KINDS = (EntryKind.NEWS, EntryKind.RECORD)
_REPORT_HEADINGS = {ReportKind.ANNUAL: "工作总结", ReportKind.PLAN: "工作计划", ReportKind.MIDTERM: "中期考核报告"}


def _report_heading(summary: Summary, report: Entry) -> str:
    """Short, since the studio's part already names the studio: “第一建设年度工作总结”."""
    kind = report.meta.kind
    if kind is ReportKind.FINAL:
        return "建设工作总结报告"
    if report.meta.year is None:
        return kind.label
    return summary.project.site_model.year_label(report.meta.year, short=True) + _REPORT_HEADINGS[kind]


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
        reports = [r for r in item.reports if year is None or (r.meta.year == year and r.meta.kind is not ReportKind.FINAL)]
        for report in reports:
            part.children.append(Section(_report_heading(summary, report), 2, new_id("report"), entry=report, kind="report"))

        def in_scope(entries) -> list[Entry]:
            return sorted((e for e in entries if year is None or e.year == year), key=lambda e: (e.meta.date, e.slug))

        outcomes = in_scope(item.outcomes)
        evidence = {kind: in_scope(item.of_kind(kind)) for kind in EVIDENCE_KINDS}
        if group_by == "indicator":
            leaves = summary.leaves
            chapter_titles = {i.code: i for i in summary.indicators.values() if i.level == 1}
            supporting = [*outcomes, *(e for kind in EVIDENCE_KINDS for e in evidence[kind] if e.meta.indicators)]
            for one in chapter_titles.values():
                chapter = Section(f"{one.code} {one.title}", 2, new_id("chapter"))
                for leaf in (l for l in leaves if l.code.startswith(one.code + ".")):
                    served = [e for e in supporting if e.meta.indicators and e.meta.indicators[0] == leaf.code]
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
            evidence = {kind: [e for e in entries if not e.meta.indicators] for kind, entries in evidence.items()}
        else:
            years = sorted({e.year for e in outcomes}, key=lambda y: (y is None, y or 0))
            for number in years:
                chapter = Section(f"{site.year_label(number)}成果", 2, new_id("chapter"))
                in_year = [e for e in outcomes if e.year == number]
                for form in Form:
                    of_form = [e for e in in_year if e.form is form]
                    if of_form:
                        group = Section(form.label, 3, new_id("group"))
                        group.children = [Section(e.title, 4, new_id("entry"), entry=e, kind="entry") for e in of_form]
                        chapter.children.append(group)
                part.children.append(chapter)
        if any(evidence.values()):
            chapter = Section("荣誉、报道与交流", 2, new_id("chapter"))
            for kind, entries in evidence.items():
                if entries:
                    group = Section(EVIDENCE_HEADINGS[kind], 3, new_id("group"))
                    group.children = [Section(e.title, 4, new_id("entry"), entry=e, kind="entry") for e in entries]
                    chapter.children.append(group)
            part.children.append(chapter)
        for kind in LISTED_KINDS:
            if (listed := in_scope(item.of_kind(kind))):
                part.children.append(Section(f"{kind.label}一览", 2, new_id("listing"), kind="listing", items=tuple(listed)))
        for entry in [*part.walk()]:
            if entry.entry is not None:
                for attachment in entry.entry.meta.attachments:
                    attachments.append(AttachmentRow(item.profile.name, entry.entry, attachment.title or attachment.src.rsplit("/", 1)[-1], attachment.src))
        parts.append(part)
    if attachments:
        parts.append(Section("附件索引", 1, "appendix", kind="appendix"))
    scope = studios[0].profile.name if studio else site.school
    year_note = f"（{site.year_label(year)}）" if year else ""
    edition = day or latest_date(e for s in studios for e in s.entries) or date.today()
    return Outline(
        title=TITLE, subtitle=(studios[0].profile.name if studio else "") + year_note, school=site.school,
        committee=site.committee, issuer=f"{site.committee}{site.contact.office}", day=edition,
        running_head=f"{scope}成果汇编{year_note}", parts=parts, attachments=attachments, summary=summary,
    )
