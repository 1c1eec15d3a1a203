"""The loaded model: what the reader hands every rule and output.

Typed models (`generator.models`) with where they came from (`Positions`) beside
them, the parsed bodies (`generator.bodies`), and the references each entry makes.
Rules and outputs import this module, never `generator.reading`: they only ever see
content that was read once, by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .bodies import EMPTY, Body
from .codes import EntryKind, Form, Visibility
from .diagnostics import Diagnostic
from .media import ref_target, resolve_ref
from .models import (
    Assessments, ImageRef, Owners, PageMeta, Plan, Site, Standard,
    Studio,
)

M = TypeVar("M", bound=BaseModel)

#: A key path inside a YAML document: keys and list indexes.
YamlPath = tuple[Any, ...]


@dataclass(frozen=True)
class Positions:
    """Line numbers (1-based, in the whole file) of every key and item."""

    first_line: int
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line(self, loc: YamlPath = ()) -> int:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), self.first_line)


@dataclass(frozen=True)
class Reference:
    """One file reference: who wrote it (`rel`, `line`) and how it is used."""

    src: str
    rel: str
    line: int | None
    usage: str  # "image", "attachment" or "link"


def body_references(rel: str, body: Body) -> tuple[Reference, ...]:
    return tuple(Reference(ref.target, rel, ref.line, "image" if ref.is_image else "link") for ref in body.refs)


@dataclass(frozen=True)
class Source:
    """A decoded content file, kept whether or not its model validated.

    Text-level rules (privacy, raw HTML, body references, template markers)
    read these, so that a typo in the front matter does not hide the rest.
    """

    rel: str
    text: str
    bodies: tuple[Body, ...]  # the Markdown it carries: a body, or a studio's intro and bio
    home: str | None  # the folder its file references must stay in
    internal: bool  # marked `visibility: internal`: checked, never exported


@dataclass(frozen=True)
class Doc(Generic[M]):
    """A validated model with where it came from."""

    rel: str
    model: M
    positions: Positions
    text: str


@dataclass(frozen=True)
class Entry:
    """One Markdown file of a studio: an outcome, case, method, report, news item, honour, …"""

    kind: EntryKind
    studio: str
    slug: str
    rel: str
    meta: BaseModel
    positions: Positions
    body: Body
    text: str
    year: int | None  # construction year derived from the date

    @property
    def ref(self) -> str:
        """“studio/folder/slug”: how site.yml's `featured` and an honour's `outcome` name an entry."""
        return f"{self.studio}/{self.kind.folder}/{self.slug}"

    @property
    def date(self) -> date | None:
        """Outcomes, cases and methods always have one; reports may."""
        return getattr(self.meta, "date", None)

    @property
    def form(self) -> Form | None:
        return getattr(self.meta, "type", None)

    @property
    def kind_name(self) -> str:
        """What a list says an entry is: an outcome's form (工作法与案例, 制度机制 …), else its kind
        (典型案例, 工作法, 工作总结), never both."""
        return self.form.short if self.kind is EntryKind.OUTCOME and self.form else self.kind.label

    @property
    def title(self) -> str:
        return self.meta.title  # type: ignore[attr-defined]

    @property
    def visibility(self) -> Visibility:
        return self.meta.visibility  # type: ignore[attr-defined]

    @property
    def is_outcome(self) -> bool:
        """Cases and methods count as outcomes of form `method` (SPEC §3); news, honours,
        coverage, talks, records and reports never do."""
        return self.kind.counts_as_outcome

    def references(self) -> tuple[Reference, ...]:
        """Every file the entry refers to, in front matter and body: the one walk over them."""
        return (*self.front_references(), *body_references(self.rel, self.body))

    def listed_images(self) -> tuple[ImageRef, ...]:
        """The pictures of `images:` that the body does not place itself, shown after the
        facts. A picture the body places is shown there, once, with its caption."""
        placed = {resolve_ref(self.rel, ref.target) for ref in self.body.refs if ref.is_image}
        return tuple(i for i in self.meta.images if resolve_ref(self.rel, i.src) not in placed)  # type: ignore[attr-defined]

    def caption_of(self, src: str) -> str | None:
        """The caption `images:` gives the picture at `src` (relative to this entry)."""
        target = resolve_ref(self.rel, src)
        return next((i.caption for i in self.meta.images  # type: ignore[attr-defined]
                     if i.caption and resolve_ref(self.rel, i.src) == target), None)

    def front_references(self) -> tuple[Reference, ...]:
        found = [Reference(image.src, self.rel, self.positions.line(("images", index)), "image")
                 for index, image in enumerate(self.meta.images)]  # type: ignore[attr-defined]
        found += [Reference(item.src, self.rel, self.positions.line(("attachments", index)), "attachment")
                  for index, item in enumerate(self.meta.attachments)]  # type: ignore[attr-defined]
        for name, usage in getattr(self.meta, "FILE_FIELDS", {}).items():  # an honour's certificate, a report's copy …
            if (src := getattr(self.meta, name, None)):
                found.append(Reference(src, self.rel, self.positions.line((name,)), usage))
        return tuple(found)

    def linked_entry(self, name: str) -> str | None:
        """The entry (studio/folder/slug) that a field such as an honour's `outcome` names."""
        src = getattr(self.meta, name, None)
        target = ref_target(self.rel, src) if src else None
        if target is None or not target.endswith(".md") or not target.startswith("studios/"):
            return None
        return target.removeprefix("studios/").removesuffix(".md")


