"""The loader: encodings, YAML with positions, front matter, limits."""

from __future__ import annotations

import time
from datetime import date

import pytest

from conftest import CORPORA, REPO, Scratch, found
from generator.codes import EntryKind, Form
from generator.diagnostics import Diagnostic
from generator.reading import load_project
from generator.reading.textfile import decode
from generator.reading.yamlsource import YamlProblem, parse_yaml


# --- text decoding --------------------------------------------------------------------


def test_utf8_with_bom_and_crlf_is_read() -> None:
    result = decode("a.yml", "\ufefftitle: 标题\r\nx: 1\r\n".encode("utf-8"))
    assert not isinstance(result, Diagnostic)
    assert result.text == "title: 标题\nx: 1\n"


def test_gbk_is_recognised_with_the_line_of_the_first_bad_byte() -> None:
    data = "title: ok\nname: 石油化工\n".encode("gbk")
    result = decode("studios/a/studio.yml", data)
    assert isinstance(result, Diagnostic) and result.code == "E-ENCODING-GBK" and result.line == 2
    assert "UTF-8" in result.message and "showcase fix-encoding" in result.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_recognised(encoding: str) -> None:
    result = decode("a.md", "---\ntitle: 成果\n---\n".encode(encoding))
    assert isinstance(result, Diagnostic) and result.code == "E-ENCODING-UTF16"


def test_binary_and_empty_files() -> None:
    assert decode("a.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").code == "E-FILE-BINARY"
    assert decode("a.md", b"").code == "E-FILE-EMPTY"
    assert decode("a.md", b"  \n\n ").code == "E-FILE-EMPTY"


def test_oversized_markdown_is_refused_without_reading(scratch: Scratch) -> None:
    path = scratch.write("studios/alpha/outcomes/huge.md", "---\ntitle: 大\n---\n")
    with path.open("ab") as handle:
        handle.truncate(100 << 20)  # sparse: costs no disk
    started = time.perf_counter()
    diagnostics = scratch.check()
    assert time.perf_counter() - started < 30  # generous: this is a hang guard, not a benchmark
    assert found(diagnostics) == {("studios/alpha/outcomes/huge.md", None, "E-FILE-TOO-LARGE")}


# --- YAML with positions ---------------------------------------------------------------


def test_positions_of_keys_and_items() -> None:
    document = parse_yaml("x.yml", "a: 1\nlist:\n  - name: one\n  - name: two\n    role: r\n", offset=10)
    assert document.data == {"a": 1, "list": [{"name": "one"}, {"name": "two", "role": "r"}]}
    assert document.positions.line(("a",)) == 11
    assert document.positions.line(("list", 1)) == 14
    assert document.positions.line(("list", 1, "role")) == 15
    assert document.positions.line(("list", 1, "missing")) == 14  # falls back to the parent


def test_duplicate_key_is_reported_at_the_second_occurrence() -> None:
    document = parse_yaml("x.yml", "title: a\nname: b\ntitle: c\n")
    assert [(d.code, d.line) for d in document.diagnostics] == [("E-YAML-DUPKEY", 3)]
    assert "第 1 行" in document.diagnostics[0].message


def _problem(text: str, offset: int = 0) -> Diagnostic:
    with pytest.raises(YamlProblem) as info:
        parse_yaml("x.yml", text, offset)
    return info.value.diagnostic


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    problem = _problem("\n".join(lines))
    assert time.perf_counter() - started < 5
    assert problem.code == "E-YAML-LIMIT"


def test_recursive_alias_is_refused() -> None:
    assert _problem("a: &x\n  b: *x\n").code == "E-YAML-LIMIT"


def test_deep_nesting_is_refused_before_parsing() -> None:
    assert _problem("a: " + "[" * 5000 + "]" * 5000).code == "E-YAML-LIMIT"
    deep = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(100))
    assert _problem(deep).code == "E-YAML-LIMIT"


def test_full_width_colon_after_a_key() -> None:
    problem = _problem("title: 标题\ndate：2024-01-01\n", offset=1)
    assert (problem.code, problem.line) == ("E-YAML-FULLWIDTH", 3)


def test_tab_indentation_explains_itself() -> None:
    problem = _problem("a:\n\tb: 1\n")
    assert problem.code == "E-YAML-SYNTAX" and problem.line == 2 and "Tab" in problem.message


def test_unquoted_colon_in_value() -> None:
    problem = _problem("title: 主题: 党日\n")
    assert problem.code == "E-YAML-SYNTAX" and problem.line == 1 and "引号" in problem.message


