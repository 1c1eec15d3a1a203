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

from conftest import Scratch
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
