"""Authoring help: templates from `showcase new`, JSON Schemas for editors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, Scratch, codes, small_jpeg, small_png
from generator.codes import EntryKind
from generator.scaffold import ScaffoldError, new_entry, new_studio
from generator.schema import SCHEMAS, schema_documents
from test_cli import run

MARKER = "【请修改】"


def fill_in(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace(MARKER, "")
    path.write_text(text, encoding="utf-8")


def test_new_studio_then_entries_check_after_filling_in(scratch: Scratch) -> None:
    result = run("--root", str(scratch.root), "new", "studio", "beta")
    assert result.returncode == 0 and "已创建 studios/beta/studio.yml" in result.stdout
    day = "2024-03-01"
    for kind in EntryKind:
        result = run("--root", str(scratch.root), "new", kind.value, "--studio", "beta", "--date", day)
        assert result.returncode == 0, result.stderr
    folder = scratch.path("studios/beta")
    created = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*") if p.suffix in (".md", ".yml"))
    assert created == sorted([f"{kind.folder}/2024-03-01-{kind.value}.md" for kind in EntryKind] + ["plan.yml", "studio.yml"])
    # untouched templates are valid files whose only problems are the unreplaced markers
    # (and the reminder that the running year still lacks a representative outcome)
    diagnostics = scratch.check(as_of=date(2024, 5, 1))
    assert codes(diagnostics) == {"E-PLACEHOLDER", "W-REP-PENDING"}
    assert {d.path for d in diagnostics if d.code == "E-PLACEHOLDER"} == {f"studios/beta/{rel}" for rel in created}
    for rel in created:
        fill_in(folder / rel)
    scratch.write_bytes("studios/beta/media/证书.jpg", small_jpeg())  # the scans an honour and a report name
    scratch.write_bytes("studios/beta/media/报道截图.png", small_png())
    assert codes(scratch.check(as_of=date(2024, 5, 1))) == {"W-REP-PENDING"}


def test_new_never_overwrites(scratch: Scratch) -> None:
    original = scratch.path("studios/alpha/outcomes/y1.md").read_bytes()
    with pytest.raises(ScaffoldError, match="已经存在"):
        new_entry(scratch.root, EntryKind.OUTCOME, "alpha", "y1", date(2024, 1, 1))
    assert scratch.path("studios/alpha/outcomes/y1.md").read_bytes() == original
    with pytest.raises(ScaffoldError, match="已经存在"):
        new_studio(scratch.root, "alpha")
    result = run("--root", str(scratch.root), "new", "outcome", "--studio", "alpha", "--slug", "y1")
    assert result.returncode == 1 and "没有改动任何文件" in result.stderr


def test_new_picks_a_free_name_when_none_is_given(scratch: Scratch) -> None:
    first = new_entry(scratch.root, EntryKind.CASE, "alpha", None, date(2025, 1, 1)).paths[0]
    second = new_entry(scratch.root, EntryKind.CASE, "alpha", None, date(2025, 1, 1)).paths[0]
    assert (first.name, second.name) == ("2025-01-01-case.md", "2025-01-01-case-2.md")


def test_new_refuses_bad_names_and_unknown_studios(scratch: Scratch) -> None:
    with pytest.raises(ScaffoldError, match="小写英文字母"):
        new_studio(scratch.root, "我的工作室")
    with pytest.raises(ScaffoldError, match="找不到工作室"):
        new_entry(scratch.root, EntryKind.OUTCOME, "nope", None, date(2025, 1, 1))
    assert run("--root", str(scratch.root), "new", "outcome").returncode == 2


def test_schemas_are_valid_and_committed_copies_are_current() -> None:
    documents = schema_documents()
    assert set(documents) == {f"{name}.schema.json" for name in SCHEMAS}
    for name, text in documents.items():
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run: showcase schema ({name} is stale)"


def _front_matter(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_demo_files_satisfy_the_schemas() -> None:
    def validator(name: str) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(json.loads(schema_documents()[f"{name}.schema.json"]))

    def plain(value: object) -> object:  # YAML dates → the strings an editor sees
        return json.loads(json.dumps(value, default=str))

    for name, pattern in (("studio", "studios/*/studio.yml"), ("plan", "studios/*/plan.yml")):
        for path in REPO.glob(pattern):
            validator(name).validate(plain(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for name in ("site", "standard", "assessments"):
        validator(name).validate(plain(yaml.safe_load((REPO / "content" / f"{name}.yml").read_text(encoding="utf-8"))))
    for kind in EntryKind:
        paths = list(REPO.glob(f"studios/*/{kind.folder}/*.md"))
        assert paths, f"the demo has no {kind.label}"
        for path in paths:
            validator(kind.value).validate(plain(_front_matter(path)))


def test_schema_rejects_what_the_checker_rejects() -> None:
    outcome = jsonschema.Draft202012Validator(json.loads(schema_documents()["outcome.schema.json"]))
    assert not outcome.is_valid({"title": "x", "date": "2024-01-01", "type": "nope", "tasks": ["team"]})
    assert not outcome.is_valid({"title": "x", "date": "2024-01-01", "type": "system", "tasks": ["team"], "titel": 1})
    assert outcome.is_valid({"title": "x", "date": "2024-01-01", "type": "system", "tasks": ["team"]})


def test_editor_settings_map_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    for schema_path in mapped:
        assert (REPO / schema_path).is_file()
    assert mapped["./schemas/studio.schema.json"] == "studios/*/studio.yml"


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(schema_documents())


def test_a_new_outcome_lists_its_codes_leaves_the_date_and_its_examples_uncomment_cleanly(scratch: Scratch) -> None:
    result = run("--root", str(scratch.root), "new", "outcome", "--studio", "alpha")
    assert result.returncode == 0, result.stderr
    path = next(p for p in scratch.path("studios/alpha/outcomes").glob("*-outcome.md"))
    rel = path.relative_to(scratch.root).as_posix()
    text = path.read_text(encoding="utf-8")
    assert "#   political   强化党支部政治功能" in text  # every task code with its Chinese name
    assert '#   "1.1.1"     ' in text  # the standard's indicators, code and title
    assert "images: []" not in text and "attachments: []" not in text
    date_line = next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("date:"))
    diagnostics = [d for d in scratch.check(as_of=date(2024, 5, 1)) if d.path == rel]
    assert {d.code for d in diagnostics} == {"E-PLACEHOLDER"}  # the date is the author's to write: one message
    assert date_line in {d.line for d in diagnostics}
    # the picture example, uncommented as the comment says, is valid YAML at once
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("# images:"))
    for n in range(start, start + 3):
        lines[n] = lines[n].removeprefix("# ")
    path.write_text("\n".join(lines).replace(MARKER, "").replace("date: ", "date: 2024-03-01", 1), encoding="utf-8")
    left = {d.code for d in scratch.check(as_of=date(2024, 5, 1)) if d.path == rel}
    assert left == {"E-REF-MISSING"}, left  # only the example photo, which is not there


def test_a_new_entry_is_named_from_its_title(scratch: Scratch) -> None:
    written = new_entry(scratch.root, EntryKind.OUTCOME, "alpha", None, None, title="党员先锋岗助力实训基地建设")
    path = written.paths[0]
    assert path.name == f"{date.today().year}-dangyuan-xianfeng-gangzhu.md"
    assert 'title: "党员先锋岗助力实训基地建设"' in path.read_text(encoding="utf-8")
    again = new_entry(scratch.root, EntryKind.OUTCOME, "alpha", None, None, title="党员先锋岗助力实训基地建设")
    assert again.paths[0].name == f"{date.today().year}-dangyuan-xianfeng-gangzhu-2.md"
    quoted = new_entry(scratch.root, EntryKind.CASE, "alpha", None, None, title='“红色引擎”: [示范] #1')
    assert yaml.safe_load(quoted.paths[0].read_text(encoding="utf-8").split("---")[1])["title"] == '“红色引擎”: [示范] #1'
    slashed = new_entry(scratch.root, EntryKind.CASE, "alpha", None, None, title=r"路径 D:\材料\1 与 \g<0>")
    assert yaml.safe_load(slashed.paths[0].read_text(encoding="utf-8").split("---")[1])["title"] == r"路径 D:\材料\1 与 \g<0>"
    untitled = new_entry(scratch.root, EntryKind.METHOD, "alpha", None, None)
    assert untitled.paths[0].name == f"{date.today().isoformat()}-method.md"


def test_the_guide_is_for_teachers_and_the_manual_for_the_office() -> None:
    guide = (REPO / "content" / "pages" / "guide.md").read_text(encoding="utf-8")
    assert guide.index("在浏览器里投稿") < guide.index("本地预览")  # the browser path first
    for word in ("CI", "运行器", "密钥", "nginx", "CODEOWNERS", "act_runner", "SSH", "ssh", "Actions", "OAuth"):
        assert word not in guide, word
    assert "./showcase check" in guide and "Windows" in guide
    assert "\nshowcase " not in guide  # every command as it runs in a clone
    manual = (REPO / "docs" / "office-manual.md").read_text(encoding="utf-8")
    for topic in ("SHOWCASE_BOT_TOKEN", "CODEOWNERS", "act_runner", "nginx", "cms_app_id", "CORS", "机密客户端"):
        assert topic in manual, topic


def test_the_one_command_in_a_clone_runs_the_tool() -> None:
    import subprocess

    result = subprocess.run([str(REPO / "showcase"), "new", "--help"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "--title" in result.stdout, result.stderr
