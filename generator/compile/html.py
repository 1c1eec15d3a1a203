"""The compilation as one printable HTML document (also WeasyPrint's input for the PDF)."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..codes import EntryKind
from ..escape import plain
from ..files import atomic_output
from ..imaging import WIDTHS, ImageCache, Variants
from ..models import SCANNED_FIELDS
from ..media import IMAGE_TYPES, ImageProblem, contained_file, resolve_ref
from ..render import content_html, rewrite_images
from ..text import chinese_date, cjk_join, money, print_spacing, print_spacing_html
from ..video import VIDEO_TYPES, is_video
from .outline import Outline


class CompilationImages:
    """Display variants (print resolution) of every image the compilation shows."""

    def __init__(self, outline: Outline, root: Path, cache: ImageCache):
        self.root = root
        self.cache = cache
        wanted: set[str] = set()
        videos: set[str] = set()
        for section in outline.sections():
            entry = section.entry
            if entry is None:
                continue
            for ref in entry.references():
                target = resolve_ref(entry.rel, ref.src) or ""
                suffix = Path(target).suffix.lower()
                if suffix in VIDEO_TYPES:
                    videos.add(target)
                elif ref.usage in ("image", "attachment") and suffix in IMAGE_TYPES:  # a certificate may be a scan
                    wanted.add(target)
        wanted = {rel for rel in wanted if contained_file(root, rel)}
        found = cache.variants([root / rel for rel in sorted(wanted)])
        self.variants: dict[str, Variants] = {rel: found[root / rel] for rel in sorted(wanted)}
        self.posters: dict[str, Path] = {}  # a video prints as its poster frame, with the page's QR code
        for rel in sorted(videos):
            if (path := contained_file(root, rel)) is not None:
                try:
                    self.posters[rel] = cache.poster(path)
                except ImageProblem:
                    pass  # the checker names it; the volume prints without the frame

    def qr_code(self, address: str) -> Path:
        """A QR code (PNG) of `address`, made once and kept in the media cache by address:
        encoding one in pure Python costs milliseconds, and a province's volume prints thousands.
        The mask is fixed: choosing the best one costs more than it gives a printed code."""
        path = self.cache.folder / "qr-codes" / f"{hashlib.sha256(address.encode('utf-8')).hexdigest()[:32]}.png"
        if not path.is_file():
            import segno

            with atomic_output(path) as partial:
                segno.make(address, error="m", mask=0, boost_error=False).save(str(partial), kind="png", scale=6, border=2)
        return path

    def evidence_file(self, base_rel: str, src: str) -> Path | None:
        return self.cache.evidence_file(self.root, base_rel, src)

    def path(self, base_rel: str, src: str) -> Path | None:
        """The file printed for a picture, a scanned certificate or a video's poster frame."""
        target = resolve_ref(base_rel, src) or ""
        if target in self.posters:
            return self.posters[target]
        variants = self.variants.get(target)
        return variants.file(WIDTHS[0], variants.fallback) if variants else None


def printed_caption(entry, src: str, alt: str = "") -> str | None:
    """A picture's caption in print; paper cannot play a video, so its frame says where to watch it."""
    caption = entry.caption_of(src)
    return f"视频：{caption or alt or '视频'}（扫码观看）" if is_video(src) else caption


def shown_files(entry) -> list[tuple[str, str]]:
    """(src, caption) of the scans and videos an entry prints besides its body's pictures."""
    found = [(src, f"{entry.title}（{label}）") for name, label in SCANNED_FIELDS.items() if (src := getattr(entry.meta, name, None))]
    found += [(image.src, image.caption) for image in entry.listed_images()]
    return found


def video_attachments(entry) -> list[tuple[str, str]]:
    return [(a.src, printed_caption(entry, a.src, a.title or a.src.rsplit("/", 1)[-1]) or "")
            for a in entry.meta.attachments if is_video(a.src)]


def attachment_names(entry) -> str:
    return "；".join((a.title or a.src.rsplit("/", 1)[-1]) + ("（视频）" if is_video(a.src) else "") for a in entry.meta.attachments)


def _data_uri(path: Path) -> str:
    mime = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif"}[path.suffix.lstrip(".")]
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One Jinja environment for every writer: the template compiles once per process."""
    env = Environment(
        loader=PackageLoader("generator.compile", "templates"), undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, autoescape=True,
        # one line, no bidi controls, no stretchable space beside a number
        finalize=lambda value: value if isinstance(value, Markup) else print_spacing(plain(value)),
    )
    env.filters.update(cdate=chinese_date, money=money)
    return env


#: A table cell of a few characters (a name, a number, “序号”): kept on one line.
_SHORT_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>([^<]{1,8})</\1>")


class HtmlWriter:
    def __init__(self, outline: Outline, images: CompilationImages, embed: bool):
        self.outline = outline
        self.images = images
        self.embed = embed  # a standalone .html carries its pictures; the PDF pass reads files
        self.env = _environment()
        self.figures = 0  # captions are numbered through the volume, in reading order

    def qr(self, entry) -> Markup:
        """A QR code of the entry's page and its printed address, so that a reader of the paper
        copy can open the photos and attachments (nothing when the entry is not on the site)."""
        address = self.outline.summary.page_address(entry)
        if address is None:
            return Markup("")
        path = self.images.qr_code(address)
        code = _data_uri(path) if self.embed else path.as_uri()
        return Markup('<div class="qr"><img src="{}" alt="本文网页版二维码"><p>扫码或访问以下网址，查看网页版（含照片和附件）：<br>{}</p></div>').format(
            code, address)

    def figure_caption(self, caption: str) -> Markup:
        self.figures += 1
        return Markup(f"图{self.figures}　") + print_spacing(plain(caption))

    def image_url(self, base_rel: str, src: str) -> str | None:
        path = self.images.path(base_rel, src)
        if path is None:
            return None
        return _data_uri(path) if self.embed else path.as_uri()

    def body_html(self, entry) -> str:
        """The sanitized body (authors' HTML gets the allow-list only) with our picture URLs;
        a picture on a line of its own becomes a figure with the caption `images:` gives it."""
        def swap(src: str, alt: str, alone: bool) -> str:
            url = self.image_url(entry.rel, src)
            if not url:
                return html.escape(alt)  # nothing is fetched from elsewhere
            img = f'<img src="{html.escape(url, quote=True)}" alt="{html.escape(alt, quote=True)}">'
            caption = printed_caption(entry, src, alt)
            alone = alone or is_video(src)  # a video's frame stands as a figure, with its caption
            if not alone:
                return img
            shown = f"<figcaption>{self.figure_caption(caption)}</figcaption>" if caption else ""
            return f"<figure>{img}{shown}</figure>"

        body = print_spacing_html(content_html(entry.body))
        return _SHORT_CELL.sub(r'<\1 class="short"\2>\3</\1>', rewrite_images(body, swap))

    def render(self) -> str:
        self.figures = 0
        return self.env.get_template("compilation.html").render(
            o=self.outline, body_html=self.body_html, image_url=self.image_url, cjk=cjk_join, EntryKind=EntryKind,
            figure_caption=self.figure_caption, qr=self.qr, shown_files=shown_files,
            video_attachments=video_attachments, attachment_names=attachment_names,
        )
