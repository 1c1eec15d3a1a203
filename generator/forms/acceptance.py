"""What each studio's acceptance needs (SPEC §1) and what is still missing.

The checklist is data; `showcase status` prints it with rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..requirements import StudioRequirements, studio_requirements
from ..summary import StudioSummary, Summary
from ..text import money


@dataclass(frozen=True)
class Item:
    column: str  # the status table's column: one per kind of requirement
    label: str
    ok: bool | None  # None: not due yet
    detail: str

    @property
    def sentence(self) -> str:
        return f"{self.label}：{self.detail}"


COLUMNS = ("代表性成果", "年度总结", "年度考核", "工作总结报告", "成果汇编", "经费")


def compilation_file(root: Path, slug: str) -> Path:
    return root / "build" / f"成果汇编-{slug}.pdf"


def checklist(summary: Summary, studio: StudioSummary, root: Path, as_of: date,
              found: StudioRequirements | None = None) -> list[Item]:
    """Every requirement of `generator.requirements` (`found`, when the caller has judged
    them already), plus what only the office records (assessments, the compilation, money)."""
    found = found or studio_requirements(summary.project, studio.bundle, as_of)
    assert found is not None
    assessed = {figures.year.year: figures.assessment for figures in studio.years}
    items: list[Item] = []
    for year in found.years:
        number = year.year.year
        short = f"第{number}年度"
        titles = "；".join(e.title for e in year.representative)
        items.append(Item("代表性成果", f"{short}代表性成果", True if titles else (False if year.due else None),
                          titles or ("缺少" if year.due else "年度未结束")))
        report = year.annual_report
        items.append(Item("年度总结", f"{short}工作总结", True if report else (False if year.due else None),
                          report.title if report else ("未提交" if year.due else "年度未结束")))
        assessment = assessed.get(number)
        if assessment is not None:
            items.append(Item("年度考核", f"{short}考核", assessment.result.passed, assessment.verdict))
        elif year.due:
            items.append(Item("年度考核", f"{short}考核", None, "未录入考核结果"))
    final = found.final_report
    items.append(Item("工作总结报告", "工作总结报告", True if final else (False if found.at_acceptance else None),
                      final.title if final else ("未提交" if found.at_acceptance else "验收阶段提交")))
    pdf = compilation_file(root, studio.slug)
    items.append(Item("成果汇编", "成果汇编", pdf.is_file() or (None if not found.at_acceptance else False),
                      f"已生成：{pdf.relative_to(root).as_posix()}" if pdf.is_file() else f"未生成：运行 showcase compile --studio {studio.slug}"))
    over = studio.spent_total - studio.budget_total
    items.append(Item("经费", "经费未超预算", over <= 0, f"预算 {money(studio.budget_total)} 元，支出 {money(studio.spent_total)} 元"))
    return items


def status_report(summary: Summary, studios: list[StudioSummary], root: Path, as_of: date) -> dict:
    """`showcase status --format json`: the same answers as the table, for programs."""
    out = []
    for studio in studios:
        found = studio_requirements(summary.project, studio.bundle, as_of)
        assert found is not None
        out.append({
            "slug": studio.slug,
            "at_acceptance": found.at_acceptance,
            "years": [{"year": y.year.year, "due": y.due, "representative": [e.title for e in y.representative],
                       "annual_report": y.annual_report is not None} for y in found.years],
            "missing": [gap.sentence for gap in missing(checklist(summary, studio, root, as_of, found))],
        })
    return {"studios": out}


def missing(items: list[Item]) -> list[Item]:
    return [i for i in items if i.ok is False]


def print_status(summary: Summary, studios: list[StudioSummary], root: Path, as_of: date) -> None:
    """The status table (one symbol per year) and a "还缺：…" line per studio, with rich;
    plain text when the output is not a terminal."""
    import sys

    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    mark = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[dim]·[/]"}
    table = Table(title=f"工作室建设进度与验收清单（截至 {as_of.isoformat()}；每年一个符号：✓ 已完成，✗ 缺少，· 未到期）")
    table.add_column("工作室", overflow="fold", min_width=12)
    table.add_column("状态", no_wrap=True)
    for column in COLUMNS:
        table.add_column(column, justify="center", no_wrap=True)
    lists = {s.slug: checklist(summary, s, root, as_of) for s in studios}
    for item in studios:
        cells = ["".join(mark[i.ok] for i in lists[item.slug] if i.column == column) or "—" for column in COLUMNS]
        table.add_row(f"{item.profile.name}\n[dim]{item.slug}[/]", item.profile.status.label, *cells)
    console.print(table)
    for item in studios:
        gaps = missing(lists[item.slug])
        if gaps:
            console.print(f"[bold]{item.slug}[/] 还缺：" + "；".join(f"{g.label}（{g.detail}）" for g in gaps), soft_wrap=True)
        else:
            console.print(f"[bold]{item.slug}[/] 目前没有缺项。", soft_wrap=True)
