"""Every YAML value is plain text: escaped for the place it lands, never read as markup.

Only bodies are Markdown (`generator.dialect`). A title, a name or a goal written in
YAML reaches a page through templates that write Markdown, raw HTML, attributes and
the theme's own settings; a spreadsheet through cells. Each place gets one function
here, and each function makes the value inert there whatever it contains: no link,
picture or reference definition in Markdown, no tag or attribute in HTML, no formula
in a spreadsheet, no bidi control that makes a name read backwards.
"""

from __future__ import annotations

import re

from markupsafe import Markup

#: Characters that make Markdown or HTML of plain text, as numeric character references:
#: the browser shows the character, neither parser sees its syntax. ("-", "." and ":" only
#: act at a line's start or inside angle brackets, and lines never start inside a value.)
_ACTIVE = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|<>&\"'~$=^"}
_TABLE = str.maketrans(_ACTIVE)
_LINE_BREAKS = re.compile(r"(?:\r\n|[\r\n\u2028\u2029\x0b\x0c\x85])+")
#: Bidirectional overrides and isolates: they reorder how a name or file name reads.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def plain(value: object) -> str:
    """A value as one line of visible text (line breaks become spaces, bidi controls go)."""
    return BIDI_CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(value)))


def page_text(value: object) -> Markup:
    """A value for a generated page, which the engine reads as Markdown with raw HTML:
    safe in Markdown text, table cells, headings, raw HTML and quoted attributes."""
    if isinstance(value, Markup):
        return value  # our own markup: pictures, sanitized bodies, links we computed
    return Markup(plain(value).translate(_TABLE))


_THEME = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def theme_text(value: object) -> str:
    """A value the theme prints as it is (site name, navigation and page titles: in text and
    in attributes, unescaped): markup characters become their full-width forms, which read
    the same in Chinese text and can never open a tag or close an attribute."""
    return plain(value).translate(_THEME)


#: What a spreadsheet program reads as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)
