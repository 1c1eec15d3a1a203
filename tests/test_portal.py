"""The site as the college's portal: its identity, the progress figures, phones, the keyboard.

Built-page checks read the HTML; the rest is what a visitor sees in Debian's Chromium, at a
desktop (1440 px) and a phone (390 px) width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import NEEDS_CHROMIUM, REPO, Scratch, served
from test_browser import PAGE_KINDS, SUB_PATH, Visit

from generator.reading import load_project


def text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def cells(page: str, studio_name: str | None = None) -> list[list[str]]:
    """The dashboard's rows as the words of their cells (the studio's group only, if named)."""
    groups = re.findall(r'<tbody class="sc-dash__group">(.*?)</tbody>', page, re.S)
    if studio_name:
        groups = [g for g in groups if studio_name in g.split("</th>", 1)[0]]
    rows = [row for group in groups for row in re.findall(r"<tr[^>]*>(.*?)</tr>", group, re.S)]
    words = lambda html: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()  # noqa: E731
    return [[words(c) for _, c in re.findall(r'<(th scope="row"|td)[^>]*>(.*?)</(?:th|td)>', row, re.S)] for row in rows]


# --- the built pages ---------------------------------------------------------------------------------


def test_the_dashboard_is_one_studio_by_year_view(built_site: Path) -> None:
    project = load_project(REPO)
    page = text(built_site, "progress/index.html")
    assert page.count('<table class="sc-dash__table">') == 1
    assert page.count('<tbody class="sc-dash__group">') == 1 + len(project.studios)  # the school, then each studio
    school = cells(page, "全校")
    outcomes = sum(len(s.outcomes) for s in project.studios if True)
    public = [e for s in project.studios for e in s.outcomes if e.visibility.value == "public"]
    assert school[-1][0] == "合计" and school[-1][1] == f"{len(public)} 项" and outcomes >= len(public)
    assert [row[0].split()[0] for row in school[:-1]] == ["第一建设年度", "第二建设年度", "第三建设年度"]
    # the year graded 限期整改 is marked: a badge and a shaded row, in the studio's group and in the school's
    jidian = cells(page, "机电工程学院教工党支部书记工作室")
    assert "限期整改（2026年12月31日前）" in jidian[2][-1]
    flagged = re.findall(r'<tr class="sc-dash__row sc-dash__row--flagged">(.*?)</tr>', page, re.S)
    assert len(flagged) == 1 and "限期整改" in flagged[0] and "sc-badge--alert" in flagged[0]
    assert "限期整改 1" in school[-1][-1]


def test_the_same_figures_on_the_home_page_and_each_studio_page(built_site: Path) -> None:
    progress = text(built_site, "progress/index.html")
    assert cells(text(built_site, "index.html")) == cells(progress, "全校")
    for slug in ("huagong", "jidian", "xinxi"):
        studio = cells(text(built_site, f"studios/{slug}/index.html"))
        name = re.search(r"<h1[^>]*>(.*?)</h1>", text(built_site, f"studios/{slug}/index.html")).group(1)
        assert studio[:-1] == cells(progress, name), slug  # its years as the dashboard has them, then its total
        assert studio[-1][0] == "合计"


def test_charts_are_inline_svg_that_say_their_figures(built_site: Path) -> None:
    for rel in ("index.html", "progress/index.html"):
        page = text(built_site, rel)
        charts = re.findall(r'<svg class="sc-chart__svg".*?</svg>', page, re.S)
        assert len(charts) == 2, rel
        for chart in charts:
            assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
            assert "<script" not in chart and "href" not in chart  # a picture, nothing to run or fetch
        outcomes = charts[0]
        assert "石油化工学院教工第一党支部书记工作室（示例）：第一建设年度 4 项，第二建设年度 3 项，第三建设年度 3 项" in outcomes
        assert outcomes.count("<rect") >= 6 * 3
        assert "执行率 88%" in charts[1] or "执行率" in charts[1]


def test_the_home_page_opens_with_outcomes_and_news_and_the_introduction_is_lower(built_site: Path) -> None:
    page = text(built_site, "index.html")
    article = page.split("<article", 1)[1]
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", article)
    assert headings[:2] == ["最新成果", "工作动态"] and headings[-1] == "关于工作室创建"
    cards = re.findall(r'<a class="sc-card sc-card--entry".*?</a>', article, re.S)
    assert len(cards) == 4 and all("<img" in card for card in cards)
    intro = re.search(r'<div class="sc-lead">(.*?)</div>', article, re.S).group(1)
    assert len(re.sub(r"<[^>]+>", "", intro)) < 160  # two sentences, not a 13-line paragraph


def test_the_header_shows_the_schools_emblem_and_name(built_site: Path) -> None:
    from PIL import Image

    page = text(built_site, "studios/huagong/index.html")
    logo = re.search(r'<a href="[^"]*" title="[^"]*" class="md-header__button md-logo".*?</a>', page, re.S).group(0)
    src = re.search(r'<img src="([^"]+)"', logo).group(1)
    assert src == "../../content/emblem.480.png" and "material/flag" not in logo and "<svg" not in logo
    assert '<span class="sc-school">示例职业技术学院</span>' in page
    published = Image.open(built_site / "content/emblem.480.png")
    assert published.size[0] > 0 and not published.getexif()
    assert not (built_site / "content/emblem.png").exists()  # never the original file


def test_an_emblem_outside_content_or_missing_is_refused_with_the_line(scratch: Scratch) -> None:
    scratch.write_bytes("content/emblem.png", (REPO / "content/emblem.png").read_bytes())
    scratch.write("studios/alpha/media/seal.png", "")
    for value, detail in (("missing.png", "找不到"), ("../studios/alpha/media/seal.png", "不是 content/"),
                          ("http://example.org/seal.png", "不是 content/"), ("sub/emblem.png", "不是 content/")):
        scratch.edit("content/site.yml", "school: 测试职业学院", f"school: 测试职业学院\nemblem: {value}")
        (found,) = [d for d in scratch.check() if d.path == "content/site.yml"]
        assert found.code == "E-EMBLEM-FILE" and found.line == 2 and detail in found.message, (value, found)
        scratch.edit("content/site.yml", f"\nemblem: {value}", "")
    scratch.write("content/emblem.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    scratch.edit("content/site.yml", "school: 测试职业学院", "school: 测试职业学院\nemblem: emblem.svg")
    assert [d.code for d in scratch.check() if d.path == "content/site.yml"] == ["E-IMAGE-SVG"]
    scratch.edit("content/site.yml", "emblem: emblem.svg", "emblem: emblem.png")
    assert [d for d in scratch.check() if d.path == "content/site.yml"] == []


# --- in Chromium ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(built_site: Path):
    with served(built_site, SUB_PATH) as url:
        yield url


@pytest.fixture
def phone(browser):
    session = Visit(browser, width=390, height=844)
    yield session
    session.close()


@pytest.fixture
def desktop(browser):
    session = Visit(browser, width=1440, height=900)
    yield session
    session.close()


#: Does any table show less than it holds with no cue? A table that fits, or is stacked into cards
#: (the dashboard, the year plan), or scrolls with “左右滑动” said above it and takes the focus, is fine.
CLIPPED_TABLES = """() => [...document.querySelectorAll('article table')].filter(t => {
  const row = t.querySelector('tr');
  if (row && getComputedStyle(row).display === 'block') return false;  // stacked into cards
  const wrap = t.closest('.md-typeset__scrollwrap');
  const box = (wrap || t.parentElement).getBoundingClientRect();
  if (t.getBoundingClientRect().right <= Math.min(box.right, innerWidth) + 1) return false;
  const hint = wrap && wrap.previousElementSibling;
  return !(wrap && wrap.getAttribute('tabindex') === '0' && hint && hint.classList.contains('sc-scroll-hint') && !hint.hidden);
}).map(t => t.querySelector('th, td').textContent.trim())"""


@NEEDS_CHROMIUM
def test_no_table_hides_columns_without_a_cue(browser, server: str) -> None:
    clipped = {}
    for width in (1440, 390):
        session = Visit(browser, width=width, height=900)
        try:
            for rel in PAGE_KINDS:
                session.page.goto(server + rel)
                session.page.wait_for_load_state("load")
                if found := session.page.evaluate(CLIPPED_TABLES):
                    clipped[f"{rel} ({width}px)"] = found
        finally:
            session.close()
    assert clipped == {}


@NEEDS_CHROMIUM
def test_on_a_phone_the_dashboard_is_cards_with_labelled_lines(phone: Visit, server: str) -> None:
    page = phone.page
    page.goto(server + "progress/index.html")
    assert page.evaluate("getComputedStyle(document.querySelector('.sc-dash__table tbody')).display") == "block"
    first = page.locator(".sc-dash__row td").first
    assert first.evaluate("td => getComputedStyle(td, '::before').content") == '"成果"'
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.sc-dash td')].map(c => c.getBoundingClientRect().right))")
    assert widest <= 390
    studio = page.locator(".sc-dash__studio").nth(1)
    assert studio.is_visible() and "工作室" in studio.inner_text()
    flagged = page.locator(".sc-dash__row--flagged")
    assert flagged.count() == 1 and "限期整改" in flagged.inner_text()


@NEEDS_CHROMIUM
def test_the_year_plan_is_one_compact_table_and_cards_on_a_phone(browser, server: str) -> None:
    for width, display in ((1440, "table"), (390, "block")):
        session = Visit(browser, width=width, height=900)
        try:
            session.page.goto(server + "studios/huagong/index.html")
            plan = session.page.locator("table.sc-plan")
            assert plan.count() == 1 and plan.evaluate("t => getComputedStyle(t).display") == display
            assert plan.locator("tbody tr").count() == 3
            assert plan.locator("thead th").all_inner_texts() == ["建设年度", "年度目标", "实施举措", "预期成果"]
        finally:
            session.close()


@NEEDS_CHROMIUM
def test_library_filters_fold_behind_a_button_on_a_phone_that_says_what_is_chosen(phone: Visit, desktop: Visit, server: str) -> None:
    page = phone.page
    page.goto(server + "library/index.html?studio=huli&year=2")
    box = page.locator("#sc-filterbox")
    assert box.evaluate("d => d.open") is False and not page.locator("select[name=studio]").is_visible()
    summary = page.locator("#sc-filterbox > summary")
    assert summary.inner_text().startswith("筛选") and "第二建设年度" in summary.inner_text() and "护理学院" in summary.inner_text()
    summary.click()
    page.select_option("select[name=studio]", "")
    assert "护理学院" not in summary.inner_text() and "第二建设年度" in summary.inner_text()
    desktop.page.goto(server + "library/index.html")
    assert desktop.page.locator("select[name=studio]").is_visible() and "未选条件" in desktop.page.inner_text("#sc-filterbox > summary")


@NEEDS_CHROMIUM
def test_a_long_studio_page_has_its_own_contents_on_a_phone(phone: Visit, desktop: Visit, server: str) -> None:
    page = phone.page
    page.goto(server + "studios/huagong/index.html")
    toc = page.locator(".sc-pagetoc")
    assert toc.is_visible()
    page.click(".sc-pagetoc summary")
    links = toc.locator("a")
    names = links.all_inner_texts()
    assert {"基本信息", "三年建设计划", "建设进度", "建设历程", "年度考核结果"} <= set(names), names
    links.nth(names.index("建设进度")).click()
    page.wait_for_function("() => location.hash.length > 1")
    top = page.evaluate("document.getElementById(decodeURIComponent(location.hash.slice(1))).getBoundingClientRect().top")
    assert 0 <= top < 200  # the heading came up under the header
    desktop.page.goto(server + "studios/huagong/index.html")
    assert not desktop.page.locator(".sc-pagetoc").is_visible()  # the theme's own contents are beside the text


def _tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@NEEDS_CHROMIUM
def test_filters_search_and_lightbox_work_from_the_keyboard(desktop: Visit, server: str) -> None:
    page = desktop.page
    # filters: Tab to a list, change it with the arrow key, the list narrows
    page.goto(server + "library/index.html")
    before = page.locator("li.sc-item:visible").count()
    _tab_to(page, "select[name=studio]")
    page.keyboard.press("ArrowDown")
    assert page.input_value("select[name=studio]") != "" and 0 < page.locator("li.sc-item:visible").count() < before
    # search: from the header box to a result, without the mouse
    page.goto(server)
    _tab_to(page, ".sc-header-search input")
    page.keyboard.type("安全")
    page.keyboard.press("Enter")
    page.wait_for_selector(".sc-search__results li a")
    _tab_to(page, ".sc-search__results li a")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    # lightbox: Enter opens it with the focus on 关闭; Tab stays inside; Esc closes and gives the focus back
    page.goto(server + "studios/huagong/outcomes/2024-anquan-zhutidangri.html")
    _tab_to(page, "a.sc-zoom")
    link = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.locator(".sc-lightbox").wait_for(state="visible")
    assert page.evaluate("document.activeElement.textContent") == "关闭"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.sc-lightbox') !== null")
    page.keyboard.press("Escape")
    assert page.locator(".sc-lightbox").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == link
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # 关闭 has the focus: Enter presses it
    assert page.locator(".sc-lightbox").count() == 0


# --- GB/T 37668-2019 level 1: what axe-core does not judge -------------------------------------------------------


FOCUS_SHOWN = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {tag: e.tagName + (e.className ? '.' + String(e.className).split(' ')[0] : ''), shown: ring || s.boxShadow !== 'none'
          || s.textDecorationLine.includes('underline') || s.backgroundColor !== getComputedStyle(e.parentElement).backgroundColor};
}"""


