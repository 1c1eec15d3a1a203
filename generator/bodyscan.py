"""What a Markdown body refers to and which raw HTML it carries, with lines.

Parsed once by the loader; the checker and every output read the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from markdown_it import MarkdownIt

from .sanitize import DANGEROUS_TAGS

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

    def handle_comment(self, data):
        # Comments are dropped on output, but conditional comments and parser
        # differentials can turn their content into markup: scan it as well.
        inner = _TagCollector(self.first_line + self.getpos()[0] - 1)
        try:
            inner.feed(data)
            inner.close()
        except Exception:
            return
        self.tags.extend(inner.tags)


def _line_of(needle: str, lines: list[str], start: int, end: int, default: int) -> int:
    for index in range(start, min(end, len(lines))):
        if needle and needle in lines[index]:
            return index
    return default


_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)


def _without_code(body: str, tokens) -> str:
    """The body with code blocks and code spans blanked out, line numbers kept.

    What is left is scanned for tags as leniently as a browser reads them: a
    renderer other than CommonMark (Python-Markdown, for one) may pass through
    tags that markdown-it would print as text.
    """
    lines = body.split("\n")
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            for index in range(*token.map):
                if index < len(lines):
                    lines[index] = ""
    masked = "\n".join(lines)

    def blank(match: re.Match[str]) -> str:
        before = masked[masked.rfind("\n", 0, match.start()) + 1 : match.start()]
        if "<" in before and ">" not in before[before.rfind("<") :]:
            return match.group(0)  # backticks inside a tag are an attribute value, not code
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, masked)


_UNTERMINATED = re.compile(r"<\s*([a-zA-Z][^\s/<>]*)([^<>]*)(?=<|\Z)")
_ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>]*)""")


def _unterminated_tags(masked: str, first_line: int) -> list[HtmlTag]:
    """Tags left open (`<svg onload=…` with no `>`): in a page, the next tag closes them."""
    found = []
    for match in _UNTERMINATED.finditer(masked):
        attrs = tuple((n.lower(), v.strip("\"'")) for n, v in _ATTRIBUTE.findall(match.group(2)))
        line = first_line + masked.count("\n", 0, match.start())
        found.append(HtmlTag(match.group(1).lower(), attrs, line))
    return found


_TAG_START = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)")
_HANDLER = re.compile(r"(?:^|[\s/\"'`])(on[a-z]{3,})\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)


def _suspicious_chunks(masked: str, first_line: int) -> list[HtmlTag]:
    """A second, pattern-based look at every tag start, whatever a parser makes of it.

    Quotes left open, stray backslashes and similar tricks hide a tag from one
    parser and not from another; event handlers and script URLs after a tag
    start are reported however the markup around them is broken.
    """
    found = []
    starts = list(_TAG_START.finditer(masked))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(masked)
        chunk = masked[match.end() : end]
        attrs = [(m.group(1).lower(), "") for m in _HANDLER.finditer(chunk)]
        if _SCRIPT_URL.search(chunk):
            attrs.append(("href", "javascript:"))
        name = match.group(1).lower()
        line = first_line + masked.count("\n", 0, match.start())
        if attrs or name in DANGEROUS_TAGS:
            found.append(HtmlTag(name, tuple(attrs), line))
    return found


def _is_autolink(tag: str) -> bool:
    return tag.endswith(":") or "@" in tag or tag.split(":", 1)[0] in ("http", "https", "mailto", "ftp")


def scan_body(body: str, body_line: int) -> BodyScan:
    """`body_line` is the file line on which the body starts (1-based)."""
    lines = body.split("\n")
    tokens = _MD.parse(body)
    refs: list[Ref] = []
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        for child in token.children or ():
            if child.type in ("image", "link_open"):
                # markdown-it percent-encodes URLs; authors wrote (and files carry) the plain form.
                target = unquote(str(child.attrGet("src" if child.type == "image" else "href") or ""))
                if child.type == "link_open" and child.markup == "autolink":
                    continue
                raw = _line_of(target, lines, start, end, start)
                refs.append(Ref(target, body_line + raw, child.type == "image"))
    masked = _without_code(body, tokens)
    collector = _TagCollector(body_line)
    try:
        collector.feed(masked)
        collector.close()
    except Exception:  # html.parser is lenient; never let odd markup stop the scan
        pass
    found = collector.tags + _unterminated_tags(masked, body_line) + _suspicious_chunks(masked, body_line)
    tags = [t for t in found if not _is_autolink(t.tag)]
    for tag in tags:
        for name, value in tag.attrs:
            if name in ("src", "href") and value:
                refs.append(Ref(value, tag.line, tag.tag == "img" and name == "src"))
    return BodyScan(tuple(refs), tuple(tags))
