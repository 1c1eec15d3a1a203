"""Text as Windows and WeChat make it: other encodings, look-alike spaces, zero-width characters, odd line ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Scratch, codes, found
from generator.cli import cli
from generator.reading import load_project

STUDIO = "studios/alpha/studio.yml"


def replace_bytes(scratch: Scratch, rel: str, old: str, new: str) -> None:
    path = scratch.path(rel)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


@pytest.mark.parametrize("old, new, line, code, words", [
    ("secretary:\n  name: 张三", "secretary:\n\u00a0\u00a0name: 张三", 8, "E-YAML-SPACE", "行首的缩进用了不间断空格"),
    ("secretary:\n  name: 张三", "secretary:\n\u3000name: 张三", 8, "E-YAML-SPACE", "行首的缩进用了全角空格"),
    ("branch: 测试党支部", "branch:\u00a0测试党支部", 2, "E-YAML-SPACE", "冒号后面用了不间断空格"),
    ("members:\n  - name: 李四", "members:\n  － name: 李四", 10, "E-YAML-DASH", "中文的“－”"),
    ("members:\n  - name: 李四", "members:\n  — name: 李四", 10, "E-YAML-DASH", "中文的“—”"),
    ("branch: 测试党支部", "branch：测试党支部", 2, "E-YAML-FULLWIDTH", "中文冒号"),
])
def test_look_alike_characters_are_named_at_their_line(scratch: Scratch, old: str, new: str, line: int, code: str, words: str) -> None:
    replace_bytes(scratch, STUDIO, old, new)
    diagnostics = scratch.check()
    assert found(diagnostics) == {(STUDIO, line, code)}
    assert words in diagnostics[0].message


def test_zero_width_spaces_and_line_ends_are_normalised(scratch: Scratch) -> None:
    replace_bytes(scratch, STUDIO, "branch: 测试党支部", "bra\u200bnch: 测试\u200b党支部\ufeff")
    text = scratch.path(STUDIO).read_text(encoding="utf-8").replace("\n", "\r\n", 3).replace("\n", "\r", 2)
    scratch.path(STUDIO).write_bytes(text.encode("utf-8"))
    replace_bytes(scratch, "studios/alpha/outcomes/y1.md", "正文。", "正\u200b文\u2060。")
    assert scratch.check() == []
    project = load_project(scratch.root)
    assert project.studio("alpha").profile.model.branch == "测试党支部"
    assert any("正文。" in e.body.text for e in project.studio("alpha").outcomes)


def test_fix_encoding_converts_after_a_backup(scratch: Scratch) -> None:
    path = scratch.path(STUDIO)
    original = path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030")
    path.write_bytes(original)
    assert codes(scratch.check()) == {"E-ENCODING-GBK"}
    runner = CliRunner()
    result = runner.invoke(cli, ["fix-encoding", str(path)])
    assert result.exit_code == 0, result.output
    assert "已从 GBK/GB18030" in result.output and "studio.yml.bak" in result.output
    assert path.with_name("studio.yml.bak").read_bytes() == original  # nothing lost
    assert b"\r" not in path.read_bytes() and "测试工作室" in path.read_text(encoding="utf-8")
    diagnostics = scratch.check()
    assert codes(diagnostics) == {"W-FILE-UNEXPECTED"} and "fix-encoding" in diagnostics[0].message
    again = runner.invoke(cli, ["fix-encoding", str(path)])
    assert again.exit_code == 1 and "已经是 UTF-8" in again.output
    assert not path.with_name("studio.yml.bak2").exists()


def test_fix_encoding_does_not_guess_traditional_chinese(tmp_path: Path) -> None:
    path = tmp_path / "big5.md"
    original = "---\ntitle: 繁體中文的標題\n---\n\n這是臺灣的內容，歡迎參觀。\n".encode("big5")
    path.write_bytes(original)
    runner = CliRunner()
    refused = runner.invoke(cli, ["fix-encoding", str(path)])
    assert refused.exit_code == 1 and "--from big5" in refused.output and path.read_bytes() == original
    done = runner.invoke(cli, ["fix-encoding", "--from", "big5", str(path)])
    assert done.exit_code == 0 and "繁體中文的標題" in path.read_text(encoding="utf-8")


def test_fix_encoding_reads_utf16_from_notepad(tmp_path: Path) -> None:
    path = tmp_path / "plan.yml"
    path.write_bytes("goal: 总目标\r\n".encode("utf-16"))
    result = CliRunner().invoke(cli, ["fix-encoding", str(path)])
    assert result.exit_code == 0 and path.read_text(encoding="utf-8") == "goal: 总目标\n"


def test_full_width_spaces_and_dashes_inside_text_blocks_are_content(scratch: Scratch) -> None:
    scratch.edit(STUDIO, "intro: 简介。", "intro: |\n  \u3000\u3000第一段，用全角空格缩进。\n  —— 摘自工作室手册\n  - 普通列表")
    replace_bytes(scratch, "studios/alpha/plan.yml", "goals: [目标一]", "goals:\n      - 目标一\n      - \u3000目标二：全角空格开头")
    assert scratch.check() == []
    intro = load_project(scratch.root).studio("alpha").profile.model.intro
    assert intro.startswith("第一段") and "\n—— 摘自工作室手册\n" in intro  # leading blanks trimmed, text kept


def test_linked_content_files_and_folders_are_not_followed(scratch: Scratch, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: 别处的文件\n---\n\n机密\n", encoding="utf-8")
    scratch.path("studios/alpha/outcomes/link.md").symlink_to(outside / "secret.md")
    scratch.path("studios/alpha/cases").symlink_to(outside)
    import os

    os.link(outside / "secret.md", scratch.path("studios/alpha/methods/hard.md") if scratch.path("studios/alpha/methods").is_dir()
            else (scratch.path("studios/alpha/methods").mkdir() or scratch.path("studios/alpha/methods/hard.md")))
    diagnostics = scratch.check()
    assert {(d.path, d.code) for d in diagnostics if d.code == "E-FILE-LINK"} == {
        ("studios/alpha/outcomes/link.md", "E-FILE-LINK"), ("studios/alpha/cases", "E-FILE-LINK"),
        ("studios/alpha/methods/hard.md", "E-FILE-LINK"),
    }
    assert all("机密" not in e.body.text for e in load_project(scratch.root).studio("alpha").entries)
