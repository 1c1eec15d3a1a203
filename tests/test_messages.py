"""Messages as a teacher reads them: each names the file and line where the mistake is, in
plain Chinese, and says what to type instead. One test per mistake teachers really make."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from conftest import REPO, Scratch
from generator.diagnostics import Diagnostic

CASE = "---\ntitle: 案例\ndate: 2024-03-01\ntasks: [political]\nindicators: [\"1.1.1\"]\nlevel: school\n---\n\n正文。\n"
Y1 = "studios/alpha/outcomes/y1.md"


def said(diagnostics: list[Diagnostic], rel: str) -> list[tuple[int | None, str, str]]:
    return [(d.line, d.code, d.message) for d in diagnostics if d.path == rel]


def one(diagnostics: list[Diagnostic], rel: str) -> tuple[int | None, str, str]:
    found = said(diagnostics, rel)
    assert len(found) == 1, found
    return found[0]


def test_a_cases_type_names_its_one_code_and_what_was_meant(scratch: Scratch) -> None:
    scratch.write("studios/alpha/cases/c.md", CASE.replace("level: school\n", "level: school\ntype: 典型案例\n"))
    line, code, message = one(scratch.check(), "studios/alpha/cases/c.md")
    assert (line, code) == (7, "E-CODE-UNKNOWN")
    assert "<Form" not in message and "method（优秀教师党支部工作法、典型案例）" in message
    assert "“典型案例”是 method 的名称，这里请写代码：method" in message


@pytest.mark.parametrize("field, typed, code", [("level", "市级", "city"), ("type", "工作法", "method"), ("level", "Province", "province")])
def test_a_chinese_name_typed_for_a_code_is_answered_with_the_code(scratch: Scratch, field: str, typed: str, code: str) -> None:
    if field == "type":
        scratch.edit(Y1, "type: system", f"type: {typed}")
    else:
        scratch.edit(Y1, "representative: true\n", f"representative: true\nlevel: {typed}\n")
    line, found, message = one(scratch.check(), Y1)
    assert found == "E-CODE-UNKNOWN" and f"这里请写代码：{code}" in message


def test_list_items_are_named_once_with_their_chinese_names(scratch: Scratch) -> None:
    scratch.edit(Y1, "tasks: [political]", "tasks: [politcal]")
    line, code, message = one(scratch.check(), Y1)
    assert (line, code) == (5, "E-CODE-UNKNOWN")
    assert "字段 tasks（建设任务）第 1 项的取值“politcal”" in message and "tasks tasks" not in message


def test_a_field_of_a_list_item_reads_as_a_sentence(scratch: Scratch) -> None:
    plan = scratch.path("studios/alpha/plan.yml").read_text(encoding="utf-8")
    scratch.write("studios/alpha/plan.yml", plan + "expenditure:\n  - date: 2024-03-01\n    item: 资料\n    category: 资料费\n    amount: 300元\n")
    diagnostics = said(scratch.check(), "studios/alpha/plan.yml")
    message = next(m for _, c, m in diagnostics if c == "E-FIELD-INVALID")
    assert "expenditure（经费支出）第 1 项的 amount（金额）" in message and "项amount" not in message


def test_chinese_commas_between_codes_are_named_as_the_problem(scratch: Scratch) -> None:
    scratch.edit(Y1, 'indicators: ["1.1.1"]', 'indicators: ["1.1.1"，"1.1.2"]')
    line, code, message = one(scratch.check(), Y1)
    assert (line, code) == (6, "E-YAML-SYNTAX") and "中文逗号“，”" in message and "英文逗号“,”" in message
    scratch.edit(Y1, 'indicators: ["1.1.1"，"1.1.2"]', 'indicators: ["1.1.1"]')
    scratch.edit(Y1, "tasks: [political]", "tasks: [political，team]")
    line, code, message = one(scratch.check(), Y1)
    assert code == "E-CODE-UNKNOWN" and "英文逗号“,”分隔" in message


def test_an_unclosed_quote_is_reported_where_it_opens(scratch: Scratch) -> None:
    scratch.edit(Y1, "title: 第一年成果", 'title: "第一年成果')
    line, code, message = one(scratch.check(), Y1)
    assert (line, code) == (2, "E-YAML-SYNTAX") and "没有与它配对的引号" in message


@pytest.mark.parametrize("title, expect", [('"课程思政"示范课', "中文引号“”"), ("[示范]课程思政", '加上英文引号，例如 title: "[示范]课程思政"')])
def test_a_title_that_starts_with_a_quote_or_bracket_is_explained(scratch: Scratch, title: str, expect: str) -> None:
    scratch.edit(Y1, "title: 第一年成果", f"title: {title}")
    line, code, message = one(scratch.check(), Y1)
    assert (line, code) == (2, "E-YAML-SYNTAX")
    assert expect in message and "缩进" not in message


def test_every_template_marker_is_reported_at_once(scratch: Scratch) -> None:
    scratch.write(Y1, scratch.path(Y1).read_text(encoding="utf-8").replace("正文。", "【请修改】背景\n\n做法\n\n【请修改】成效"))
    scratch.edit(Y1, "title: 第一年成果", "title: 【请修改】标题")
    lines = [line for line, code, _ in said(scratch.check(), Y1) if code == "E-PLACEHOLDER"]
    assert lines == [2, 13, 17]


def test_one_invalid_field_hides_no_other_error_of_its_file(scratch: Scratch) -> None:
    scratch.edit(Y1, "date: 2024-01-10", "date: 2024-13-10")
    scratch.edit(Y1, 'indicators: ["1.1.1"]', 'indicators: ["9.9.9"]')
    scratch.edit(Y1, "src: ../media/photo.jpg", "src: ../media/nope.jpg")
    found = {(line, code) for line, code, _ in said(scratch.check(), Y1)}
    assert {(3, "E-FIELD-INVALID"), (6, "E-INDICATOR-UNKNOWN"), (9, "E-REF-MISSING")} <= found


def test_an_unknown_field_suggests_the_one_meant(scratch: Scratch) -> None:
    scratch.edit(Y1, "representative: true", "representative: true\nsumary: 摘要")
    line, code, message = one(scratch.check(), Y1)
    assert code == "E-FIELD-UNKNOWN" and "是不是想写“summary”（摘要）？" in message and "title（标题）" in message


def test_first_line_indent_is_not_silently_a_code_box(scratch: Scratch) -> None:
    scratch.write(Y1, scratch.path(Y1).read_text(encoding="utf-8").replace("正文。", "第一段。\n\n    第二段首行缩进了四个空格。"))
    line, code, message = one(scratch.check(), Y1)
    assert (line, code) == (15, "W-MD-INDENT") and "代码框" in message and "第二段首行缩进" in message


def test_a_notepad_txt_ending_is_an_error_not_a_lost_outcome(scratch: Scratch) -> None:
    scratch.path(Y1).rename(scratch.path(Y1 + ".txt"))
    line, code, message = one(scratch.check(), Y1 + ".txt")
    assert code == "E-FILE-TXT" and "请把文件改名为“y1.md”" in message


def test_a_duplicate_title_is_quoted_once(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "title: 第二年成果", "title: “劳模”品牌")
    scratch.edit("studios/alpha/outcomes/y3.md", "title: 第三年成果", "title: “劳模”品牌")
    message = next(m for _, c, m in said(scratch.check(), "studios/alpha/outcomes/y3.md") if c == "E-TITLE-DUPLICATE")
    assert "《“劳模”品牌》" in message and "““" not in message


def test_no_sentence_speaks_of_yaml_or_front_matter() -> None:
    from generator.messages import CATALOGUE

    for code, message in CATALOGUE.items():
        for part in message:
            assert "YAML" not in part and "front matter" not in part, code


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    """The command line of this checkout, run from `cwd` (a folder inside the content)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=120, env=env)


def test_fix_encoding_as_suggested_works_from_any_folder_of_the_repository(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/outcomes/y1.md", scratch.path(Y1).read_text(encoding="utf-8").encode("gb18030"))
    line, code, message = one(scratch.check(), Y1)
    assert code == "E-ENCODING-GBK" and f"showcase fix-encoding {Y1}" in message
    done = _run("fix-encoding", Y1, cwd=scratch.path("studios/alpha"))  # copied from the message, run in a subfolder
    assert done.returncode == 0, done.stderr
    assert one(scratch.check(), Y1 + ".bak")[1] == "W-FILE-UNEXPECTED" and not said(scratch.check(), Y1)


def test_serve_on_a_busy_port_says_so_in_chinese(scratch: Scratch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run("--root", str(scratch.root), "serve", "--port", str(port))
    assert done.returncode == 1
    assert f"端口 {port} 已被占用" in done.stderr and f"--port {port + 1}" in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