def test_yaml_test_suite_cases_never_crash() -> None:
    """Every case gives data or a clean diagnostic (see tests/corpora/yaml/index.tsv)."""
    rows = (CORPORA / "yaml" / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 59
    outcomes = {}
    for row in rows:
        case, expected, name, _ = row.split("\t", 3)
        text = (CORPORA / "yaml" / name).read_text(encoding="utf-8")
        try:
            parse_yaml(name, text)
            outcomes[case] = "valid"
        except YamlProblem as problem:
            assert problem.diagnostic.line is None or problem.diagnostic.line >= 1
            assert problem.diagnostic.message
            outcomes[case] = "error"
    # Every error case the YAML 1.2 suite rejects is rejected here too, except DK95/01
    # (tabs that look like indentation), which the YAML 1.1 parser reads as a scalar.
    expected_errors = {r.split("\t")[0] for r in rows if r.split("\t")[1] == "error"}
    assert {c for c in expected_errors if outcomes[c] == "valid"} == {"DK95/01"}


# --- front matter and models -------------------------------------------------------------


def test_front_matter_missing_and_unclosed(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/plain.md", "# 标题\n\n正文\n")
    scratch.write("studios/alpha/outcomes/open.md", "---\ntitle: 未结束\n\n正文\n")
    assert found(scratch.check()) == {
        ("studios/alpha/outcomes/plain.md", 1, "E-FM-MISSING"),
        ("studios/alpha/outcomes/open.md", 1, "E-FM-UNCLOSED"),
    }


def test_missing_and_unknown_fields(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/bad.md", "---\ntitel: 拼错了\ndate: 2024-02-01\ntype: system\n---\n")
    diagnostics = scratch.check()
    assert found(diagnostics) == {
        ("studios/alpha/outcomes/bad.md", 2, "E-FIELD-UNKNOWN"),
        ("studios/alpha/outcomes/bad.md", 2, "E-FIELD-MISSING"),
    }
    unknown = next(d for d in diagnostics if d.code == "E-FIELD-UNKNOWN")
    assert "title" in unknown.message and "indicators" in unknown.message


def test_wrong_value_types_point_at_their_line(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/plan.yml", "amount: 2000", "amount: 2000元")
    scratch.edit("studios/alpha/studio.yml", "members:\n  - name: 李四", "members:\n  - name:")
    diagnostics = scratch.check()
    assert found(diagnostics) == {
        ("studios/alpha/plan.yml", 18, "E-FIELD-INVALID"),
        ("studios/alpha/studio.yml", 10, "E-FIELD-INVALID"),
    }
    assert any("不要带“元”" in d.message for d in diagnostics)


def test_single_values_are_accepted_for_lists(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "tasks: [political]", "tasks: political")
    assert scratch.check() == []


def test_yaml_root_must_be_a_mapping(scratch: Scratch) -> None:
    scratch.write("studios/alpha/plan.yml", "- 目标一\n- 目标二\n")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 1, "E-YAML-ROOT")}


def test_demo_loads_into_the_model() -> None:
    project = load_project(REPO)
    assert project.diagnostics == ()
    assert [s.slug for s in project.studios] == ["huagong", "huli", "jidian", "makesi", "shangmao", "xinxi"]
    for studio in project.studios:
        assert "示例" in studio.profile.model.name
        outcomes = [e for e in studio.entries if e.kind is EntryKind.OUTCOME]
        assert len(outcomes) >= 5
        assert len([e for e in studio.entries if e.kind is EntryKind.CASE]) >= 2
        assert len([e for e in studio.entries if e.kind is EntryKind.METHOD]) >= 2
        for year in (1, 2, 3):
            assert any(e.meta.representative and e.year == year for e in studio.outcomes), (studio.slug, year)
        assert all(e.form is Form.METHOD for e in studio.entries if e.kind in (EntryKind.CASE, EntryKind.METHOD))
    forms = {e.form for s in project.studios for e in s.outcomes}
    assert forms == set(Form)
    entry = project.studio("huagong").entries[0]
    assert entry.rel == "studios/huagong/outcomes/2023-anquan-zhidu.md"
    assert entry.positions.line(("title",)) == 2 and entry.year == 1
    assert project.site.model.year_of(date(2025, 9, 1)).year == 3


def test_missing_space_after_colon_points_at_its_own_line() -> None:
    problem = _problem("title:党员先锋岗\ndate: 2025-03-05\n", offset=1)
    assert (problem.code, problem.line) == ("E-YAML-SYNTAX", 2)
    assert "缺少空格" in problem.message


def test_chinese_line_breaks_are_joined_but_deliberate_spaces_stay() -> None:
    from generator.text import cjk_join

    assert cjk_join("嵌入化工实训安全、\n专业教学和技能\n竞赛全过程。") == "嵌入化工实训安全、专业教学和技能竞赛全过程。"
    assert cjk_join("主持项目两项， 带领团队") == "主持项目两项，带领团队"  # YAML folding leaves such spaces
    assert cjk_join("“安全护航 党员先行”主题党日") == "“安全护航 党员先行”主题党日"
    assert cjk_join("## 背景\n正文\n\n- 列表\n```\n代码\n块\n```") == "## 背景\n正文\n\n- 列表\n```\n代码\n块\n```"
