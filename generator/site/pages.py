"""The site as a plain Markdown tree: one small class per kind of page.

Each page class plans its paths from the summary and renders Markdown (with a
little HTML where Material's components need it). The engine turns the tree
into HTML; nothing here knows about mkdocs beyond Material's front matter.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup, escape
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..codes import EntryKind, Form, Level, ReportKind, Task
from ..bodies import Body
from ..models import SCANNED_FIELDS, Standard
from ..media import relative_url
from ..project import Entry
from ..summary import StudioSummary, Summary
from ..render import body_text, engine_body, markdown_heading
from ..escape import page_text, theme_text
from ..text import chinese_date, cjk_join, money
from .charts import funds_chart, outcome_chart
from .cms import new_entry_link
from .dashboard import Dashboard
from .feeds import feed_links, site_feeds, studio_feeds
from .media import PublishedMedia
from .reuse import KeptPages


@dataclass(frozen=True)
class Page:
    path: str  # inside the tree, e.g. "studios/huagong/index.md"
    text: str
    searchable: bool = True  # False for pages that only list what other pages hold
    label: str = ""  # what a search result says the page is, under its title
    title: str = ""  # as the page's front matter gives it to the engine
    search_text: str = ""  # the page's own words for search (a body, not its facts); else its Markdown
    kept: bool = False  # the tree holds it already, as the last build rendered it from the same inputs


SEARCH_PAGE = "search.md"
SEARCH_KINDS = {EntryKind.OUTCOME: "成果", EntryKind.CASE: "案例", EntryKind.METHOD: "工作法", EntryKind.REPORT: "总结",
                EntryKind.NEWS: "动态", EntryKind.HONOUR: "荣誉", EntryKind.PRESS: "报道", EntryKind.TALK: "交流",
                EntryKind.RECORD: "记录"}


def entry_path(entry: Entry) -> str:
    """Entries keep their source layout, so relative media paths work unchanged."""
    return f"studios/{entry.ref}.md"


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html"


def front_matter_text(value: str) -> Markup:
    """A content value (a title) as a YAML string for a page's front matter; the theme
    prints titles unescaped, so they get `theme_text`."""
    return Markup(json.dumps(theme_text(value), ensure_ascii=False))


class Renderer:
    """Jinja over Markdown templates, with links made relative to the page being written."""

    def __init__(self, summary: Summary, media: PublishedMedia, kept: KeptPages | None = None):
        self.summary = summary
        self.media = media
        self.kept = kept
        self.env = Environment(
            loader=PackageLoader("generator.site", "templates"),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            autoescape=True,
            finalize=page_text,  # every content value is text, in Markdown and HTML alike, unless our code made it markup
        )
        self.env.filters.update(cdate=chinese_date, money=money, json=front_matter_text, cjk=cjk_join)
        self.env.globals["scanned_fields"] = SCANNED_FIELDS
        self.env.globals["dashboard"] = Dashboard(summary)
        self.env.globals["charts"] = {"outcomes": outcome_chart(summary), "funds": funds_chart(summary)}

    def render(self, template: str, path: str, searchable: bool = True, label: str = "", title: str = "",
               search_text: str = "", inputs: str | None = None, **context: object) -> Page:
        """`inputs`: the digest of all the page is made from (see reuse.py), for a page that may be
        kept from the last build."""
        if inputs is not None and self.kept is not None and self.kept.reuse(path, inputs):
            if (text := self.kept.read(path)) is not None:
                return Page(path, text, searchable, label, title, search_text, kept=True)
        return self._render(template, path, searchable, label, title, search_text, **context)

    @cached_property
    def whole_site(self) -> str | None:
        """The inputs digest of a page that reads the whole site (`PageInputs.site`)."""
        return self.kept.inputs.site if self.kept is not None else None

    def _render(self, template: str, path: str, searchable: bool, label: str, title: str,
                search_text: str, **context: object) -> Page:
        here = posixpath.dirname(path)

        def link(target: str) -> Markup:
            """Markdown link target (.md, checked by the engine), from slugs and our own paths."""
            return Markup(relative_url(target, here))

        def href(target: str) -> Markup:
            """Raw-HTML link target: the engine does not rewrite those."""
            return Markup(relative_url(html_path(target) if target.endswith(".md") else target, here))

        media = self.media

        def fact_href(target: str) -> Markup:
            """Where a value of an entry's facts table leads (see `Summary.facts`)."""
            kind, _, key = target.partition(":")
            if kind == "studio":
                return href(f"studios/{key}/index.md")
            if kind == "task":
                return href("library/index.md") + Markup(f"?task={key}")
            if kind == "entry":
                return href(f"studios/{key}.md")
            if kind == "url":
                return Markup(escape(key))
            return href("standard/index.md") + Markup("#indicator-" + key.replace(".", "-"))

        def picture(base_rel: str, src: str, alt: str, thumb: bool = False, zoom: bool = True, css: str = "") -> Markup:
            return Markup(media.picture(base_rel, src, alt, path, thumb=thumb, zoom=zoom, css=css))

        def figure(entry: Entry, src: str, caption: str | None) -> Markup:
            return Markup(media.figure(entry.rel, src, caption, path, entry.title))

        def attachment(entry: Entry, src: str):
            return media.attachment(entry.rel, src, path)

        def videos(entry: Entry) -> list[Markup]:
            """The entry's attached MP4s as players (the list of attachments still offers the files)."""
            shown = (media.video(entry.rel, a.src, a.title, path) for a in entry.meta.attachments)  # type: ignore[attr-defined]
            return [Markup(one) for one in shown if one]

        def body(entry: Entry) -> Markup:
            return Markup(media.body(entry.rel, entry.body, path, caption=entry.caption_of))  # sanitized in generator.render

        def markdown_field(base_rel: str, body: Body) -> Markup:
            """A Markdown field of a YAML file (a studio's intro) as a block of the page."""
            return Markup(media.body(base_rel, body, path))

        def html_field(base_rel: str, body: Body) -> Markup:
            """The same inside our own HTML (a secretary's bio)."""
            return Markup(media.body(base_rel, body, path, within_html=True))

        source = self.summary.project.site_model.source

        def edit_href(rel: str) -> Markup | None:
            """“修改本页”: the source file in the git server's web editor."""
            return Markup(escape(source.edit_page(rel))) if source else None

        def new_entry_hrefs(slug: str) -> list[tuple[str, Markup]]:
            """“新建成果” and the like: the browser editor when it can log in, else the server's new-file page."""
            if source is None:
                return []
            kinds = (EntryKind.OUTCOME, EntryKind.CASE, EntryKind.METHOD)
            if source.cms_app_id:
                return [(kind.label, href(new_entry_link(slug, kind))) for kind in kinds]
            return [(kind.label, Markup(escape(source.new_file_page(f"studios/{slug}/{kind.folder}")))) for kind in kinds]

        text = self.env.get_template(template).render(
            item_line=self.item_line,
            edit_href=edit_href, new_entry_hrefs=new_entry_hrefs,
            fact_href=fact_href, picture=picture, figure=figure, attachment=attachment, videos=videos, body=body, markdown_field=markdown_field, html_field=html_field,
            link=link, href=href, entry_path=entry_path, site=self.summary.project.site_model,
            summary=self.summary, Task=Task, Form=Form, Level=Level, EntryKind=EntryKind,
            ReportKind=ReportKind, page_title=title, **context,
        )
        return Page(path, text, searchable, label, title, search_text)

    def item_line(self, entry: Entry, with_studio: bool = True) -> list[str]:
        """What a list says of a news item, honour, report, talk or record, after its title."""
        m, kind = entry.meta, entry.kind
        said: list[str | None] = []
        if kind is EntryKind.HONOUR:
            said += [m.awarded_by, m.number]
        elif kind is EntryKind.PRESS:
            said.append(m.outlet)
        elif kind is EntryKind.TALK:
            said += [m.speaker, m.venue]
        elif kind is EntryKind.RECORD:
            said.append(m.type.label)
        said.append(chinese_date(entry.date) if entry.date else None)
        if with_studio:
            said.append(self.summary.studio_name(entry.studio))
        return [one for one in said if one]


