"""Word documents the way a Party office expects them (python-docx).

A4 with Chinese official-document margins, 宋体 body and 黑体 headings set for
East Asian text (`w:eastAsia`), real heading styles, page numbers as a PAGE
field, bordered tables. The compilation and the forms build on `WordDocument`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .files import atomic_output

SERIF, SANS = "宋体", "黑体"
RED = RGBColor(0x9B, 0x1C, 0x1C)
TEXT_WIDTH_CM = 16.3
BODY_SIZE = 12  # points: 小四, the documents' text and table size


def _display_width(text: str) -> float:
    """How wide a cell's longest line is, in Chinese characters: Latin and digits count
    half, and each change between them and Chinese a quarter more (the space Word and
    LibreOffice put there)."""
    def width(line: str) -> float:
        wide = [ord(ch) > 0x2e80 for ch in line]
        return sum(1.0 if w else 0.55 for w in wide) + 0.25 * sum(a != b for a, b in zip(wide, wide[1:]))
    return max(width(line) for line in text.split("\n"))


def width_cm(characters: float, size: float = BODY_SIZE) -> float:
    """The width a cell needs for this many characters of `size` points, padding included."""
    return characters * 0.037 * size + 0.5


def unbroken_width(texts: Sequence[str], size: float = BODY_SIZE) -> float:
    """The width (cm) of a column whose cells must each stay on one line."""
    return max(width_cm(_display_width(t), size) for t in texts)


_SHORT = 9.5  # a column whose longest cell is this many characters or fewer (a full date) is never wrapped


def widths_by_content(rows: Sequence[Sequence[object]], total: float = TEXT_WIDTH_CM, smallest: float = 1.3,
                      size: float = BODY_SIZE) -> list[float]:
    """Column widths (cm) by what each column holds: a short column (序号, a date, a name,
    an amount) gets the width its longest cell needs, so it never breaks; the long ones
    share what is left in proportion to their text."""
    columns = len(rows[0])
    need = [max(_display_width("" if row[c] is None else str(row[c])) for row in rows) for c in range(columns)]
    short = [n <= _SHORT for n in need]
    fixed = [max(smallest, width_cm(n, size)) if s else 0.0 for n, s in zip(need, short)]
    spare = total - sum(fixed)
    long = [min(n, 40.0) if not s else 0.0 for n, s in zip(need, short)]
    if not any(long):  # all short: widen them alike to fill the line
        return [w + spare / columns for w in fixed]
    if spare < width_cm(4, size) * sum(1 for s in short if not s):  # too many short columns: share it all
        wanted = [max(smallest, width_cm(min(n, 12), size)) for n in need]
        return [total * w / sum(wanted) for w in wanted]
    return [f if s else spare * l / sum(long) for f, s, l in zip(fixed, short, long)]


def set_fonts(style_or_run, east_asian: str, latin: str = "Times New Roman", size: float | None = None) -> None:
    font = style_or_run.font
    font.name = latin
    if size:
        font.size = Pt(size)
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def field_char(paragraph, kind: str, dirty: bool = False) -> None:
    """begin / separate / end of a field; a field's result may span paragraphs (the TOC does)."""
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")  # the cached result is a first guess: recompute it
    paragraph.add_run()._r.append(element)


def update_fields_on_open(doc) -> None:
    """Ask Word and WPS to recompute fields (the TOC's page numbers) when the file opens."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.append(element)


def field_start(paragraph, instruction: str, dirty: bool = False) -> None:
    """Begin a field and its instruction; what follows until `separate`... `end` is its cached result."""
    field_char(paragraph, "begin", dirty)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    field_char(paragraph, "separate")


def field(paragraph, instruction: str, result: str = "") -> None:
    """A one-paragraph field (PAGE) whose cached result is `result`."""
    field_start(paragraph, instruction)
    paragraph.add_run(result)
    field_char(paragraph, "end")


def _row_flag(row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _repeat_header(row) -> None:
    _row_flag(row, "w:tblHeader")


def _keep_whole(row) -> None:
    """A row never breaks across pages (a form's box stays one box)."""
    _row_flag(row, "w:cantSplit")


_SHARED_PUNCTUATION = set("“”‘’…—·")


def _east_asian_punctuation(doc) -> None:
    """Quotation marks, ellipses and dashes are shared by Chinese and Western text; Word sets
    them in the Latin font unless told, and they come out half-width. Every run holding one
    is told they are East Asian (`w:hint`), in the body, tables, headers and footers."""
    parts = [doc.element.body] + [part._element for s in doc.sections for part in (s.header, s.footer, s.first_page_header)
                                  if not part.is_linked_to_previous]
    for root in parts:
        for run in root.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if _SHARED_PUNCTUATION & set(text):
                properties = run.get_or_add_rPr()
                fonts = properties.find(qn("w:rFonts"))
                if fonts is None:
                    fonts = OxmlElement("w:rFonts")
                    properties.insert(0, fonts)
                fonts.set(qn("w:hint"), "eastAsia")


def merge_runs(table, column: int) -> None:
    """Merge consecutive body cells of `column` that hold the same text (a year beside its rows)."""
    rows = table.rows[1:]
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].cells[column].text != rows[start].cells[column].text:
            if index - start > 1:
                text = rows[start].cells[column].text
                merged = rows[start].cells[column].merge(rows[index - 1].cells[column])
                merged.text = text
            start = index


