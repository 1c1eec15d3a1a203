"""What a pull request can do to the site, the documents and the people in them.

Each class of attack is closed at its root and attacked here in several forms,
through the real command line, asserting on what the outputs carry.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Scratch, found
from htmlcheck import inspect
from test_cli import run

EVIL = "evil.example"

# --- 1, 2: every YAML value is text ---------------------------------------------------------

#: Author and office YAML values, each a different way of becoming markup if read as Markdown
#: or HTML. `\x6A` is a YAML escape for "j": raw-text scanning of the file cannot see it.
HOSTILE_VALUES = {
    "goal": "[钓鱼](http://evil.example/a)",
    "measure": "![](http://evil.example/t.png)",
    "expected": "<img src=http://evil.example/x onerror=alert(1)>",
    "member": "[成员](\\x6Aavascript:alert(1))",
    "role": "<b onmouseover=alert(2)>组织委员</b>",
    "branch": "测试党支部\\n[r]: http://evil.example/r",
    "department": "测试学院 ![x](http://evil.example/d.png)",
    "entry": "第二年成果\\n\\n[定义]: http://evil.example/e",
    "site": "成果展示\\\" onmouseover=\\\"alert(3)",
    "page": "<img src=x onerror=alert(4)>通知",
    "standard": "[标准](http://evil.example/s)",
    "comment": "[整改通知](http://evil.example/c)",
}


def hostile_values(scratch: Scratch) -> None:
    v = HOSTILE_VALUES
    scratch.edit("studios/alpha/plan.yml", "goals: [目标二]",
                 f'goals: ["{v["goal"]}"]\n    measures: ["{v["measure"]}"]\n    expected_outcomes: ["{v["expected"]}"]')
    scratch.edit("studios/alpha/studio.yml", "  - name: 李四\n    role: 组织委员", f'  - name: "{v["member"]}"\n    role: "{v["role"]}"')
    scratch.edit("studios/alpha/studio.yml", "branch: 测试党支部", f'branch: "{v["branch"]}"')
    scratch.edit("studios/alpha/studio.yml", "department: 测试学院", f'department: "{v["department"]}"')
    scratch.edit("studios/alpha/outcomes/y2.md", "title: 第二年成果", f'title: "{v["entry"]}"')
    scratch.edit("content/site.yml", "school: 测试职业学院", f'school: 测试职业学院\ntitle: "{v["site"]}"')
    scratch.write("content/pages/notice.md", f'---\ntitle: "{v["page"]}"\n---\n\n通知正文。\n')
    scratch.edit("content/standard.yml", "title: 学习制度", f'title: "{v["standard"]}"')
    scratch.write("content/assessments.yml",
                  f'assessments:\n  - studio: alpha\n    year: 1\n    result: fail\n    comment: "{v["comment"]}"\n    deadline: 2024-12-31\n')


@pytest.fixture(scope="module")
def hostile_values_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("values")
    scratch = Scratch(base / "root")
    hostile_values(scratch)
    result = run("--root", str(scratch.root), "build", "--out", str(base / "site"))
    assert result.returncode == 0, result.stdout + result.stderr  # these pass check: only the outputs can hold
    return base / "site"


def test_yaml_values_never_become_links_pictures_or_attributes(hostile_values_site: Path) -> None:
    pages = sorted(hostile_values_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert inspect(page.name, text) == [], page
        soup = BeautifulSoup(text, "html.parser")
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (page, element)
            for name in ("href", "src", "content"):
                value = str(element.get(name) or "")
                assert EVIL not in value and not value.strip().lower().startswith("javascript:"), (page, element)


def test_yaml_values_are_shown_as_the_text_they_are(hostile_values_site: Path) -> None:
    def shown(rel: str) -> str:
        return BeautifulSoup((hostile_values_site / rel).read_text(encoding="utf-8"), "html.parser").get_text()

    studio = shown("studios/alpha/index.html")
    for key in ("goal", "measure", "expected", "role", "comment"):
        assert HOSTILE_VALUES[key] in studio, key
    assert "[成员](javascript:alert(1))" in studio  # the YAML escape decoded, and still text
    assert "测试党支部 [r]: http://evil.example/r" in studio  # a line break is a space, never a new block
    entry = shown("studios/alpha/outcomes/y2.html")
    assert "第二年成果 [定义]: http://evil.example/e" in entry
    assert "[标准](http://evil.example/s)" in shown("standard/index.html")


def test_office_values_reach_the_theme_harmlessly(hostile_values_site: Path) -> None:
    home = (hostile_values_site / "index.html").read_text(encoding="utf-8")
    assert "onmouseover" not in BeautifulSoup(home, "html.parser").find("head").decode().replace("＂ onmouseover", "")
    assert "成果展示＂ onmouseover=＂alert(3)" in home  # full-width quotes: they read, they never close
    navigation = " ".join(nav.get_text() for nav in BeautifulSoup(home, "html.parser").find_all("nav"))
    assert "＜img src=x onerror=alert(4)＞通知" in navigation


# --- 3: no borrowing the theme ---------------------------------------------------------------


def test_bodies_cannot_borrow_the_sites_own_classes(scratch: Scratch, tmp_path: Path) -> None:
    body = ('<div class="sc-notice md-dialog md-dialog--active" role="alert">系统通知：请点此重新登录</div>\n\n'
            '<p><a class="sc-zoom md-button md-button--primary" href="y1.md">立即登录</a></p>\n\n'
            '<span class="admonition sc-lightbox">混合</span>\n\n!!! warning "注意"\n    作者的提示框。\n')
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)
    diagnostics = [d for d in scratch.check() if d.code == "W-HTML-STRIPPED"]
    assert {d.line for d in diagnostics} == {10, 12, 14}
    assert any("sc-notice" in d.message for d in diagnostics)
    result = run("--root", str(scratch.root), "build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "site/studios/alpha/outcomes/y2.html").read_text(encoding="utf-8"), "html.parser")
    for text in ("系统通知：请点此重新登录", "立即登录", "混合"):
        element = page.find(string=re.compile(text)).parent
        assert not element.get("class"), (text, element)
    warning = page.find(string=re.compile("作者的提示框")).find_parent("div")
    assert warning.get("class") == ["admonition", "warning"]


# --- 4: spreadsheets hold values, not formulas -------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/","点我")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "＝WEBSERVICE(\"http://evil.example/\")"]


def test_the_school_table_stores_text_that_looks_like_a_formula_as_text(scratch: Scratch, tmp_path: Path) -> None:
    scratch.edit("studios/alpha/studio.yml", "branch: 测试党支部", f"branch: '{FORMULAS[0]}'")
    scratch.edit("studios/alpha/studio.yml", "name: 测试工作室", f'name: "{FORMULAS[1]}"')
    scratch.edit("studios/alpha/studio.yml", "  name: 张三", f'  name: "{FORMULAS[2]}"')
    scratch.edit("studios/alpha/outcomes/y2.md", "title: 第二年成果", f'title: "{FORMULAS[3]}"')
    scratch.write("studios/alpha/outcomes/y2b.md", "---\ntitle: \"\\t=1+1\"\ndate: 2025-02-10\ntype: system\ntasks: [political]\n"
                  "representative: true\n---\n\n正文。\n")
    assert [d for d in scratch.check() if d.severity.value == "error"] == []
    out = tmp_path / "forms"
    result = run("--root", str(scratch.root), "form", "assessment", "--year", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    (table,) = out.glob("*.xlsx")
    with zipfile.ZipFile(table) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        styles = book.read("xl/styles.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # no cell is a formula
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(table).active.iter_rows() for c in row if isinstance(c.value, str)]
    for formula in FORMULAS[:4]:
        assert any(formula in value for value in values), formula
    assert any(value.startswith(" =1+1") or value.startswith("\t=1+1") or "=1+1" in value for value in values)
    assert 'quotePrefix="1"' in styles  # and Excel/WPS keep it text when a cell is edited


# --- 8: published files are the cleaned ones, under names every system keeps apart ------------


def test_published_names_are_unique_safe_and_clean(scratch: Scratch, tmp_path: Path) -> None:
    import io

    from PIL import Image

    from conftest import REPO, outcome, small_jpeg

    png = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(png, "PNG")
    scratch.write_bytes("studios/alpha/media/dup.jpg", small_jpeg())
    scratch.write_bytes("studios/alpha/media/dup.png", png.getvalue())
    scratch.write_bytes("studios/alpha/media/sub/A.jpg", small_jpeg((30, 30)))
    scratch.write_bytes("studios/alpha/media/sub/a.jpg", small_jpeg((50, 20)))
    scratch.write_bytes("studios/alpha/media/con.pdf", (REPO / "studios/huagong/media/zhidu-huibian.pdf").read_bytes())
    scratch.write_bytes("studios/alpha/media/REPORT.PDF", b"%PDF-1.4\n%%EOF\n")
    scratch.write_bytes("studios/alpha/media/report.pdf", b"%PDF-1.4\n%%EOF\n")
    scratch.write("studios/alpha/outcomes/names.md", outcome(
        "名字", "2024-04-01", False,
        "images:\n  - ../media/dup.jpg\n  - ../media/dup.png\n  - ../media/sub/A.jpg\n  - ../media/sub/a.jpg\n"
        "attachments:\n  - src: ../media/con.pdf\n    title: \"制度\u202e fdp.exe\"\n  - ../media/REPORT.PDF\n  - ../media/report.pdf\n"))
    scratch.write("studios/alpha/outcomes/aux.md", outcome("保留名", "2024-04-02", False))
    diagnostics = scratch.check()
    assert {("studios/alpha/outcomes/aux.md", None, "E-SLUG-RESERVED"), ("studios/alpha/media/report.pdf", None, "E-SLUG-COLLISION"),
            ("studios/alpha/media/sub/a.jpg", None, "E-SLUG-COLLISION")} <= found(diagnostics)
    # what check refuses, the build holds apart all the same (built here without the checker)
    scratch.path("studios/alpha/outcomes/aux.md").unlink()
    from generator.reading import load_project
    from generator.site.build import build_site

    build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=tmp_path / "build")
    media = tmp_path / "site/studios/alpha/media"
    for folder in (media, media / "sub"):
        names = [p.name.lower() for p in folder.iterdir() if p.is_file()]
        assert len(names) == len(set(names)), names  # distinct even where case is not
        assert not any(re.match(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", n) for n in names), names
    page = (tmp_path / "site/studios/alpha/outcomes/names.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'<img[^>]*?src="([^"]+)"', page))
    assert len(shown) == 4  # four pictures, four different files
    assert "\u202e" not in page and "制度 fdp.exe" in BeautifulSoup(page, "html.parser").get_text()
    links = re.findall(r'href="(\.\./media/[^"]+\.pdf)"', page)
    assert len(set(l.lower() for l in links)) == 3


def test_the_evidence_zip_never_overwrites_and_pdf_a_embeds_photos_without_gps(scratch: Scratch, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from conftest import REPO, STUDIO, PLAN, outcome

    photo = REPO / "studios/huagong/media/huodong-xianchang.jpg"  # a phone photo with a GPS position
    from PIL import Image

    with Image.open(photo) as original:
        assert original.getexif().get_ifd(0x8825)  # it does carry a GPS block
    scratch.write_bytes("studios/alpha/media/gps.jpg", photo.read_bytes())
    scratch.write("studios/beta/studio.yml", STUDIO.replace("测试工作室", "另一个工作室").replace("cover: media/photo.jpg\n", ""))
    scratch.write("studios/beta/plan.yml", PLAN)
    scratch.write_bytes("studios/beta/media/gps.jpg", photo.read_bytes())
    for name in ("y2", "y3"):
        scratch.write(f"studios/beta/outcomes/{name}.md", scratch.path(f"studios/alpha/outcomes/{name}.md").read_text(encoding="utf-8"))
    for studio in ("alpha", "beta"):
        scratch.write(f"studios/{studio}/outcomes/same.md", outcome("同名成果", "2024-05-01", True, "attachments: [../media/gps.jpg]\n"))
        scratch.write(f"studios/{studio}/reports/final.md", "---\ntitle: 验收总结\nkind: final\n---\n\n总结。\n")
    out = tmp_path / "pack.zip"
    result = run("--root", str(scratch.root), "package", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    names = [n for n in zipfile.ZipFile(out).namelist() if not n.endswith("/")]
    assert len(names) == len(set(n.lower() for n in names))
    assert sum("同名成果" in n for n in names) == 2
    pdf = tmp_path / "a.pdf"
    result = run("--root", str(scratch.root), "compile", "--studio", "alpha", "--pdf-a", "--out", str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    embedded = PdfReader(pdf).attachments
    (name,) = [n for n in embedded if n.startswith("gps")]
    data = embedded[name][0]
    assert data[:2] == b"\xff\xd8" and b"Exif" not in data and b"GPS" not in data


# --- 7: the privacy scan reads what is shown ------------------------------------------------

ID = "11010519491231002X"  # valid check character
MOBILE = "13912345678"


@pytest.mark.parametrize("body", [
    "身份证 110105**1949**1231002X。",  # split by emphasis
    "身份证 &#49;10105194912310&#48;2X。",  # character references
    "身份证 １１０１０５１９４９１２３１００２Ｘ。",  # full-width digits
    "身份证 1101051949\n12310 02X。".replace(" 02X", "02X"),  # across a line break
    "电话 <span>139</span><span>1234</span>5678。",  # split by raw HTML
    "电话 139\u200b1234\u200b5678。",
    "电话 ①③⑨①②③④⑤⑥⑦⑧。",  # circled digits (NFKC makes them digits)
    "电话 ¹³⁹¹²³⁴⁵⁶⁷⁸。",  # superscripts
])
def test_numbers_hidden_by_markup_or_typing_are_found(scratch: Scratch, body: str) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)
    assert {d.code for d in scratch.check()} & {"E-PRIVACY-IDCARD", "E-PRIVACY-MOBILE"}, body


def test_numbers_in_yaml_escapes_are_found(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "  name: 张三", '  name: 张三\n  bio: "电话 \\x31\\x33\\x39\\x31\\x32\\x33\\x34\\x35\\x36\\x37\\x38"')
    scratch.edit("studios/alpha/plan.yml", "goals: [目标一]", 'goals: ["联系 \\u0031\\u0033\\u0039 1234 5678"]')
    found_codes = {(d.path, d.code) for d in scratch.check()}
    assert ("studios/alpha/studio.yml", "E-PRIVACY-MOBILE") in found_codes
    assert ("studios/alpha/plan.yml", "E-PRIVACY-MOBILE") in found_codes


def _docx_with_number_in(where: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("报名表")
    if where == "header":
        document.sections[0].header.paragraphs[0].text = f"联系人电话 {MOBILE}"
    elif where == "footer":
        document.sections[0].footer.paragraphs[0].text = f"身份证 {ID}"
    else:
        outer = document.add_table(rows=1, cols=1)
        inner = outer.cell(0, 0).add_table(rows=1, cols=1)
        inner.cell(0, 0).text = f"身份证 {ID}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_with_number_in(where: str) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    book.active["A1"] = "名单"
    if where == "hidden":
        sheet = book.create_sheet("隐藏")
        sheet["B2"] = f"身份证 {ID}"
        sheet.sheet_state = "hidden"
    else:
        book.active["A1"].comment = Comment(f"电话 {MOBILE}", "作者")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pptx_with_number() -> bytes:
    import io

    slide = ('<?xml version="1.0"?><p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody>'
             f'<a:p><a:r><a:t>联系 {MOBILE}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/slides/slide1.xml", slide)
    return buffer.getvalue()


def _zip_with(name: str, data: bytes) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data", [
    ("a.docx", lambda: _docx_with_number_in("header")),
    ("b.docx", lambda: _docx_with_number_in("footer")),
    ("c.docx", lambda: _docx_with_number_in("nested")),
    ("d.xlsx", lambda: _xlsx_with_number_in("hidden")),
    ("e.xlsx", lambda: _xlsx_with_number_in("comment")),
    ("f.pptx", _pptx_with_number),
    ("g.zip", lambda: _zip_with("名单/报名表.docx", _docx_with_number_in("footer"))),
])
def test_numbers_in_every_part_of_an_attachment_are_found(scratch: Scratch, name: str, data) -> None:
    scratch.write_bytes(f"studios/alpha/media/{name}", data())
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", f"representative: true\nattachments: [../media/{name}]")
    assert "E-PRIVACY-ATTACHMENT" in {d.code for d in scratch.check()}, name
