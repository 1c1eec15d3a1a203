"""What a Markdown body refers to and which raw HTML it carries, with lines.

Parsed once by the loader; the checker and every output read the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(frozen=True)
class Ref:
    target: str
    line: int
    is_image: bool


@dataclass(frozen=True)
class HtmlTag:
    """One start tag of raw HTML in the body, attributes as written."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True)
class BodyScan:
    refs: tuple[Ref, ...]
    html: tuple[HtmlTag, ...]


class _TagCollector(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tags: list[HtmlTag] = []

    def handle_starttag(self, tag, attrs):
        line = self.first_line + self.getpos()[0] - 1
        self.tags.append(HtmlTag(tag.lower(), tuple((k.lower(), v or "") for k, v in attrs), line))

    handle_startendtag = handle_starttag


def _line_of(needle: str, lines: list[str], start: int, end: int, default: int) -> int:
    for index in range(start, min(end, len(lines))):
        if needle and needle in lines[index]:
            return index
    return default


def scan_body(body: str, body_line: int) -> BodyScan:
    """`body_line` is the file line on which the body starts (1-based)."""
    lines = body.split("\n")
    refs: list[Ref] = []
    html_chunks: list[tuple[str, int]] = []
    for token in _MD.parse(body):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "html_block":
            html_chunks.append((token.content, body_line + start))
        for child in token.children or ():
            if child.type in ("image", "link_open"):
                # markdown-it percent-encodes URLs; authors wrote (and files carry) the plain form.
                target = unquote(str(child.attrGet("src" if child.type == "image" else "href") or ""))
                raw = _line_of(target, lines, start, end, start)
                refs.append(Ref(target, body_line + raw, child.type == "image"))
            elif child.type == "html_inline":
                raw = _line_of(child.content, lines, start, end, start)
                html_chunks.append((child.content, body_line + raw))
    tags: list[HtmlTag] = []
    for chunk, first in html_chunks:
        collector = _TagCollector(first)
        try:
            collector.feed(chunk)
            collector.close()
        except Exception:  # html.parser is lenient; never let a fragment stop the scan
            pass
        tags.extend(collector.tags)
    for tag in tags:
        for name, value in tag.attrs:
            if name in ("src", "href") and value:
                refs.append(Ref(value, tag.line, tag.tag == "img" and name == "src"))
    return BodyScan(tuple(refs), tuple(tags))
