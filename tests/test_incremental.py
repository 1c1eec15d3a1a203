"""A rebuild does only the work a change calls for, and ends exactly where a fresh build would."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Scratch, outcome
from generator.reading import load_project
from generator.reading.bodyscan import read_body
from generator.render import content_html, remembered_bodies
from generator.site.build import RENDERED_BODIES, build_site
from generator.site.tree import Tree


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_kept_tree_is_rewritten_only_where_it_changed_and_loses_what_is_gone(tmp_path: Path) -> None:
    first = Tree(tmp_path / "tree")
    first.write("a.md", "# 甲\n")
    first.write("old/b.md", "# 乙\n")
    first.prune()
    assert first.changed == 2
    second = Tree(tmp_path / "tree")
    second.write("a.md", "# 甲\n")
    second.write("c.md", "# 丙\n")
    second.prune()
    assert second.changed == 1  # only the new page was written
    assert files(tmp_path / "tree") == {"docs/a.md": "# 甲\n".encode(), "docs/c.md": "# 丙\n".encode()}
    assert not (tmp_path / "tree" / "docs" / "old").exists()  # emptied folders go too


def test_a_rebuild_gives_the_site_a_fresh_build_gives(scratch: Scratch, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=build)
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "改过的正文。")
    (scratch.root / "studios/alpha/outcomes/y3.md").unlink()
    scratch.write("studios/alpha/outcomes/y4.md", outcome("新增的成果", "2025-12-02"))
    again = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=build).out
    fresh = build_site(scratch.root, load_project(scratch.root), tmp_path / "fresh", build_dir=tmp_path / "other").out
    assert files(again) == files(fresh)
    assert files(build / "tree") == files(tmp_path / "other" / "tree")
    assert not (again / "studios/alpha/outcomes/y3.html").exists()
    assert "改过的正文" in (again / "studios/alpha/outcomes/y2.html").read_text(encoding="utf-8")


def test_bodies_rendered_once_are_remembered_and_only_those_still_used_are_kept(tmp_path: Path) -> None:
    store = tmp_path / RENDERED_BODIES
    with remembered_bodies(store):
        first = content_html(read_body("**一**", 1))
        content_html(read_body("二", 1))
    assert first == "<p><strong>一</strong></p>\n"
    assert sorted(json.loads(store.read_text(encoding="utf-8")).values()) == ["<p><strong>一</strong></p>\n", "<p>二</p>\n"]
    remembered = json.loads(store.read_text(encoding="utf-8"))
    key = next(k for k, v in remembered.items() if v == "<p>二</p>\n")
    store.write_text(json.dumps({key: "<p>记住的</p>\n"}, ensure_ascii=False), encoding="utf-8")
    with remembered_bodies(store):
        assert content_html(read_body("二", 1)) == "<p>记住的</p>\n"  # taken from the store, not rendered again
    assert json.loads(store.read_text(encoding="utf-8")) == {key: "<p>记住的</p>\n"}
    assert content_html(read_body("二", 1)) == "<p>二</p>\n"  # outside a build nothing is remembered


def test_a_damaged_store_means_rendering_afresh(tmp_path: Path) -> None:
    store = tmp_path / RENDERED_BODIES
    for damaged in ("{not json", "[1, 2]"):
        store.write_text(damaged, encoding="utf-8")
        with remembered_bodies(store):
            assert content_html(read_body("三", 1)) == "<p>三</p>\n"
        assert list(json.loads(store.read_text(encoding="utf-8")).values()) == ["<p>三</p>\n"]

