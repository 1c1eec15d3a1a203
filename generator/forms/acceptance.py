"""What each studio's acceptance needs (SPEC §1) and what is still missing.

The checklist is data; `showcase status` prints it with rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..codes import ReportKind, Status
from ..summary import StudioSummary, Summary
from ..text import money
from .assessment import annual_report


@dataclass(frozen=True)
class Item:
    column: str  # the status table's column: one per kind of requirement
    label: str
    ok: bool | None  # None: not due yet
    detail: str


COLUMNS = ("代表性成果", "年度总结", "年度考核", "工作总结报告", "成果汇编", "经费")


def compilation_file(root: Path, slug: str) -> Path:
    return root / "build" / f"成果汇编-{slug}.pdf"


def checklist(summary: Summary, studio: StudioSummary, root: Path, as_of: date) -> list[Item]:
    site = summary.project.site_model
    profile = studio.profile
    acceptance = site.phase("acceptance")
    at_acceptance = profile.status in (Status.ACCEPTED, Status.FAILED) or (acceptance is not None and as_of >= acceptance.start)
    items: list[Item] = []
    for figures in studio.years:
        year = figures.year
        if year.start < profile.applied_on:
            continue
        due = at_acceptance or year.end < as_of
        short = f"第{year.year}年度"
        titles = "；".join(e.title for e in figures.representative)
        items.append(Item("代表性成果", f"{short}代表性成果", bool(titles) or (None if not due else False), titles or ("缺少" if due else "年度未结束")))
        report = annual_report(studio, year.year)
        items.append(Item("年度总结", f"{short}工作总结", bool(report) or (None if not due else False),
                          report.title if report else ("未提交" if due else "年度未结束")))
        if figures.assessment is not None:
            items.append(Item("年度考核", f"{short}考核", figures.assessment.result.value == "pass", figures.assessment.result.label))
        elif due:
            items.append(Item("年度考核", f"{short}考核", None, "未录入考核结果"))
    final = next((r for r in studio.bundle.reports if r.meta.kind is ReportKind.FINAL), None)
    items.append(Item("工作总结报告", "工作总结报告", bool(final) or (None if not at_acceptance else False),
                      final.title if final else ("未提交" if at_acceptance else "验收阶段提交")))
    pdf = compilation_file(root, studio.slug)
    items.append(Item("成果汇编", "成果汇编", pdf.is_file() or (None if not at_acceptance else False),
                      f"已生成：{pdf.relative_to(root).as_posix()}" if pdf.is_file() else f"未生成：运行 showcase compile --studio {studio.slug}"))
    over = studio.spent_total - studio.budget_total
    items.append(Item("经费", "经费未超预算", over <= 0, f"预算 {money(studio.budget_total)} 元，支出 {money(studio.spent_total)} 元"))
    return items


def missing(items: list[Item]) -> list[Item]:
    return [i for i in items if i.ok is False]
