"""申报书: the application form a studio hands in, filled from studio.yml and plan.yml."""

from __future__ import annotations

from pathlib import Path

from ..summary import StudioSummary, Summary
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..compile.wordbody import BodyWriter
from ..render import content_html
from ..text import chinese_date, cjk_join, money
from ..word import SANS, SERIF, TEXT_WIDTH_CM, WordDocument, merge_runs, unbroken_width

NUMERALS = "一二三四五六七八九十"


def _lines(items: list[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)) if items else "（无）"


class ApplicationForm(WordDocument):
    def __init__(self, summary: Summary, studio: StudioSummary):
        self.summary = summary
        self.studio = studio
        super().__init__()

    def cover(self) -> None:
        site = self.summary.project.site_model
        profile = self.studio.profile
        self.title(site.school, size=16, before=60, east_asian=SANS, bold=False)
        self.title("“双带头人”教师党支部书记工作室", size=24, before=40)
        self.title("申　报　书", size=30, before=12)
        self.doc.add_paragraph().paragraph_format.space_before = 0
        self.table([
            ("工作室名称", profile.name), ("依托党支部", profile.branch), ("所属党总支", profile.parent_org or ""),
            ("所在部门", profile.department), ("工作室负责人", profile.secretary.name),
            ("填报日期", chinese_date(profile.applied_on)),
        ], key_width=4.0)
        self.title(site.committee, size=14, before=90, east_asian=SERIF, bold=False)
        self.title(f"依据：{site.notice.number}《{site.notice.title}》", size=10.5, before=6, east_asian=SERIF, bold=False)
        self.page_break()

    def section(self, number: int, title: str) -> None:
        self.heading(f"{NUMERALS[number - 1]}、{title}", 1)

    def markdown_field(self, body) -> None:
        """A Markdown field of studio.yml, written from the same rendered body as every output."""
        if not body:
            self.paragraph("（未填写）")
            return
        BodyWriter(self, lambda src: None, heading_base=3, caption=lambda src: None,
                   figure=lambda path, caption: None).write(content_html(body))

    def body(self) -> None:
        profile = self.studio.profile
        plan = self.studio.bundle.plan.model if self.studio.bundle.plan else None
        secretary = profile.secretary
        self.section(1, "基本情况")
        self.table([
            ("工作室名称", profile.name), ("品牌口号", profile.brand or ""), ("依托党支部", profile.branch),
            ("所属党总支", profile.parent_org or ""), ("所在部门", profile.department),
            ("党支部成立时间", chinese_date(profile.branch_founded)),
            ("党支部书记", secretary.name), ("职称", secretary.title or ""), ("职务", secretary.position or ""),
            ("学术方向", secretary.research or ""),
        ])
        self.heading("党支部书记简介", 2)
        self.markdown_field(self.studio.bundle.bio)
        self.heading("工作室成员", 2)
        self.grid(("序号", "姓名", "职称或职务", "在工作室中的分工"),
                  [(n, m.name, m.title or "", m.role or "") for n, m in enumerate(profile.members, start=1)],
                  widths=(1.5, 3.0, 5.0, 6.8))
        self.section(2, "工作基础")
        self.markdown_field(self.studio.bundle.intro)
        if plan is None:
            self.paragraph("（尚未填写建设计划 plan.yml）")
            return
        years = {y.year.year: y.year.label for y in self.studio.years}
        label_width = unbroken_width(["建设年度", *years.values()])
        widths = (label_width, TEXT_WIDTH_CM - label_width)
        self.section(3, "建设目标")
        self.heading("总体目标", 2)
        self.paragraph(cjk_join(plan.goal))
        self.heading("年度目标", 2)
        self.grid(("建设年度", "年度目标"), [(years.get(y.year, f"第{y.year}年度"), _lines(y.goals)) for y in plan.years],
                  widths=widths)
        self.section(4, "实施方案")
        for year in plan.years:
            self.heading(years.get(year.year, f"第{year.year}年度"), 2)
            for n, measure in enumerate(year.measures or ["（未填写）"], start=1):
                self.paragraph(f"{n}. {measure}")
        self.section(5, "预期成果")
        self.grid(("建设年度", "预期成果"), [(years.get(y.year, f"第{y.year}年度"), _lines(y.expected_outcomes)) for y in plan.years],
                  widths=widths)
        self.section(6, "经费预算")
        self.budget(plan)
        self.section(7, "审核意见")
        for who in ("所在党总支意见", "学校党委意见"):
            self.signature_box(who, ["（盖章）", "年　　月　　日"])

    def budget(self, plan) -> None:
        rows = []
        total = 0.0
        for year in sorted({b.year for b in plan.budget}):
            items = [b for b in plan.budget if b.year == year]
            rows += [(f"第{NUMERALS[year - 1]}年度", b.item, b.category, money(b.amount)) for b in items]
            subtotal = sum(b.amount for b in items)
            rows.append((f"第{NUMERALS[year - 1]}年度", "小计", "", money(subtotal)))
            total += subtotal
        rows.append(("合计", "", "", money(total)))
        table = self.grid(("建设年度", "预算项目", "经费类别", "金额（元）"), rows, widths=(3.0, 6.5, 3.5, 3.3))
        merge_runs(table, 0)  # one year cell beside its items and subtotal
        for row in table.rows[1:]:
            row.cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph("经费实行专款专用，按年度考核结果拨付。", indent=False)

    def write(self, out: Path) -> None:
        self.footer_page_numbers()
        self.cover()
        self.body()
        profile = self.studio.profile
        self.save(out, f"{profile.name}申报书", self.summary.project.site_model.committee, profile.applied_on)
