"""Hostile content straight to the outputs: the XSS corpus built into a real site and a
compilation *without* the checker in front (defence in depth), then inspected as HTML
and opened in Chromium. Nothing may run, and nothing may call out."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import NEEDS_CHROMIUM, Scratch, outcome
from generator.reading import load_project
from htmlcheck import inspect
from test_robustness import xss_payloads

SECRET = "绝密-7319-不应出现"
HOSTILE = '<img src=x onerror="window.__xss=1">“标题”<script>window.__xss=2</script>'
def hostile_root(scratch: Scratch) -> list[str]:
    """The scratch root with every payload in bodies, YAML fields and an office page."""
    payloads = xss_payloads()
    for start in range(0, len(payloads), 100):
        body = "\n\n".join(payloads[start:start + 100])
        scratch.write(f"studios/alpha/outcomes/x{start}.md", outcome(f"载荷 {start}", "2024-02-01", False, body=body))
    scratch.write("studios/alpha/outcomes/yaml.md", outcome(
        json.dumps(HOSTILE, ensure_ascii=False), "2024-02-02", False,
        extra=f"summary: {json.dumps(HOSTILE, ensure_ascii=False)}\npeople: [{json.dumps(HOSTILE, ensure_ascii=False)}]\n",
        body="[链接](javascript:window.__xss=3) <a href=\"jav&#x09;ascript:window.__xss=4\">编码的链接</a>\n\n"
             "![外网图片](http://example.com/track.png)\n\n<div style=\"background:url(http://example.com/x)\">样式</div>",
    ))
    scratch.edit("studios/alpha/studio.yml", "name: 测试工作室", f"name: {json.dumps('测试工作室' + HOSTILE, ensure_ascii=False)}")
    scratch.edit("studios/alpha/studio.yml", "  name: 张三", f"  name: {json.dumps('张三' + HOSTILE, ensure_ascii=False)}")
    scratch.edit("studios/alpha/studio.yml", "intro: 简介。", "intro: " + json.dumps("简介" + HOSTILE, ensure_ascii=False))
    scratch.write("content/pages/notice.md", "---\ntitle: 通知\n---\n\n" + "\n\n".join(payloads[:200]))
    # files outside the repository, reached through links an author committed
    outside = scratch.root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"---\ntitle: 泄露\ndate: 2024-01-01\ntype: other\ntasks: [team]\n---\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4\n" + SECRET.encode("utf-8"))
    (scratch.path("studios/alpha/outcomes/leak.md")).symlink_to(outside / "secret.md")
    (scratch.path("studios/alpha/media/leak.pdf")).symlink_to(outside / "secret.pdf")
    scratch.edit("studios/alpha/outcomes/yaml.md", "summary:", "attachments: [../media/leak.pdf]\nsummary:")
    return payloads


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.site.build import build_site

    base = tmp_path_factory.mktemp("hostile")
    scratch = Scratch(base / "root")
    hostile_root(scratch)
    project = load_project(scratch.root)  # no check: the outputs must hold on their own
    return build_site(scratch.root, project, base / "site", build_dir=base / "build").out


def test_no_page_of_the_built_site_carries_script_or_outside_calls(hostile_site: Path) -> None:
    problems: list[str] = []
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        problems += inspect(page.relative_to(hostile_site).as_posix(), page.read_text(encoding="utf-8"))
    assert problems == [], problems[:20]
    # the hostile YAML values arrived as text, not as markup
    entry = (hostile_site / "studios" / "alpha" / "outcomes" / "yaml.html").read_text(encoding="utf-8")
    for path in hostile_site.rglob("*"):
        if path.is_file():
            assert SECRET.encode("utf-8") not in path.read_bytes(), path  # no link led the build outside
    article = entry.split("<article", 1)[1]
    from bs4 import BeautifulSoup

    shown = BeautifulSoup(article, "html.parser").get_text()
    assert "<script>window.__xss=2</script>" in shown  # shown as the text it is
    assert "<script>window.__xss" not in article


def test_the_compilation_html_carries_no_script(tmp_path: Path) -> None:
    from generator.compile.run import compile_document

    scratch = Scratch(tmp_path / "root")
    hostile_root(scratch)
    project = load_project(scratch.root)
    out = tmp_path / "汇编.html"
    compile_document(project, scratch.root, out, "html", None, None, "year", False)
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text
    problems = inspect("compilation", text)
    assert problems == [], problems[:20]


@NEEDS_CHROMIUM
def test_nothing_runs_in_the_browser(hostile_site: Path, browser) -> None:
    context = browser.new_context()
    context.add_init_script("window.alert = window.confirm = window.prompt = () => { window.__xss = 'dialog'; };")
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).scheme))
    page.on("dialog", lambda dialog: (hosts.add("dialog"), dialog.dismiss()))
    try:
        for rel in ["studios/alpha/outcomes/yaml.html", "notice.html", "studios/alpha/index.html", "index.html",
                    *(p.relative_to(hostile_site).as_posix() for p in sorted((hostile_site / "studios" / "alpha" / "outcomes").glob("x*.html")))]:
            page.goto((hostile_site / rel).as_uri())
            page.wait_for_load_state("load")
            page.mouse.move(200, 300)
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(100)
            assert page.evaluate("window.__xss") is None, rel
        assert hosts <= {"file", "data", "blob"}, hosts
    finally:
        context.close()
