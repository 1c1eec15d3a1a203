"""`showcase import-docx`: a Word document becomes a Markdown entry of a studio.

mammoth reads the document's meaning (headings, lists, tables, emphasis,
pictures) and ignores its looks; markdownify writes Markdown. What Word leaves
behind — empty paragraphs, numbering typed by hand, full-width spaces used for
indentation, zero-width characters — is cleaned here. The front matter comes from
the kind's template, with the title and date filled in when the document says
them; everything else keeps its 【请修改】 marker, so `showcase check` points the
author at exactly what is left to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .codes import EntryKind
from .scaffold import ScaffoldError, entry_path, entry_template, title_slug, with_title, write_new, yaml_text
from .text import cjk_join

MAX_DOCX_BYTES = 200 * 1024 * 1024

# Word's, LibreOffice's and WPS's style names (English and Chinese) → meaning.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='标题'] => h1:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
p[style-name='标题 4'] => h4:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='副标题'] => p.subtitle:fresh
p[style-name='Caption'] => p.caption:fresh
p[style-name='caption'] => p.caption:fresh
p[style-name='题注'] => p.caption:fresh
r[style-name='Strong'] => strong
u => em
"""

IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
CONVERTIBLE = {"image/bmp", "image/tiff", "image/x-ms-bmp"}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_INDENT = re.compile(r"^[ \t]*[\u3000\u00a0]+", re.MULTILINE)
_CAPTION = re.compile(r"^\s*(?:图|照片|图片)\s*[0-9０-９一二三四五六七八九十\-.]*\s*[:：.、　 ]?\s*")
_TYPED_NUMBER = re.compile(r"^(\d{1,2})\\?[.．、]\s*(?=\S)")
_TYPED_BULLET = re.compile(r"^[•●○◆◇▪■□➢►·]\s*")
_CN_DATE = re.compile(r"(20\d\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")


# Fields the template fills with a plausible default that only the author can confirm.
TO_REVIEW = {
    EntryKind.OUTCOME: ("type", "tasks", "indicators", "representative", "level"),
    EntryKind.CASE: ("tasks", "indicators", "representative", "level"),
    EntryKind.METHOD: ("tasks", "indicators", "representative", "level"),
    EntryKind.REPORT: ("kind", "year"),
    EntryKind.NEWS: (),
    EntryKind.HONOUR: ("level", "indicators"),
    EntryKind.PRESS: ("indicators",),
    EntryKind.TALK: ("indicators",),
    EntryKind.RECORD: ("type", "indicators"),
}


class ImportProblem(ScaffoldError):
    """A Chinese sentence saying why nothing was imported."""