class WordDocument:
    """A blank A4 document with the school's styles; subclasses add the content."""

    def __init__(self) -> None:
        self.doc = Document()
        self.setup()

    def setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
        normal = self.doc.styles["Normal"]
        set_fonts(normal, SERIF, size=BODY_SIZE)
        normal.paragraph_format.line_spacing = 1.5
        for level, size in ((1, 18), (2, 15), (3, 13), (4, 12), (5, 12), (6, 12), (7, 12), (8, 12), (9, 12)):
            style = self.doc.styles[f"Heading {level}"]
            set_fonts(style, SANS, size=size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)  # official documents: black 黑体 headings
            style.paragraph_format.keep_with_next = True  # a heading never ends a page

    def running_head(self, text: str) -> None:
        """The volume's name at the head of every page but the cover, with a rule below."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        set_fonts(run, SANS, size=9)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "999999")):
            bottom.set(qn(name), value)
        border.append(bottom)
        paragraph._p.get_or_add_pPr().append(border)

    def footer_page_numbers(self, first_page_too: bool = False) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = not first_page_too  # a cover carries no number
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("— ")
        field(paragraph, "PAGE", "1")
        paragraph.add_run(" —")

    def title(self, text: str, size: float = 22, before: float = 0, east_asian: str = SANS, bold: bool = True):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        run = paragraph.add_run(text)
        set_fonts(run, east_asian, size=size)
        run.bold = bold
        return run

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=min(level, 4))

    def paragraph(self, text: str, indent: bool = True, style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(24)
        if text:
            paragraph.add_run(text)
        return paragraph

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _label_table(self, rows: int, key_width: float):
        """A bordered label | value table across the text width (both widths set on the grid,
        which LibreOffice and WPS read; cells carry them for Word)."""
        table = self.doc.add_table(rows=rows, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (Cm(key_width), Cm(TEXT_WIDTH_CM - key_width))
        for column, width in zip(table.columns, widths):
            column.width = width
        return table, widths

    def table(self, rows: Sequence[tuple[str, str]], key_width: float = 3.5) -> None:
        """Label | value rows, labels bold: the shape of every 基本信息 table."""
        table, widths = self._label_table(0, key_width)
        for key, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = key, value
            _keep_whole(table.rows[-1])
            for cell, width in zip(cells, widths):
                cell.width = width
            for run in cells[0].paragraphs[0].runs:
                run.bold = True
        self.doc.add_paragraph()

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None,
             size: float | None = None):
        """A bordered table with a bold header row that repeats on every page; rows do not split."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            _keep_whole(table.rows[-1])
            for cell, value in zip(cells, row):
                cell.text = "" if value is None else str(value)
        if size:
            for row in table.rows:
                for cell in row.cells:
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(size)
        widths = widths or widths_by_content([header, *rows], **({"size": size} if size else {}))
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths):
                    cell.width = Cm(width)
        self.doc.add_paragraph()
        return table

    def signature_box(self, label: str, lines: Sequence[str], room: int = 4, key_width: float = 4.0) -> None:
        """A review box: the label, room to write, then seal/signature and date lines set
        to the right, as a form is signed."""
        table, widths = self._label_table(1, key_width)
        key, value = table.rows[0].cells
        key.width, value.width = widths
        key.text = label
        for run in key.paragraphs[0].runs:
            run.bold = True
        value.paragraphs[0].text = ""
        for _ in range(room - 1):
            value.add_paragraph()
        for line in lines:
            paragraph = value.add_paragraph(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Cm(1.0)
        _keep_whole(table.rows[0])
        self.doc.add_paragraph()

    def save(self, out: Path, title: str, author: str, day: date | None) -> None:
        """Dated by the content, not the clock, so the same content gives the same document."""
        properties = self.doc.core_properties
        properties.title, properties.author = title, author
        properties.last_modified_by = author
        if day is not None:
            stamp = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
            properties.created = properties.modified = stamp
        _east_asian_punctuation(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        when = (day.year, day.month, day.day, 0, 0, 0) if day and day.year >= 1980 else (1980, 1, 1, 0, 0, 0)
        with atomic_output(out) as partial:
            with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():  # python-docx stamps every part with the clock
                    info = zipfile.ZipInfo(item.filename, when)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(info, source.read(item))
