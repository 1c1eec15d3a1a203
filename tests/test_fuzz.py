"""Property-based fuzzing of the Markdown/HTML pipeline (hypothesis).

Whatever an author types, the HTML every output gets is inert: no script, no event
handler, no dangerous URL, no outside fetch — after our sanitizer, and again after
the engine parses what we hand it. SHOWCASE_FUZZ_EXAMPLES raises the number of
examples for a long run (benchmarks/fuzz.py).
"""

from __future__ import annotations

import os

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.reading.bodyscan import read_body
from generator.render import as_engine_markdown, content_html
from htmlcheck import inspect

EXAMPLES = int(os.environ.get("SHOWCASE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# The pieces attacks are made of, so that random text reaches the interesting places.
FRAGMENTS = [
    "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "script", "img", "svg", "a", "iframe", "style", "math",
    "noscript", "textarea", "title", "template", "div", "p", "h2", "table", "td", " src=", " href=", " onerror=",
    " onload=", " style=", " class=", "javascript:", "jav&#x09;ascript:", "data:text/html,", "vbscript:", "&#",
    "&lt;", "&gt;", "&amp;", "\"", "'", "`", "=", " ", "\n", "\n\n", "\t", "#", "## ", "{: ", "}", "{", "[", "](",
    ")", "![", "*", "_", "|", "\\", "alert(1)", "x", "中文", "　", "\u200b", "url(", "expression(", "markdown=\"1\"",
]
author_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=60).map("".join)

ENGINE_EXTENSIONS = ["toc", "fenced_code", "tables", "attr_list", "md_in_html", "admonition"]


def assert_inert(text: str) -> None:
    ours = content_html(read_body(text, 1))
    assert inspect("sanitized", ours) == [], (text, ours)
    engine = markdown.markdown(as_engine_markdown(ours), extensions=ENGINE_EXTENSIONS)
    assert inspect("engine", engine) == [], (text, engine)


@FUZZ
@given(author_text)
@example('<img src=x onerror=alert(1)>')
@example('## 标题 {: onclick="alert(1)" }')  # attr_list on a heading we hand back as Markdown
@example('<h2>x {: onmouseover=alert(1) }</h2>')
@example('<div markdown="1">[a](javascript:alert(1))</div>')
@example("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")
@example("<h3>`<img src=x onerror=alert(1)>`</h3>")
@example("<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>")
def test_author_markup_is_inert_in_every_output(text: str) -> None:
    assert_inert(text)


# YAML values: whatever an author or the office writes in a field, it reaches the page as text.
_CONTEXTS = [
    "# {v}\n", "| 项目 | {v} |\n|---|---|\n| a | {v} |\n", "- {v}\n", "{v}\n", "见 {v} 。\n",
    '<div class="sc-card"><strong>{v}</strong><span title="{v}">x</span></div>\n', "[链接](x.md) {v}\n",
]


@FUZZ
@given(author_text, st.sampled_from(_CONTEXTS))
@example("[钓鱼](http://evil.example/)", "{v}\n")
@example("![](http://evil.example/t.png)", "| 项目 | {v} |\n|---|---|\n| a | {v} |\n")
@example("x\n[r]: http://evil.example/", "见 {v} 。\n")
@example('" onmouseover="alert(1)', '<div class="sc-card"><strong>{v}</strong><span title="{v}">x</span></div>\n')
@example("<img src=x onerror=alert(1)>", "# {v}\n")
def test_yaml_values_are_inert_wherever_a_template_puts_them(value: str, context: str) -> None:
    from generator.escape import page_text

    page = markdown.markdown(context.replace("{v}", page_text(value)), extensions=ENGINE_EXTENSIONS)
    assert inspect("engine", page) == [], (value, page)
    # nothing but the template's own link may be a link or a picture
    assert page.count("<a ") == context.count("](") and "<img" not in page, (value, page)
