"""What a person sees: the built demo site in Debian's Chromium, served under a sub-path.

Every test records every request the page makes; none may leave localhost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import NEEDS_CHROMIUM, REPO, served
from generator.reading import load_project

SUB_PATH = "dbh"

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with served(built_site, SUB_PATH) as url:
        yield url


class Visit:
    """A page plus every host it asked for."""

    def __init__(self, browser, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.hosts: set[str] = set()
        self.page.on("request", lambda request: self.hosts.add(urlparse(request.url).netloc or urlparse(request.url).scheme))

    def close(self) -> None:
        self.context.close()
        assert self.hosts <= {"127.0.0.1:" + h.split(":")[1] for h in self.hosts if h.startswith("127.0.0.1:")} | {"file", "data", "blob"}, self.hosts


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    session = Visit(browser)
    yield session
    session.close()


def test_home_loads_with_no_request_outside(visit: Visit, server: str) -> None:
    visit.page.goto(server)
    assert "个工作室" in visit.page.inner_text("article")
    assert visit.page.locator(".sc-card:not(.sc-card--entry) img").count() == 6  # each studio's cover
    assert visit.page.locator(".sc-card--entry img").count() == 4  # the newest outcomes' photos
    for img in visit.page.locator(".sc-card img").all():
        img.scroll_into_view_if_needed()  # the cards are below the news: their pictures load as they come into view
        visit.page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=5000)


def search(visit: Visit, server: str, words: str) -> str:
    """Search as a visitor does: type into the header box and press Enter."""
    visit.page.goto(server)
    visit.page.fill(".sc-header-search input", words)
    visit.page.press(".sc-header-search input", "Enter")
    visit.page.wait_for_selector("#sc-search-results li", timeout=20000)
    return visit.page.inner_text("#sc-search-results")


def test_search_finds_a_case_by_a_word_from_its_body(visit: Visit, server: str) -> None:
    results = search(visit, server, "隐患")
    assert "“党员安全责任区”让实训室三年零事故" in results
    assert "石油化工学院教工第一党支部书记工作室（示例） · 案例" in results  # what each result is, and whose
    assert "隐患" in visit.page.inner_text("#sc-search-results mark")  # the word is highlighted in the excerpt
    assert "q=%E9%9A%90%E6%82%A3" in visit.page.url  # the search can be shared as a link
    visit.page.click("#sc-search-results a >> text=让实训室三年零事故")
    assert visit.page.url.endswith("/studios/huagong/cases/2024-anquan-dangyuan-gangwei.html")


def test_search_finds_a_word_from_the_middle_of_a_title(visit: Visit, server: str) -> None:
    assert "让实训室三年零事故" in search(visit, server, "实训室")


def test_search_says_when_nothing_is_found(visit: Visit, server: str) -> None:
    visit.page.goto(server + "search.html?q=" + "火星探测")
    visit.page.wait_for_function("document.getElementById('sc-search-status').textContent.includes('没有找到')")
    assert visit.page.locator("#sc-search-results li").count() == 0


def test_search_on_a_phone_starts_from_the_header_button(visit: Visit, server: str) -> None:
    visit.page.set_viewport_size({"width": 390, "height": 844})
    visit.page.goto(server + "studios/huagong/index.html")
    assert not visit.page.is_visible(".sc-header-search input")
    visit.page.click(".sc-header-search__button")
    visit.page.fill("#sc-search input", "三会一课")
    visit.page.press("#sc-search input", "Enter")
    visit.page.wait_for_selector("#sc-search-results li", timeout=20000)
    assert visit.page.locator("#sc-search-results li").count() >= 1


def test_search_opened_from_a_copied_folder_says_why_it_cannot_search(visit: Visit, built_site: Path) -> None:
    """Browsers refuse to load the index from file://: the page says so instead of spinning."""
    visit.page.goto((built_site / "search.html").as_uri() + "?q=党建")
    visit.page.wait_for_function("document.getElementById('sc-search-status').textContent.includes('无法加载搜索索引')")
    assert visit.page.locator("#sc-search-results li").count() == 0


def _visible_items(page) -> list[str]:
    return page.eval_on_selector_all("li.sc-item", "items => items.filter(i => !i.hidden && i.offsetParent !== null).map(i => i.dataset.studio + '|' + i.dataset.year + '|' + i.dataset.form)")


