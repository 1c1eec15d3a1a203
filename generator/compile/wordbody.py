"""A rendered, sanitized body written into a Word document.

The DOCX takes the same HTML as the PDF (`generator.render.content_html`), so the
two cannot disagree about what a body says: headings become real heading styles
(Word's navigation pane and outline show them), each numbered list restarts at 1,
admonitions and quotes are set off, tables are real tables, pictures are placed
where the body places them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..word import SANS, WordDocument, set_fonts

_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "div", "pre", "hr", "figure",
           "details", "dl", "picture"}
_GREY = RGBColor(0x55, 0x55, 0x55)


def _restarted_list(doc, style: str, start: int) -> int:
    """A new numbering instance of the style's list, starting at `start`: one per <ol>."""
    numbering = doc.part.numbering_part.numbering_definitions._numbering
    num_id = doc.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _number_paragraph(paragraph, num_id: int) -> None:
    numPr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num_id


def _shade(paragraph, fill: str = "F3F3F3") -> None:
    pPr = paragraph._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    pPr.append(shading)


class BodyWriter:
    """Walks one body's HTML; `picture(src)` answers the file to place for an <img>, or None."""

    def __init__(self, word: WordDocument, picture: Callable[[str], Path | None], heading_base: int,
                 caption: Callable[[str], str | None], figure: Callable[[Path, str | None], None]):
        self.word = word
        self.doc = word.doc
        self.picture = picture
        self.heading_base = heading_base  # the body's <h2> becomes Heading `heading_base`
        self.caption = caption
        self.figure = figure

    def write(self, html: str) -> None:
        soup = BeautifulSoup(html, "html.parser")
        self.blocks(soup, quote=0)

    # --- blocks -------------------------------------------------------------------

    def blocks(self, parent: Tag, quote: int, list_style: str | None = None) -> None:
        loose: list = []  # inline content between blocks (a <div> holding text, say)
        for node in parent.children:
            if isinstance(node, Tag) and node.name in _BLOCKS:
                self.flush(loose, quote)
                loose = []
                self.block(node, quote)
            elif isinstance(node, NavigableString) and not str(node).strip() and not loose:
                continue
            else:
                loose.append(node)
        self.flush(loose, quote)

    def flush(self, nodes: list, quote: int) -> None:
        if any(not isinstance(n, NavigableString) or str(n).strip() for n in nodes):
            paragraph = self.paragraph(quote)
            for node in nodes:
                self.inline(paragraph, node, {})

    def paragraph(self, quote: int, style: str | None = None, indent: bool = True):
        paragraph = self.word.paragraph("", indent=indent and not quote and style is None, style=style)
        if quote:
            paragraph.paragraph_format.left_indent = Cm(0.8 * quote)
            _shade(paragraph)
        return paragraph

    def block(self, node: Tag, quote: int) -> None:
        name = node.name
        if name == "p":
            if node.get("class") and "admonition-title" in node.get("class"):
                paragraph = self.paragraph(quote, indent=False)
                run = paragraph.add_run(node.get_text())
                run.bold = True
                set_fonts(run, SANS)
                return
            self.inline_paragraph(node, quote)
        elif name in ("h2", "h3", "h4", "h5", "h6"):
            level = min(9, self.heading_base + int(name[1]) - 2)
            self.doc.add_heading(node.get_text(" ", strip=True), level=level)
        elif name in ("ul", "ol"):
            self.list(node, quote, depth=1)
        elif name == "table":
            self.table(node)
        elif name in ("blockquote", "details"):
            self.blocks(node, quote + 1)
        elif name == "div" and "admonition" in (node.get("class") or []):
            self.blocks(node, quote + 1)
        elif name == "pre":
            paragraph = self.paragraph(quote, indent=False)
            _shade(paragraph)
            for index, line in enumerate(node.get_text().rstrip("\n").split("\n")):
                if index:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(line)
                run.font.name = "Courier New"
                run.font.size = Pt(10)
        elif name == "hr":
            paragraph = self.paragraph(quote, indent=False)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("＊　＊　＊").font.color.rgb = _GREY
        elif name == "dl":
            for item in node.find_all(["dt", "dd"], recursive=False):
                paragraph = self.paragraph(quote, indent=item.name == "dd")
                for child in item.children:
                    self.inline(paragraph, child, {"bold": item.name == "dt"})
        else:  # div, figure, picture: their content
            self.blocks(node, quote)

    def inline_paragraph(self, node: Tag, quote: int, style: str | None = None):
        meaningful = [c for c in node.children if not (isinstance(c, NavigableString) and not str(c).strip())]
        if len(meaningful) == 1 and isinstance(meaningful[0], Tag) and meaningful[0].name == "img":
            src = meaningful[0].get("src") or ""
            path = self.picture(src)
            if path is not None:  # a picture on a line of its own: a figure, as in the PDF
                self.figure(path, self.caption(src))
                return None
        paragraph = self.paragraph(quote, style=style)
        for child in node.children:
            self.inline(paragraph, child, {})
        return paragraph

    def list(self, node: Tag, quote: int, depth: int) -> None:
        numbered = node.name == "ol"
        style = ("List Number" if numbered else "List Bullet") + ("" if depth == 1 else " 2")
        num_id = None
        if numbered:
            try:
                start = int(node.get("start") or 1)
            except ValueError:
                start = 1
            num_id = _restarted_list(self.doc, style, max(start, 0))
        for item in node.find_all("li", recursive=False):
            paragraph = self.paragraph(quote, style=style)
            if num_id is not None:
                _number_paragraph(paragraph, num_id)
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    self.list(child, quote, depth + 1)
                elif isinstance(child, Tag) and child.name == "p":
                    if paragraph.runs:
                        paragraph.add_run().add_break()
                    for grandchild in child.children:
                        self.inline(paragraph, grandchild, {})
                elif isinstance(child, Tag) and child.name in _BLOCKS:
                    self.block(child, quote + 1)
                else:
                    self.inline(paragraph, child, {})

    def table(self, node: Tag) -> None:
        rows = [tr for tr in node.find_all("tr") if tr.find_parent("table") is node]
        if not rows:
            return
        cells = [[c for c in tr.find_all(["td", "th"], recursive=False)] for tr in rows]
        width = max(len(r) for r in cells)
        header = [c.get_text(" ", strip=True) for c in cells[0]]
        body = [[c.get_text(" ", strip=True) for c in row] for row in cells[1:]]
        if not all(c.name == "th" for c in cells[0]):
            header, body = [""] * width, [[c.get_text(" ", strip=True) for c in row] for row in cells]
        header = header + [""] * (width - len(header))
        body = [r + [""] * (width - len(r)) for r in body]
        self.word.grid(header, body)

    # --- inline -------------------------------------------------------------------

    def inline(self, paragraph, node, style: dict) -> None:
        if isinstance(node, NavigableString):
            text = str(node).replace("\n", " ")
            if text:
                run = paragraph.add_run(text)
                run.bold = style.get("bold") or None
                if style.get("code"):
                    run.font.name = "Courier New"
                if style.get("strike"):
                    run.font.strike = True
                if style.get("underline"):
                    run.underline = True
                if style.get("sub"):
                    run.font.subscript = True
                if style.get("sup"):
                    run.font.superscript = True
                if style.get("emphasis"):
                    # Chinese is emphasised with dots, never slanted (no italic CJK in print)
                    run.element.get_or_add_rPr().append(_emphasis_mark())
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name == "br":
            paragraph.add_run().add_break()
            return
        if name == "img":
            self.image(node)
            return
        inner = dict(style)
        if name in ("strong", "b"):
            inner["bold"] = True
        elif name in ("em", "i"):
            inner["emphasis"] = True
        elif name in ("code", "kbd"):
            inner["code"] = True
        elif name in ("del", "s"):
            inner["strike"] = True
        elif name in ("u", "ins"):
            inner["underline"] = True
        elif name == "sub":
            inner["sub"] = True
        elif name == "sup":
            inner["sup"] = True
        for child in node.children:
            self.inline(paragraph, child, inner)

    def image(self, node: Tag) -> None:
        path = self.picture(node.get("src") or "")
        if path is None:
            alt = node.get("alt") or ""
            if alt:
                self.paragraph(0, indent=False).add_run(f"［图片：{alt}］")
            return
        self.doc.add_picture(str(path), width=Cm(14))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _emphasis_mark():
    mark = OxmlElement("w:em")
    mark.set(qn("w:val"), "dot")
    return mark
