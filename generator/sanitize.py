"""The HTML allow-list for content: what a teacher may write as raw HTML.

The checker reports against these sets; every output that renders content
HTML sanitizes with the same sets, so what `check` accepts is what survives.
"""

from __future__ import annotations

import re

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title", "lang"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "col": frozenset({"span"}),
    "ol": frozenset({"start"}),
}

#: The only classes a body may carry: the admonitions of the dialect (`!!! note`). The
#: site's own classes (the theme's, ours: a lightbox overlay, a notice bar) are never an
#: author's to borrow, so a body cannot dress itself up as the page around it.
ADMONITION_KINDS = frozenset({"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
                              "bug", "example", "quote"})
ALLOWED_CLASSES: dict[str, frozenset[str]] = {
    "div": frozenset({"admonition"}) | ADMONITION_KINDS,
    "p": frozenset({"admonition-title"}),
}


def class_allowed(tag: str, name: str) -> bool:
    return name in ALLOWED_CLASSES.get(tag, frozenset())


#: Tags whose presence is an attack or an outside request, not a formatting slip.
DANGEROUS_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "base", "meta", "link", "style", "svg", "math", "template", "noscript",
    "video", "audio", "source", "track", "portal", "xml", "import",
})

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "background", "poster", "xlink:href", "srcset", "data"})

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after it drops blanks and control characters."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match.group(1).lower() if match else None


def is_dangerous_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is not None and scheme not in SAFE_URL_SCHEMES


def attribute_allowed(tag: str, name: str) -> bool:
    return name in ALLOWED_ATTRIBUTES["*"] or name in ALLOWED_ATTRIBUTES.get(tag, frozenset())


def clean_html(html: str, extra_url_schemes: frozenset[str] = frozenset()) -> str:
    """Content HTML reduced to the allow-list (nh3/ammonia): what `check` accepts survives.

    `extra_url_schemes` lets an output allow its own embedded pictures (data: for the
    standalone HTML, file: for the PDF pass); authors' HTML never gets those past `check`.
    """
    import nh3

    def no_dangerous_url(tag: str, name: str, value: str) -> str | None:
        if name in URL_ATTRIBUTES and is_dangerous_url(value) and url_scheme(value) not in extra_url_schemes:
            return None
        return value

    return nh3.clean(
        html,
        attribute_filter=no_dangerous_url,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(SAFE_URL_SCHEMES | extra_url_schemes),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