def test_each_filter_narrows_the_library_and_lives_in_the_url(visit: Visit, server: str) -> None:
    project = load_project(REPO)
    outcomes = [e for s in project.studios for e in s.outcomes]
    page = visit.page
    page.goto(server + "library/index.html")
    assert len(_visible_items(page)) == len(outcomes)
    page.select_option("select[name=year]", "2")
    in_year = [e for e in outcomes if e.year == 2]
    assert len(_visible_items(page)) == len(in_year)
    page.select_option("select[name=form]", "research")
    combined = [e for e in in_year if e.form.value == "research"]
    assert sorted(_visible_items(page)) == sorted(f"{e.studio}|2|research" for e in combined)
    assert "year=2" in page.url and "form=research" in page.url
    assert f"符合条件的成果共 {len(combined)} 项" in page.inner_text("#sc-count")
    # a shared URL opens with the same state
    shared = page.url
    page.goto(server)
    page.goto(shared)
    assert page.input_value("select[name=form]") == "research"
    assert sorted(_visible_items(page)) == sorted(f"{e.studio}|2|research" for e in combined)
    for name, value, keep in (
        ("task", "team", lambda e: any(t.value == "team" for t in e.meta.tasks)),
        ("level", "province", lambda e: e.meta.level is not None and e.meta.level.value == "province"),
        ("indicator", "4.2.1", lambda e: "4.2.1" in e.meta.indicators),
        ("studio", "huli", lambda e: e.studio == "huli"),
    ):
        page.goto(server + f"library/index.html?{name}={value}")
        assert len(_visible_items(page)) == len([e for e in outcomes if keep(e)]) > 0, name
    page.goto(server + "library/index.html?studio=huli&level=national")
    assert _visible_items(page) == [] and page.is_visible("#sc-none")


def test_studio_page_shows_its_timeline(visit: Visit, server: str) -> None:
    visit.page.goto(server + "studios/xinxi/index.html")
    years = visit.page.locator(".sc-timeline__label").all_inner_texts()
    assert years == ["第一建设年度（2023—2024学年）", "第二建设年度（2024—2025学年）", "第三建设年度（2025—2026学年）"]
    first_year = visit.page.locator(".sc-timeline__year").first.inner_text()
    assert "“红色代码”网络育人平台一期上线" in first_year and "代表性成果" in first_year


@pytest.mark.parametrize("path", ["", "studios/huagong/index.html", "library/index.html", "progress/index.html",
                                  "standard/index.html", "studios/huli/cases/2025-kongchao-laoren.html"])
def test_phone_width_has_no_horizontal_scroll(browser, server: str, path: str, tmp_path: Path) -> None:
    session = Visit(browser, width=375, height=812)
    try:
        session.page.goto(server + path)
        width = session.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path}: page is {width}px wide on a 375px phone"
    finally:
        session.close()


def test_filters_work_from_a_copied_folder(visit: Visit, built_site: Path) -> None:
    page = visit.page
    page.goto((built_site / "library" / "index.html").as_uri() + "?studio=makesi")
    visible = _visible_items(page)
    assert visible and all(item.startswith("makesi|") for item in visible)
    page.click("#sc-filters-reset")
    assert len(_visible_items(page)) > len(visible)


def test_picture_opens_in_the_lightbox_and_closes(visit: Visit, server: str) -> None:
    page = visit.page
    page.goto(server + "studios/huagong/outcomes/2024-anquan-zhutidangri.html")
    first = page.locator("a.sc-zoom img").first
    first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    assert first.evaluate("img => img.currentSrc").endswith(".webp")  # Chromium takes the WebP source
    first.click()
    box = page.locator(".sc-lightbox img")
    box.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.sc-lightbox img').naturalWidth === 1600")
    page.keyboard.press("Escape")
    assert page.locator(".sc-lightbox").count() == 0


def test_the_404_page_links_work_under_the_sub_path(visit: Visit, server: str) -> None:
    """The 404 page is served at any address, so its links are absolute: they carry the
    sub-path of site.yml's base_path (/dbh/ here), and every one of them opens."""
    visit.page.goto(server + "404.html")
    assert "页面不存在" in visit.page.inner_text("article")
    links = visit.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    local = {link.split("#")[0] for link in links if link.startswith("http://127.0.0.1")}
    assert local and all(link.startswith(server) for link in local), sorted(local)
    for link in sorted(local):
        assert visit.page.request.get(link).status == 200, link


#: The colour a visitor sees for `selector`'s text and for what lies behind it (the first
#: ancestor with a background), opacity and alpha blended: what WCAG's contrast is taken of.
SEEN_COLOURS = """([selector, pseudo]) => {
  const node = document.querySelector(selector);
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const layers = [];
  for (let up = node; up; up = up.parentElement) {
    const b = parse(getComputedStyle(up).backgroundColor);
    if (b.length === 3 || b[3] > 0) { layers.push(b); if (b.length === 3 || b[3] === 1) break; }
  }
  let back = [255, 255, 255];
  for (const b of layers.reverse()) { const a = b.length > 3 ? b[3] : 1; back = back.map((c, i) => b[i] * a + c * (1 - a)); }
  let alpha = 1;
  for (let n = node; n; n = n.parentElement) alpha *= Number(getComputedStyle(n).opacity);
  const fore = parse(getComputedStyle(node, pseudo).color);
  return {fore: fore.slice(0, 3), alpha: alpha * (fore.length > 3 ? fore[3] : 1), back: back.slice(0, 3)};
}"""


