"""The command line as users and CI meet it: real processes, exit codes, formats."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Scratch

SHOWCASE = [sys.executable, "-m", "generator"]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*SHOWCASE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_demo_is_clean_today_and_at_acceptance() -> None:
    for args in ((), ("--as-of", "2026-09-01"), ("--as-of", "2024-09-02")):
        result = run("check", *args)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "检查通过" in result.stdout


def test_json_format_is_exactly_the_contract(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "type: system", "type: nonsense")
    scratch.edit("studios/alpha/plan.yml", "amount: 2000", "amount: 20000")
    result = run("--root", str(scratch.root), "check", "--format", "json", "--as-of", "2026-09-01")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"diagnostics", "errors", "warnings"}
    assert payload["errors"] == 1 and payload["warnings"] == 1
    for item in payload["diagnostics"]:
        assert set(item) == {"path", "line", "severity", "code", "message"}
        assert item["severity"] in ("error", "warning")
        assert item["code"].startswith("E-" if item["severity"] == "error" else "W-")
        assert not item["path"].startswith("/") and "\\" not in item["path"]
    by_code = {d["code"]: d for d in payload["diagnostics"]}
    assert by_code["E-CODE-UNKNOWN"]["path"] == "studios/alpha/outcomes/y2.md"
    assert by_code["E-CODE-UNKNOWN"]["line"] == 4
    assert by_code["W-BUDGET-OVER"]["line"] == 15
    # y2.md did not load, so the per-year count is not made (it would report a year as empty)
    assert "E-REP-MISSING" not in by_code


def test_json_line_is_null_where_no_line_applies(scratch: Scratch) -> None:
    scratch.path("studios/alpha/plan.yml").unlink()
    payload = json.loads(run("--root", str(scratch.root), "check", "--format", "json").stdout)
    assert payload["diagnostics"] == [{
        "path": "studios/alpha/plan.yml", "line": None, "severity": "error", "code": "E-FILE-MISSING",
        "message": payload["diagnostics"][0]["message"],
    }]


def test_text_format(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "date: 2024-01-10", "date: 2024/01/10")
    result = run("--root", str(scratch.root), "check", "--as-of", "2026-09-01")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("studios/alpha/outcomes/y1.md:3: 错误 [E-FIELD-INVALID] ")
    assert "YYYY-MM-DD" in first
    assert "共 1 个错误，0 个警告" in result.stdout


def test_github_format(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "type: system", "type: x")
    scratch.write("studios/alpha/outcomes/old.md", "---\ntitle: 旧\ndate: 2020-01-01\ntype: other\ntasks: team\n---\n")
    result = run("--root", str(scratch.root), "check", "--format", "github", "--as-of", "2026-09-01")
    lines = result.stdout.splitlines()
    assert "::warning file=studios/alpha/outcomes/old.md,line=3,title=W-DATE-OUTSIDE::" in "\n".join(lines)
    assert any(line.startswith("::error file=studios/alpha/outcomes/y1.md,line=4,title=E-CODE-UNKNOWN::") for line in lines)
    assert all("\n" not in line for line in lines)


def test_gitlab_code_quality_format(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "type: system", "type: x")
    out = scratch.root / "gl-code-quality-report.json"
    result = run("--root", str(scratch.root), "check", "--format", "gitlab", "--output", str(out))
    assert result.returncode == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report[0]["location"] == {"path": "studios/alpha/outcomes/y1.md", "lines": {"begin": 4}}
    assert report[0]["severity"] == "major" and report[0]["check_name"] == "E-CODE-UNKNOWN"
    assert len({item["fingerprint"] for item in report}) == len(report)


def test_usage_errors_exit_2_in_chinese(tmp_path: Path) -> None:
    bad_date = run("check", "--as-of", "2026-13-01")
    assert bad_date.returncode == 2 and "不是日期" in bad_date.stderr
    unknown = run("chekc")
    assert unknown.returncode == 2 and "没有名为" in unknown.stderr
    not_a_root = run("--root", str(tmp_path), "check")
    assert not_a_root.returncode == 2 and "不是工作室内容目录" in not_a_root.stderr
    for result in (bad_date, unknown, not_a_root):
        assert "Traceback" not in result.stderr and "Usage:" not in result.stderr


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ("new", "--help"), ("schema", "--help")])
def test_help_is_chinese(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert "用法:" in result.stdout and "选项" in result.stdout
    for english in ("Usage:", "Options:", "Show this message", "[OPTIONS]"):
        assert english not in result.stdout


def test_root_is_found_from_a_subfolder() -> None:
    result = run("check", cwd=REPO / "studios" / "huagong" / "outcomes")
    assert result.returncode == 0 and "检查通过" in result.stdout


def test_check_never_modifies_sources(demo_copy: Path) -> None:
    (demo_copy / "studios" / "huagong" / "outcomes" / "gbk.md").write_bytes("---\ntitle: 编码\n---\n".encode("gbk"))
    before = tree_digest(demo_copy)
    for fmt in ("text", "json", "github", "gitlab"):
        assert run("--root", str(demo_copy), "check", "--format", fmt).returncode == 1
    assert tree_digest(demo_copy) == before


def test_internal_error_is_reported_without_traceback(tmp_path: Path) -> None:
    # a content folder that is a file makes nothing crash either
    (tmp_path / "studios").mkdir()
    (tmp_path / "content").write_text("x")
    result = run("--root", str(tmp_path), "check")
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr + result.stdout


def test_root_without_content_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--root", str(tmp_path), "check")
    assert result.returncode == 2
    assert "E-ROOT-INVALID" not in result.stderr and "用 --root 指定" in result.stderr  # rendered from "E-ROOT-INVALID"
