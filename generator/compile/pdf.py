"""The compilation as PDF (WeasyPrint, embedded CJK fonts), optionally PDF/A-3b with the evidence inside."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..files import safe_file_name
from .html import CompilationImages, HtmlWriter
from .outline import Outline


def local_only():
    """A fetcher for WeasyPrint that reads local files and data: URLs only, so a
    compilation never calls out of the intranet (anything else is left out)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


@dataclass(frozen=True)
class PdfResult:
    pages: int
    page_of: dict[str, int]  # section id → printed page number (for the DOCX table of contents)


def render_pdf(outline: Outline, images: CompilationImages, root: Path, out: Path | None, pdf_a: bool = False) -> PdfResult:
    """Lay out the compilation; write it to `out` when given. Page numbers are those printed."""
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = HtmlWriter(outline, images, embed=False).render()
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=str(root), url_fetcher=local_only()).render(font_config=fonts)
    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    if out is not None:
        options: dict = {}
        if pdf_a:
            options["pdf_variant"] = "pdf/a-3b"
            evidence = []
            for row in outline.attachments:
                path = images.evidence_file(row.entry.rel, row.src)
                if path is not None:
                    source = Path(row.src.rsplit("/", 1)[-1])  # named after the author's file, traceable to it
                    evidence.append(Attachment(filename=str(path), name=safe_file_name(source.stem) + path.suffix,
                                               description=f"{row.studio}：{row.entry.title}：{row.title}"))
            options["attachments"] = evidence
        document.write_pdf(out, **options)
    return PdfResult(len(document.pages), page_of)
