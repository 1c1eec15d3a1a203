"""`showcase package`: supporting materials (支撑材料) filed by the standard's three levels.

The zip holds one folder per level-3 indicator under its level-1 and level-2
folders, each with the evidence files (attachments and images) of the outcomes
mapped there, named after their outcome; plus 支撑材料目录 as DOCX and PDF,
listing indicator → outcome → files, and the indicators still without evidence.
"""

from __future__ import annotations

import html
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_output, safe_file_name
from ..imaging import WIDTHS, ImageCache
from ..media import IMAGE_TYPES, local_file
from ..summary import COMPILATION, Summary, latest_date

_EPOCH = (2026, 1, 1, 0, 0, 0)  # fixed entry times: the same content gives the same zip


@dataclass
class Filed:
    indicator: str
    folder: str
    outcomes: list[tuple[str, list[str]]] = field(default_factory=list)  # outcome title → file names


def plan_package(summary: Summary, root: Path, studio: str | None, cache: ImageCache) -> tuple[list[Filed], list[tuple[str, Path]]]:
    """(directory rows, (zip path, source file)) for every level-3 indicator.

    Photos go in as their metadata-free display variant (no GPS leaves the office);
    documents go in as they are."""
    indicators = summary.indicators
    rows: list[Filed] = []
    files: list[tuple[str, Path]] = []
    outcomes = [e for e in summary.outcomes if studio is None or e.studio == studio]
    for leaf in summary.leaves:
        one, two = indicators.get(leaf.code.rsplit(".", 2)[0]), indicators.get(leaf.code.rsplit(".", 1)[0])
        parts = [f"{node.code} {safe_file_name(node.title)}" for node in (one, two, leaf) if node is not None]
        folder = "/".join(parts)
        filed = Filed(f"{leaf.code} {leaf.title}", folder)
        used: set[str] = set()  # names in this folder, as Windows compares them
        for entry in outcomes:
            if leaf.code not in entry.meta.indicators:
                continue
            names: list[str] = []
            sources = [a.src for a in entry.meta.attachments] + [i.src for i in entry.meta.images]
            for number, src in enumerate(sources, start=1):
                path = local_file(root, entry.rel, src)
                if path is None:
                    continue
                if path.suffix.lower() in IMAGE_TYPES:
                    variants = cache.variants([path])[path]
                    path = variants.file(WIDTHS[0], variants.fallback)
                owner = summary.studio(entry.studio)
                prefix = f"{safe_file_name(owner.profile.department, 20)}-" if studio is None and owner else ""
                base = f"{prefix}{safe_file_name(entry.title)}-{number}"
                name, again = f"{base}{path.suffix.lower()}", 2
                while name.lower() in used:  # two studios' outcomes of the same title and department
                    name, again = f"{base}（{again}）{path.suffix.lower()}", again + 1
                used.add(name.lower())
                names.append(name)
                files.append((f"{folder}/{name}", path))
            filed.outcomes.append((entry.title, names))
        rows.append(filed)
    return rows, files


def _directory_html(title: str, rows: list[Filed]) -> str:
    body = []
    for row in rows:
        if not row.outcomes:
            body.append(f"<tr><td>{html.escape(row.indicator)}</td><td class='none' colspan='2'>暂无支撑材料</td></tr>")
            continue
        for index, (outcome, names) in enumerate(row.outcomes):
            cell = "<br>".join(html.escape(n) for n in names) or "（成果正文见成果汇编）"
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
