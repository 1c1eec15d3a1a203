"""The generated site, built by mkdocs-material from the demo and from scratch roots."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO, Scratch, outcome
from generator.codes import Visibility
from generator.reading import load_project
from generator.site.build import BuildError, build_site
from generator.site.pages import Page
from generator.site.search import documents, write_index
from generator.site.tree import Tree
from generator.summary import SITE, Summary
from test_cli import run, tree_digest

# the site's own address (site.yml base_url) is not outside
EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//(?!127\.0\.0\.1|localhost|dbh\.example\.edu\.cn/)""", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//)""", re.IGNORECASE)


def text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_section_page_exists(built_site: Path) -> None:
    for rel in ("index.html", "studios/index.html", "library/index.html", "cases/index.html", "methods/index.html",
                "standard/index.html", "progress/index.html", "notice.html", "guide.html"):
        assert (built_site / rel).is_file(), rel
    project = load_project(REPO)
    for studio in project.studios:
        assert (built_site / "studios" / studio.slug / "index.html").is_file()
        for entry in studio.entries:
            page = built_site / "studios" / studio.slug / entry.kind.folder / f"{entry.slug}.html"
            assert page.is_file() == (entry.visibility is Visibility.PUBLIC), entry.rel  # records are for acceptance


def test_home_shows_figures_featured_and_studios(built_site: Path) -> None:
    home = text(built_site, "index.html")
    assert "个工作室" in home and "项成果" in home and "项指标已有成果" in home
    assert "“党员安全责任区”让实训室三年零事故" in home  # featured in site.yml
    assert home.count('class="sc-card"') == 6
    assert 'src="studios/huagong/media/cover.480.jpg"' in home


def test_studio_page_holds_profile_plan_timeline_and_money(built_site: Path) -> None:
    page = text(built_site, "studios/huagong/index.html")
    for expected in ("王建华", "刘晓梅", "红色引擎·安全护航", "三年建设计划", "第一建设年度（2023—2024学年）",
                     "建设历程", "典型案例", "工作法", "工作总结报告", "年度考核结果", "建设进度", "49,060"):
        assert expected in page, expected
    assert page.count('class="sc-timeline__year"') == 3
    assert "、 " not in page and "， " not in page  # line breaks inside Chinese sentences are joined


def test_library_items_carry_their_filter_data(built_site: Path) -> None:
    page = text(built_site, "library/index.html")
    project = load_project(REPO)
    outcomes = [e for s in project.studios for e in s.outcomes]
    items = re.findall(r'<li class="sc-item" data-year="(\d)" data-form="([a-z]+)" data-task="([a-z -]+)" data-level="([a-z]*)" data-indicator="([\d. ]*)" data-studio="([a-z-]+)"', page)
    assert len(items) == len(outcomes)
    assert {i[1] for i in items} == {"system", "method", "brand", "platform", "research", "demonstration", "other"}
    assert '<select name="indicator">' in page and 'id="year-1"' in page


def test_standard_page_lists_outcomes_and_uncovered_indicators(built_site: Path) -> None:
    page = text(built_site, "standard/index.html")
    project = load_project(REPO)
    covered = {code for s in project.studios for e in s.outcomes for code in e.meta.indicators}
    leaves = project.standard.model.leaves()
    assert page.count("暂无成果") - 1 == len(set(leaves) - covered)  # one mention in the lead sentence
    assert 'id="indicator-2-1-1"' in page


def test_entry_page_links_tasks_indicators_and_attachments(built_site: Path) -> None:
    page = text(built_site, "studios/huagong/outcomes/2023-anquan-zhidu.html")
    assert "../../../library/index.html?task=party-work" in page
    assert "../../../standard/index.html#indicator-2-3-1" in page
    assert '<a href="../media/zhidu-huibian.pdf" download>' in page and "（PDF，" in page
    assert (built_site / "studios/huagong/media/zhidu-huibian.pdf").is_file()


