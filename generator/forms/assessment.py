"""年度考核材料: one studio's year against its plan, and the school's table of all studios.

The pack sets the year's goals beside what was achieved (the year's outcomes
with their indicators), shows the representative outcome and the budget granted
against what was spent by category, and ends with a review sheet for the office:
every level-3 indicator with the evidence found for it this year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from ..escape import is_formula_like, plain
from ..files import atomic_output
from ..requirements import annual_report
from ..summary import StudioSummary, Summary, YearFigures
from ..text import chinese_date, cjk_join, money
from ..word import SANS, SERIF, WordDocument, widths_by_content
from .application import NUMERALS, _lines


def _percent(spent: float, granted: float) -> str:
    return f"{spent / granted:.0%}" if granted else "—"


def year_figures(studio: StudioSummary, year: int) -> YearFigures | None:
    return next((y for y in studio.years if y.year.year == year), None)


@dataclass(frozen=True)
class CategoryUse:
    category: str
    granted: float
    spent: float


def budget_by_category(studio: StudioSummary, figures: YearFigures) -> list[CategoryUse]:
    plan = studio.bundle.plan.model if studio.bundle.plan else None
    if plan is None:
        return []
    granted: dict[str, float] = defaultdict(float)
    spent: dict[str, float] = defaultdict(float)
    for item in plan.budget:
        if item.year == figures.year.year:
            granted[item.category] += item.amount
    for expense in plan.expenditure:
        if figures.year.contains(expense.date):
            spent[expense.category] += expense.amount
    return [CategoryUse(c, granted.get(c, 0.0), spent.get(c, 0.0)) for c in dict.fromkeys([*granted, *spent])]


class AssessmentPack(WordDocument):
    def __init__(self, summary: Summary, studio: StudioSummary, year: int):
        self.summary = summary
        self.studio = studio
        figures = year_figures(studio, year)
        if figures is None:
            raise ValueError(year)
        self.figures = figures
        super().__init__()

    def section(self, number: int, title: str) -> None:
        self.heading(f"{NUMERALS[number - 1]}、{title}", 1)

    def cover(self) -> None:
        site = self.summary.project.site_model
        profile = self.studio.profile
        self.title(site.school, size=16, before=60, east_asian=SANS, bold=False)
        self.title("“双带头人”教师党支部书记工作室", size=24, before=40)
        self.title(f"第{NUMERALS[self.figures.year.year - 1]}建设年度考核材料", size=26, before=12)
        self.doc.add_paragraph()
        self.table([
            ("工作室名称", profile.name), ("依托党支部", profile.branch), ("工作室负责人", profile.secretary.name),
            ("考核年度", f"{self.figures.year.label}（{chinese_date(self.figures.year.start)}至{chinese_date(self.figures.year.end)}）"),
        ], key_width=4.0)
        self.title(site.committee, size=14, before=120, east_asian=SERIF, bold=False)
        self.page_break()

    def goals(self) -> None:
        plan = self.studio.bundle.plan.model if self.studio.bundle.plan else None
        planned = next((y for y in plan.years if y.year == self.figures.year.year), None) if plan else None
        self.section(1, "年度目标完成情况")
        entries = self.figures.entries
        self.paragraph(
            f"本年度共取得成果 {len(entries)} 项，其中代表性成果 {len(self.figures.representative)} 项，"
            f"覆盖建设标准三级指标 {len(self.figures.indicators)} 项。"
        )
        self.heading("年度目标与预期成果（摘自建设计划）", 2)
        if planned is None:
            self.paragraph("建设计划中没有本年度的目标。")
        else:
            self.grid(("年度目标", "实施举措", "预期成果"),
                      [(_lines(planned.goals), _lines(planned.measures), _lines(planned.expected_outcomes))],
                      widths=(5.4, 5.4, 5.5))
        self.heading("本年度取得的成果", 2)
        indicators = self.summary.indicators
        rows = [
            (n, chinese_date(e.date), e.title + ("（代表性成果）" if e.meta.representative else ""), e.form.short,
             "；".join(f"{c} {indicators[c].title}" if c in indicators else c for c in e.meta.indicators) or "—",
             e.meta.level.label if e.meta.level else "—")
            for n, e in enumerate(sorted(entries, key=lambda e: (e.date, e.slug)), start=1)
        ]
        self.grid(("序号", "日期", "成果名称", "形式", "对应指标", "级别"), rows)

    def representative(self) -> None:
        self.section(2, "代表性成果")
        if not self.figures.representative:
            self.paragraph("本年度尚无代表性成果。通知要求每个工作室每年至少有 1 项代表性成果。")
        for entry in self.figures.representative:
            self.heading(entry.title, 2)
            self.table([(fact.label, fact.text) for fact in self.summary.facts(entry)])
            if entry.meta.summary:
                self.paragraph(cjk_join(entry.meta.summary))

    def report(self) -> None:
        self.section(3, "年度工作总结")
        report = annual_report(self.studio.bundle, self.figures.year.year)
        if report is None:
            self.paragraph("尚未提交本年度工作总结（reports/ 中 kind: annual、year: "
                           f"{self.figures.year.year} 的文件）。")
        else:
            self.paragraph(f"见《{report.title}》（{chinese_date(report.date)}），全文收录于成果汇编。")

    def budget(self) -> None:
        self.section(4, "经费使用情况")
        uses = budget_by_category(self.studio, self.figures)
        rows = [(u.category, money(u.granted), money(u.spent), money(u.granted - u.spent), _percent(u.spent, u.granted)) for u in uses]
        rows.append(("合计", money(self.figures.granted), money(self.figures.spent),
                     money(self.figures.granted - self.figures.spent), _percent(self.figures.spent, self.figures.granted)))
        self.grid(("经费类别", "预算（元）", "支出（元）", "结余（元）", "执行率"), rows, widths=(4.3, 3.0, 3.0, 3.0, 3.0))
        if self.figures.assessment and self.figures.assessment.funds is not None:
            self.paragraph(f"本年度拨付经费 {money(self.figures.assessment.funds)} 元。", indent=False)
        plan = self.studio.bundle.plan.model if self.studio.bundle.plan else None
        spent = [x for x in (plan.expenditure if plan else []) if self.figures.year.contains(x.date)]
        if spent:
            self.heading("支出明细", 2)
            self.grid(("日期", "支出事项", "经费类别", "金额（元）", "备注"),
                      [(chinese_date(x.date), x.item, x.category, money(x.amount), x.note or "") for x in sorted(spent, key=lambda x: x.date)])

    def review_sheet(self) -> None:
        self.section(5, "考核评分表（党委办公室填写）")
        by_indicator: dict[str, list[str]] = defaultdict(list)
        for entry in self.figures.entries:
            for code in entry.meta.indicators:
                by_indicator[code].append(entry.title)
        rows = [(leaf.code, leaf.title, "；".join(leaf.evidence) or "—", "\n".join(by_indicator.get(leaf.code, [])) or "暂无", "", "")
                for leaf in self.summary.leaves]
        self.grid(("编号", "三级指标", "支撑材料要求", "本年度佐证成果", "评分", "意见"), rows)
        recorded = self.figures.assessment
        conclusion = "□ 合格　　□ 不合格"
        if recorded is not None:
            conclusion += f"\n（已录入：{recorded.verdict}" + (f"；{recorded.comment}" if recorded.comment else "") + "）"
        self.table([("考核结论", conclusion)], key_width=3.5)
        self.signature_box("考核意见", ["考核人（签字）：　　　　　　　　", "年　　月　　日"], room=5, key_width=3.5)

    def write(self, out: Path) -> None:
        self.footer_page_numbers()
        self.cover()
        self.goals()
        self.representative()
        self.report()
        self.budget()
        self.review_sheet()
        profile = self.studio.profile
        day = max((e.date for e in self.figures.entries if e.date), default=self.figures.year.end)
        self.save(out, f"{profile.name}{self.figures.year.label}考核材料", self.summary.project.site_model.committee, day)


PAGE_WIDTH_CM, MARGIN_CM = 29.7, 1.8  # the landscape summary sheet: A4 across, its left and right margins
SUMMARY_HEADER = ("序号", "工作室", "依托党支部", "负责人", "状态", "本年度成果", "代表性成果", "覆盖指标",
                  "年度总结", "预算（元）", "支出（元）", "执行率", "考核结果")


def summary_rows(summary: Summary, year: int) -> list[tuple]:
    """One row per studio: the school-wide table of the year (numbers stay numbers for the spreadsheet)."""
    rows = []
    for n, studio in enumerate(summary.studios, start=1):
        figures = year_figures(studio, year)
        if figures is None:
            continue
        profile = studio.profile
        rows.append((
            n, profile.name, profile.branch, profile.secretary.name, profile.status.label, len(figures.entries),
            "；".join(e.title for e in figures.representative) or "缺",
            len(figures.indicators), "已提交" if annual_report(studio.bundle, year) else "未提交",
            figures.granted, figures.spent, (figures.spent / figures.granted) if figures.granted else None,
            figures.assessment.verdict if figures.assessment else "未录入",
        ))
    return rows


class SchoolTable(WordDocument):
    def __init__(self, summary: Summary, year: int):
        self.summary = summary
        self.year = year
        super().__init__()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(21)
        section.left_margin = section.right_margin = Cm(MARGIN_CM)

    def write(self, out: Path) -> None:
        site = self.summary.project.site_model
        label = next(y.label for y in site.years if y.year == self.year)
        self.footer_page_numbers(first_page_too=True)
        self.title(f"{site.school}“双带头人”教师党支部书记工作室{label}考核汇总表", size=16)
        rows = [(*r[:9], money(r[9]), money(r[10]), f"{r[11]:.0%}" if r[11] is not None else "—", r[12])
                for r in summary_rows(self.summary, self.year)]
        width = PAGE_WIDTH_CM - 2 * MARGIN_CM
        self.grid(SUMMARY_HEADER, rows, widths=widths_by_content([SUMMARY_HEADER, *rows], total=width, size=9), size=9)
        self.paragraph(f"填表单位：{site.committee}（{site.contact.office}）", indent=False)
        day = max((e.date for e in self.summary.outcomes if e.date and e.year == self.year), default=None)
        self.save(out, f"{label}考核汇总表", site.committee, day)


def as_cell_value(value: object) -> object:
    """Numbers stay numbers; text is one line, without bidi controls."""
    return plain(value) if isinstance(value, str) else value


def write_school_xlsx(summary: Summary, year: int, out: Path) -> None:
    """The same table as a spreadsheet: numbers as numbers, a frozen header, widths that fit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    site = summary.project.site_model
    label = next(y.label for y in site.years if y.year == year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"第{year}年度"
    sheet.append([as_cell_value(f"{site.school}“双带头人”教师党支部书记工作室{label}考核汇总表")])
    sheet["A1"].data_type = "s"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SUMMARY_HEADER))
    sheet["A1"].font = Font(name="黑体", size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(SUMMARY_HEADER))
    thin = Side(style="thin", color="666666")
    for cell in sheet[2]:
        cell.font = Font(name="黑体", bold=True)
        cell.fill = PatternFill("solid", fgColor="F3E6E6")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in summary_rows(summary, year):
        sheet.append([as_cell_value(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # text is text: never a formula, whatever it starts with (OWASP, CSV injection)
                cell.data_type = "s"
                cell.quotePrefix = is_formula_like(cell.value)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row > 2:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in sheet.iter_rows(min_row=3, min_col=10, max_col=11):
        for cell in row:
            cell.number_format = "#,##0"
    for row in sheet.iter_rows(min_row=3, min_col=12, max_col=12):
        for cell in row:
            cell.number_format = "0%"
    for letter, width in zip("ABCDEFGHIJKLM", (6, 26, 24, 10, 10, 10, 36, 10, 10, 12, 12, 8, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    book.properties.creator = site.committee
    with atomic_output(out) as partial:
        book.save(partial)
