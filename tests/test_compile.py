"""The outcome compilation (PDF, DOCX, HTML) and the supporting-materials package, read back."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, Scratch, outcome
from generator.compile.outline import LISTED_KINDS
from generator.compile.package import write_package
from generator.compile.run import compile_document
from generator.reading import load_project
from test_cli import run


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-layout"]
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*command, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def school_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compile") / "school.pdf"
    result = run("compile", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "成果汇编已生成" in result.stdout and "页" in result.stdout
    return out


def test_school_pdf_has_fonts_outline_toc_and_every_title(school_pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(school_pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts), fonts  # embedded and subset
    assert any("Serif-CJK" in line for line in fonts) and any("Sans-CJK" in line for line in fonts)
    reader = PdfReader(school_pdf)
    assert len(reader.pages) > 30
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1  # A4
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    project = load_project(REPO)
    assert top[0] == "总体情况" and top[-1] == "附件索引"
    assert {s.profile.model.name for s in project.studios} <= set(top)
    text = pdf_text(school_pdf).replace(" ", "")
    assert "目录" in text and "成果汇编" in text
    for studio in project.studios:
        for entry in studio.entries:
            # news and records are rows of a table, whose narrow title cell may wrap the title
            shown = entry.title.replace(" ", "")[:8] if entry.kind in LISTED_KINDS else entry.title.replace(" ", "")
            assert shown in text, entry.title


def test_pages_carry_the_running_head_and_numbers_but_the_cover_does_not(school_pdf: Path) -> None:
    cover = pdf_text(school_pdf, 1)
    assert "成果汇编" in cover and not re.search(r"—\s*1\s*—", cover)
    reader = PdfReader(school_pdf)
    first = next(item for item in reader.outline if not isinstance(item, list) and item.title != "总体情况")
    number = reader.get_destination_page_number(first) + 2  # the second page of the first studio's part
    page = pdf_text(school_pdf, number)
    head = next(line for line in page.splitlines() if line.strip())
    assert re.search(rf"—\s*{number}\s*—", page) and "工作室" in head  # the studio's name runs at the top of its pages
    toc = pdf_text(school_pdf, 2)
    assert re.search(r"石油化工学院教工第一党支部书记工作室（示例）\s*\.{3,}\s*\d+", toc)


def test_per_studio_year_and_indicator_views(tmp_path: Path) -> None:
    project = load_project(REPO)
    one_year = compile_document(project, REPO, tmp_path / "y1.pdf", "pdf", studio="huli", year=1, build_dir=tmp_path)
    text = pdf_text(one_year.out).replace(" ", "")
    huli = project.studio("huli")
    for entry in huli.outcomes:
        assert (entry.title.replace(" ", "") in text) == (entry.year == 1), entry.title
    assert "第一建设年度" in text and "验收总结报告" not in text
    by_indicator = compile_document(project, REPO, tmp_path / "ind.pdf", "pdf", studio="huli", group_by="indicator", build_dir=tmp_path)
    assert "3.1.2教师思政品牌" in pdf_text(by_indicator.out).replace(" ", "")


def test_pdf_a_embeds_the_evidence(tmp_path: Path) -> None:
    out = compile_document(load_project(REPO), REPO, tmp_path / "a.pdf", "pdf", studio="huagong", pdf_a=True, build_dir=tmp_path).out
    reader = PdfReader(out)
    assert "zhidu-huibian.pdf" in reader.attachments
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and (b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp)


def test_docx_has_headings_a_filled_toc_page_numbers_and_pictures(tmp_path: Path) -> None:
    result = run("compile", "--studio", "huagong", "--format", "docx", "--out", str(tmp_path / "h.docx"))
    assert result.returncode == 0, result.stderr
    doc = Document(str(tmp_path / "h.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= styles
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "石油化工学院教工第一党支部书记工作室（示例）"
    xml = doc.element.xml
    assert 'TOC \\o "1-4" \\h \\z \\u' in xml
    toc = [p.text for p in doc.paragraphs if p.style.name.startswith("TOC")]
    assert toc and all(re.search(r"\t\d+$", line) for line in toc), toc[:5]
    assert any(line.startswith("第一建设年度（2023—2024学年）成果\t") for line in toc)
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert len(doc.inline_shapes) >= 2
    normal = doc.styles["Normal"].element.xml
    assert 'w:eastAsia="宋体"' in normal and 'w:eastAsia="黑体"' in doc.styles["Heading 1"].element.xml


def test_html_is_one_printable_file(tmp_path: Path) -> None:
    result = run("compile", "--studio", "xinxi", "--format", "html", "--out", str(tmp_path / "x.html"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," in page and "file://" not in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)  # addresses are printed, never fetched
    assert "“红色代码”网络育人平台一期上线" in page and "@page" in page


def test_acceptance_entries_appear_and_internal_ones_never(scratch: Scratch, tmp_path: Path) -> None:
    scratch.write("studios/alpha/outcomes/minutes.md", outcome("支委会会议记录", "2024-03-01", False, "visibility: acceptance\n"))
    scratch.write("studios/alpha/outcomes/draft.md", outcome("内部草稿", "2024-04-01", False, "visibility: internal\n"))
    out = compile_document(load_project(scratch.root), scratch.root, tmp_path / "s.pdf", "pdf", build_dir=tmp_path).out
    text = pdf_text(out)
    assert "支委会会议记录" in text and "内部草稿" not in text


def test_content_errors_stop_compile_and_keep_the_old_file(scratch: Scratch, tmp_path: Path) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"%PDF-old")
    scratch.edit("studios/alpha/outcomes/y1.md", "type: system", "type: nonsense")
    result = run("--root", str(scratch.root), "compile", "--out", str(out))
    assert result.returncode == 1 and "E-CODE-UNKNOWN" in result.stderr
    assert out.read_bytes() == b"%PDF-old"


def test_package_follows_the_standard(tmp_path: Path) -> None:
    project = load_project(REPO)
    out = tmp_path / "pkg.zip"
    covered, files = write_package(project, REPO, out, build_dir=tmp_path)
    archive = zipfile.ZipFile(out)
    names = archive.namelist()
    assert "支撑材料目录.docx" in names and "支撑材料目录.pdf" in names
    standard = project.standard.model
    every = {i.code: i for i in standard.walk()}
    for leaf in standard.leaves().values():
        one, two = every[leaf.code.split(".")[0]], every[".".join(leaf.code.split(".")[:2])]
        assert f"{one.code} {one.title}/{two.code} {two.title}/{leaf.code} {leaf.title}/" in names
    evidence = [n for n in names if not n.endswith("/") and "/" in n]
    assert len(evidence) == files and covered >= 15
    assert any(n.startswith("2 抓好党建主责主业/2.3 制度机制建设/2.3.1 支部工作制度体系/") and n.endswith(".pdf") for n in evidence)
    for name in evidence:
        if name.endswith(".jpg"):
            with archive.open(name) as handle:
                assert not Image.open(handle).getexif()
    directory = tmp_path / "dir.pdf"
    directory.write_bytes(archive.read("支撑材料目录.pdf"))
    text = pdf_text(directory)
    uncovered = [leaf for leaf in standard.leaves().values() if not any(leaf.code in e.meta.indicators for s in project.studios for e in s.outcomes)]
    assert ("暂无支撑材料" in text) == bool(uncovered)
    again = tmp_path / "again.zip"
    write_package(project, REPO, again, build_dir=tmp_path)
    evidence_bytes = {n: archive.read(n) for n in evidence}
    assert {n: zipfile.ZipFile(again).read(n) for n in evidence} == evidence_bytes  # same evidence, same names


def test_package_command(tmp_path: Path) -> None:
    result = run("package", "--studio", "huli", "--out", str(tmp_path / "huli.zip"))
    assert result.returncode == 0, result.stderr
    assert "支撑材料包已生成" in result.stdout
    assert zipfile.ZipFile(tmp_path / "huli.zip").testzip() is None


def test_compilation_html_keeps_only_the_allow_list(scratch: Scratch, tmp_path: Path) -> None:
    """Harmless-but-unlisted HTML passes `check` with a warning; the output still drops it."""
    scratch.edit(
        "studios/alpha/outcomes/y2.md", "正文。",
        '<font color="red">红字</font><span style="color:red" data-x="1">样式</span><table><tr><td colspan="2">表</td></tr></table>',
    )
    assert {d.code for d in scratch.check()} == {"W-HTML-STRIPPED"}
    page = compile_document(load_project(scratch.root), scratch.root, tmp_path / "s.html", "html", build_dir=tmp_path).out.read_text(encoding="utf-8")
    assert "红字" in page and "<font" not in page and 'style="color:red"' not in page and "data-x" not in page
    assert re.search(r'<td( class="short")? colspan="2">表</td>', page)


def test_pdf_pass_fetches_nothing_from_a_network() -> None:
    from generator.compile.pdf import local_only

    fetcher = local_only()
    for url in ("http://127.0.0.1:9/x.png", "https://example.com/x.css", "ftp://example.com/x"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