def test_progress_dashboard_links_every_figure(built_site: Path) -> None:
    page = text(built_site, "progress/index.html")
    assert page.count("library/index.html?studio=") == 18  # 6 studios × 3 years
    assert "缺少" not in page  # the demo has a representative outcome every year


def test_published_photo_is_upright_and_has_no_gps(built_site: Path) -> None:
    original = Image.open(REPO / "studios/huagong/media/huodong-xianchang.jpg")
    assert original.getexif().get(0x0112) == 6 and original.getexif().get_ifd(0x8825)
    assert not (built_site / "studios/huagong/media/huodong-xianchang.jpg").exists()  # never the original
    published = Image.open(built_site / "studios/huagong/media/huodong-xianchang.1600.jpg")
    assert published.width > published.height and published.width <= 1600
    exif = published.getexif()
    assert not exif.get_ifd(0x8825) and 0x0112 not in exif and 0x010F not in exif
    for path in built_site.rglob("*.jpg"):
        assert not Image.open(path).getexif().get_ifd(0x8825), path


def test_nothing_on_a_page_calls_outside(built_site: Path) -> None:
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".css") and path.is_file():
            content = path.read_text(encoding="utf-8", errors="replace")
            pattern = EXTERNAL if path.suffix == ".html" else CSS_REMOTE
            # links to other sites are allowed as plain <a> links; resources are not
            for match in pattern.finditer(content):
                tag_start = content.rfind("<", 0, match.start())
                if path.suffix == ".html" and content[tag_start:tag_start + 3].lower() == "<a ":
                    continue
                offenders.append(f"{path.relative_to(built_site)}: {content[tag_start:match.end() + 40]}")
    assert offenders == []
    assert "unpkg.com" not in text(built_site, "index.html")


def test_search_index_holds_the_content_pages_only(built_site: Path) -> None:
    assert not (built_site / "search").exists()  # the engine's own search is not built
    index = built_site / "search-index"
    manifest = json.loads((index / "index.json").read_text(encoding="utf-8"))
    project = load_project(REPO)
    entries = len(Summary(project, SITE).entries)
    # every public entry, every studio page, the standard and the office's pages; no listing page
    assert manifest["pages"] == entries + len(project.studios) + 1 + len(project.pages)
    assert len(list((index / "pages").glob("*.json"))) == manifest["pages"]
    assert len(list((index / "shards").glob("*.json"))) == manifest["shards"]
    titles = {json.loads(p.read_text(encoding="utf-8"))["t"] for p in (index / "pages").glob("*.json")}
    assert "成果库" not in titles and "建设进度" not in titles and "建设标准" in titles


def test_a_rebuild_never_edits_the_index_of_the_site_before(scratch: Scratch, tmp_path: Path) -> None:
    """The kept index is hard-linked into each site: a rebuild must replace its files, not
    write into them, or the published site would change under the visitors' feet."""
    build_dir = tmp_path / "build"
    first = build_site(scratch.root, load_project(scratch.root), tmp_path / "one", build_dir=build_dir).out
    before = {p: p.read_bytes() for p in (first / "search-index").rglob("*.json")}
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "正文提到换流站。")
    second = build_site(scratch.root, load_project(scratch.root), tmp_path / "two", build_dir=build_dir).out
    assert {p: p.read_bytes() for p in (first / "search-index").rglob("*.json")} == before
    assert any("换流站" in p.read_text(encoding="utf-8") for p in (second / "search-index" / "pages").glob("*.json"))
    assert not any("换流站" in text.decode("utf-8") for path, text in before.items() if path.parent.name == "pages")


def test_a_site_with_nothing_to_search_yet_still_gets_an_index(tmp_path: Path) -> None:
    tree = Tree(tmp_path / "tree")
    pages = [Page("index.md", '---\ntitle: "首页"\n---\n\n# 首页\n\n欢迎访问。\n', searchable=False, title="首页"),
             Page("library/index.md", '---\ntitle: "成果库"\n---\n\n# 成果库\n', searchable=False)]
    assert write_index(documents(pages), [], tree, tmp_path / "index") == 1
    page = json.loads((tmp_path / "index" / "pages" / "0.json").read_text(encoding="utf-8"))
    assert page["u"] == "index.html" and "欢迎访问" in page["x"]


