"""The one place that reads content: files → typed models with source positions.

Every consumer (checker, site, compilation, package) takes the `Project` this
returns; nothing else parses content. Loading never raises for bad content:
what cannot be read becomes a diagnostic and the model is left out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..bodies import EMPTY, Body
from ..codes import EntryKind
from ..diagnostics import Diagnostic, diag
from ..files import windows_reserved
from ..models import ENTRY_MODELS, Assessments, Owners, PageMeta, Plan, Site, Standard, Studio
from ..project import _FALLBACK_SITE, Doc, Entry, Page, Project, Source, StudioBundle
from .bodyscan import read_body
from .memory import SCANNED_FILES, remembered_reading
from .frontmatter import split_front_matter
from .textfile import read_text
from .validation import validation_diagnostics
from .yamlsource import Positions, YamlProblem, parse_yaml

M = TypeVar("M", bound=BaseModel)

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

STUDIO_FILES = {"studio.yml", "plan.yml"}
STUDIO_FOLDERS = {k.folder for k in EntryKind} | {"media"}
IGNORED_NAMES = {"README.md", "readme.md", "Thumbs.db", "desktop.ini"}


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds content/ or studios/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir() or (folder / "studios").is_dir():
            return folder
    return start


@dataclass(frozen=True)
class _Markdown(Generic[M]):
    meta: M
    positions: Positions
    body: Body
    text: str
    draft: bool = False  # the front matter did not validate: `meta` holds the fields that did


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.sources: list[Source] = []
        self.bodies: dict[tuple[str, str], Body] = {}

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def parse(self, model: type[M], rel: str, data: object, positions: Positions) -> M | None:
        if not isinstance(data, dict):
            kind = {list: "一个列表", type(None): "空的"}.get(type(data), "一段文字")
            self.diagnostics.append(diag("E-YAML-ROOT", rel, positions.first_line, kind=kind))
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.diagnostics.extend(validation_diagnostics(rel, positions, model, exc))
            return None

    def read(self, path: Path) -> str | None:
        result = read_text(path, self.rel(path))
        if isinstance(result, Diagnostic):
            self.diagnostics.append(result)
            return None
        return result.text

    def unreadable(self, rel: str, text: str, problem: YamlProblem, bodies: tuple[Body, ...] = ()) -> None:
        """Report why a file's YAML cannot be read, and keep its text (and any body) for the
        text-level rules, which check it all the same."""
        self.diagnostics.append(problem.diagnostic)
        self.sources.append(Source(rel, text, bodies, _home(rel), False))

    def yaml_doc(self, path: Path, model: type[M], required: bool = True) -> Doc[M] | None:
        rel = self.rel(path)
        if not path.is_file():
            if required:
                self.diagnostics.append(diag("E-FILE-MISSING", rel, None, name=rel))
            return None
        text = self.read(path)
        if text is None:
            return None
        try:
            document = parse_yaml(rel, text)
        except YamlProblem as problem:
            return self.unreadable(rel, text, problem)
        self.diagnostics.extend(document.diagnostics)
        bodies = _markdown_fields(document.data, document.positions, text) if model is Studio else {}
        self.bodies.update({(rel, key): body for key, body in bodies.items()})
        self.sources.append(Source(rel, text, tuple(bodies.values()), _home(rel), False))
        parsed = self.parse(model, rel, document.data, document.positions)
        return None if parsed is None else Doc(rel, parsed, document.positions, text)

    def markdown(self, path: Path, model: type[M]) -> "_Markdown[M] | None":
        rel = self.rel(path)
        text = self.read(path)
        if text is None:
            return None
        try:
            split = split_front_matter(rel, text)
        except YamlProblem as problem:
            return self.unreadable(rel, text, problem)
        body = read_body(split.body, split.body_line)
        try:
            document = parse_yaml(rel, split.front, offset=split.front_offset)
        except YamlProblem as problem:
            return self.unreadable(rel, text, problem, (body,))
        self.diagnostics.extend(document.diagnostics)
        data = document.data
        internal = isinstance(data, dict) and data.get("visibility") == "internal"
        self.sources.append(Source(rel, text, (body,), _home(rel), internal))
        meta = self.parse(model, rel, data, document.positions)
        if meta is None:
            return _Markdown(draft_of(model, data), document.positions, body, text, draft=True) if isinstance(data, dict) else None
        return _Markdown(meta, document.positions, body, text)

    def unexpected(self, path: Path, hint: str) -> None:
        meant = path.name[:-4] if path.name.lower().endswith(".txt") else ""
        if Path(meant).suffix.lower() in (".md", ".yml", ".yaml"):  # Notepad added .txt: the content would vanish
            self.diagnostics.append(diag("E-FILE-TXT", self.rel(path), None, name=path.name, meant=meant))
            return
        self.diagnostics.append(diag("W-FILE-UNEXPECTED", self.rel(path), None, name=path.name, hint=hint))

    def linked_folder(self, folder: Path) -> bool:
        """A folder that is a link is reported and not entered: content stays in the repository."""
        if folder.is_symlink():
            self.diagnostics.append(diag("E-FILE-LINK", self.rel(folder), None, kind="指向别处的文件夹链接"))
            return True
        return False

    def load_entries(self, slug: str, folder: Path, kind: EntryKind, site: Site) -> tuple[list[Entry], list[Entry], bool]:
        """The entries of one folder, the drafts (entries whose front matter did not validate,
        holding the fields that did, for the rules that check those) and whether all loaded."""
        entries: list[Entry] = []
        drafts: list[Entry] = []
        complete = True
        if self.linked_folder(folder):
            return entries, drafts, False
        if not folder.is_dir():
            return entries, drafts, complete
        for path in _listing(folder):
            if path.name.startswith(".") or path.name in IGNORED_NAMES:
                continue
            if path.is_dir() or path.suffix.lower() != ".md":
                self.unexpected(path, _misplaced_hint(path))
                continue
            if not SLUG_RE.match(path.stem) or windows_reserved(path.stem):
                code = "E-SLUG-RESERVED" if windows_reserved(path.stem) else "E-SLUG-INVALID"
                self.diagnostics.append(
                    diag(code, self.rel(path), None, name=path.stem, what="文件名", example="2024-dangke-xuexi")
                )
                complete = False
                continue
            loaded = self.markdown(path, ENTRY_MODELS[kind])
            if loaded is None or loaded.draft:
                complete = False
            if loaded is None:
                continue
            day = getattr(loaded.meta, "date", None)
            year = site.year_of(day) if day else None
            (drafts if loaded.draft else entries).append(
                Entry(
                    kind=kind, studio=slug, slug=path.stem, rel=self.rel(path), meta=loaded.meta,
                    positions=loaded.positions, body=loaded.body, text=loaded.text,
                    year=year.year if year else None,
                )
            )
        return entries, drafts, complete

    def load_studio(self, folder: Path, site: Site) -> StudioBundle:
        slug = folder.name
        profile = self.yaml_doc(folder / "studio.yml", Studio)
        plan = self.yaml_doc(folder / "plan.yml", Plan)
        complete = profile is not None and plan is not None
        entries: list[Entry] = []
        drafts: list[Entry] = []
        for kind in EntryKind:
            found, unfinished, ok = self.load_entries(slug, folder / kind.folder, kind, site)
            entries.extend(found)
            drafts.extend(unfinished)
            complete = complete and ok
        for path in _listing(folder):
            name = path.name
            if name.startswith(".") or name in IGNORED_NAMES or name in STUDIO_FILES:
                continue
            if path.is_dir() and name in STUDIO_FOLDERS:
                if name == "media":
                    self.linked_folder(path)
                continue
            self.unexpected(path, _misplaced_hint(path))
        profile_rel = self.rel(folder / "studio.yml")
        return StudioBundle(
            slug, self.rel(folder), profile, plan, tuple(entries), complete,
            intro=self.bodies.get((profile_rel, "intro"), EMPTY), bio=self.bodies.get((profile_rel, "bio"), EMPTY),
            drafts=tuple(drafts),
        )

    def load_pages(self) -> list[Page]:
        folder = self.root / "content" / "pages"
        pages: list[Page] = []
        if self.linked_folder(folder) or not folder.is_dir():
            return pages
        for path in _listing(folder):
            if path.name.startswith(".") or path.suffix.lower() != ".md":
                continue
            loaded = self.markdown(path, PageMeta)
            if loaded is not None:
                pages.append(Page(path.stem, self.rel(path), loaded.meta, loaded.body, loaded.text))
        return pages

    def load(self) -> Project:
        content = self.root / "content"
        site = self.yaml_doc(content / "site.yml", Site)
        standard = self.yaml_doc(content / "standard.yml", Standard)
        assessments = self.yaml_doc(content / "assessments.yml", Assessments, required=False)
        owners = self.yaml_doc(content / "owners.yml", Owners, required=False)
        pages = self.load_pages()
        site_model = site.model if site else _FALLBACK_SITE
        studios: list[StudioBundle] = []
        studios_dir = self.root / "studios"
        for folder in _listing(studios_dir) if studios_dir.is_dir() else []:
            if folder.name.startswith("."):
                continue
            if folder.is_symlink() or not folder.is_dir():
                self.unexpected(folder, "studios/ 下只能放工作室文件夹（每个工作室一个文件夹）。")
                continue
            if not SLUG_RE.match(folder.name) or windows_reserved(folder.name):
                code = "E-SLUG-RESERVED" if windows_reserved(folder.name) else "E-SLUG-INVALID"
                self.diagnostics.append(
                    diag(code, self.rel(folder), None, name=folder.name, what="工作室文件夹名", example="huagong-dangzhibu")
                )
                continue
            studios.append(self.load_studio(folder, site_model))
        return Project(
            root=self.root, site=site, standard=standard, assessments=assessments, owners=owners,
            pages=tuple(pages), studios=tuple(studios), sources=tuple(self.sources),
            diagnostics=tuple(self.diagnostics),
        )


def draft_of(model: type[M], data: dict) -> M:
    """The fields of `data` that validate on their own, as an unvalidated `model`: enough for
    the rules that check references and codes, so that one wrong field hides nothing else."""
    values = {}
    for name, info in model.model_fields.items():
        if name in data:
            try:
                values[name] = TypeAdapter(info.annotation).validate_python(data[name])
            except ValidationError:
                continue
    return model.model_construct(**values)


def _markdown_fields(data: object, positions: Positions, source: str) -> dict[str, Body]:
    """A studio's intro and secretary bio are Markdown too; read from the raw data so
    that they are checked even while another field of studio.yml is wrong."""
    if not isinstance(data, dict):
        return {}
    secretary = data.get("secretary")
    fields = (("intro", ("intro",), data.get("intro")),
              ("bio", ("secretary", "bio"), secretary.get("bio") if isinstance(secretary, dict) else None))
    lines = source.split("\n")
    found: dict[str, Body] = {}
    for key, loc, text in fields:
        if isinstance(text, str) and text:
            key_line = positions.line(loc)
            # a block scalar (`intro: |`) starts on the line after its key
            block = re.search(r":\s*[|>][+-]?\s*(#.*)?$", lines[key_line - 1]) if key_line <= len(lines) else None
            found[key] = read_body(text.strip(), key_line + (1 if block else 0))
    return found


def _home(rel: str) -> str | None:
    """Studio files keep their references in the studio; the office's pages in content/."""
    parts = rel.split("/")
    if parts[0] == "studios" and len(parts) > 2:
        return "/".join(parts[:2])
    if parts[0] == "content":
        return "content"
    return None


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted((Path(entry.path) for entry in os.scandir(folder)), key=lambda p: p.name)
    except OSError:
        return []


def _misplaced_hint(path: Path) -> str:
    suffix = path.suffix.lower()
    if ".bak" in path.name:
        return "这是 showcase fix-encoding 转换编码时留下的原文件备份；确认转换后的文件内容正常后，请删除它。"
    if suffix in (".docx", ".doc"):
        return "Word 文档请放到 media/ 文件夹作为附件引用，或用 showcase import-docx 转换为成果。"
    if suffix in (".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".xlsx", ".pptx", ".zip"):
        return "图片和附件请放到本工作室的 media/ 文件夹，再在成果中引用。"
    return "成果、案例、工作法和总结都是 .md 文件，放在对应的文件夹里；其他文件请放到 media/ 或删除。"


def load_project(root: Path, build_dir: Path | None = None) -> Project:
    """The project under `root`; with `build_dir`, what was read from each file's text is
    kept there for the next run (see `memory.py`)."""
    if build_dir is None:
        return _Loader(root.resolve()).load()
    with remembered_reading(build_dir / SCANNED_FILES):
        return _Loader(root.resolve()).load()
