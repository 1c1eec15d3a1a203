"""A Markdown body as the loader read it: what it refers to, its raw HTML, its tokens.

Produced by `generator.reading.bodyscan` (the one parse, in the one dialect of
`generator.dialect`); read by the rules (references, tags, foreign syntax) and by every
output (`generator.render` renders the same tokens). What a scan found is remembered
between builds, so the tokens are parsed again only when something asks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markdown_it.token import Token

from . import dialect


# Every personal number the privacy rule looks for has 11 digits or more; the characters that
# are not digits but become some under NFKC (², ①, ㏠ …; tests/test_privacy checks the list).
_ELEVEN_DIGITS = re.compile(r"(?:\d\D*){11}")
_COMPAT_DIGITS = re.compile("[\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u2089\u2150-\u2189\u2460-\u24ff"
                            "\u3251-\u325f\u32b1-\u32cb\u3358-\u33ff\U0001f100-\U0001f10a]")


def may_show_number(text: str) -> bool:
    """Whether `text`, as a reader sees it (NFKC, invisible characters gone), can hold 11
    digits, decided without normalizing it: that only removes characters, and NFKC turns
    a digit into one digit."""
    return bool(_COMPAT_DIGITS.search(text) or _ELEVEN_DIGITS.search(text))


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
    refs: tuple[Ref, ...]
    html: tuple[HtmlTag, ...]
    syntax: tuple[Syntax, ...]
    numbered: tuple[tuple[int, str], ...]  # (line, text as shown) of the blocks that may show a personal number

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The parse of `text` (nothing for a body beyond the dialect's limits, as the scan had it)."""
        return () if dialect.over_limit(self.text) else tuple(dialect.parse(self.text))

    def __bool__(self) -> bool:
        return bool(self.text.strip())


EMPTY = Body("", 1, (), (), (), ())
