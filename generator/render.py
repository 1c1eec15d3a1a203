"""Content Markdown → sanitized HTML: the one path every output takes.

Authors' Markdown may carry raw HTML (pasted from WeChat, typed by hand).
Every output renders it here with Python-Markdown (the engine's own parser, so
the page shows what the preview showed) and passes the result through the nh3
allow-list before any of our own markup — pictures, published file names — is
put in. The site then hands headings back to the engine as Markdown so that its
table of contents and search sections still see them.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import markdown
import nh3

from .memo import load_memo, save_memo
from .sanitize import clean_html, url_scheme
from .text import cjk_join

# What the engine enables (mkdocs always adds fenced_code and tables) plus mkdocs.yml's own list.
EXTENSIONS = ["fenced_code", "tables", "attr_list", "md_in_html", "admonition", "sane_lists"]

IMG = re.compile(r'<img\b([^>]*?)\bsrc="([^"]*)"([^>]*?)/?>')
HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')
ALT = re.compile(r'\balt="([^"]*)"')
_HEADING = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#<>|])")


_PARSER = markdown.Markdown(extensions=EXTENSIONS, output_format="html")  # built once: extensions are costly to load


@lru_cache(maxsize=8192)
def content_html(text: str) -> str:
    """Markdown (with any raw HTML in it) → HTML reduced to the allow-list.

    Cached by text: the site page and the printable compilation render each body once;
    within `remembered_bodies`, a body an earlier build rendered is not rendered again."""
    if _remembered is None:
        return clean_html(_PARSER.reset().convert(cjk_join(text)))
    known, used = _remembered
    key = hashlib.sha256(_RENDERER_KEY + text.encode("utf-8")).hexdigest()
    rendered = known.get(key)
    if rendered is None:
        rendered = clean_html(_PARSER.reset().convert(cjk_join(text)))
    used[key] = rendered
    return rendered


def _renderer_key() -> bytes:
    """Everything that shapes a rendered body besides its text: our rendering code and
    the versions of the parser and the sanitizer."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{markdown.__version__}|{nh3.__version__}|{EXTENSIONS}".encode())
    for name in ("render.py", "sanitize.py", "text.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest().encode()


_RENDERER_KEY = _renderer_key()
_remembered: tuple[dict[str, str], dict[str, str]] | None = None


@contextmanager
def remembered_bodies(path: Path) -> Iterator[None]:
    """Reuse the bodies rendered by the last build (kept in `path`) and keep, when the
    block succeeds, exactly the bodies this build used. A missing or damaged file only
    means that everything is rendered afresh."""
    global _remembered
    known = load_memo(path)
    used: dict[str, str] = {}
    _remembered = (known, used)
    content_html.cache_clear()
    try:
        yield
    finally:
        _remembered = None
        content_html.cache_clear()
    if used.keys() != known.keys():
        save_memo(path, used)


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


def _html_block(chunk: str) -> str:
    chunk = chunk.strip()
    return f'<div class="sc-body">\n{chunk}\n</div>' if chunk else ""


def engine_body(text: str) -> str:
    """A body with no media of its own (the office's pages): sanitized, page links rewritten."""
    def link(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        return match.group(1) + html.escape(page_link(url) or url, quote=True) + match.group(3)

    return as_engine_markdown(HREF.sub(link, content_html(text)))
