"""The life cycle's documents, read back from the files written (python-docx, openpyxl)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from conftest import REPO, Scratch
from generator.cli import cli
from generator.codes import ReportKind
from generator.reading import load_project
from generator.text import money


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    runner = CliRunner()
    for args in (["form", "application"], ["form", "assessment", "--year", "3"]):
        result = runner.invoke(cli, ["--root", str(REPO), *args, "--out", str(out)])
        assert result.exit_code == 0, result.output
    return out


def text_of(path: Path) -> tuple[list[str], list[list[list[str]]], list[tuple[str, str]]]:
    """Paragraph texts, tables as rows of cell texts, and (style, text) of headings."""
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    return paragraphs, tables, headings


def test_application_form_is_filled_from_studio_and_plan(forms: Path) -> None:
    studio = load_project(REPO).studio("huagong")
    profile, plan = studio.profile.model, studio.plan.model
    path = forms / f"申报书-{profile.name}.docx"
    paragraphs, tables, headings = text_of(path)
    assert "申　报　书" in paragraphs
    assert [h for style, h in headings if style == "Heading 1"] == [
        "一、基本情况", "二、工作基础", "三、建设目标", "四、实施方案", "五、预期成果", "六、经费预算", "七、审核意见"]
    cells = {cell for table in tables for row in table for cell in row}
    assert {profile.name, profile.branch, profile.secretary.name, profile.secretary.research} <= cells
    assert {m.name for m in profile.members} <= cells and {m.role for m in profile.members if m.role} <= cells
    everything = "\n".join(paragraphs) + "\n".join(cells)
    for year in plan.years:
        for text in [*year.goals, *year.expected_outcomes, *year.measures]:
            assert text in everything, text
    budget = next(t for t in tables if t[0] == ["建设年度", "预算项目", "经费类别", "金额（元）"])
    assert budget[-1] == ["合计", "", "", money(sum(b.amount for b in plan.budget))]
    first_year = [row for row in budget if row[0] == "第一年度" and row[1] == "小计"]
    assert first_year == [["第一年度", "小计", "", money(sum(b.amount for b in plan.budget if b.year == 1))]]
    assert all(not t.startswith("【请修改】") for t in everything.split("\n"))


def test_assessment_pack_sets_the_year_against_its_plan(forms: Path) -> None:
    project = load_project(REPO)
    studio = project.studio("jidian")
    profile, plan = studio.profile.model, studio.plan.model
    year = next(y for y in project.site_model.years if y.year == 3)
    path = forms / f"年度考核-第3年度-{profile.name}.docx"
    paragraphs, tables, headings = text_of(path)
    assert "第三建设年度考核材料" in paragraphs
    of_year = [e for e in studio.outcomes if e.year == 3]
    outcomes = next(t for t in tables if t[0][:3] == ["序号", "日期", "成果名称"])
    assert len(outcomes) - 1 == len(of_year)
    listed = "\n".join(row[2] for row in outcomes)
    assert all(e.title in listed for e in of_year)
    representative = [e for e in of_year if e.meta.representative]
    assert representative and {e.title for e in representative} <= {h for style, h in headings if style == "Heading 2"}
    # budget granted vs spent, by category, computed here independently of the summary
    granted, spent = defaultdict(float), defaultdict(float)
    for b in plan.budget:
        if b.year == 3:
            granted[b.category] += b.amount
    for x in plan.expenditure:
        if year.start <= x.date <= year.end:
            spent[x.category] += x.amount
    usage = next(t for t in tables if t[0][0] == "经费类别")
    for row in usage[1:-1]:
        assert row[1] == money(granted[row[0]]) and row[2] == money(spent[row[0]])
    assert usage[-1][:3] == ["合计", money(sum(granted.values())), money(sum(spent.values()))]
    # the review sheet: one row per level-3 indicator, with this year's evidence found for it
    sheet = next(t for t in tables if t[0][:4] == ["编号", "三级指标", "支撑材料要求", "本年度佐证成果"])
    leaves = project.standard.model.leaves()
    assert [row[0] for row in sheet[1:]] == list(leaves)
    for row in sheet[1:]:
        cited = [e.title for e in of_year if row[0] in e.meta.indicators]
        assert sorted(row[3].split("\n")) == (sorted(cited) or ["暂无"]), row
    conclusion = next(t for t in tables if t[0][0] == "考核结论")
    recorded = next(a for a in project.assessments.model.assessments if a.studio == "jidian" and a.year == 3)
    assert f"已录入：{recorded.result.label}" in conclusion[0][1]
    report = next(r for r in studio.reports if r.meta.kind is ReportKind.ANNUAL and r.meta.year == 3)
    assert any(report.title in p for p in paragraphs)


def test_school_table_as_word_and_spreadsheet(forms: Path) -> None:
    project = load_project(REPO)
    _, tables, _ = text_of(forms / "年度考核汇总-第3年度.docx")
    assert len(tables[0]) == 1 + len(project.studios)
    book = load_workbook(forms / "年度考核汇总-第3年度.xlsx")
    sheet = book.active
    assert sheet["A2"].value == "序号" and sheet["M2"].value == "考核结果" and sheet.freeze_panes == "A3"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == len(project.studios)
    for studio in project.studios:
        row = rows[studio.profile.model.name]
        plan = studio.plan.model
        assert row[9] == sum(b.amount for b in plan.budget if b.year == 3)  # numbers stay numbers
        assert row[5] == len([e for e in studio.outcomes if e.year == 3])
    assert rows[project.studio("jidian").profile.model.name][12] == "限期整改（2026年12月31日前）"
    assert sheet.cell(row=3, column=12).number_format == "0%"


def test_forms_are_reproducible(tmp_path: Path) -> None:
    runner = CliRunner()
    for out in ("a", "b"):
        result = runner.invoke(cli, ["--root", str(REPO), "form", "application", "--studio", "xinxi", "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    (first,) = (tmp_path / "a").iterdir()
    assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes()


def test_status_lists_what_acceptance_still_needs(scratch: Scratch) -> None:
    runner = CliRunner()
    scratch.path("studios/alpha/reports/final.md").unlink()
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: false")
    result = runner.invoke(cli, ["--root", str(scratch.root), "status", "--as-of", "2026-07-01"])
    assert result.exit_code == 0, result.output
    assert "alpha 还缺：" in result.output
    missing = result.output.split("alpha 还缺：", 1)[1]
    assert "第2年度代表性成果（缺少）" in missing and "工作总结报告（未提交）" in missing
    assert "成果汇编（未生成：运行 showcase compile --studio alpha）" in missing
    assert "第1年度代表性成果" not in missing
    # once the compilation exists and the reports are in, only the year-2 outcome is missing
    scratch.write("studios/alpha/reports/final.md", "---\ntitle: 验收总结\nkind: final\n---\n\n总结。\n")
    for year in (1, 2, 3):
        scratch.write(f"studios/alpha/reports/y{year}.md", f"---\ntitle: 第{year}年度总结\nkind: annual\nyear: {year}\n---\n\n总结。\n")
    scratch.write_bytes("build/成果汇编-alpha.pdf", b"%PDF-1.7\n")
    result = runner.invoke(cli, ["--root", str(scratch.root), "status", "--as-of", "2026-07-01"])
    assert result.output.split("alpha 还缺：", 1)[1].strip() == "第2年度代表性成果（缺少）"
    before = date(2024, 3, 1).isoformat()
    early = runner.invoke(cli, ["--root", str(scratch.root), "status", "--as-of", before])
    assert "alpha 目前没有缺项" in early.output  # nothing is due in the first year yet


def _laid_out_lines(docx: Path, folder: Path) -> list[str]:
    """The document as LibreOffice lays it out, one printed line per item (pdftotext)."""
    import shutil
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by scripts/apt-packages.txt"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=180)
    pdf = folder / docx.with_suffix(".pdf").name
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.splitlines()


def test_dates_and_short_cells_stay_on_one_line_as_printed(forms: Path, tmp_path: Path) -> None:
    """Columns are sized by what they hold: a date, 序号 or 考核结果 never breaks in a table."""
    import re
    project = load_project(REPO)
    studio = next(s for s in project.studios if s.slug == "shangmao")
    pack = next(forms.glob(f"年度考核-第3年度-{studio.profile.model.name}.docx"))
    lines = _laid_out_lines(pack, tmp_path)
    table_dates = [line for line in lines if re.match(r"\s*\d+\s+20\d\d", line)]
    assert table_dates, "the outcome table's rows start with 序号 and the date"
    for line in table_dates:
        assert re.match(r"\s*\d+\s+20\d\d 年 \d{1,2} 月 \d{1,2} 日", line), line  # the whole date on the row's first line
    school = _laid_out_lines(forms / "年度考核汇总-第3年度.docx", tmp_path)
    header = next(line for line in school if "序号" in line)
    for label in ("序号", "负责人", "本年度成果", "覆盖指标", "执行率", "考核结果"):
        assert label in header, (label, header)
