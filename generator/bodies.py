"""A Markdown body as the loader parsed it: its tokens, what it refers to, its raw HTML.

Produced by `generator.reading.bodyscan` (the one parse, in the one dialect of
`generator.dialect`); read by the rules (references, tags, foreign syntax) and by every
output (`generator.render` renders the same tokens).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token


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
class Syntax:
    """Something written in another dialect's syntax, or a link that did not become one."""

    kind: str  # "foreign", "in-html" (Markdown inside an HTML block), "image", "link", "limit", "indent"
    line: int
    what: str


@dataclass(frozen=True, eq=False)
class Body:
    """A parsed body. `line` is the file line on which `text` starts (1-based)."""

    text: str
    line: int
    tokens: tuple[Token, ...]
    refs: tuple[Ref, ...]
    html: tuple[HtmlTag, ...]
    syntax: tuple[Syntax, ...]

    def __bool__(self) -> bool:
        return bool(self.text.strip())


EMPTY = Body("", 1, (), (), (), ())
