"""Raw HTML in Markdown: report what the sanitizer would remove, and why."""

from __future__ import annotations

import re
from typing import Iterator

from ..bodyscan import BodyScan
from ..diagnostics import Diagnostic, diag
from ..sanitize import ALLOWED_TAGS, DANGEROUS_TAGS, URL_ATTRIBUTES, attribute_allowed, is_dangerous_url
from . import Context

_MARKDOWN_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_REMOTE_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)


def _scan_html(rel: str, scan: BodyScan) -> Iterator[Diagnostic]:
    for tag in scan.html:
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
            elif not attribute_allowed(tag.tag, name):
                yield diag("W-HTML-STRIPPED", rel, tag.line, what=f"<{tag.tag}> 的属性 {name} ")


def _scan_links(rel: str, text: str) -> Iterator[Diagnostic]:
    for match in _MARKDOWN_SCRIPT_LINK.finditer(text):
        yield diag("E-HTML-UNSAFE", rel, text.count("\n", 0, match.start()) + 1, what="链接中的脚本网址 ")


def raw_html(ctx: Context) -> Iterator[Diagnostic]:
    for source in ctx.project.sources:
        if source.scan is not None:
            yield from _scan_html(source.rel, source.scan)
            yield from _scan_links(source.rel, source.text)


RULES = [raw_html]