@pytest.fixture
def hidden_entries(scratch: Scratch) -> Scratch:
    scratch.write_bytes("studios/alpha/media/minutes.jpg", (scratch.path("studios/alpha/media/photo.jpg")).read_bytes())
    scratch.write(
        "studios/alpha/outcomes/minutes.md",
        outcome("支委会会议记录", "2024-03-01", False, "visibility: acceptance\nimages:\n  - src: ../media/minutes.jpg\n", "秘密的会议内容"),
    )
    scratch.write("studios/alpha/outcomes/draft.md", outcome("内部草稿", "2024-04-01", False, "visibility: internal\n", "内部讨论稿"))
    return scratch


def test_acceptance_and_internal_entries_never_reach_the_site(hidden_entries: Scratch, tmp_path: Path) -> None:
    project = load_project(hidden_entries.root)
    site = build_site(hidden_entries.root, project, tmp_path / "site", build_dir=tmp_path / "build").out
    vendored = set((site / "admin").glob("*.js"))  # the editor's own script, which speaks of minutes
    everything = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                          if p.suffix in (".html", ".json", ".js", ".yml") and p.is_file() and p not in vendored)
    assert "正文" in everything  # the search index's pages are read here too: public text is in it
    for secret in ("支委会会议记录", "秘密的会议内容", "内部草稿", "内部讨论稿", "minutes"):
        assert secret not in everything, secret
    assert not list((site / "studios/alpha/media").glob("minutes*"))
    assert not (site / "admin").exists()  # no source: in site.yml, so no editor to commit with
    assert (site / "studios/alpha/media/photo.1600.jpg").exists()


