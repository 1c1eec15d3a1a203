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