@dataclass(frozen=True)
class StudioBundle:
    slug: str
    rel_dir: str
    profile: Doc[Studio] | None
    plan: Doc[Plan] | None
    entries: tuple[Entry, ...]
    complete: bool  # every file of the studio loaded
    intro: Body = EMPTY  # studio.yml's Markdown fields, parsed like bodies
    bio: Body = EMPTY
    drafts: tuple[Entry, ...] = ()  # entries whose front matter did not validate: checked, never published

    @property
    def outcomes(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.is_outcome)

    @property
    def reports(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind is EntryKind.REPORT)

    def references(self) -> tuple[Reference, ...]:
        """Every file studio.yml refers to: cover, photo, and those in its Markdown fields."""
        if self.profile is None:
            return ()
        rel = self.profile.rel
        return (*self.profile_references(), *body_references(rel, self.intro), *body_references(rel, self.bio))

    def profile_references(self) -> tuple[Reference, ...]:
        """The files studio.yml refers to: cover, secretary's photo (its Markdown fields' are in
        the file's `Source`, checked even while the profile does not validate)."""
        if self.profile is None:
            return ()
        profile, doc = self.profile.model, self.profile
        found = []
        if profile.cover:
            found.append(Reference(profile.cover, doc.rel, doc.positions.line(("cover",)), "image"))
        if profile.secretary.photo:
            found.append(Reference(profile.secretary.photo, doc.rel, doc.positions.line(("secretary", "photo")), "image"))
        return tuple(found)


@dataclass(frozen=True)
class Page:
    slug: str
    rel: str
    meta: PageMeta
    body: Body
    text: str


@dataclass(frozen=True)
class Project:
    root: Path
    site: Doc[Site] | None
    standard: Doc[Standard] | None
    assessments: Doc[Assessments] | None
    owners: Doc[Owners] | None
    pages: tuple[Page, ...]
    studios: tuple[StudioBundle, ...]
    sources: tuple[Source, ...] = field(default=())
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    def site_references(self) -> tuple[Reference, ...]:
        """The files site.yml refers to (the school's emblem), inside content/."""
        if self.site is None or not self.site.model.emblem:
            return ()
        return (Reference(self.site.model.emblem, self.site.rel, self.site.positions.line(("emblem",)), "image"),)

    @property
    def site_model(self) -> Site:
        """The site settings, or the programme defaults while site.yml is broken."""
        return self.site.model if self.site else _FALLBACK_SITE

    def studio(self, slug: str) -> StudioBundle | None:
        return next((s for s in self.studios if s.slug == slug), None)


_FALLBACK_SITE = Site(
    school="（学校名称）", committee="（学校党委）",
    notice={"number": "（文号）", "title": "（通知）"}, contact={"office": "党委办公室"},
)