@dataclass
class Imported:
    path: Path
    media: list[Path] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _open_docx(source: Path) -> bytes:
    if not source.is_file():
        raise ImportProblem(f"找不到文件 {source}。")
    if source.stat().st_size > MAX_DOCX_BYTES:
        raise ImportProblem(f"{source.name} 超过 200 MB，请先在 Word 中压缩图片（文件 → 压缩图片）后再导入。")
    data = source.read_bytes()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportProblem(f"{source.name} 是旧版 Word 文档（.doc）。请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再导入。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ImportProblem(f"{source.name} 不是 Word 文档（.docx）。")
    except zipfile.BadZipFile:
        raise ImportProblem(f"{source.name} 不是有效的 Word 文档（.docx），可能已损坏。请在 Word 中打开后重新保存。") from None
    return data


class _Pictures:
    """Saves each embedded picture into the studio's media folder as it is met."""

    def __init__(self, media_dir: Path, stem: str):
        self.media_dir = media_dir
        self.stem = stem
        self.saved: list[Path] = []
        self.skipped: list[str] = []

    def __call__(self, image) -> dict[str, str]:
        from PIL import Image, UnidentifiedImageError

        kind = (image.content_type or "").lower()
        with image.open() as handle:
            data = handle.read()
        number = len(self.saved) + len(self.skipped) + 1
        ext = IMAGE_TYPES.get(kind)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            if ext is None and kind in CONVERTIBLE:
                with Image.open(io.BytesIO(data)) as picture:
                    buffer = io.BytesIO()
                    picture.save(buffer, "PNG")
                data, ext = buffer.getvalue(), "png"
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            ext = None
        if ext is None:
            self.skipped.append(f"第 {number} 张图片（{kind or '未知格式'}）")
            return {}
        self.media_dir.mkdir(parents=True, exist_ok=True)
        path = self.media_dir / f"{self.stem}-{number}.{ext}"
        while path.exists():  # never overwrite a picture already there
            number += 100
            path = self.media_dir / f"{self.stem}-{number}.{ext}"
        with path.open("xb") as out:
            out.write(data)
        self.saved.append(path)
        return {"src": f"../media/{path.name}", "alt": (image.alt_text or "").strip()}


@dataclass(frozen=True)
class Converted:
    title: str | None
    body: str
    day: date | None  # the first date the text mentions
    notes: list[str]


def docx_to_markdown(data: bytes, pictures: _Pictures) -> Converted:
    """The Markdown of a Word document, with what it says about itself."""
    import mammoth
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    result = mammoth.convert_to_html(
        io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(pictures),
    )
    notes = []
    if any("external" in str(m.message).lower() for m in result.messages):
        notes.append("文档中有链接到外部文件的图片，未导入；请把图片插入（嵌入）到文档中，或直接放入 media/ 后在正文中引用。")
    soup = BeautifulSoup(result.value, "html.parser")
    for img in soup.find_all("img"):
        if not img.get("src"):
            img.decompose()
    _captions(soup)
    for table in soup.find_all("table"):
        anchor = table
        for img in table.find_all("img"):  # a Markdown table cell holds text only: pictures follow the table
            holder = soup.new_tag("p")
            holder.append(img.extract())
            anchor.insert_after(holder)
            anchor = holder
    for cell in soup.find_all(["td", "th"]):
        text = " ".join(p.get_text(" ", strip=True) for p in cell.find_all("p")) or cell.get_text(" ", strip=True)
        cell.clear()
        cell.string = text.replace("|", "｜")
    title = _take_title(soup)
    _typed_headings(soup)
    _demote_headings(soup)
    for subtitle in soup.select("p.subtitle"):
        subtitle.decompose()
    markdown = markdownify(
        str(soup), heading_style="ATX", bullets="-", strip=["span", "a"], table_infer_header=True, escape_misc=False,
    )
    day, whole = _find_date((title or "") + "\n" + soup.get_text("\n"))
    if day is not None and not whole:
        notes.append(f"文档中的日期只写到月份（{day.year}年{day.month}月），date 暂填该月 1 日，请改为实际日期。")
    return Converted(title, _tidy(markdown), day, notes)


_TOP_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")


def _typed_headings(soup) -> None:
    """Headings as Chinese documents type them, in a plain paragraph: “一、背景” is the top
    level, “（一）……” the one below, and a short paragraph all in bold a heading as well."""
    for paragraph in soup.find_all("p"):
        if paragraph.find_parent(["table", "li"]) or paragraph.find("img"):
            continue
        text = paragraph.get_text("", strip=True)
        if not text or len(text) > 40 or text[-1] in "。；;，,：:！？":
            continue
        bold = "".join(b.get_text("", strip=True) for b in paragraph.find_all("strong"))
        if _TOP_NUMBER.match(text):
            level = 1
        elif _SUB_NUMBER.match(text):
            level = 2
        elif bold == text and len(text) <= 30:
            level = 2
        else:
            continue
        paragraph.name = f"h{level}"
        paragraph.string = text


def _demote_headings(soup) -> None:
    """The entry's title is the page's only level-1 heading: the document's own top
    level becomes “## 小标题”, and the levels below follow it."""
    found = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    if not found:
        return
    shift = 2 - min(int(h.name[1]) for h in found)
    for heading in found:
        heading.name = f"h{min(6, int(heading.name[1]) + shift)}"


def _take_title(soup) -> str | None:
    """The first heading; or, as many Chinese documents do it, a short bold first paragraph."""
    first = soup.find(["h1", "h2", "h3", "p", "table", "ul", "ol"])
    heading = soup.find(["h1", "h2", "h3"])
    candidate = None
    if heading is not None and heading.get_text(strip=True):
        candidate = heading
    elif first is not None and first.name == "p":
        text = first.get_text("", strip=True)
        bold = "".join(b.get_text("", strip=True) for b in first.find_all("strong"))
        if text and bold == text and len(text) <= 60:
            candidate = first
    if candidate is None:
        return None
    title = re.sub(r"\s+", " ", candidate.get_text(" ", strip=True))
    candidate.decompose()
    return title


def _captions(soup) -> None:
    """A caption paragraph right after a picture becomes the picture's description."""
    for img in soup.find_all("img"):
        holder = img.find_parent("p") or img
        following = holder.find_next_sibling()
        if following is None or following.name != "p" or following.find("img"):
            continue
        text = following.get_text(" ", strip=True)
        if "caption" in (following.get("class") or []) or (_CAPTION.match(text) and len(text) <= 80):
            img["alt"] = _CAPTION.sub("", text) or text
            following.decompose()


def _tidy(markdown: str) -> str:
    text = markdown.translate(_INVISIBLE).replace("\r\n", "\n")
    text = _INDENT.sub("", text)  # full-width and no-break spaces typed for indentation
    out: list[str] = []
    number = 0
    for line in text.split("\n"):
        line = line.rstrip()
        typed = _TYPED_NUMBER.match(line)
        if typed and not line.startswith("|"):
            number = number + 1 if out and re.match(r"^\d+\. ", out[-1]) else 1
            line = f"{number}. " + line[typed.end():]
        elif _TYPED_BULLET.match(line):
            line = "- " + _TYPED_BULLET.sub("", line)
        if not line and out and re.match(r"^(\d+\.|-) ", out[-1]):
            continue  # typed list items came as separate paragraphs: keep them one list
        if out and re.match(r"^(\d+\.|-) ", line) and out[-1] and not re.match(r"^(\d+\.|-) ", out[-1]):
            out.append("")
        if line and not line.startswith(" ") and not re.match(r"^(\d+\.|-) ", line) and out and re.match(r"^(\d+\.|-) ", out[-1]):
            out.append("")  # a table, a picture or a paragraph after a list is not part of its last item
        out.append(line)
    body = "\n".join(out)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    return cjk_join(body) + "\n"


_CN_MONTH = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月(?!\s*\d)")


def _find_date(text: str) -> tuple[date | None, bool]:
    """The first full date the text gives (“2025年6月20日”, “2025-06-20”); else the first
    month (“（2025年6月）”) as its first day. The flag says whether the day was written."""
    for pattern, whole in ((_CN_DATE, True), (_CN_MONTH, False)):
        for match in pattern.finditer(text):
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)) if whole else 1), whole
            except ValueError:
                continue
    return None, False