@NEEDS_CHROMIUM
def test_the_keyboard_focus_is_always_visible_and_the_skip_link_comes_first(desktop: Visit, server: str) -> None:
    """GB/T 37668 (WCAG 2.4.7 焦点可见, 2.4.1 跳过重复内容): the first Tab offers 跳转至正文; every
    stop after it shows where the focus is."""
    page = desktop.page
    for rel in ("index.html", "library/index.html", "studios/huagong/index.html"):
        page.goto(server + rel)
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.className + '|' + document.activeElement.textContent.trim()")
        assert skip.startswith("md-skip") and page.locator(".md-skip").is_visible(), skip
        unseen = []
        for _ in range(40):
            page.keyboard.press("Tab")
            seen = page.evaluate(FOCUS_SHOWN)
            if not seen["shown"]:
                unseen.append(seen["tag"])
        assert unseen == [], (rel, unseen)


@NEEDS_CHROMIUM
def test_pages_reflow_at_320_pixels_and_nothing_moves_or_refreshes_by_itself(browser, server: str, built_site: Path) -> None:
    """GB/T 37668 (WCAG 1.4.10 重排 at 320 px, that is 400 % zoom; 2.2.1/2.2.2 no refresh, no autoplay)."""
    session = Visit(browser, width=320, height=640)
    try:
        wide = {}
        for rel in PAGE_KINDS:
            session.page.goto(server + rel)
            width = session.page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[rel] = width
        assert wide == {}
    finally:
        session.close()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' not in html.lower() and not re.search(r"<video[^>]*\bautoplay", html), page


