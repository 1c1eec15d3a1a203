"""A rebuild does only the work a change calls for, and ends exactly where a fresh build would."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

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



def test_one_changed_entry_goes_through_the_engine_alone_and_the_site_is_what_a_clean_build_gives(
        demo_copy: Path, tmp_path: Path) -> None:
    """MkDocs' dirty mode over a hard-linked copy of the last site: the pages that did not
    change keep their files, the live site is never written into, and the result is byte for
    byte the site a build from nothing gives."""
    build, site = tmp_path / "build", tmp_path / "site"
    build_site(demo_copy, load_project(demo_copy), site, build_dir=build)
    entry = "studios/huagong/outcomes/2023-anquan-zhidu"
    untouched = site / "studios/xinxi/index.html"
    before = untouched.stat().st_ino
    held = tmp_path / "held.html"  # the live page as it was: it must not be written into
    os.link(site / f"{entry}.html", held)
    held_bytes = held.read_bytes()
    source = demo_copy / f"{entry}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("逐一排查", "逐一细致排查"), encoding="utf-8")
    attachment = demo_copy / "studios/huagong/media/zhidu-huibian.pdf"
    attachment.write_bytes(attachment.read_bytes() + b"\n% revised\n")
    os.utime(attachment, (946684800, 946684800))  # replaced by an older file: its time says nothing

    again = build_site(demo_copy, load_project(demo_copy), site, build_dir=build).out
    assert json.loads((build / "engine-state.json").read_text(encoding="utf-8"))["out"] == str(again)
    assert "逐一细致排查" in (again / f"{entry}.html").read_text(encoding="utf-8")
    assert held.read_bytes() == held_bytes  # the engine made a new file; the old site's stayed whole
    assert untouched.stat().st_ino == before  # not rendered again
    published = [p for p in (again / "studios/huagong").rglob("*.pdf") if "zhidu" in p.name]
    assert published and all(p.read_bytes() == attachment.read_bytes() for p in published)

    clean = build_site(demo_copy, load_project(demo_copy), tmp_path / "clean", build_dir=tmp_path / "other").out
    assert files(again) == files(clean)
    assert sorted(p.relative_to(again) for p in again.rglob("*")) == sorted(p.relative_to(clean) for p in clean.rglob("*"))


def test_a_site_replaced_by_another_folder_means_a_full_build(demo_copy: Path, tmp_path: Path) -> None:
    build, site = tmp_path / "build", tmp_path / "site"
    build_site(demo_copy, load_project(demo_copy), site, build_dir=build)
    home = site / "index.html"
    inode = home.stat().st_ino
    build_site(demo_copy, load_project(demo_copy), site, build_dir=build)
    assert home.stat().st_ino == inode  # nothing changed: nothing rendered
    shutil.copytree(site, tmp_path / "elsewhere")
    shutil.rmtree(site)
    shutil.copytree(tmp_path / "elsewhere", site)  # someone put another folder in its place
    build_site(demo_copy, load_project(demo_copy), site, build_dir=build)
    assert home.stat().st_ino != inode


def test_the_synthetic_corpus_checks_clean(tmp_path: Path) -> None:
    """The benchmarks' corpus carries everything its site.yml names (the school's emblem too)."""
    from conftest import AS_OF, REPO
    from generator.corpus import write_corpus
    from generator.rules import check_project

    write_corpus(tmp_path / "corpus", REPO, 2, 10, 1)
    assert check_project(load_project(tmp_path / "corpus"), AS_OF) == []


def test_pages_kept_from_the_last_build_follow_everything_they_are_made_from(
        demo_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Pages and printables are taken from the last tree only while nothing they are made
    from changed: after each kind of change the kept tree equals a tree written afresh."""
    from generator.imaging import ImageCache
    from generator.site.build import write_tree
    from generator.site.pages import Renderer
    from generator.summary import SITE, Summary

    rendered: list[str] = []
    original = Renderer._render

    def counting(self, template, path, *args, **kwargs):
        rendered.append(path)
        return original(self, template, path, *args, **kwargs)

    monkeypatch.setattr(Renderer, "_render", counting)

    def tree_of(build: Path) -> dict[str, bytes]:
        write_tree(demo_copy, build / "tree", Summary(load_project(demo_copy), SITE), ImageCache(tmp_path / "cache"))
        return files(build / "tree" / "docs")

    def same_as_fresh() -> set[str]:
        """The pages the kept tree rendered again."""
        rendered.clear()
        kept = tree_of(tmp_path / "build")
        again = set(rendered)
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        assert kept == tree_of(tmp_path / "fresh")
        return again

    def edit(rel: str, old: str, new: str) -> None:
        path = demo_copy / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    honour = "studios/jidian/honours/2025-shiji-youxiu-pinpai.md"
    edit(honour, "outcome: ../outcomes/2025-laomo-gongjiang-pinpai.md",
         "outcome: ../../makesi/outcomes/2024-xingzou-de-sizhengke.md")  # a link into another studio
    tree_of(tmp_path / "build")
    rendered.clear()
    tree_of(tmp_path / "build")
    assert not [p for p in rendered if p.count("/") >= 3]  # nothing changed: no entry page rendered again

    linked = "studios/makesi/outcomes/2024-xingzou-de-sizhengke.md"
    path = demo_copy / linked
    path.write_text(path.read_text(encoding="utf-8") + "\n补记一段。\n", encoding="utf-8")
    again = same_as_fresh()
    assert "studios/makesi/outcomes/2024-xingzou-de-sizhengke.md" in again
    # other studios' pages were kept, and so were the pages that read the whole site: they show no body
    assert not [p for p in again if not p.startswith("studios/makesi/")]

    outcome_rel = "studios/huagong/outcomes/2023-anquan-zhidu.md"
    edit(outcome_rel, "representative: true", "representative: false")  # shown on the home page and in the library
    assert {"index.md", "library/index.md"} <= same_as_fresh()
    edit(outcome_rel, "\n---\n", "\n---\n\n![新放的图片](../media/cover.jpg)\n")  # a body placing a picture
    assert "library/index.md" in same_as_fresh()

    edit(linked, "title: ", "title: 改名的")  # the honour in another studio shows this title
    same_as_fresh()
    assert "改名的" in (tmp_path / "build/tree/docs/studios/jidian/honours/2025-shiji-youxiu-pinpai.md").read_text(encoding="utf-8")

    edit("content/site.yml", "school: ", "school: 改过的")  # the office's files: every page
    same_as_fresh()

    emblem = demo_copy / "content/emblem.png"  # not a text the loader reads: its stamp counts
    emblem.write_bytes(emblem.read_bytes() + b"\0")
    assert any(p.startswith("studios/huagong/") for p in same_as_fresh())

    photo = demo_copy / "studios/huagong/media/cover.jpg"  # a picture the printable carries, same size
    data = bytearray(photo.read_bytes())
    data[len(data) // 2] ^= 0xFF
    photo.write_bytes(bytes(data))
    assert any(p.startswith("studios/huagong/") for p in same_as_fresh())

    page = tmp_path / "build/tree/docs/studios/xinxi/index.md"
    entry_page = next((tmp_path / "build/tree/docs/studios/xinxi/outcomes").glob("*.md"))
    entry_page.write_text("改坏的页面", encoding="utf-8")  # the tree edited by hand: rendered again
    same_as_fresh()
    assert page.exists()


def test_what_a_scan_found_is_remembered_and_a_damaged_memo_is_not_believed(tmp_path: Path) -> None:
    from generator.reading.memory import SCANNED_FILES, remembered_reading

    text = "见[附件](../media/a.pdf)。<span onclick=\"x()\">点</span>\n\n电话 139 1234 5678\n\n```\n**不是加粗**\n```\n"
    fresh = read_body(text, 7)
    store = tmp_path / SCANNED_FILES
    with remembered_reading(store):
        read_body(text, 7)
    with remembered_reading(store):
        remembered = read_body(text, 7)
    assert "tokens" not in vars(remembered)  # not parsed: taken from the memo
    for field in ("refs", "html", "syntax", "numbered"):
        assert getattr(remembered, field) == getattr(fresh, field)
    assert fresh.refs and fresh.html and fresh.numbered
    assert [t.type for t in remembered.tokens] == [t.type for t in fresh.tokens]  # parsed when asked for
    assert content_html(remembered) == content_html(fresh)

    memo = json.loads(store.read_text(encoding="utf-8"))
    for damaged in ([1, 2], [[["a", "b", "c", "d"]], [], [], []], "x", None):
        store.write_text(json.dumps({key: damaged for key in memo}), encoding="utf-8")
        with remembered_reading(store):
            again = read_body(text, 7)
        assert (again.refs, again.html, again.syntax, again.numbered) == (fresh.refs, fresh.html, fresh.syntax, fresh.numbered)


def test_a_project_read_from_the_memo_is_the_project_read_afresh(demo_copy: Path, tmp_path: Path, monkeypatch) -> None:
    from conftest import AS_OF
    from generator.reading import yamlsource
    from generator.reading.memory import remembered_reading
    from generator.reading.yamlsource import parse_yaml
    from generator.rules import check_project

    text = "a: 2024-03-01\nb: 2024-03-01 08:30:00+08:00\nc:\n  - {1: x, k: [1.5, null]}\n  - 是\nd: {true: 1}\n"
    fresh = parse_yaml("x.yml", text, 3)
    with remembered_reading(tmp_path / "memo.json"):
        parse_yaml("x.yml", text, 3)
    with monkeypatch.context() as patch, remembered_reading(tmp_path / "memo.json"):
        patch.setattr(yamlsource, "_parse", None)  # not parsed: read from the memo
        kept = parse_yaml("x.yml", text, 3)
    assert not fresh.diagnostics
    assert kept.data == fresh.data and type(kept.data["a"]) is type(fresh.data["a"])
    assert list(kept.data["d"]) == [True] and list(kept.data["c"][0]) == [1, "k"]
    assert kept.positions == fresh.positions and kept.positions.line(("c", 1)) == 8

    first = load_project(demo_copy, tmp_path / "build")
    second = load_project(demo_copy, tmp_path / "build")
    assert (tmp_path / "build" / "scanned-files.json").stat().st_size > 10_000
    assert check_project(second, AS_OF) == check_project(first, AS_OF)
    entries = [[e for studio in project.studios for e in studio.entries] for project in (first, second)]
    assert len(entries[0]) > 50
    for one, other in zip(*entries, strict=True):
        assert one.meta == other.meta and one.positions == other.positions
        assert (one.body.refs, one.body.html, one.body.syntax) == (other.body.refs, other.body.html, other.body.syntax)


def test_a_full_build_split_between_two_engines_is_the_one_engine_build(
        demo_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """Two dirty builds side by side, each given the other half's pages as empty files: the
    site is byte for byte the single build's, and a rebuild after it still is."""
    import generator.site.build as building

    whole = build_site(demo_copy, load_project(demo_copy), tmp_path / "whole", build_dir=tmp_path / "one").out
    monkeypatch.setattr(building, "SPLIT_FROM", 10)
    split = build_site(demo_copy, load_project(demo_copy), tmp_path / "split", build_dir=tmp_path / "two").out
    assert files(split) == files(whole)
    assert not list(tmp_path.glob(".split-half-*")) and not list(tmp_path.glob("*.empty"))
    media = next(p for p in split.rglob("*.jpg"))
    assert media.stat().st_nlink > 1  # linked from the tree, not copied
    inode = media.stat().st_ino

    source = demo_copy / "studios/huagong/outcomes/2023-anquan-zhidu.md"
    source.write_text(source.read_text(encoding="utf-8").replace("逐一排查", "逐一细致排查"), encoding="utf-8")
    again = build_site(demo_copy, load_project(demo_copy), tmp_path / "split", build_dir=tmp_path / "two").out
    assert (again / media.relative_to(split)).stat().st_ino == inode  # kept, not copied again
    clean = build_site(demo_copy, load_project(demo_copy), tmp_path / "clean", build_dir=tmp_path / "three").out
    assert files(again) == files(clean)


def test_an_engine_started_warm_builds_the_site_a_cold_start_builds(
        demo_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """The engine's process is started before the tree is written and given its command
    (arguments, folder, environment with the content's date) afterwards: the site is byte
    for byte the one a cold start builds, and a start not taken leaves no process behind."""
    import subprocess

    from generator.site import build as building
    from generator.site.engines import DEFAULT_ENGINE, ENGINES

    started: list[subprocess.Popen] = []
    real_start = building._start

    def start(command, cwd, env, stdin=False):
        started.append(real_start(command, cwd, env, stdin))
        return started[-1]

    monkeypatch.setattr(building, "_start", start)
    warm = build_site(demo_copy, load_project(demo_copy), tmp_path / "warm", build_dir=tmp_path / "one").out
    assert str(building.BOOT) in started[0].args  # the first engine process was the warm one
    assert len(started) == 1  # and it took the command: no cold start beside it
    monkeypatch.setattr(type(DEFAULT_ENGINE), "python", lambda self: None)
    cold = build_site(demo_copy, load_project(demo_copy), tmp_path / "cold", build_dir=tmp_path / "two").out
    assert started[1].args[:3] == [*DEFAULT_ENGINE.launcher()]
    assert files(warm) == files(cold)
    assert (warm / "sitemap.xml").read_bytes() == (cold / "sitemap.xml").read_bytes()  # dated by the content

    monkeypatch.undo()
    with building.WarmStart(ENGINES["mkdocs"]) as unused:
        process = unused.process
        assert process is not None and process.poll() is None
    assert process.poll() is not None  # not taken: ended
    assert building.WarmStart(ENGINES["zensical"]).process is None  # not a Python engine with a dirty mode


def test_the_check_beside_the_build_finds_what_the_check_finds(scratch: Scratch, monkeypatch) -> None:
    """Forked, or where it cannot fork checked in the process itself: the same diagnostics."""
    import multiprocessing
    from datetime import date

    from generator.rules import check_project
    from generator.rules.beside import CheckBeside

    scratch.write("studios/alpha/outcomes/y1.md", outcome("某项成果", "2024-03-01", body="联系电话 13912345678。"))
    project = load_project(scratch.root)
    expected = check_project(project, date(2026, 9, 1))
    assert any(d.code.startswith("E-") for d in expected)
    forked = CheckBeside(project, date(2026, 9, 1))
    assert forked.process is not None
    assert forked.diagnostics() == expected
    assert forked.process is None  # joined

    def no_fork(method=None):
        raise ValueError("no fork here")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    alone = CheckBeside(project, date(2026, 9, 1))
    assert alone.process is None and alone.diagnostics() == expected


def test_content_that_upsets_the_build_before_its_check_is_told_by_what_the_check_found(
        scratch: Scratch, tmp_path: Path, monkeypatch) -> None:
    """The tree is written while the content is checked: should the unchecked content break
    the writing, the author reads the check's errors (file, line, fix), not the failure;
    the old site stays and the engine never ran."""
    from click.testing import CliRunner

    from generator.cli import cli
    from generator.site import build as building

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("上次的网站", encoding="utf-8")
    scratch.write("studios/alpha/outcomes/y1.md", outcome("某项成果", "2024-03-01", body="联系电话 13912345678。"))

    def upset(*args, **kwargs):
        raise KeyError("studios/alpha/media/none.jpg")

    monkeypatch.setattr(building, "write_tree", upset)
    monkeypatch.setattr(building, "run_engine", lambda *a, **k: pytest.fail("the engine ran"))
    result = CliRunner().invoke(cli, ["--root", str(scratch.root), "build", "--out", str(site)])
    assert result.exit_code == 1
    assert "studios/alpha/outcomes/y1.md:" in result.output and "E-PRIVACY-MOBILE" in result.output
    assert "内容有错误，未生成网站；原有网站保持不变。" in result.output
    assert "KeyError" not in result.output and not isinstance(result.exception, KeyError)
    assert (site / "index.html").read_text(encoding="utf-8") == "上次的网站"
