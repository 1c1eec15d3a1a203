"""What a page may not carry: script, event handlers, dangerous URLs, outside fetches.

Shared by the hostile-output tests and the fuzzing properties.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

THEME_SCRIPTS = re.compile(r"(^|/)(assets/javascripts/(bundle\.[0-9a-f]+\.min|library|lightbox|search|tables|pagetoc|md-scope|md-content)\.js)$"
                           r"|^\.\./decap-cms\.js$")  # the browser editor's vendored script (admin/<studio>/)
EDITOR_CONFIG = {"rel": "cms-config-url", "type": "text/yaml", "href": "config.yml"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href"}
BAD_TAGS = {"iframe", "frame", "object", "embed", "applet", "base", "math", "template", "portal", "link", "foreignobject"}


class Inspector(HTMLParser):
    """Everything on a page that could run script or fetch from elsewhere."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        where = f"{self.page}: <{tag} {values}>"
        own_link = tag == "link" and (values.get("rel") in ("stylesheet", "icon", "canonical", "prev", "next")
                                      or values == EDITOR_CONFIG)
        if tag in BAD_TAGS and not own_link:
            self.problems.append("tag " + where)
        if tag == "script":
            ok = THEME_SCRIPTS.search(values.get("src", "")) or (values.get("type") == "application/json" and values.get("id") == "__config")
            if not ok:
                self.problems.append("script " + where)
        if tag == "meta" and "http-equiv" in values:
            self.problems.append("meta " + where)
        if tag == "form" and values.get("id") not in ("sc-filters", "sc-search") and values.get("class") != "sc-header-search":
            self.problems.append("form " + where)
        for name, value in values.items():
            if name.startswith("on") or name == "style" and "url(" in value.lower():
                self.problems.append(f"attribute {name} " + where)
            if name in URL_ATTRIBUTES:
                for url in [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]:
                    scheme = browser_scheme(url)
                    if scheme in ("javascript", "vbscript") or scheme == "data" and not url.strip().startswith("data:image/"):
                        self.problems.append(f"url {name}={value[:60]} " + where)
                    if scheme in ("http", "https") and name != "href":
                        self.problems.append(f"outside fetch {name}={value[:60]} " + where)


def browser_scheme(url: str) -> str:
    """The scheme as a browser reads it (WHATWG URL): C0 controls and spaces trimmed at the
    ends, tabs and newlines removed anywhere; anything else keeps a would-be scheme invalid."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def inspect(page: str, text: str) -> list[str]:
    inspector = Inspector(page)
    inspector.feed(text)
    inspector.close()
    return inspector.problems


