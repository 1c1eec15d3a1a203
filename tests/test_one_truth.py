"""One body model and one definition of each rule: the checker sees what the outputs show.

Bodies are parsed once (generator.dialect); the checker's references and raw HTML are
read off the same tokens every output renders. The programme's requirements are defined
once (generator.requirements); `check` and `status` give the same answer.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, Scratch, codes, found, outcome
from generator.reading.bodyscan import read_body
from generator.render import content_html
from test_cli import run

# --- the checker sees what the renderer renders -----------------------------------------


def test_markdown_inside_an_html_block_is_named_and_after_a_blank_line_is_checked(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", '<div markdown="1">\n![x](../media/missing.jpg)\n</div>\n\n'
                 '<div markdown="1">\n\n![y](../media/gone.jpg)\n\n</div>')
    diagnostics = scratch.check()
    assert found(diagnostics) >= {
        ("studios/alpha/outcomes/y2.md", 10, "W-MD-SYNTAX"),  # the markdown attribute
        ("studios/alpha/outcomes/y2.md", 11, "W-MD-SYNTAX"),  # Markdown written inside the HTML block
        ("studios/alpha/outcomes/y2.md", 16, "E-REF-MISSING"),  # after a blank line it is Markdown: checked
    }
    attribute = next(d for d in diagnostics if d.line == 10)
    assert "markdown 属性" in attribute.message and "空一行" in attribute.message


def test_an_image_the_dialect_does_not_read_is_an_error_at_its_line(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "第一段。\n\n见图 ![x](media/a b.jpg)，\n又见[附件](../media/a b.pdf)。")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/y2.md", 12, "E-MD-IMAGE"), ("studios/alpha/outcomes/y2.md", 13, "W-MD-LINK")}
    assert "<../media/a b.jpg>" in next(d.message for d in diagnostics if d.code == "E-MD-IMAGE")


def test_attribute_lists_of_another_dialect_are_named(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "导语。\n{: .lead }\n\n## 标题 {#top}")
    diagnostics = [d for d in scratch.check() if d.code == "W-MD-SYNTAX"]
    assert {d.line for d in diagnostics} == {11, 13}
    assert "{: .lead }" in diagnostics[0].message and "原样显示" in diagnostics[0].message


def test_an_unclosed_fence_ends_with_its_list_item_for_the_checker_and_the_page_alike(scratch: Scratch) -> None:
    body = "正文。\n\n - 项目\n\n   ~~~\n   代码\n\n![x](../media/missing.jpg)\n\n<script>alert(1)</script>"
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)
    diagnostics = scratch.check()
    parsed = read_body(body, 1)
    rendered = content_html(parsed)
    # the fence is closed by the end of its list item: what follows is Markdown again, for both
    assert [ref.target for ref in parsed.refs] == ["../media/missing.jpg"]
    assert {("studios/alpha/outcomes/y2.md", 17, "E-REF-MISSING"), ("studios/alpha/outcomes/y2.md", 19, "E-HTML-UNSAFE")} <= found(diagnostics)
    assert '<img src="../media/missing.jpg"' in rendered and "<pre><code>代码" in rendered and "<script" not in rendered


def test_admonitions_render_and_scripts_in_links_stay_text() -> None:
    body = read_body('!!! note "提示"\n    内容 **加粗**\n\n[x](\x01javascript:alert(1)) [y](jav\tascript:alert(1))', 1)
    rendered = content_html(body)
    assert '<div class="admonition note">' in rendered and "<strong>加粗</strong>" in rendered
    assert "href" not in rendered and body.refs == ()


class _Emitted(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


#: What markdown-it writes of its own accord; any other tag in a page came from the author's HTML.
_RENDERER_OWN = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote",
                 "hr", "br", "img", "a", "table", "thead", "tbody", "tr", "th", "td", "s", "div"}
_PIECES = ["![", "[", "](", ")", "]", "<", ">", "</", "img", "a", "span", "div", " src=", " href=", '"', "'", "x.jpg",
           "../media/p.jpg", "http://e.cn/", "\n", "\n\n", "    ", "- ", "1. ", "> ", "```", "~~~", "`", "*", "|", "---",
           "!!! note", "<!--", "-->", "\\", "&", "中文", " ", "<b>", "</b>", "<details>", "<summary>", "{: .x }", "#"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40).map("".join))
@example('<div markdown="1">\n\n![x](../media/missing.jpg)\n\n</div>')
@example("<span>[a](b.pdf)</span> ![c](<d e.jpg>)")
@example(" - x\n\n   ~~~\n   y\n\n![z](z.jpg)")
def test_every_reference_and_tag_the_renderer_emits_was_seen_by_the_checker(text: str) -> None:
    body = read_body(text, 1)
    seen_refs = {ref.target for ref in body.refs}
    seen_tags = {tag.tag for tag in body.html}
    emitted = _Emitted()
    from generator import dialect

    emitted.feed(dialect.render(list(body.tokens)))  # before the sanitizer: everything the parse produced
    for tag, attrs in emitted.tags:
        if tag not in _RENDERER_OWN:
            assert tag in seen_tags, (text, tag)
        for name in ("src", "href"):
            if attrs.get(name):
                assert unquote(html.unescape(attrs[name])) in seen_refs or attrs[name] in seen_refs, (text, tag, attrs)


# --- one definition of the programme's requirements --------------------------------------


def _status(scratch: Scratch) -> dict:
    result = run("--root", str(scratch.root), "status", "--format", "json", "--as-of", AS_OF.isoformat())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _missing_years_by_check(scratch: Scratch) -> set[str]:
    return {re.search(r"第.建设年度", d.message).group(0) for d in scratch.check() if d.code == "E-REP-MISSING"}


def test_status_json_and_check_agree_on_every_kind_of_representative_outcome(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "representative: true", "representative: true\nvisibility: internal")
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: true\nvisibility: acceptance")
    status = _status(scratch)
    assert set(status) == {"studios"}
    (alpha,) = status["studios"]
    assert alpha["slug"] == "alpha" and alpha["at_acceptance"] is True
    by_year = {y["year"]: y for y in alpha["years"]}
    assert by_year[1]["representative"] == [] and by_year[1]["due"] is True  # internal never counts
    assert by_year[2]["representative"] == ["第二年成果"]  # kept for acceptance counts
    assert by_year[3]["representative"] == ["第三年成果"]  # public counts
    assert all(isinstance(y["annual_report"], bool) for y in alpha["years"])
    missing_by_status = {f"第{'一二三'[y['year'] - 1]}建设年度" for y in alpha["years"] if y["due"] and not y["representative"]}
    assert missing_by_status == _missing_years_by_check(scratch) == {"第一建设年度"}
    assert any("第1年度代表性成果" in sentence for sentence in alpha["missing"])


def test_before_acceptance_only_ended_years_are_due_for_both(scratch: Scratch) -> None:
    for name in ("y1", "y2", "y3"):
        scratch.edit(f"studios/alpha/outcomes/{name}.md", "representative: true", "representative: false")
    result = run("--root", str(scratch.root), "status", "--format", "json", "--as-of", "2025-03-01")
    years = json.loads(result.stdout)["studios"][0]["years"]
    assert [y["due"] for y in years] == [True, False, False]
    assert {d.code for d in scratch.check(as_of=__import__("datetime").date(2025, 3, 1))} >= {"E-REP-MISSING", "W-REP-PENDING"}
    diagnostics = [d for d in scratch.check(as_of=__import__("datetime").date(2025, 3, 1)) if d.code == "E-REP-MISSING"]
    assert len(diagnostics) == 1 and "第一建设年度" in diagnostics[0].message


def test_a_studio_at_acceptance_owes_its_final_report_in_check_and_status(scratch: Scratch) -> None:
    scratch.path("studios/alpha/reports/final.md").unlink()
    assert "E-REPORT-FINAL-MISSING" in codes(scratch.check())
    alpha = _status(scratch)["studios"][0]
    assert any(sentence.startswith("工作总结报告") for sentence in alpha["missing"])


def test_an_internal_entry_is_never_listed_in_the_assessment_pack(scratch: Scratch, tmp_path) -> None:
    from docx import Document

    scratch.write("studios/alpha/outcomes/secret.md", outcome("内部材料标题", "2025-02-10", False, "visibility: internal\nsummary: 内部摘要\n"))
    out = tmp_path / "forms"
    result = run("--root", str(scratch.root), "form", "assessment", "--year", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    texts = []
    for path in out.glob("*.docx"):
        document = Document(path)
        texts += [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert texts and not any("内部材料标题" in t or "内部摘要" in t for t in texts)


# --- every output shows the same body -------------------------------------------------


def _chunks(body_html: str) -> list[str]:
    """The body's text pieces in order, whitespace dropped; captions left out (the site does not number them)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body_html, "html.parser")
    for caption in soup.find_all("figcaption"):
        caption.decompose()
    return [re.sub(r"\s+", "", s) for s in soup.stripped_strings if re.sub(r"\s+", "", s)]


