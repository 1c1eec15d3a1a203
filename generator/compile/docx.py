"""The compilation as an editable Word document (python-docx).

Real heading styles (Word's navigation pane and TOC work), Chinese fonts set for
East Asian text, page numbers in the footer, and a TOC field whose result already
lists every heading with the page number the PDF pass found, so Word, WPS and
LibreOffice show a complete 目录 without updating fields.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor
from ..codes import EntryKind
from ..render import content_html
from ..text import chinese_date, cjk_join
from ..word import RED, SANS, SERIF, WordDocument, field_char, field_start, set_fonts, update_fields_on_open
from .html import CompilationImages, attachment_names, printed_caption, shown_files, video_attachments
from .outline import Outline, Section
from .wordbody import BodyWriter


class DocxWriter(WordDocument):
    def __init__(self, outline: Outline, images: CompilationImages, page_of: dict[str, int]):
        self.outline = outline
        self.images = images
        self.page_of = page_of
        self.figures = 0
        super().__init__()

    # --- styles and page set-up --------------------------------------------------

    def setup(self) -> None:
        super().setup()
        normal = self.doc.styles["Normal"]
        for level in (1, 2, 3, 4):
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
        """As the PDF's: the committee, the programme's full title, the studio of a per-studio
        volume, and at the foot who issues it and when."""
        o = self.outline
        lines = [(o.committee, 16, SANS, False, None, 120), ("“双带头人”教师党支部书记工作室", 24, SANS, True, RED, 60),
                 ("建设成果汇编", 34, SANS, True, RED, 12)]
        if o.subtitle:
            lines.append((o.subtitle, 18, SANS, False, None, 30))
        lines += [(f"{o.issuer}　编", 14, SANS, False, None, 200 if not o.subtitle else 160),
                  (chinese_date(o.day), 14, SANS, False, None, 6)]
        for text, size, east, bold, color, before in lines:
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
        note = self.paragraph("页码按本文档的实际排版，在 Word、WPS 中打开时自动更新；LibreOffice 中可用“工具—更新—全部更新”。",
                              indent=False)
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in note.runs:
            piece.font.size = Pt(9)
        update_fields_on_open(self.doc)
        entries = list(self.outline.sections())  # every article, as in the PDF
        for index, section in enumerate(entries):
            paragraph = self.doc.add_paragraph(style=f"TOC {section.level}")
            if index == 0:
                field_start(paragraph, 'TOC \\o "1-4" \\h \\z \\u', dirty=True)
            paragraph.add_run(f"{section.title}\t{self.page_of.get(section.id, '')}")
            if index == len(entries) - 1:
                field_char(paragraph, "end")
        self.page_break()

    # --- content ------------------------------------------------------------------------

    def picture(self, path: Path, caption: str | None) -> None:
        """A picture no higher than half a page (a portrait photo leaves no page blank), with
        its caption numbered through the volume as in the PDF."""
        from PIL import Image

        with Image.open(path) as image:
            ratio = image.height / image.width if image.width else 1
        width = min(14.0, 12.0 / ratio) if ratio else 14.0
        self.doc.add_picture(str(path), width=Cm(width))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = bool(caption)
        if caption:
            self.figures += 1
            paragraph = self.doc.add_paragraph(f"图{self.figures}　{caption}", style="Caption")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def qr(self, entry) -> None:
        """As in the PDF: the QR code of the entry's page and its address."""
        address = self.outline.summary.page_address(entry)
        if address is None:
            return
        self.doc.add_picture(str(self.images.qr_code(address)), width=Cm(2.4))
        paragraph = self.paragraph(f"扫码或访问以下网址，查看网页版（含照片和附件）：{address}", indent=False)
        for run in paragraph.runs:
            run.font.size = Pt(9)

    def body(self, entry, heading_base: int) -> None:
        """The entry's body from the same sanitized HTML the PDF shows."""
        BodyWriter(self, lambda src: self.images.path(entry.rel, src), heading_base,
                   caption=lambda src: printed_caption(entry, src), figure=self.picture).write(content_html(entry.body))

    def entry(self, section: Section) -> None:
        e = section.entry
        self.heading(section.title, 4)
        self.table([(fact.label, fact.text) for fact in self.outline.summary.facts(e)])
        if e.meta.summary:
            self.paragraph(cjk_join(e.meta.summary), indent=False)
        self.pictures(e, shown_files(e))
        self.body(e, heading_base=5)
        self.pictures(e, video_attachments(e))
        self.qr(e)
        if e.meta.attachments:
            self.paragraph(f"附件：{attachment_names(e)}", indent=False)

    def pictures(self, entry, shown: list[tuple[str, str | None]]) -> None:
        for src, caption in shown:
            if (path := self.images.path(entry.rel, src)) is not None:
                self.picture(path, caption)

    def signoff(self, report, branch: str) -> None:
        """As a document ends: the enclosures, then the issuer and the date on the right."""
        meta = report.meta
        if meta.enclosures:
            paragraph = self.paragraph("附件：" + "\n".join(meta.enclosure_lines), indent=False)
            paragraph.paragraph_format.left_indent = Pt(36)
            paragraph.paragraph_format.first_line_indent = Pt(-36)
            paragraph.paragraph_format.space_before = Pt(18)
        if meta.signs_off:
            text = (meta.issuer or branch) + (f"\n{chinese_date(meta.date)}" if meta.date else "")
            paragraph = self.paragraph(text, indent=False)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.space_before = Pt(24)

    def listing(self, chapter: Section) -> None:
        """News and records as one table, as the PDF prints them."""
        records = chapter.items[0].kind is EntryKind.RECORD
        if records:
            self.grid(("序号", "日期", "类型", "标题", "材料"),
                      [(n, chinese_date(e.meta.date), e.meta.type.label, e.title, attachment_names(e))
                       for n, e in enumerate(chapter.items, start=1)], widths=(1.2, 3.0, 2.6, 5.2, 4.3), size=10)
        else:
            self.grid(("序号", "日期", "标题", "摘要"),
                      [(n, chinese_date(e.meta.date), e.title, e.meta.summary or "") for n, e in enumerate(chapter.items, start=1)],
                      widths=(1.2, 3.0, 5.0, 7.1), size=10)

    def part(self, part: Section) -> None:
        self.heading(part.title, 1)
        summary = self.outline.summary
        if part.kind == "overview":
            self.paragraph(f"本汇编收录 {len(summary.studios)} 个工作室的建设成果，各工作室按“{self.outline.arrangement}”的顺序编排。")
            for studio in summary.studios:
                self.paragraph(f"{studio.profile.name}：{studio.profile.status.label}，成果 {len(studio.outcomes)} 项。", indent=False)
        elif part.kind == "appendix":
            self.grid(("序号", "工作室", "所属成果", "附件"),
                      [(n, row.studio, row.entry.title, row.title) for n, row in enumerate(self.outline.attachments, start=1)],
                      widths=(1.4, 5.0, 5.4, 4.5))
        else:
            for index, chapter in enumerate(part.children):
                if chapter.kind == "report" and index:
                    self.page_break()  # each report starts a page, as in the PDF
                self.heading(chapter.title, 2)
                if chapter.kind == "report":
                    if chapter.entry.title != chapter.title:
                        self.title(chapter.entry.title, size=13, before=6)
                    self.body(chapter.entry, heading_base=3)
                    self.signoff(chapter.entry, part.studio.profile.branch)
                    continue
                if chapter.kind == "listing":
                    self.listing(chapter)
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
        self.running_head(self.outline.running_head)
        self.cover()
        self.toc()
        for part in self.outline.parts:
            self.part(part)
        self.save(out, self.outline.running_head, self.outline.committee, self.outline.day)
