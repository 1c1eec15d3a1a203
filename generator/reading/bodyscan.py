"""A Markdown body read once: its tokens, what it refers to, its raw HTML, with lines.

The loader calls `read_body` for every body (and every Markdown field of a YAML
file). The checker reads the references, tags and foreign syntax found here; the
outputs render the very same tokens (`generator.render`). Only what markdown-it
makes an image, a link or raw HTML is emitted as one, so walking those tokens is
seeing everything a page will carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote

from markdown_it.token import Token

from .. import dialect
from ..bodies import Body, HtmlTag, Ref, Syntax, may_show_number
from .memory import recalled
from ..sanitize import DANGEROUS_TAGS


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
        self.tags.extend(_tags_in(data, self.first_line + self.getpos()[0] - 1))


#: html.parser's time grows with the square of unclosed tag starts; past this many, each tag
#: start is parsed on its own (the pattern-based look below still sees every attribute).
_WHOLE_PARSE_TAGS = 500


def _tags_in(html: str, first_line: int) -> list[HtmlTag]:
    if html.count("<") <= _WHOLE_PARSE_TAGS:
        pieces = [(html, first_line)]
    else:
        pieces, line = [], first_line
        for piece in re.split(r"(?=<)", html):
            pieces.append((piece, line))
            line += piece.count("\n")
    tags: list[HtmlTag] = []
    for piece, line in pieces:
        collector = _TagCollector(line)
        try:
            collector.feed(piece)
            collector.close()
        except Exception:  # html.parser is lenient; never let odd markup stop the scan
            pass
        tags += collector.tags
    return tags + _suspicious_chunks(html, first_line)


_UNTERMINATED = re.compile(r"<\s*([a-zA-Z][^\s/<>]*)([^<>]*)(?=<|\Z)")
_ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>]*)""")


def _unterminated_tags(text: str, first_line: int) -> list[HtmlTag]:
    """Tags left open (`<svg onload=…` with no `>`): in a page, the next tag would close them."""
    found = []
    for match in _UNTERMINATED.finditer(text):
        attrs = tuple((n.lower(), v.strip("\"'")) for n, v in _ATTRIBUTE.findall(match.group(2)))
        found.append(HtmlTag(match.group(1).lower(), attrs, first_line + text.count("\n", 0, match.start())))
    return found


_TAG_START = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)")
_HANDLER = re.compile(r"(?:^|[\s/\"'`])(on[a-z]{3,})\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)


def _suspicious_chunks(html: str, first_line: int) -> list[HtmlTag]:
    """A second, pattern-based look at every tag start, whatever a parser makes of it.

    Quotes left open, stray backslashes and similar tricks hide a tag from one
    parser and not from another; event handlers and script URLs after a tag
    start are reported however the markup around them is broken.
    """
    found = []
    starts = list(_TAG_START.finditer(html))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(html)
        chunk = html[match.end() : end]
        attrs = [(m.group(1).lower(), "") for m in _HANDLER.finditer(chunk)]
        if _SCRIPT_URL.search(chunk):
            attrs.append(("href", "javascript:"))
        name = match.group(1).lower()
        if attrs or name in DANGEROUS_TAGS:
            found.append(HtmlTag(name, tuple(attrs), first_line + html.count("\n", 0, match.start())))
    return found


_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)


def _without_code_spans(text: str) -> str:
    """Code spans blanked out (lines kept), except backticks inside a tag: an attribute value."""
    def blank(match: re.Match[str]) -> str:
        before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        if "<" in before and ">" not in before[before.rfind("<") :]:
            return match.group(0)
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, text)


def _text_syntax(text: str, line: int) -> list[Syntax]:
    found = []
    for pattern, what in dialect.FOREIGN_SYNTAX:
        for match in pattern.finditer(text):
            found.append(Syntax("foreign", line + text.count("\n", 0, match.start()), f"{what}（{match.group(0)}）"))
    for match in dialect.BROKEN_LINK.finditer(text):
        kind = "image" if match.group(1) else "link"
        found.append(Syntax(kind, line + text.count("\n", 0, match.start()), match.group(2)))
    return found


def _walk_inline(token: Token, line: int, refs: list[Ref], tags: list[HtmlTag], syntax: list[Syntax]) -> None:
    for child in token.children or ():
        kind = child.type
        if kind == "image":
            # markdown-it percent-encodes URLs; authors wrote (and files carry) the plain form
            refs.append(Ref(unquote(str(child.attrGet("src") or "")), line, True))
        elif kind == "link_open" and child.markup != "autolink":
            refs.append(Ref(unquote(str(child.attrGet("href") or "")), line, False))
        elif kind == "html_inline":
            tags.extend(_tags_in(child.content, line))
        elif kind == "text":
            syntax.extend(_text_syntax(child.content, line))
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind in ("html_inline", "code_inline", "text"):
            line += child.content.count("\n")