def _in_order(chunks: list[str], text: str) -> str | None:
    """The first chunk not found after the previous one, or None."""
    position = 0
    for chunk in chunks:
        found_at = text.find(chunk, position)
        if found_at < 0:
            return chunk
        position = found_at + len(chunk)
    return None


def _pdf_text(path, heads: set[str]) -> str:
    """The PDF's text in the order it was laid down (-raw), without running heads, page numbers
    and list numbers (which -raw gives where their page ends, not beside their items)."""
    import subprocess

    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    kept = [line for line in text.splitlines()
            if line.strip() not in heads and not re.fullmatch(r"—\s*\d+\s*—|\d+\.", line.strip())]
    return re.sub(r"\s+", "", "".join(kept))


def _docx_text(path) -> str:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    parts = []
    for element in document.element.body.iter():
        if element.tag == qn("w:t") and element.text:
            parts.append(element.text)
    return re.sub(r"\s+", "", "".join(parts))


def test_site_pdf_and_docx_show_the_same_body_for_every_demo_entry(built_site, school_pdf, school_docx) -> None:
    from bs4 import BeautifulSoup

    from conftest import REPO
    from generator.compile.outline import LISTED_KINDS
    from generator.reading import load_project

    project = load_project(REPO)
    heads = {s.profile.model.name for s in project.studios} | {f"{project.site_model.school}成果汇编"}
    pdf, docx = _pdf_text(school_pdf, heads), _docx_text(school_docx)
    checked = 0
    for studio in project.studios:
        for entry in studio.entries:
            if entry.visibility.value == "internal":
                continue
            chunks = _chunks(content_html(entry.body))
            assert chunks, entry.rel
            if entry.kind not in LISTED_KINDS:  # news and records print as one table row each, without a body
                assert _in_order(chunks, pdf) is None, (entry.rel, "PDF", _in_order(chunks, pdf))
                assert _in_order(chunks, docx) is None, (entry.rel, "DOCX", _in_order(chunks, docx))
            if entry.visibility.value == "public":
                page = built_site / f"studios/{entry.studio}/{entry.kind.folder}/{entry.slug}.html"
                article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
                site = re.sub(r"\s+", "", article.get_text())
                assert _in_order(chunks, site) is None, (entry.rel, "site", _in_order(chunks, site))
            checked += 1
    assert checked > 30
    for text in (pdf, docx):  # no mark of Markdown or of another dialect leaks into print
        assert "!!!" not in text and "{:" not in text and "](" not in text