def test_every_page_has_its_own_title_and_the_same_navigation(built_site: Path) -> None:
    """GB/T 37668 (WCAG 2.4.2 页面标题, 3.2.3 一致的导航): titles differ, the tabs are the same everywhere."""
    titles, tabs = {}, set()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "md-tabs" not in html:
            continue
        titles.setdefault(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip(), []).append(page)
        tabs.add(tuple(re.findall(r'class="md-tabs__link">\s*(.*?)\s*</a>', html)))
    doubled = {title: pages for title, pages in titles.items() if len(pages) > 1}
    assert doubled == {} and len(tabs) == 1, (doubled, tabs)


# --- the 404 page under any sub-path -------------------------------------------------------------------------


@NEEDS_CHROMIUM
def test_the_404_page_works_at_any_depth_under_another_sub_path(scratch: Scratch, tmp_path: Path, browser) -> None:
    """A site published under /campus/party/ (site.yml's base_path) answers a missing address at
    any depth with its 404 page, as the web server does: every link and style of it opens."""
    from generator.site.build import build_site

    scratch.edit("content/site.yml", "school: 测试职业学院", "school: 测试职业学院\nbase_url: http://party.example.edu.cn/\nbase_path: /campus/party/")
    site = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=tmp_path / "build").out
    not_found = (site / "404.html").read_bytes()
    session = Visit(browser, width=390, height=844)
    try:
        with served(site, "campus/party") as url:
            session.page.route("**/no/such/page.html", lambda route: route.fulfill(status=404, body=not_found, content_type="text/html"))
            failed = []
            session.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "no/such" not in r.url else None)
            session.page.goto(url + "studios/alpha/no/such/page.html")
            assert "页面不存在" in session.page.inner_text("article")
            assert session.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled
            links = session.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
            local = sorted({link.split("#")[0] for link in links if link.startswith("http://127.0.0.1")})
            assert local and all(link.startswith(url) for link in local), local
            assert [link for link in local if session.page.request.get(link).status != 200] == []
            assert failed == []
    finally:
        session.close()


@NEEDS_CHROMIUM
def test_no_page_asks_for_a_file_that_is_not_there(desktop: Visit, server: str) -> None:
    """A request that fails is a defect even when nothing shows it (the theme once asked for a
    sitemap beside the feeds on every page)."""
    failed = []
    desktop.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for rel in PAGE_KINDS:
        desktop.page.goto(server + rel)
        desktop.page.wait_for_load_state("networkidle")
    assert failed == []