class HomePage:
    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        summary = self.renderer.summary
        site = summary.project.site_model
        featured = []
        for ref in site.featured:
            for entry in summary.entries:
                if entry.ref == ref.removesuffix(".md").strip("/"):
                    featured.append(entry)
        if not featured:
            featured = [e for e in summary.outcomes if e.meta.representative][:3]
        news = [e for e in summary.entries if e.kind is EntryKind.NEWS][:4]
        # the office's page that is the notice site.yml names (by its title or 文号), if there is one
        notice = next((f"{p.slug}.md" for p in summary.project.pages
                       if site.notice.title in (p.meta.heading, p.meta.title) or p.meta.number == site.notice.number), None)
        yield self.renderer.render(
            "home.md", "index.md", searchable=False, title=site.title, featured=featured, inputs=self.renderer.whole_site,
            latest=[e for e in summary.outcomes if e.meta.images][:4],
            news=news, honours=summary.entries_of(EntryKind.HONOUR), notice_page=notice,
        )


class StudioPages:
    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        summary = self.renderer.summary
        yield self.renderer.render("studios.md", "studios/index.md", searchable=False, title="工作室",
                                   inputs=self.renderer.whole_site)
        for studio in summary.studios:
            name = studio.profile.name
            inputs = self.renderer.kept.inputs.studio(studio.slug) if self.renderer.kept else None
            feeds = feed_links(summary, studio_feeds(studio.slug))
            yield self.renderer.render("studio.md", f"studios/{studio.slug}/index.md", label=f"{name} · 工作室介绍",
                                       title=name, search_text=studio_text(studio), studio=studio, feeds=feeds,
                                       inputs=inputs and f"{inputs} {summary.judged_on}")
            for entry in studio.entries:
                yield self.renderer.render("entry.md", entry_path(entry), label=f"{name} · {SEARCH_KINDS[entry.kind]}",
                                           title=entry.title, search_text=entry_text(entry), inputs=inputs,
                                           entry=entry, studio=studio)


