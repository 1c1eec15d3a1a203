"""`showcase compile`: one outline, written as PDF, DOCX or HTML; the DOCX takes its
page numbers from a PDF layout pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_output
from ..imaging import ImageCache
from ..progress import step
from ..project import Project
from .html import CompilationImages, HtmlWriter
from ..summary import COMPILATION, Summary
from .outline import build_outline


@dataclass(frozen=True)
class Compiled:
    out: Path
    pages: int | None


def compile_document(
    project: Project, root: Path, out: Path, fmt: str, studio: str | None = None, year: int | None = None,
    group_by: str = "year", pdf_a: bool = False, build_dir: Path | None = None,
) -> Compiled:
    outline = build_outline(Summary(project, COMPILATION), studio=studio, year=year, group_by=group_by)
    cache = ImageCache((build_dir or root / "build") / "media-cache")
    images = CompilationImages(outline, root, cache)
    with atomic_output(out) as partial:  # the old file stays until the new one is complete
        if fmt == "html":
            partial.write_text(HtmlWriter(outline, images, embed=True).render(), encoding="utf-8")
            pages = None
        else:
            from .pdf import render_pdf

            with step("排版（WeasyPrint）"):
                result = render_pdf(outline, images, root, partial if fmt == "pdf" else None, pdf_a=pdf_a)
            pages = result.pages
            if fmt == "docx":
                from .docx import DocxWriter

                with step("生成 Word 文档"):
                    DocxWriter(outline, images, result.page_of).write(partial)
    return Compiled(out, pages)
