"""Content Markdown → sanitized HTML: the one path every output takes.

Authors' Markdown may carry raw HTML (pasted from WeChat, typed by hand).
Every output renders the tokens the loader parsed (`generator.dialect`, the one
dialect the checker read) and passes the result through the nh3 allow-list before
any of our own markup — pictures, published file names — is put in. The site then hands headings back to the engine as Markdown so that its
table of contents and search sections still see them.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import markdown_it
import mdit_py_plugins
import nh3

from . import dialect
from .bodies import Body
from .memo import Recollection, code_key
from .sanitize import clean_html, url_scheme

IMG = re.compile(r'<img\b([^>]*?)\bsrc="([^"]*)"([^>]*?)/?>')
HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')
ALT = re.compile(r'\balt="([^"]*)"')
_HEADING = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#<>|])")


def content_html(body: Body) -> str:
    """A parsed body (with any raw HTML in it) as HTML reduced to the allow-list.

    Rendered once per body: the site page, the printable compilation and the DOCX share
    it; within `remembered_bodies`, a body an earlier build rendered is not rendered again."""
    found = _by_text.get(body.text)
    if found is None:
        if len(_by_text) > 8192:
            _by_text.clear()
        found = _by_text[body.text] = _remembered_or_rendered(body)
    return found


_by_text: dict[str, str] = {}


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|td|th|blockquote|div|pre|figcaption|dd|dt)>|<br\s*/?>", re.I)


def body_text(body: Body) -> str:
    """A body's words as text (search documents): blocks on lines of their own, tags
    gone, entities read; inline markup joins the words it marks up, as a reader sees them."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", content_html(body))))


def _remembered_or_rendered(body: Body) -> str:
    if _remembered is None:
        return _rendered(body)
    key = hashlib.sha256(_RENDERER_KEY + body.text.encode("utf-8")).hexdigest()
    rendered = _remembered.recall(key)
    if not isinstance(rendered, str):
        rendered = _rendered(body)
        _remembered.keep(key, rendered)
    return rendered


def _rendered(body: Body) -> str:
    return clean_html(dialect.render(list(body.tokens)))


#: Everything that shapes a rendered body besides its text: our rendering code and the
#: versions of the parser and the sanitizer.
_RENDERER_KEY = code_key(Path(__file__).resolve().parent, ("render.py", "dialect.py", "sanitize.py", "text.py"),
                         f"{markdown_it.__version__}|{mdit_py_plugins.__version__}|{nh3.__version__}")
_remembered: Recollection | None = None


@contextmanager
def remembered_bodies(path: Path) -> Iterator[None]:
    """Reuse the bodies rendered by the last build (kept in `path`) and keep, when the
    block succeeds, exactly the bodies this build used. A missing or damaged file only
    means that everything is rendered afresh."""
    global _remembered
    memory = _remembered = Recollection(path)
    _by_text.clear()
    try:
        yield
    finally:
        _remembered = None
        _by_text.clear()
    memory.save()


_IMG_IN_PARAGRAPH = re.compile(r'(<p>\s*)?<img\b([^>]*?)\bsrc="([^"]*)"([^>]*?)/?>(\s*</p>)?')


def rewrite_images(clean: str, show: Callable[[str, str, bool], str]) -> str:
    """Every <img> of a sanitized body replaced by `show(src, alt, alone)`: `alone` when the
    picture is a paragraph of its own, which the output then sets as a figure (the
    paragraph goes with it, since a figure cannot sit inside one)."""
    def one(match: re.Match[str]) -> str:
        opened, attributes, src, rest, closed = match.groups()
        # markdown-it percent-encodes addresses; files carry the names authors wrote
        shown = show(unquote(html.unescape(src)), alt_of(attributes + rest), bool(opened and closed))
        if opened and closed:
            return shown
        return (opened or "") + shown + (closed or "")

    return _IMG_IN_PARAGRAPH.sub(one, clean)


def alt_of(attributes: str) -> str:
    match = ALT.search(attributes)
    return html.unescape(match.group(1)) if match else ""


def page_link(url: str) -> str | None:
    """A relative link to another content file (`x.md#part`) as the built page's address.
    The tree mirrors the content folders, so only the suffix changes."""
    path, _, fragment = url.partition("#")
    if not path.endswith(".md") or url_scheme(path) is not None or path.startswith("/"):
        return None
    return path[:-3] + ".html" + (f"#{fragment}" if fragment else "")


def as_engine_markdown(body_html: str) -> str:
    """Sanitized HTML as blocks the engine passes through, with each heading given back
    as a Markdown heading (plain text), so the page's TOC and search sections keep it."""
    out: list[str] = []
    position = 0
    for match in _HEADING.finditer(body_html):
        out.append(_html_block(body_html[position:match.start()]))
        text = html.unescape(_TAG.sub("", match.group(2))).strip().replace("\n", " ")
        if text:
            out.append("#" * int(match.group(1)) + " " + _MD_SPECIAL.sub(r"\\\1", text))
        position = match.end()
    out.append(_html_block(body_html[position:]))
    return "\n\n".join(part for part in out if part) + "\n"


def markdown_heading(text: str, level: int) -> str:
    """Plain text as a Markdown heading the engine shows as it is (its marks escaped)."""
    return "#" * level + " " + _MD_SPECIAL.sub(r"\\1", text)


def _html_block(chunk: str) -> str:
    chunk = chunk.strip()
    return f'<div class="sc-body">\n{chunk}\n</div>' if chunk else ""


def engine_body(body: Body) -> str:
    """A body with no media of its own (the office's pages): sanitized, page links rewritten."""
    def link(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        return match.group(1) + html.escape(page_link(url) or url, quote=True) + match.group(3)

    return as_engine_markdown(HREF.sub(link, content_html(body)))