def test_no_demo_page_shows_a_picture_twice(built_site, school_pdf) -> None:
    from generator.reading import load_project

    from conftest import REPO

    pages = 0
    for page in built_site.rglob("studios/*/*/*.html"):
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]  # not the header's emblem
        shown = [re.sub(r"\.(480|1600)\.\w+$", "", src) for src in re.findall(r'<img[^>]*?src="([^"]+)"', article)]
        assert len(shown) == len(set(shown)), (page, shown)
        pages += 1
    assert pages > 30
    # the PDF: each entry's pictures, as WeasyPrint got them, are distinct
    from generator.compile.html import CompilationImages, HtmlWriter
    from generator.compile.outline import build_outline
    from generator.imaging import ImageCache
    from generator.summary import COMPILATION, Summary

    project = load_project(REPO)
    outline = build_outline(Summary(project, COMPILATION))
    writer = HtmlWriter(outline, CompilationImages(outline, REPO, ImageCache(school_pdf.parent / "cache")), embed=False)
    for section in outline.sections():
        if section.entry is None or section.kind != "entry":
            continue
        listed = [writer.image_url(section.entry.rel, image.src) for image in section.entry.listed_images()]
        placed = re.findall(r'<img src="([^"]+)"', writer.body_html(section.entry))
        every = [url for url in listed + placed if url]
        assert len(every) == len(set(every)), (section.entry.rel, every)