def test_errors_stop_the_build_and_keep_the_last_good_site(scratch: Scratch, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("--root", str(scratch.root), "build", "--out", str(out)).returncode == 0
    before = tree_digest(out)
    sources = tree_digest(scratch.root / "studios")
    scratch.edit("studios/alpha/outcomes/y1.md", "type: system", "type: nonsense")
    result = run("--root", str(scratch.root), "build", "--out", str(out))
    assert result.returncode == 1 and "E-CODE-UNKNOWN" in result.stderr and "原有网站保持不变" in result.stderr
    assert tree_digest(out) == before
    scratch.edit("studios/alpha/outcomes/y1.md", "type: nonsense", "type: system")
    assert tree_digest(scratch.root / "studios") == sources  # building never touches the content


def test_engine_failure_keeps_the_last_good_site(scratch: Scratch, tmp_path: Path) -> None:
    out = tmp_path / "site"
    project = load_project(scratch.root)
    build_site(scratch.root, project, out, build_dir=tmp_path / "build")
    before = tree_digest(out)
    scratch.write("mkdocs.yml", "site_name: x\ntheme:\n  name: no-such-theme\n")
    with pytest.raises(BuildError, match="mkdocs"):
        build_site(scratch.root, project, out, build_dir=tmp_path / "build")
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_build_command_reports_what_it_made(scratch: Scratch, tmp_path: Path) -> None:
    result = run("--root", str(scratch.root), "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "网站已生成" in result.stdout
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (scratch.root / "content" / "index.md").exists()


def test_studio_page_links_a_printable_compilation_of_public_entries(built_site: Path) -> None:
    page = text(built_site, "studios/huagong/index.html")
    assert 'href="compilation.html"' in page and "成果汇编（可打印）" in page
    printable = text(built_site, "studios/huagong/compilation.html")
    assert "“党员安全责任区”让实训室三年零事故" in printable and "@page" in printable
    assert "data:image/jpeg;base64," in printable and "file:" not in printable


def test_the_same_content_builds_the_same_site(built_site: Path, tmp_path: Path) -> None:
    """Byte-identical, dated by the content (the sitemap's lastmod), not by the day of the build."""
    again = build_site(REPO, load_project(REPO), tmp_path / "again", build_dir=tmp_path / "build").out
    ours = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    assert ours == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert [str(rel) for rel in ours if (built_site / rel).read_bytes() != (again / rel).read_bytes()] == []
    project = load_project(REPO)
    latest = max(e.meta.date for s in project.studios for e in s.entries if getattr(e.meta, "date", None))
    assert f"<lastmod>{latest.isoformat()}</lastmod>" in text(built_site, "sitemap.xml")


def test_no_page_nests_parentheses(built_site: Path) -> None:
    """“（第一建设年度（2023—2024学年））” reads badly in Chinese: a page says such asides another way."""
    nested = re.compile(r"（[^（）]*（[^（）]*）[^（）]*）")
    found = {}
    for page in built_site.rglob("*.html"):
        if page.parent.name == "admin" or page.parent.parent.name == "admin":
            continue
        shown = re.sub(r"<[^>]+>", "", re.sub(r"<(script|style)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S))
        if (match := nested.search(shown)):
            found[page.relative_to(built_site).as_posix()] = match.group(0)
    assert found == {}


def test_lists_say_once_what_each_entry_is(built_site: Path) -> None:
    """An outcome shows its form, a case or method its kind: never “工作法与案例（典型案例）”."""
    for page in ("library/index.html", "studios/jidian/index.html", "cases/index.html"):
        html = text(built_site, page)
        assert "工作法与案例（" not in html, page
    assert '· <span class="sc-unbroken">典型案例</span></span>' in text(built_site, "library/index.html")  # last in the line
    facts = {"studios/jidian/cases/2025-jineng-dasai.html": "典型案例", "studios/jidian/methods/2024-sanjin-gongzuofa.html": "工作法",
             "studios/jidian/outcomes/2024-kechengsizheng-shifanke.html": "优秀教师党支部工作法、典型案例"}
    for page, form in facts.items():  # the facts table, which print shares, says it once too
        assert f"<tr><td>成果形式</td><td>{form}</td></tr>" in text(built_site, page), page


def test_every_page_says_who_runs_the_site_and_how_fresh_it_is(built_site: Path) -> None:
    project = load_project(REPO)
    site = project.site_model
    latest = max(e.date for s in project.studios for e in s.entries if e.date and e.visibility is Visibility.PUBLIC)
    for rel in ("index.html", "notice.html", "studios/huagong/index.html", "404.html"):
        footer = text(built_site, rel).split('<div class="md-copyright">', 1)[1].split("</div>", 1)[0]
        assert f"{site.committee} · {site.contact.office}" in footer
        assert f"电话：{site.contact.phone}" in footer and f"地址：{site.contact.address}" in footer
        assert f"© {latest.year} {site.school} · 内容更新于 {latest.year}年{latest.month}月{latest.day}日" in footer


def test_each_demo_studio_has_a_cover_of_its_own() -> None:
    """Six identical banners on the home page say nothing: each demo studio's cover differs visibly."""
    from PIL import ImageChops, ImageStat

    covers = {s.slug: Image.open(REPO / "studios" / s.slug / "media" / "cover.jpg").convert("L").resize((320, 120))
              for s in load_project(REPO).studios}
    slugs = sorted(covers)
    for i, one in enumerate(slugs):
        for other in slugs[i + 1:]:
            difference = ImageStat.Stat(ImageChops.difference(covers[one], covers[other])).mean[0]
            assert difference > 8, (one, other, difference)


def test_links_between_pages_are_worked_out_as_relpath_would() -> None:
    import posixpath

    from generator.media import relative_url

    targets = ["index.md", "library.html", "studios/a/index.md", "studios/a/outcomes/x.md", "studios/b/media/p.480.webp",
               "studios/a/", "./studios/a/x.md", "studios/a/../b/y.md"]
    starts = [".", "", "studios", "studios/a", "studios/a/outcomes", "studios/b/cases", "admin/a"]
    for target in targets:
        for start in starts:
            assert relative_url(target, start) == posixpath.relpath(target, start or "."), (target, start)