def _shown_blocks(tokens: list[Token], first_line: int) -> Iterator[tuple[int, str]]:
    """(line, text) of each block as it is shown: markup between digits gone
    (`110105**1949**…`), character references decoded (`&#49;`), tags dropped."""
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline":
            parts = [c.content if c.type in ("text", "code_inline") else "\n" if c.type in ("softbreak", "hardbreak") else ""
                     for c in token.children or ()]
            yield line, "".join(parts)
        elif token.type in ("code_block", "fence"):
            yield line, token.content
        elif token.type == "html_block":
            pieces: list[str] = []
            parser = HTMLParser(convert_charrefs=True)
            parser.handle_data = pieces.append  # type: ignore[method-assign]
            try:
                parser.feed(token.content)
                parser.close()
            except Exception:
                pass
            yield line, "".join(pieces)


def _is_autolink(tag: str) -> bool:
    """`<https://…>` and `<mailto:…>` are links, not tags."""
    return tag.endswith(":") or "@" in tag or tag.split(":", 1)[0] in ("http", "https", "mailto", "ftp")


def read_body(text: str, first_line: int) -> Body:
    """`first_line` is the file line on which the body starts (1-based). Within
    `memory.remembered_reading`, a body scanned by an earlier run is not parsed again."""
    return recalled(f"body {first_line}", text, lambda: _scan(text, first_line), _to_memo,
                    lambda kept: _from_memo(text, first_line, kept))


def _scan(text: str, first_line: int) -> Body:
    too_much = dialect.over_limit(text)
    if too_much:
        return Body(text, first_line, (), (), (Syntax("limit", first_line, too_much),), ())
    tokens = dialect.parse(text)
    refs: list[Ref] = []
    tags: list[HtmlTag] = []
    syntax: list[Syntax] = []
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            tags.extend(_tags_in(token.content, line))
            for match in dialect.BROKEN_LINK.finditer(token.content):
                # inside an HTML block Markdown is not read: without a blank line it shows as text
                what = "图片写法" if match.group(1) else "链接写法"
                syntax.append(Syntax("in-html", line + token.content.count("\n", 0, match.start()),
                                     f"{what}（{match.group(0)}）"))
        elif token.type == "code_block":  # indented by four spaces: 首行缩进 that turns a paragraph into code
            syntax.append(Syntax("indent", line, token.content.strip().split("\n", 1)[0][:20]))
        elif token.type == "inline":
            _walk_inline(token, line, refs, tags, syntax)
            if "<" in token.content:
                # markup that is not well-formed HTML shows as text, but was meant as markup: say so
                masked = _without_code_spans(token.content)
                tags.extend(_tags_in(masked, line) + _unterminated_tags(masked, line))
    too_deep = next((t for t in tokens if t.level >= dialect.MAX_NESTING - 1), None)
    if too_deep is not None:  # said where it happens: the deepest block still has its line
        deepest = next((t for t in reversed(tokens[: tokens.index(too_deep) + 1]) if t.map), None)
        line = first_line + deepest.map[0] if deepest is not None else first_line
        syntax.append(Syntax("limit", line, "列表、引用或提示框套叠太深（列表最多套 8 层）"))
    tags = [tag for tag in tags if not _is_autolink(tag.tag)]
    for tag in tags:
        for name, value in tag.attrs:
            if name in ("src", "href") and value:
                refs.append(Ref(value, tag.line, tag.tag == "img" and name == "src"))
    numbered = tuple(block for block in _shown_blocks(tokens, first_line) if may_show_number(block[1]))
    body = Body(text, first_line, tuple(refs), tuple(tags), tuple(syntax), numbered)
    vars(body)["tokens"] = tuple(tokens)  # parsed already: Body.tokens would parse them again
    return body


def _to_memo(body: Body) -> list:
    return [[[r.target, r.line, r.is_image] for r in body.refs],
            [[t.tag, [list(a) for a in t.attrs], t.line] for t in body.html],
            [[x.kind, x.line, x.what] for x in body.syntax],
            [list(block) for block in body.numbered]]


def _from_memo(text: str, first_line: int, kept: object) -> Body:
    """The body a memo entry describes (a damaged one raises, and is not believed)."""
    refs, tags, syntax, numbered = kept  # type: ignore[misc]
    return Body(
        text, first_line,
        tuple(Ref(str(target), int(line), bool(image)) for target, line, image in refs),
        tuple(HtmlTag(str(tag), tuple((str(n), str(v)) for n, v in attrs), int(line)) for tag, attrs, line in tags),
        tuple(Syntax(str(kind), int(line), str(what)) for kind, line, what in syntax),
        tuple((int(line), str(shown)) for line, shown in numbered),
    )
