"""The one Markdown dialect of content bodies, named here and nowhere else.

CommonMark with raw HTML, GFM tables and strikethrough, and admonitions written
the Python-Markdown way (`!!! note "标题"` with an indented body). Nothing else:
attribute lists (`{: .lead }`) and `markdown="1"` are not part of it, and the
checker says so where they appear. Every body is parsed once with `parse`; the
checker reads the tokens (references, raw HTML, lines) and every output renders
the same tokens with `render`, so what `check` saw is exactly what is shown.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

from .sanitize import is_dangerous_url
from .text import CJK_SPACE, ends_cjk, starts_cjk

#: Deeper nesting is not parsed further (markdown-it stops at this depth): bounded work for any body.
MAX_NESTING = 20

#: What one body may hold (SPEC: bounded work for any input). A body beyond a limit is refused
#: by `check` at its first line and rendered as nothing by every output, so that check and
#: build agree. Real bodies are far below: the demo's longest has 4,000 characters.
LIMITS = (
    # (what is counted, how, the most allowed)
    ("字符", len, 300_000),
    ("表格竖线“|”", lambda text: text.count("|"), 20_000),
    ("尖括号“<”", lambda text: text.count("<"), 20_000),
    ("方括号“[”", lambda text: text.count("["), 20_000),
)


def over_limit(text: str) -> str | None:
    """What of `text` is beyond its limit, in Chinese, or None."""
    for what, count, most in LIMITS:
        found = count(text)
        if found > most:
            return f"{what}有 {found:,} 个，超过上限 {most:,} 个"
    return None


_MD = (
    MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    .enable(["table", "strikethrough"])
    .use(admon_plugin)
)


def _validate_link(url: str) -> bool:
    """A link or image only with a scheme a browser runs nothing from, judged as the browser
    reads it (blanks and control characters dropped): anything else stays text."""
    return not is_dangerous_url(url)


_MD.validateLink = _validate_link


def parse(text: str) -> list[Token]:
    return _MD.parse(text)


def _text(self, tokens, index, options, env) -> str:
    # a space beside full-width punctuation is never meant (pasted or folded text)
    return escapeHtml(CJK_SPACE.sub("", tokens[index].content))


def _softbreak(self, tokens, index, options, env) -> str:
    """A line break inside a Chinese sentence joins the lines; elsewhere it is a space."""
    before = tokens[index - 1].content if index > 0 else ""
    after = tokens[index + 1].content if index + 1 < len(tokens) else ""
    return "" if ends_cjk(before) and starts_cjk(after) else "\n"


_MD.add_render_rule("text", _text)
_MD.add_render_rule("softbreak", _softbreak)


def render(tokens: list[Token]) -> str:
    """Tokens → HTML, not yet sanitized (see `generator.render.content_html`)."""
    return _MD.renderer.render(tokens, _MD.options, {})


#: Syntax of other dialects that this one prints as text: (pattern, what it is).
FOREIGN_SYNTAX = (
    (re.compile(r"\{:?\s*[.#][\w-][^{}\n]*\}|\{:\s*[^{}\n]*\}"), "属性写法“{: …}”"),
)

#: A Markdown image or link that did not become one (a space in the path, say): it shows as text.
BROKEN_LINK = re.compile(r"(!?)\[[^\[\]\n]*\]\(([^()\n]*)\)")
