"""One tree, three engines: mkdocs + Material, ProperDocs + mkdocs-materialx, Zensical.

Each builds the demo's generated tree through `build_site(engine=…)`, as
`showcase build --engine` does; the sites must hold the same pages with the same
titles and links, and work the same in Chromium under the shipped nginx policy.
What may differ is the engine's furniture: its theme assets (`assets/` of its own
Material), Zensical's empty `search.json` (its search switched off) and the
`sitemap.xml.gz` that only MkDocs writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import NEEDS_CHROMIUM, REPO
from generator.reading import load_project
from generator.site.build import BuildError, build_site
from generator.site.engines import ENGINES, Engine, EngineMissing
from test_browser import _visible_items
from test_webserver import NGINX, RECORD_VIOLATIONS, nginx_serving

OTHER_ENGINES = ("properdocs", "zensical")
FURNITURE = {"search.json", "sitemap.xml.gz"}
OURS = re.compile(r"^(assets/(stylesheets/showcase\.css|javascripts/(library|lightbox|search|tables|pagetoc|md-scope|md-content)\.js))$")


def installed(name: str) -> bool:
    try:
        ENGINES[name].launcher()
    except EngineMissing:
        return False
    return True


@pytest.fixture(scope="session")
def engine_sites(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo built by each engine (mkdocs' is the suite's `built_site`)."""
    sites = {"mkdocs": built_site}
    project = load_project(REPO)
    for name in OTHER_ENGINES:
        if not installed(name):
            pytest.skip(f"engine {name} is not installed (scripts/test.sh installs it)")
        base = tmp_path_factory.mktemp(f"engine-{name}")
        sites[name] = build_site(REPO, project, base / "site", build_dir=base / "build", engine=ENGINES[name]).out
    return sites


def content_files(site: Path) -> set[str]:
    """Every file but the engine's own theme assets and furniture."""
    found = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and rel not in FURNITURE and (not rel.startswith("assets/") or OURS.match(rel)):
            found.add(rel)
    return found


TITLE = re.compile(r"<title>([^<]*)</title>")
ARTICLE = re.compile(r"<article class=\"md-content__inner md-typeset\"\s*>(.*?)</article>", re.S)
LINK = re.compile(r'(?:href|src)="([^"#?]+)')


def page_facts(site: Path, rel: str) -> tuple[str, list[str]]:
    html = (site / rel).read_text(encoding="utf-8")
    title = TITLE.search(html)
    article = ARTICLE.search(html)
    return (title.group(1) if title else ""), sorted(LINK.findall(article.group(1))) if article else []


def test_every_engine_writes_the_same_pages_titles_and_links(engine_sites: dict[str, Path]) -> None:
    reference = engine_sites["mkdocs"]
    pages = content_files(reference)
    assert len([p for p in pages if p.endswith(".html")]) > 100
    for name in OTHER_ENGINES:
        site = engine_sites[name]
        assert content_files(site) == pages, name
        differing = [rel for rel in sorted(pages) if rel.endswith(".html") and page_facts(site, rel) != page_facts(reference, rel)]
        assert differing == [], (name, differing[:5])
        assert page_facts(site, "index.html")[0] == "“双带头人”教师党支部书记工作室建设成果展示"  # home: the site's name alone


def test_every_link_of_every_engine_opens_a_file(engine_sites: dict[str, Path]) -> None:
    for name, site in engine_sites.items():
        broken = []
        for page in site.rglob("*.html"):
            if page.parent.name == "admin" or "admin" in page.relative_to(site).parts:
                continue
            html = page.read_text(encoding="utf-8")
            for target in LINK.findall(html):
                if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                    continue
                resolved = (site / target.lstrip("/").removeprefix("dbh/")) if target.startswith("/") else page.parent / target
                if not resolved.exists():
                    broken.append(f"{page.relative_to(site)} → {target}")
        assert broken == [], (name, broken[:10])


def test_no_engine_writes_an_inline_script_or_its_own_search(engine_sites: dict[str, Path]) -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    for name, site in engine_sites.items():
        for rel in ("index.html", "studios/huagong/index.html", "library/index.html", "search.html", "404.html"):
            html = (site / rel).read_text(encoding="utf-8")
            assert not inline.search(html), (name, rel, inline.search(html).group(0))
            assert 'data-md-component="palette"' not in html  # one palette: no switch
        index = site / "search.json"
        assert not index.exists() or '"items":[]' in index.read_text(encoding="utf-8"), name  # Zensical's, switched off
        assert (site / "search-index" / "index.json").is_file()  # the site's own


@NEEDS_CHROMIUM
@pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is not installed (scripts/test.sh installs it)")
@pytest.mark.parametrize("name", OTHER_ENGINES)
def test_each_engine_site_searches_and_filters_under_the_policy(name: str, engine_sites: dict[str, Path], browser,
                                                               tmp_path: Path) -> None:
    with nginx_serving(engine_sites[name], tmp_path) as (url, _):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        violations: list[str] = []
        try:
            page.goto(url)
            page.fill(".sc-header-search input", "隐患")
            page.press(".sc-header-search input", "Enter")
            page.wait_for_selector("#sc-search-results li", timeout=20000)
            assert "隐患" in page.locator("#sc-search-results").inner_text()
            violations += page.evaluate("window.__csp")
            page.goto(url + "library/index.html")
            total = len(_visible_items(page))
            page.select_option("select[name=year]", "2")
            page.press("select[name=year]", "Enter")
            assert "year=2" in page.url
            shown = len(_visible_items(page))
            assert 0 < shown < total, (shown, total)
            violations += page.evaluate("window.__csp")
            for path in ("studios/huagong/index.html", "progress/index.html", "no-such-page.html"):
                page.goto(url + path)
                page.wait_for_load_state("load")
                violations += page.evaluate("window.__csp")
                assert page.locator(".md-header").is_visible() and page.locator(".md-footer").is_visible()
            assert violations == [], violations
        finally:
            context.close()


def test_a_missing_engine_is_named_with_how_to_install_it(scratch, tmp_path: Path) -> None:
    nowhere = Engine("no-such-engine", "某引擎", "material", own_site_dir=False, dirty_mode=False)
    with pytest.raises(EngineMissing, match=r"没有找到网站引擎 某引擎。请在仓库目录运行 ./scripts/install-engine.sh no-such-engine"):
        build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=tmp_path / "build", engine=nowhere)
    assert not (tmp_path / "site").exists()


def test_the_build_command_takes_an_engine(scratch, tmp_path: Path) -> None:
    from test_cli import run

    result = run("--root", str(scratch.root), "build", "--engine", "zensical", "--out", str(tmp_path / "out"))
    if not installed("zensical"):
        assert result.returncode == 2 and "install-engine.sh zensical" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    assert 'content="zensical-' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    wrong = run("--root", str(scratch.root), "build", "--engine", "hugo")
    assert wrong.returncode == 2 and "hugo" in wrong.stderr