def _contrast(seen: dict) -> float:
    def luminance(rgb) -> float:
        lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    fore = [f * seen["alpha"] + b * (1 - seen["alpha"]) for f, b in zip(seen["fore"], seen["back"])]
    light, dark = sorted((luminance(fore), luminance(seen["back"])), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_header_reads_at_aa_contrast(visit: Visit, server: str) -> None:
    """The tabs on the red and the search box's placeholder: at least 4.5:1 (WCAG AA, GB/T 37668)."""
    visit.page.goto(server)
    tab = visit.page.evaluate(SEEN_COLOURS, [".md-tabs__item:not(.md-tabs__item--active) .md-tabs__link", None])
    placeholder = visit.page.evaluate(SEEN_COLOURS, [".sc-header-search input", "::placeholder"])
    assert _contrast(tab) >= 4.5 and _contrast(placeholder) >= 4.5, (_contrast(tab), _contrast(placeholder))


AXE = REPO / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: One page of each kind the site has.
PAGE_KINDS = ("index.html", "studios/index.html", "studios/huagong/index.html", "library/index.html", "cases/index.html",
              "news/index.html", "honours/index.html", "standard/index.html", "progress/index.html", "notice.html",
              "guide.html", "search.html?q=安全", "studios/huagong/outcomes/2025-qiye-gongjian.html",
              "studios/huagong/cases/2024-anquan-dangyuan-gangwei.html", "studios/huagong/reports/2025-zhongqi-kaohe.html",
              "studios/huagong/honours/2025-shengji-youxiu-anli.html", "studios/huagong/compilation.html", "404.html")


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (scripts/test.sh installs it into tests/node/)")
@pytest.mark.parametrize("width", [1440, 390])
def test_every_page_kind_passes_axe(browser, server: str, width: int) -> None:
    """axe-core (WCAG 2.x A and AA rules) on every kind of page, on a desktop and a phone: no
    serious or critical violation."""
    session = Visit(browser, width=width, height=900)
    found = []
    try:
        for rel in PAGE_KINDS:
            session.page.goto(server + rel)
            session.page.wait_for_load_state("load")
            session.page.add_script_tag(path=str(AXE))
            violations = session.page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))")
            found += [f"{rel} ({width}px) {v}" for v in violations]
    finally:
        session.close()
    assert found == []


@pytest.mark.parametrize("width", [1440, 390])
def test_the_notice_is_laid_out_as_the_notice_is(browser, server: str, width: int) -> None:
    """Centred heading and 文号, issuer and date on the right, as the printed notice has them."""
    session = Visit(browser, width=width, height=900)
    try:
        session.page.goto(server + "notice.html")
        align = "e => getComputedStyle(e).textAlign"
        heading = session.page.locator("article h1")
        assert heading.inner_text() == "关于开展“双带头人”教师党支部书记工作室创建工作的通知"
        assert heading.evaluate(align) == "center"
        number = session.page.locator("article .sc-doc-number")
        assert number.inner_text() == "示院党发〔2023〕12号（示例）" and number.evaluate(align) == "center"
        signoff = session.page.locator("article .sc-doc-signoff")
        assert signoff.inner_text().split("\n") == ["中共示例职业技术学院委员会", "2023年5月26日"]
        assert signoff.evaluate(align) == "right"
        box, column = signoff.bounding_box(), session.page.locator("article").bounding_box()
        text_right = signoff.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().right; }")
        assert abs(text_right - (column["x"] + column["width"])) < 40 and box["width"] > 0  # flush with the column's right edge
    finally:
        session.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_table_text_is_at_least_14_pixels(browser, server: str, width: int) -> None:
    session = Visit(browser, width=width, height=900)
    try:
        sizes = {}
        for rel in ("studios/huagong/index.html", "progress/index.html", "studios/huagong/outcomes/2025-qiye-gongjian.html"):
            session.page.goto(server + rel)
            sizes[rel] = session.page.evaluate(
                "() => Math.min(...[...document.querySelectorAll('article td')].map(c => parseFloat(getComputedStyle(c).fontSize)))")
        assert all(size >= 14 for size in sizes.values()), sizes
    finally:
        session.close()


def test_no_date_or_number_breaks_across_lines_on_a_phone(browser, server: str) -> None:
    """“2025年6月” / “18日” or “示教思政〔2025〕” / “8号” on two lines is a defect to a reader."""
    session = Visit(browser, width=390, height=844)
    try:
        split = {}
        for rel in ("honours/index.html", "library/index.html", "news/index.html", "studios/huagong/index.html"):
            session.page.goto(server + rel)
            found = session.page.evaluate(
                "() => [...document.querySelectorAll('.sc-meta')].flatMap(m => [...m.querySelectorAll('.sc-unbroken')])"
                ".filter(s => s.getClientRects().length > 1).map(s => s.textContent)")
            counted = session.page.evaluate("() => document.querySelectorAll('.sc-meta .sc-unbroken').length")
            assert counted > 3, rel  # the facts are marked at all
            if found:
                split[rel] = found
        assert split == {}
    finally:
        session.close()
