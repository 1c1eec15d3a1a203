"""The compilation as an expert and the Party office read it on paper (PDF and DOCX)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from conftest import REPO
from generator.reading import load_project
from generator.summary import COMPILATION, Summary


def page_texts(pdf: Path, mode: str = "-raw") -> list[str]:
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_cover_names_committee_programme_issuer_and_date(school_pdf: Path) -> None:
    site = load_project(REPO).site_model
    cover = page_texts(school_pdf)[0]
    assert site.committee in cover and "“双带头人”教师党支部书记工作室" in cover and "建设成果汇编" in flat(cover)
    assert f"{site.committee}{site.contact.office}" in flat(cover) and re.search(r"\d{4}年\d{1,2}月\d{1,2}日", cover)
    assert flat(cover).count(site.school) == flat(cover).count(site.committee)  # the school only as part of the committee


def test_the_contents_list_every_article_with_the_page_it_is_on(school_pdf: Path) -> None:
    pages = page_texts(school_pdf)
    toc = flat("".join(p for p in pages[1:20] if "目录" in [line.strip() for line in p.splitlines()]))
    summary = Summary(load_project(REPO), COMPILATION)
    checked = 0
    for entry in summary.entries:
        if not entry.is_outcome:
            continue
        match = re.search(re.escape(flat(entry.title)) + r"\.+(\d+)", toc)
        assert match, entry.title
        page = int(match.group(1))
        assert flat(entry.title) in flat(pages[page - 1]), (entry.title, page)
        checked += 1
    assert checked > 40


def test_tables_keep_names_whole_and_captions_are_numbered(school_pdf: Path) -> None:
    layout = page_texts(school_pdf, "-layout")
    overview = next(p for p in layout if "总体情况" in p and "负责人" in p)
    for studio in load_project(REPO).studios:
        assert studio.profile.model.secretary.name in overview, studio.slug  # on one line, not split
    captions = [int(n) for n in re.findall(r"图(\d+)\s", "".join(page_texts(school_pdf)))]
    assert captions[:3] == [1, 2, 3] and captions == sorted(captions)


def test_each_public_entry_carries_a_qr_code_of_its_page(school_pdf: Path, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    summary = Summary(load_project(REPO), COMPILATION)
    addresses = {summary.page_address(e): e for e in summary.entries if summary.page_address(e)}
    assert addresses
    pages = page_texts(school_pdf)
    number = next(i for i, text in enumerate(pages, start=1) if any(a in flat(text) for a in addresses))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(number), "-l", str(number), str(school_pdf), str(tmp_path / "p")],
                   check=True)
    (png,) = tmp_path.glob("p*.png")
    decoded = [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    assert decoded and all(text in addresses for text in decoded), decoded
    for text in decoded:
        assert flat(addresses[text].title) in flat(pages[number - 1]) or text in flat(pages[number - 1])


def test_the_docx_has_running_heads_repeated_header_rows_no_italics_and_east_asian_quotes(school_docx: Path) -> None:
    with zipfile.ZipFile(school_docx) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        settings = docx.read("word/settings.xml").decode("utf-8")
        headers = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if re.match(r"word/header\d+\.xml", n))
    site = load_project(REPO).site_model
    assert f"{site.school}成果汇编" in headers
    assert "<w:tblHeader" in body
    assert not re.search(r"<w:i/>|<w:i w:val=\"(1|true)\"/>", body)
    quoted = re.findall(r"<w:r>(?:(?!</w:r>).)*“(?:(?!</w:r>).)*</w:r>", body)
    assert quoted and all('w:hint="eastAsia"' in run for run in quoted)
    assert "图1　" in body and "扫码或访问以下网址" in body
    # the 目录 is filled in and recomputed from the document's own pages when it opens
    assert 'w:dirty="true"' in body and 'w:updateFields w:val="true"' in settings