def test_docx_bodies_have_heading_styles_admonitions_and_lists_that_restart(scratch: Scratch, tmp_path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    body = ("## 背景\n\n第一段。\n\n1. 甲\n2. 乙\n\n!!! note \"提示\"\n    要点。\n\n### 做法\n\n1. 丙\n2. 丁\n\n"
            "<table><tr><th>项目</th><th>数量</th></tr><tr><td>党课</td><td>3</td></tr></table>\n")
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)
    assert scratch.check() == []
    out = tmp_path / "a.docx"
    result = run("--root", str(scratch.root), "compile", "--studio", "alpha", "--format", "docx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["背景"] == "Heading 5" and styles["做法"] == "Heading 6"  # below the entry's own Heading 4
    numbered = [p for p in document.paragraphs if p.text in ("甲", "乙", "丙", "丁")]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]  # each list its own numbering
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"
    assert "提示" in styles and "要点。" in styles and not any("!!!" in t for t in styles)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert {"项目", "数量", "党课", "3"} <= set(cells)


def test_the_dashboard_judges_years_as_check_does(scratch: Scratch, tmp_path) -> None:
    from generator.reading import load_project
    from generator.site.build import build_site

    scratch.edit("studios/alpha/outcomes/y1.md", "representative: true", "representative: true\nvisibility: acceptance")
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: false")
    assert _missing_years_by_check(scratch) == {"第二建设年度"}
    site = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=tmp_path / "build").out
    page = (site / "progress/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<th scope="row" class="sc-dash__year">(第.建设年度)[^<]*(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>',
                      page.split('id="studio-alpha"')[0] if 'id="studio-alpha"' in page else page, re.S)
    judged = {label: cells for label, cells in rows[3:]}  # the school's three years first, then the studio's
    assert "仅用于验收" in judged["第一建设年度"] and "第一年成果" not in judged["第一建设年度"]
    assert "缺少" in judged["第二建设年度"]
    assert "第三年成果" in judged["第三建设年度"]


def test_forms_write_markdown_fields_from_the_rendered_body(tmp_path) -> None:
    from docx import Document

    from conftest import REPO

    out = tmp_path / "forms"
    result = run("--root", str(REPO), "form", "application", "--out", str(out))
    assert result.returncode == 0, result.stderr
    texts = [p.text for path in out.glob("*.docx") for p in Document(path).paragraphs]
    assert texts and any("本页为系统演示用的示例内容" in t for t in texts)
    assert not any(t.lstrip().startswith((">", "#", "- ", "* ")) or "**" in t or "](" in t for t in texts)


def test_nesting_too_deep_is_reported_where_it_happens(scratch: Scratch) -> None:
    body = "第一段。\n\n" + "".join("  " * i + "- 层\n" for i in range(10))
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)
    (limit,) = [d for d in scratch.check() if d.code == "E-BODY-LIMIT"]
    assert limit.line == 12 + 8  # the ninth level, not the body's first line