_PLACED = re.compile(r"!\[([^\]]+)\]\((\.\./media/[^)\s]+)\)")


def _with_captions(front: str, body: str) -> str:
    """The captions the document gave its pictures (“图1 …” under a picture), as `images:`
    in the front matter, where the site and the compilation number them as figures."""
    placed = _PLACED.findall(body)
    if not placed:
        return front
    lines = ["images:"] + [f"  - src: {src}\n    caption: {yaml_text(alt)}" for alt, src in placed]
    return re.sub(r"^(?=visibility:)", "\n".join(lines) + "\n", front, count=1, flags=re.MULTILINE)


def import_docx(root: Path, source: Path, studio: str, kind: EntryKind, slug: str | None, today: date) -> Imported:
    data = _open_docx(source)
    probe_path = entry_path(root, kind, studio, slug, today)  # validates the studio and the slug early
    media_dir = root / "studios" / studio / "media"
    pictures = _Pictures(media_dir, probe_path.stem)
    try:
        converted = docx_to_markdown(data, pictures)
    except Exception as exc:  # mammoth on a malformed document
        for path in pictures.saved:
            path.unlink(missing_ok=True)
        raise ImportProblem(f"无法读取 {source.name} 的内容（{type(exc).__name__}）。请在 Word 中打开后“另存为”.docx 再试。") from None
    title, body, notes, found_day = converted.title, converted.body, converted.notes, converted.day
    for picture in list(pictures.saved):
        if f"../media/{picture.name}" not in body:  # e.g. inside a text box mammoth does not place
            picture.unlink(missing_ok=True)
            pictures.saved.remove(picture)
    day = found_day or today
    named = None if slug is not None else title_slug(title, day)
    as_probed = slug is not None or (named is None and found_day is None)  # nothing to name it by
    path = probe_path if as_probed else entry_path(root, kind, studio, None, day, base=named)
    if path != probe_path:
        for index, old in enumerate(list(pictures.saved)):
            renamed = old.with_name(old.name.replace(probe_path.stem, path.stem, 1))
            if renamed.exists():
                continue  # keep the first name rather than overwrite a picture already there
            old.rename(renamed)
            body = body.replace(f"../media/{old.name}", f"../media/{renamed.name}")
            pictures.saved[index] = renamed
    head = entry_template(root, kind, day)
    front, _, _ = with_title(head, title).partition("\n---\n")
    front = _with_captions(front, body)
    text = front + "\n---\n\n" + body
    to_fill = [m.group(1) for m in re.finditer(r"^(\w+):.*【请修改】", front, re.MULTILINE)]
    to_fill += [key for key in TO_REVIEW[kind] if re.search(rf"^{key}:", front, re.MULTILINE)]
    if found_day is None:
        notes.append(f"文档中没有找到日期，date 暂填导入当天（{today.isoformat()}），请改为成果的实际日期。")
    if pictures.skipped:
        notes.append("、".join(pictures.skipped) + " 不是网页能显示的格式（如 WMF/EMF 矢量图），未导入；请在 Word 中把它另存为 PNG 图片，放入 media/ 后在正文中引用。")
    try:
        write_new(root, path, text)
    except ScaffoldError:
        for picture in pictures.saved:
            picture.unlink(missing_ok=True)
        raise
    return Imported(path=path, media=pictures.saved, to_fill=to_fill, notes=notes)
