"""Raw HTML in Markdown: report what the sanitizer would remove, and why."""

from __future__ import annotations

import re
from typing import Iterator

from ..bodies import Body
from ..diagnostics import Diagnostic, diag
from ..sanitize import ALLOWED_TAGS, DANGEROUS_TAGS, URL_ATTRIBUTES, attribute_allowed, class_allowed, is_dangerous_url
from . import Context

_MARKDOWN_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_REMOTE_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)


def _scan_html(rel: str, body: Body) -> Iterator[Diagnostic]:
    for tag in body.html:
        if tag.tag in DANGEROUS_TAGS:
            yield diag("E-HTML-UNSAFE", rel, tag.line, what=f"标签 <{tag.tag}> ")
            continue
        if tag.tag not in ALLOWED_TAGS:
            yield diag("W-HTML-STRIPPED", rel, tag.line, what=f"标签 <{tag.tag}> ")
        for name, value in tag.attrs:
            if name.startswith("on"):
                yield diag("E-HTML-UNSAFE", rel, tag.line, what=f"事件属性 {name} ")
            elif name in URL_ATTRIBUTES and is_dangerous_url(value):
                yield diag("E-HTML-UNSAFE", rel, tag.line, what=f"属性 {name} 中的脚本网址 ")
            elif name == "style" and _REMOTE_STYLE.search(value):
                yield diag("E-HTML-UNSAFE", rel, tag.line, what="style 属性中的外部资源 ")
            elif name == "markdown":
                yield diag("W-MD-SYNTAX", rel, tag.line, what=f" HTML 标签 <{tag.tag}> 上的 markdown 属性", effect=MARKDOWN_ATTRIBUTE,
                           fix="请删除 markdown 属性，并在 HTML 标签和其中的 Markdown 之间各空一行：空行之后的内容按 Markdown 处理。")
            elif name == "class":
                for css in value.split():
                    if not class_allowed(tag.tag, css):
                        yield diag("W-HTML-STRIPPED", rel, tag.line, what=f"<{tag.tag}> 的样式类 {css} ")
            elif not attribute_allowed(tag.tag, name):
                yield diag("W-HTML-STRIPPED", rel, tag.line, what=f"<{tag.tag}> 的属性 {name} ")


def _scan_links(rel: str, text: str) -> Iterator[Diagnostic]:
    for match in _MARKDOWN_SCRIPT_LINK.finditer(text):
        yield diag("E-HTML-UNSAFE", rel, text.count("\n", 0, match.start()) + 1, what="链接中的脚本网址 ")


MARKDOWN_ATTRIBUTE = "本网站的 Markdown 不读这个属性，发布时会把它去掉"


def raw_html(ctx: Context) -> Iterator[Diagnostic]:
    for source in ctx.project.sources:
        if source.bodies:
            for body in source.bodies:
                yield from _scan_html(source.rel, body)
            yield from _scan_links(source.rel, source.text)


def _scan_syntax(rel: str, body: Body) -> Iterator[Diagnostic]:
    for found in body.syntax:
        if found.kind == "in-html":
            yield diag("W-MD-SYNTAX", rel, found.line, what=found.what,
                       effect="它写在 HTML 标签之内，紧接标签的内容不按 Markdown 处理，会作为文字原样显示",
                       fix="请在 HTML 标签和其中的 Markdown 之间各空一行，或不用 HTML 标签。")
        elif found.kind == "foreign":
            yield diag("W-MD-SYNTAX", rel, found.line, what=found.what, effect="它会作为文字原样显示在页面上",
                       fix="请删除它；需要强调时用 **加粗**，需要提示框时用“!!! note \"标题\"”加缩进的正文。")
        elif found.kind == "limit":
            yield diag("E-BODY-LIMIT", rel, found.line, what=found.what)
        elif found.kind == "image":
            yield diag("E-MD-IMAGE", rel, found.line, src=found.what)
        elif found.kind == "indent":
            yield diag("W-MD-INDENT", rel, found.line, start=found.what)
        else:
            yield diag("W-MD-LINK", rel, found.line, src=found.what)


def markdown_syntax(ctx: Context) -> Iterator[Diagnostic]:
    """What the one dialect does not read, said where it is written (see `generator.dialect`)."""
    for source in ctx.project.sources:
        for body in source.bodies:
            yield from _scan_syntax(source.rel, body)


RULES = [raw_html, markdown_syntax]
