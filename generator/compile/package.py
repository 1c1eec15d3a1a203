"""`showcase package`: supporting materials (支撑材料) filed by the standard's three levels.

The zip holds one folder per level-3 indicator under its level-1 and level-2
folders, each with the evidence files (attachments, images, certificates) of the
outcomes, honours, coverage, talks and records mapped there, named after their
entry; the working records once more under 工作记录/<年度>/<类型>/, as reviewers
ask for them; plus 支撑材料目录 as DOCX and PDF, listing indicator → entry →
files, and the indicators still without evidence.
"""

from __future__ import annotations

import html
import zipfile
from itertools import groupby
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..codes import EntryKind, RecordType
from ..files import atomic_output, safe_file_name
from ..imaging import ImageCache
from ..project import Entry
from ..summary import COMPILATION, Summary, latest_date
from .outline import EVIDENCE_KINDS

_EPOCH = (2026, 1, 1, 0, 0, 0)  # fixed entry times: the same content gives the same zip


@dataclass
class Filed:
    indicator: str
    folder: str
    outcomes: list[tuple[str, list[str]]] = field(default_factory=list)  # outcome title → file names


def _evidence_sources(entry: Entry) -> list[str]:
    """Every file an entry hands in: attachments, a certificate or archived copy, pictures."""
    named = [getattr(entry.meta, name) for name, usage in getattr(entry.meta, "FILE_FIELDS", {}).items()
             if usage == "attachment" and getattr(entry.meta, name, None)]
    return [a.src for a in entry.meta.attachments] + named + [i.src for i in entry.meta.images]


def _entry_title(entry: Entry) -> str:
    """As the directory lists it: an outcome by its title, anything else with its kind."""
    return entry.title if entry.is_outcome else f"{entry.title}（{entry.kind.label}）"


class _Folder:
    """One folder of the zip: its files named after their entry, unique as Windows compares names."""

    def __init__(self, planner: "_Planner", filed: Filed):
        self.planner, self.filed = planner, filed
        self.used: set[str] = set()

    def add(self, entry: Entry) -> None:
        names: list[str] = []
        for number, src in enumerate(_evidence_sources(entry), start=1):
            path = self.planner.cache.evidence_file(self.planner.root, entry.rel, src)
            if path is None:
                continue
            owner = self.planner.summary.studio(entry.studio)
            prefix = f"{safe_file_name(owner.profile.department, 20)}-" if self.planner.studio is None and owner else ""
            base = f"{prefix}{safe_file_name(entry.title)}-{number}"
            name, again = f"{base}{path.suffix.lower()}", 2
            while name.lower() in self.used:  # two studios' entries of the same title and department
                name, again = f"{base}（{again}）{path.suffix.lower()}", again + 1
            self.used.add(name.lower())
            names.append(name)
            self.planner.files.append((f"{self.filed.folder}/{name}", path))
        self.filed.outcomes.append((_entry_title(entry), names))


@dataclass
class _Planner:
    summary: Summary
    root: Path
    studio: str | None
    cache: ImageCache
    files: list[tuple[str, Path]] = field(default_factory=list)


def plan_package(summary: Summary, root: Path, studio: str | None, cache: ImageCache) -> tuple[list[Filed], list[tuple[str, Path]]]:
    """(directory rows, (zip path, source file)) for every level-3 indicator, then the records.

    Photos and videos go in as their metadata-free copies (no GPS leaves the office);
    documents go in as they are."""
    indicators = summary.indicators
    planner = _Planner(summary, root, studio, cache)
    rows: list[Filed] = []
    evidence = [e for e in summary.entries if (studio is None or e.studio == studio)
                and (e.is_outcome or e.kind in (*EVIDENCE_KINDS, EntryKind.RECORD)) and e.meta.indicators]
    for leaf in summary.leaves:
        one, two = indicators.get(leaf.code.rsplit(".", 2)[0]), indicators.get(leaf.code.rsplit(".", 1)[0])
        parts = [f"{node.code} {safe_file_name(node.title)}" for node in (one, two, leaf) if node is not None]
        folder = _Folder(planner, Filed(f"{leaf.code} {leaf.title}", "/".join(parts)))
        for entry in sorted(evidence, key=lambda e: (e.kind is not EntryKind.OUTCOME, e.date or date.min, e.slug)):
            if leaf.code in entry.meta.indicators:
                folder.add(entry)
        rows.append(folder.filed)
    site = summary.project.site_model
    records = [e for e in summary.entries_of(EntryKind.RECORD) if studio is None or e.studio == studio]

    def shelf(entry: Entry) -> tuple:  # year by year (undated last), then the types in their order
        return entry.year is None, entry.year or 0, list(RecordType).index(entry.meta.type)

    for _, shelved in groupby(sorted(records, key=lambda e: (*shelf(e), e.date or date.min, e.slug)), key=shelf):
        first, *rest = shelved
        label, kind = site.year_label(first.year, short=True), first.meta.type
        folder = _Folder(planner, Filed(f"工作记录：{label}{kind.label}", f"工作记录/{label}/{safe_file_name(kind.label)}"))
        for entry in (first, *rest):
            folder.add(entry)
        rows.append(folder.filed)
    return rows, planner.files