class LibraryPage:
    """Every outcome with filters that combine and live in the URL (see library.js)."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        summary = self.renderer.summary
        years = summary.project.site_model.years
        groups = [(year, [e for e in summary.outcomes if e.year == year.year]) for year in years]
        undated = [e for e in summary.outcomes if e.year is None]
        yield self.renderer.render("library.md", "library/index.md", searchable=False, title="成果库", groups=groups,
                                   undated=undated, inputs=self.renderer.whole_site)


class ListingPages:
    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        summary = self.renderer.summary
        for kind, folder, title, lead in (
            (EntryKind.CASE, "cases", "典型案例", "各工作室按“背景—做法—成效—启示”总结的典型案例。"),
            (EntryKind.METHOD, "methods", "工作法", "各工作室在实践中提炼、可复制推广的支部工作方法。"),
        ):
            entries = [e for e in summary.entries if e.kind is kind]
            yield self.renderer.render(
                "listing.md", f"{folder}/index.md", searchable=False, entries=entries, title=title, lead=lead,
                inputs=self.renderer.whole_site,
            )


#: The site-wide sections of dated items (SPEC: what studios publish besides outcomes):
#: kind, folder, title, lead, and how its page is divided.
ITEM_SECTIONS = (
    (EntryKind.NEWS, "news", "工作动态", "各工作室开展活动、参加培训、接待交流等工作的及时报道。", "year"),
    (EntryKind.HONOUR, "honours", "荣誉展示", "各工作室及其成员获得的表彰和荣誉，按级别排列。", "level"),
    (EntryKind.PRESS, "press", "媒体报道", "校内外媒体对各工作室的报道；校外网址在校园网内可能无法打开，每篇都附有校内存档。", "year"),
    (EntryKind.TALK, "talks", "交流报告", "工作室成员在校内外所作的经验交流和专题报告。", "year"),
)


class ItemPages:
    """One page per kind of dated item, all studios together, newest first."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        summary = self.renderer.summary
        feeds = feed_links(summary, site_feeds())
        for kind, folder, title, lead, divide in ITEM_SECTIONS:
            entries = [e for e in summary.entries if e.kind is kind]
            yield self.renderer.render(
                "items.md", f"{folder}/index.md", searchable=False, title=title, lead=lead, count=len(entries),
                groups=item_groups(summary, entries, divide), feeds=feeds if kind is EntryKind.NEWS else [],
                inputs=self.renderer.whole_site,
            )


def item_groups(summary: Summary, entries: list[Entry], divide: str) -> list[tuple[str, list[Entry]]]:
    """Honours by level (the highest first), anything else by construction year (the newest first)."""
    if divide == "level":
        order = [*reversed(list(Level)), None]
        return [(level.label if level else "其他", items) for level in order
                if (items := [e for e in entries if e.meta.level is level])]
    years = [*reversed(summary.project.site_model.years)]
    groups = [(year.label, [e for e in entries if e.year == year.year]) for year in years]
    groups.append(("其他时间", [e for e in entries if e.year is None]))
    return [(label, items) for label, items in groups if items]


class StandardPage:
    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        standard = self.renderer.summary.project.standard
        if standard is not None:
            yield self.renderer.render("standard.md", "standard/index.md", label="学校文件 · 建设标准", title="建设标准",
                                       search_text=standard_text(standard.model),
                                       standard=standard.model, inputs=self.renderer.whole_site)


