"""`showcase import-docx` on documents from Word-like, WPS-like and LibreOffice writers and on the real-world corpus."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm

from conftest import CORPORA, Scratch, codes, small_jpeg
from generator.cli import cli
from generator.codes import EntryKind
from generator.importer import ImportProblem, import_docx

TODAY = date(2026, 9, 1)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def teacher_document(path: Path, chinese_styles: bool = False) -> Path:
    """What a teacher types in Word (or WPS, whose styles carry Chinese names): a title,
    indentation with full-width spaces, empty paragraphs, numbering typed by hand, a table,
    a picture with its caption, and a zero-width space pasted from a WeChat article."""
    doc = Document()
    heading1, caption = "Heading 1", "Caption"
    if chinese_styles:
        heading1, caption = "标题 1", "题注"
        for name in (heading1, caption):
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
    doc.add_paragraph("“党建+安全”双融合工作法", style="Title")
    doc.add_paragraph("\u3000\u30002024年5月20日，支部召开专题会议，研究\u200b实训室安全责任区建设。")
    doc.add_paragraph("")
    doc.add_paragraph("")
    doc.add_paragraph("一、主要做法", style=heading1)
    mixed = doc.add_paragraph("\u3000\u3000坚持")
    mixed.add_run("党建引领").bold = True
    mixed.add_run("，突出")
    mixed.add_run("安全育人").italic = True
    mixed.add_run("。")
    for line in ("1．建立双融合工作制度", "2．设立党员安全责任区", "3、每月开展安全主题党日"):
        doc.add_paragraph(line)
    doc.add_paragraph("● 党员教师包干实训室")
    doc.add_paragraph("● 学生党员担任安全员")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate((("年度", "责任区", "隐患整改"), ("2023", "10", "36"), ("2024", "12", "41"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    picture = path.with_suffix(".jpg")
    picture.write_bytes(small_jpeg((320, 200)))
    doc.add_picture(str(picture), width=Cm(8))
    doc.add_paragraph("图1 主题党日活动现场", style=caption)
    doc.add_paragraph("二、取得成效", style=heading1)
    doc.add_paragraph("\u00a0\u00a0实训室连续三年零事故。")
    doc.save(str(path))
    return path


def libreoffice_roundtrip(source: Path, folder: Path) -> Path:
    """The same document as LibreOffice writes it: .docx → .odt → .docx with soffice."""
    odt_dir, docx_dir = folder / "odt", folder / "docx"
    for target, fmt, src in ((odt_dir, "odt", source), (docx_dir, "docx", odt_dir / source.with_suffix(".odt").name)):
        done = subprocess.run(
            [SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", fmt, "--outdir", str(target), str(src)],
            capture_output=True, text=True, timeout=180,
        )
        assert done.returncode == 0, done.stderr
    written = docx_dir / source.name
    assert b"LibreOffice" in __import__("zipfile").ZipFile(written).read("docProps/app.xml")
    return written


def assert_teacher_document(scratch: Scratch, done) -> str:
    text = done.path.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    assert 'title: "“党建+安全”双融合工作法"' in front
    assert "date: 2024-05-20" in front and done.path.name == "2024-dangjian-anquan-shuangrong.md"  # the title in pinyin
    assert "## 一、主要做法" in body and "## 二、取得成效" in body
    assert "**党建引领**" in body and "*安全育人*" in body
    assert "1. 建立双融合工作制度\n2. 设立党员安全责任区\n3. 每月开展安全主题党日" in body
    assert "- 党员教师包干实训室\n- 学生党员担任安全员" in body
    assert "| 年度 | 责任区 | 隐患整改 |" in body and "| 2024 | 12 | 41 |" in body
    assert len(done.media) == 1 and done.media[0].parent == scratch.path("studios/alpha/media")
    assert f"![主题党日活动现场](../media/{done.media[0].name})" in body
    assert "图1" not in body  # the caption became the picture's description …
    assert f'images:\n  - src: ../media/{done.media[0].name}\n    caption: "主题党日活动现场"\n' in front  # … and its caption
    for leftover in ("\u3000", "\u200b", "\u00a0", "\n\n\n"):
        assert leftover not in body, repr(leftover)
    assert body.startswith("\n2024年5月20日，支部召开专题会议，研究实训室安全责任区建设。")
    return text


def fill_in_and_check(scratch: Scratch, done) -> None:
    rel = done.path.relative_to(scratch.root).as_posix()
    found = [d for d in scratch.check() if d.path == rel]
    assert codes(found) == {"E-PLACEHOLDER"}, found  # only what the author must write
    assert done.to_fill[:1] == ["summary"] and "indicators" in done.to_fill
    scratch.edit(rel, "summary: 【请修改】用一两句话概括这项成果。", "summary: 以责任区为抓手，实训室三年零事故。")
    assert [d for d in scratch.check() if d.path == rel] == []


@pytest.mark.parametrize("chinese_styles", [False, True], ids=["word", "wps-style-names"])
def test_a_teachers_word_document_becomes_an_entry(scratch: Scratch, tmp_path: Path, chinese_styles: bool) -> None:
    source = teacher_document(tmp_path / "工作法.docx", chinese_styles)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    done = import_docx(scratch.root, source, "alpha", EntryKind.OUTCOME, None, TODAY)
    assert_teacher_document(scratch, done)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the Word file is untouched
    fill_in_and_check(scratch, done)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_document_written_by_libreoffice(scratch: Scratch, tmp_path: Path) -> None:
    source = libreoffice_roundtrip(teacher_document(tmp_path / "gongzuofa.docx"), tmp_path)
    done = import_docx(scratch.root, source, "alpha", EntryKind.OUTCOME, None, TODAY)
    assert_teacher_document(scratch, done)
    fill_in_and_check(scratch, done)


def test_import_as_a_report_and_through_the_cli(scratch: Scratch, tmp_path: Path) -> None:
    source = teacher_document(tmp_path / "总结.docx")
    result = CliRunner().invoke(cli, ["--root", str(scratch.root), "import-docx", str(source), "--studio", "alpha", "--as", "report", "--slug", "zongjie-2024"])
    assert result.exit_code == 0, result.output
    assert "已导入为 studios/alpha/reports/zongjie-2024.md，图片 1 张已保存到 studios/alpha/media/" in result.output
    assert "补充或核对属性区的：kind、year" in result.output
    text = scratch.path("studios/alpha/reports/zongjie-2024.md").read_text(encoding="utf-8")
    assert "kind: annual" in text and "## 一、主要做法" in text
    assert "../media/zongjie-2024-1.jpg" in text


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "docx").glob("*.docx")))
def test_every_real_world_document_imports_or_is_refused_cleanly(scratch: Scratch, name: str) -> None:
    try:
        done = import_docx(scratch.root, CORPORA / "docx" / name, "alpha", EntryKind.CASE, None, TODAY)
    except ImportProblem as problem:
        assert str(problem) and "Traceback" not in str(problem)
        return
    rel = done.path.relative_to(scratch.root).as_posix()
    found = {d.code for d in scratch.check() if d.path == rel}
    assert found <= {"E-PLACEHOLDER", "W-DATE-OUTSIDE", "E-HTML-DANGEROUS", "W-HTML-STRIPPED"}, (name, found)
    for picture in done.media:
        assert picture.parent == scratch.path("studios/alpha/media") and picture.stat().st_size > 0
        assert f"../media/{picture.name}" in done.path.read_text(encoding="utf-8")
    if name == "poi_stress010.docx":
        assert any("WMF/EMF" in note for note in done.notes)  # a vector picture the web cannot show
    if name == "mammoth_external-picture.docx":
        assert any("外部文件" in note for note in done.notes) and not done.media


def test_what_cannot_be_imported_is_refused_with_the_fix(scratch: Scratch, tmp_path: Path) -> None:
    old_word = tmp_path / "旧文档.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ImportProblem, match="旧版 Word 文档（.doc）。请在 Word 或 WPS 中“另存为”"):
        import_docx(scratch.root, old_word, "alpha", EntryKind.OUTCOME, None, TODAY)
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportProblem, match="不是有效的 Word 文档"):
        import_docx(scratch.root, broken, "alpha", EntryKind.OUTCOME, None, TODAY)
    good = teacher_document(tmp_path / "a.docx")
    result = CliRunner().invoke(cli, ["--root", str(scratch.root), "import-docx", str(good), "--studio", "nosuch"])
    assert result.exit_code == 1 and "找不到工作室“nosuch”" in result.output
    assert not list(scratch.path("studios/alpha/media").glob("*-1.jpg"))  # nothing half-written


def test_headings_lists_and_dates_as_chinese_documents_are_typed(scratch: Scratch, tmp_path: Path) -> None:
    """WPS and Word documents as teachers write them: headings typed as “一、…” and “（一）…” or
    set in bold in a plain paragraph, a table right after a list, a date given to the month."""
    doc = Document()
    doc.add_paragraph("青年教师“一人一方向”培养", style="Title")
    doc.add_paragraph("本工作法形成于（2025年6月）的支部党员大会。")
    doc.add_paragraph("一、背景")
    doc.add_paragraph("（一）面临的问题")
    doc.add_paragraph("青年教师方向不明。")
    doc.add_paragraph().add_run("主要做法").bold = True
    for line in ("1．确定方向", "2．结对导师"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=2)
    for r, row in enumerate((("人数", "项目"), ("7", "11"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    source = tmp_path / "一人一方向.docx"
    doc.save(str(source))
    done = import_docx(scratch.root, source, "alpha", EntryKind.METHOD, None, TODAY)
    text = done.path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert "## 一、背景" in body and "### （一）面临的问题" in body and "### 主要做法" in body
    assert "1. 确定方向\n2. 结对导师\n\n| 人数 | 项目 |" in body  # the table is not swallowed by the list
    assert "date: 2025-06-01" in text and any("只写到月份" in note for note in done.notes)
    assert done.path.name == "2025-qingnian-jiaoshi-yiren.md"