def _directory_html(title: str, rows: list[Filed]) -> str:
    body = []
    for row in rows:
        if not row.outcomes:
            body.append(f"<tr><td>{html.escape(row.indicator)}</td><td class='none' colspan='2'>暂无支撑材料</td></tr>")
            continue
        for index, (outcome, names) in enumerate(row.outcomes):
            cell = "<br>".join(html.escape(n) for n in names) or "（正文见成果汇编）"
            lead = f"<td rowspan='{len(row.outcomes)}'>{html.escape(row.indicator)}</td>" if index == 0 else ""
            body.append(f"<tr>{lead}<td>{html.escape(outcome)}</td><td>{cell}</td></tr>")
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; @bottom-center {{ content: counter(page); font-size: 9pt; }} }}
body {{ font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; }}
h1 {{ font-family: "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 18pt; }}
table {{ border-collapse: collapse; width: 100%; }} thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }} th, td {{ border: 0.5pt solid #666; padding: 1.5mm; vertical-align: top; }}
th {{ font-family: "Noto Sans CJK SC", sans-serif; background: #f3e6e6; }} td.none {{ color: #8a5a00; }}
</style></head><body><h1>{html.escape(title)}</h1>
<table><thead><tr><th>三级指标</th><th>成果</th><th>支撑材料文件</th></tr></thead><tbody>{''.join(body)}</tbody></table>
</body></html>"""


def _directory_docx(title: str, rows: list[Filed], out: Path, author: str, day) -> None:
    from ..word import WordDocument

    document = WordDocument()
    document.title(title, size=18)
    body = [(row.indicator, outcome, "\n".join(names)) for row in rows for outcome, names in row.outcomes or [("暂无支撑材料", [])]]
    document.grid(("三级指标", "成果", "支撑材料文件"), body, widths=(5.5, 5.0, 5.8))
    document.footer_page_numbers(first_page_too=True)
    document.save(out, title, author, day)


def write_package(project, root: Path, out: Path, studio: str | None = None, build_dir: Path | None = None) -> tuple[int, int]:
    """Write the zip; returns (indicators with evidence, files)."""
    from weasyprint import HTML

    from .pdf import local_only

    summary = Summary(project, COMPILATION)
    cache = ImageCache((build_dir or root / "build") / "media-cache")
    rows, files = plan_package(summary, root, studio, cache)
    scope = summary.studio_name(studio) if studio else project.site_model.school
    title = f"{scope}支撑材料目录"
    out.parent.mkdir(parents=True, exist_ok=True)
    docx_tmp = out.with_name(f".{out.name}.目录.docx")
    try:
        _directory_docx(title, rows, docx_tmp, project.site_model.committee, latest_date(summary.entries))
        pdf = HTML(string=_directory_html(title, rows), url_fetcher=local_only()).write_pdf()
        with atomic_output(out) as partial, zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            def add(name: str, data: bytes) -> None:
                info = zipfile.ZipInfo(name, _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)

            add("支撑材料目录.docx", docx_tmp.read_bytes())
            add("支撑材料目录.pdf", pdf)
            for row in rows:
                add(f"{row.folder}/", b"")
            for name, path in sorted(files):
                add(name, path.read_bytes())
    finally:
        docx_tmp.unlink(missing_ok=True)
    return sum(1 for r in rows if r.outcomes), len(files)