def entry_text(entry: Entry) -> str:
    """An entry's own words for search: its summary, body and picture captions (not its facts)."""
    captions = [image.caption for image in entry.meta.images if image.caption]  # type: ignore[attr-defined]
    return "\n".join(filter(None, (getattr(entry.meta, "summary", None), body_text(entry.body), *captions)))  # reports have no summary


def studio_text(studio: StudioSummary) -> str:
    """A studio page's own words for search: its profile, people and plan; not the
    entries it lists, which are found on their own pages."""
    p, bundle = studio.profile, studio.bundle
    secretary = p.secretary
    def person(name: str, *about: str | None) -> str:
        said = "，".join(a for a in about if a)
        return f"{name}（{said}）" if said else name

    lines = [p.brand, body_text(bundle.intro), p.branch, p.parent_org, p.department,
             person(secretary.name, secretary.title, secretary.position), secretary.research,
             body_text(bundle.bio), "、".join(person(m.name, m.title, m.role) for m in p.members)]
    if bundle.plan is not None:
        plan = bundle.plan.model
        lines.append(plan.goal)
        for year in plan.years:
            lines += [*year.goals, *year.measures, *year.expected_outcomes]
    lines += [figures.assessment.comment for figures in studio.years if figures.assessment]
    return "\n".join(line for line in lines if line)


def standard_text(standard: Standard) -> str:
    """The standard's own words for search: its indicators, not the outcomes it lists."""
    lines = [standard.title, standard.note or ""]
    for one in standard.walk():
        lines += [f"{one.code} {one.title}", one.description or "", "、".join(one.evidence)]
    return "\n".join(line for line in lines if line)


class ProgressPage:
    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        yield self.renderer.render("progress.md", "progress/index.md", searchable=False, title="建设进度",
                                   inputs=self.renderer.whole_site)


class SearchPage:
    """Full-text search over the index Pagefind builds beside the engine (see search.py)."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        yield self.renderer.render("search.md", SEARCH_PAGE, searchable=False, title="搜索", inputs=self.renderer.whole_site)


class ContentPages:
    """The party office's own pages (the notice, the authoring guide)."""

    def __init__(self, renderer: Renderer):
        self.renderer = renderer

    def pages(self) -> Iterator[Page]:
        for page in sorted(self.renderer.summary.project.pages, key=lambda p: (p.meta.order, p.slug)):
            text = f"---\ntitle: {front_matter_text(page.meta.title)}\n---\n\n{as_document(page.meta, engine_body(page.body))}"
            yield Page(f"{page.slug}.md", text, label="学校文件", title=page.meta.title, search_text=body_text(page.body))


def as_document(meta, body: str) -> str:
    """An office page that gives a document's heading or 文号 reads as the document it is: the
    heading and number centred, the issuer and date right-aligned at the end (see the stylesheet)."""
    top = []
    if meta.heading:
        top.append(markdown_heading(meta.heading, 1))
    if meta.number:
        top.append(f'<p class="sc-doc-number">{escape(meta.number)}</p>')
    if top:
        body = "\n\n".join([*top, body])
    if meta.issuer or meta.date:
        lines = [str(escape(meta.issuer or "")), chinese_date(meta.date)]
        body += '\n<p class="sc-doc-signoff">' + "<br>".join(line for line in lines if line) + "</p>\n"
    return body


@dataclass
class SitePlan:
    """All pages of the site and the navigation that holds the section pages only."""

    summary: Summary
    media: PublishedMedia
    kept: KeptPages | None = None

    @cached_property
    def pages(self) -> list[Page]:
        renderer = Renderer(self.summary, self.media, self.kept)
        kinds = (HomePage, StudioPages, LibraryPage, ListingPages, ItemPages, StandardPage, ProgressPage, ContentPages,
                 SearchPage)
        return [page for kind in kinds for page in kind(renderer).pages()]

    def nav(self) -> list[dict[str, str]]:
        items = [
            {"首页": "index.md"}, {"工作动态": "news/index.md"}, {"工作室": "studios/index.md"},
            {"成果库": "library/index.md"}, {"典型案例": "cases/index.md"}, {"工作法": "methods/index.md"},
            {"荣誉与报道": [{"荣誉展示": "honours/index.md"}, {"媒体报道": "press/index.md"}, {"交流报告": "talks/index.md"}]},
        ]
        if self.summary.project.standard is not None:
            items.append({"建设标准": "standard/index.md"})
        items.append({"建设进度": "progress/index.md"})
        for page in sorted(self.summary.project.pages, key=lambda p: (p.meta.order, p.slug)):
            items.append({theme_text(page.meta.title): f"{page.slug}.md"})
        return items
