"""Atom and JSON Feed of what is new: outcomes, cases, methods and news, site-wide and per studio.

Feed readers need absolute addresses, so feeds are written only when `site.yml` says
where the site is published (`base_url`, with `base_path`). Dates are the entries'
own (a day, as midnight China time): the same content gives the same feeds.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

from ..codes import EntryKind
from ..escape import plain
from ..project import Entry
from .reuse import KeptPages
from ..summary import Summary

FEED_KINDS = (EntryKind.OUTCOME, EntryKind.CASE, EntryKind.METHOD, EntryKind.NEWS)
LIMIT = 50  # the newest; readers keep what they have already seen
ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Feed:
    title: str
    home: str  # tree path of the page the feed belongs to
    atom: str  # tree paths of the two files
    json: str
    entries: tuple[Entry, ...]
    studio: str | None = None  # a studio's own feeds: made from its folder alone, the site's from all but bodies (see reuse.py)


def site_feeds() -> tuple[str, str]:
    return "feeds/atom.xml", "feeds/feed.json"


def studio_feeds(slug: str) -> tuple[str, str]:
    return f"studios/{slug}/atom.xml", f"studios/{slug}/feed.json"


def has_feeds(summary: Summary) -> bool:
    """Feeds need the site's own address (a reader's program fetches them from outside the page)."""
    return summary.project.site_model.address() is not None


def feed_links(summary: Summary, paths: tuple[str, str]) -> list[tuple[str, str]]:
    """What a page's head names: its Atom and JSON feeds (`site_feeds()`, `studio_feeds(slug)`), if there are any."""
    return [("Atom", paths[0]), ("JSON Feed", paths[1])] if has_feeds(summary) else []


def plan_feeds(summary: Summary) -> list[Feed]:
    if not has_feeds(summary):
        return []
    site = summary.project.site_model
    new = tuple(e for e in summary.entries if e.kind in FEED_KINDS)
    by_studio: dict[str, list[Entry]] = {}
    for entry in new:
        by_studio.setdefault(entry.studio, []).append(entry)
    feeds = [Feed(site.title, "index.html", *site_feeds(), new[:LIMIT])]
    for studio in summary.studios:
        own = tuple(by_studio.get(studio.slug, ())[:LIMIT])
        feeds.append(Feed(f"{studio.profile.name} · {site.title}", f"studios/{studio.slug}/index.html",
                          *studio_feeds(studio.slug), own, studio.slug))
    return feeds


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def _label(summary: Summary, entry: Entry) -> str:
    return entry.kind_name if entry.is_outcome else entry.kind.label


def atom_text(summary: Summary, feed: Feed) -> str:
    site = summary.project.site_model
    base = site.address() or ""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            node.text = text
        return node

    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    sub(root, "id", base + feed.atom)
    sub(root, "title", plain(feed.title))
    newest = max((e.date for e in feed.entries if e.date), default=site.years[0].start)
    sub(root, "updated", _stamp(newest))
    sub(root, "link", rel="self", type="application/atom+xml", href=base + feed.atom)
    sub(root, "link", rel="alternate", type="text/html", href=base + feed.home)
    author = sub(root, "author")
    sub(author, "name", plain(site.committee))
    for entry in feed.entries:
        address = summary.page_address(entry)
        if address is None or entry.date is None:
            continue
        item = sub(root, "entry")
        sub(item, "id", address)
        sub(item, "title", plain(entry.title))
        sub(item, "link", rel="alternate", type="text/html", href=address)
        sub(item, "published", _stamp(entry.date))
        sub(item, "updated", _stamp(entry.date))
        writer = sub(item, "author")
        sub(writer, "name", plain(summary.studio_name(entry.studio)))
        sub(item, "category", term=entry.kind.value, label=_label(summary, entry))
        if (said := getattr(entry.meta, "summary", None)):
            sub(item, "summary", plain(said))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed_text(summary: Summary, feed: Feed) -> str:
    site = summary.project.site_model
    base = site.address() or ""
    items = []
    for entry in feed.entries:
        address = summary.page_address(entry)
        if address is None or entry.date is None:
            continue
        item = {"id": address, "url": address, "title": plain(entry.title), "date_published": _stamp(entry.date),
                "authors": [{"name": plain(summary.studio_name(entry.studio))}], "tags": [_label(summary, entry)]}
        said = getattr(entry.meta, "summary", None)
        item["content_text"] = plain(said or entry.title)
        if said:
            item["summary"] = plain(said)
        items.append(item)
    document = {
        "version": JSON_FEED, "title": plain(feed.title), "home_page_url": base + feed.home,
        "feed_url": base + feed.json, "language": "zh-CN", "authors": [{"name": plain(site.committee)}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def feed_files(summary: Summary, kept: KeptPages | None = None) -> list[tuple[str, str | None]]:
    """(tree path, text) of every feed; none when the site's address is not known. The text
    is None for a feed that `kept` vouches the tree holds as it must be."""
    out: list[tuple[str, str | None]] = []
    for feed in plan_feeds(summary):
        if kept:
            inputs = kept.inputs.studio(feed.studio) if feed.studio else kept.inputs.site
            if all([kept.reuse(feed.atom, inputs), kept.reuse(feed.json, inputs)]):  # both recorded
                out += [(feed.atom, None), (feed.json, None)]
                continue
        out += [(feed.atom, atom_text(summary, feed)), (feed.json, json_feed_text(summary, feed))]
    if out:
        # The theme takes every <link rel="alternate"> for a translation of the site and asks for a
        # sitemap.xml beside it; an empty one there answers it (else every page logs two 404s).
        out.append((posixpath.join(posixpath.dirname(site_feeds()[0]), "sitemap.xml"), EMPTY_SITEMAP))
    return out


EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
