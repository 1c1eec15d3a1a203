"""The compilation as an editable Word document (python-docx).

Real heading styles (Word's navigation pane and TOC work), Chinese fonts set for
East Asian text, page numbers in the footer, and a TOC field whose result already
lists every heading with the page number the PDF pass found, so Word, WPS and
LibreOffice show a complete 目录 without updating fields.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, RGBColor
from markdown_it import MarkdownIt

from ..text import chinese_date, cjk_join
from ..word import RED, SANS, SERIF, WordDocument, field_char, field_start, set_fonts
from .html import CompilationImages
from .outline import Outline, Section

_MD = MarkdownIt("commonmark").enable("table")


class DocxWriter(WordDocument):
    def __init__(self, outline: Outline, images: CompilationImages, page_of: dict[str, int]):
        self.outline = outline
        self.images = images
        self.page_of = page_of
        super().__init__()

    # --- styles and page set-up --------------------------------------------------

    def setup(self) -> None:
        super().setup()
        normal = self.doc.styles["Normal"]
        for level in (1, 2, 3):
            name = f"TOC {level}"
            style = self.doc.styles[name] if name in [s.name for s in self.doc.styles] else self.doc.styles.add_style(name, 1)
            style.base_style = normal
            style.paragraph_format.left_indent = Cm(0.8 * (level - 1))
            style.paragraph_format.tab_stops.add_tab_stop(Cm(16.3), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        caption = self.doc.styles["Caption"]
        set_fonts(caption, SERIF, size=10)
        caption.font.italic = False
        caption.font.color.rgb = RGBColor(0x33, 0x33, 0x33)

    # --- front matter -------------------------------------------------------------

    def cover(self) -> None:
        o = self.outline
        for text, size, east, bold, color, before in (
            (o.committee, 16, SANS, False, None, 120), (o.title, 36, SANS, True, RED, 60),
            (o.subtitle, 18, SANS, False, None, 30), (o.school, 14, SERIF, False, None, 180),
            (chinese_date(o.day), 14, SERIF, False, None, 6),
        ):
            run = self.title(text, size=size, before=before, east_asian=east, bold=bold)
            if color:
                run.font.color.rgb = color
        self.page_break()

    def toc(self) -> None:
        title = self.doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run("目　录")
        set_fonts(run, SANS, size=18)
        run.bold = True
        entries = [s for s in self.outline.sections() if s.level <= 3]
        for index, section in enumerate(entries):
            paragraph = self.doc.add_paragraph(style=f"TOC {section.level}")
            if index == 0:
                field_start(paragraph, 'TOC \\o "1-3" \\h \\z \\u')
            paragraph.add_run(f"{section.title}\t{self.page_of.get(section.id, '')}")
            if index == len(entries) - 1:
                field_char(paragraph, "end")
        self.page_break()

    # --- content ------------------------------------------------------------------------

    def picture(self, path: Path, caption: str | None) -> None:
        self.doc.add_picture(str(path), width=Cm(14))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if caption:
            paragraph = self.doc.add_paragraph(f"图　{caption}", style="Caption")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def markdown(self, entry) -> None:
        """Headings, paragraphs, lists, tables, emphasis and pictures of a Markdown body."""
        tokens = _MD.parse(cjk_join(entry.body))
        list_style: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open":
                inline = tokens[index + 1]
                paragraph = self.paragraph("", indent=False)
                run = paragraph.add_run(inline.content)
                run.bold = True
                set_fonts(run, SANS)
                index += 3
                continue
            if token.type in ("bullet_list_open", "ordered_list_open"):
                list_style.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                list_style.pop()
            elif token.type == "table_open":
                index = self.md_table(tokens, index)
                continue
            elif token.type == "inline":
                self.inline(token, entry, list_style[-1] if list_style else None)
            index += 1

    def inline(self, token, entry, style: str | None) -> None:
        paragraph = self.paragraph("", indent=style is None, style=style)
        bold = italic = False
        for child in token.children or ():
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type == "em_open":
                italic = True
            elif child.type == "em_close":
                italic = False
            elif child.type in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold, run.italic = bold, italic
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run().add_break()
            elif child.type == "image":
                path = self.images.path(entry.rel, child.attrGet("src") or "")
                if path is not None:
                    self.picture(path, child.content or None)

    def md_table(self, tokens, index: int) -> int:
        rows: list[list[str]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                rows[-1].append(token.content)
            index += 1
        if rows:
            table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            self.doc.add_paragraph()
        return index + 1

    def entry(self, section: Section) -> None:
        e = section.entry
        summary = self.outline.summary
        self.heading(section.title, 4)
        rows = [("工作室", summary.studio_name(e.studio)), ("日期", chinese_date(e.meta.date)),
                ("成果形式", e.form.label + ("（代表性成果）" if e.meta.representative else "")),
                ("建设任务", "、".join(t.label for t in e.meta.tasks))]
        if e.meta.indicators:
            rows.append(("对应指标", "；".join(
                f"{code} {summary.indicators[code].title}" if code in summary.indicators else code for code in e.meta.indicators)))
        if e.meta.level:
            rows.append(("级别", e.meta.level.label))
        if e.meta.people:
            rows.append(("参与人员", "、".join(e.meta.people)))
        self.table(rows)
        if e.meta.summary:
            self.paragraph(cjk_join(e.meta.summary), indent=False).runs[0].italic = True
        for image in e.meta.images:
            path = self.images.path(e.rel, image.src)
            if path is not None:
                self.picture(path, image.caption)
        self.markdown(e)
        if e.meta.attachments:
            names = "；".join(a.title or a.src.rsplit("/", 1)[-1] for a in e.meta.attachments)
            self.paragraph(f"附件：{names}", indent=False)

    def part(self, part: Section) -> None:
        self.heading(part.title, 1)
        summary = self.outline.summary
        if part.kind == "overview":
            self.paragraph(f"本汇编收录 {len(summary.studios)} 个工作室的建设成果，各工作室按“工作总结报告、分年度成果”的顺序编排。")
            for studio in summary.studios:
                self.paragraph(f"{studio.profile.name}：{studio.profile.status.label}，成果 {len(studio.outcomes)} 项。", indent=False)
        elif part.kind == "appendix":
            table = self.doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("序号", "工作室", "所属成果", "附件")):
                cell.text = text
            for number, row in enumerate(self.outline.attachments, start=1):
                cells = table.add_row().cells
                for cell, text in zip(cells, (str(number), row.studio, row.entry.title, row.title)):
                    cell.text = text
        else:
            for chapter in part.children:
                self.heading(chapter.title, 2)
                if chapter.kind == "report":
                    self.markdown(chapter.entry)
                    continue
                for group in chapter.children:
                    if group.kind == "entry":
                        self.entry(group)
                        continue
                    self.heading(group.title, 3)
                    for item in group.children:
                        self.entry(item)
        self.page_break()

    def write(self, out: Path) -> None:
        self.footer_page_numbers()
        self.cover()
        self.toc()
        for part in self.outline.parts:
            self.part(part)
        self.save(out, self.outline.running_head, self.outline.committee, self.outline.day)
