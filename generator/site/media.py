"""Which files the site publishes, under which safe names, and the HTML that shows them.

Images are published only as their variants (see `generator.imaging`):
`<picture>` with WebP and a JPEG/PNG fallback, `srcset`, width and height set
(no layout shift), lazy loading, and a link to the display size for the
lightbox. Attachments are copied under safe names and listed with type and size.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..bodies import Body
from ..files import windows_reserved
from ..imaging import WIDTHS, ImageCache, Variants
from ..media import IMAGE_TYPES, ImageProblem, contained_file, relative_url, resolve_ref
from ..render import HREF, as_engine_markdown, content_html, page_link, rewrite_images
from ..summary import Summary
from ..text import human_size
from ..video import VIDEO_TYPES, is_video

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def safe_stem(stem: str) -> str:
    """A file name any server, zip tool and Windows copy accept; distinct names stay distinct."""
    if _SAFE.match(stem) and len(stem) <= 80 and not windows_reserved(stem):
        return stem
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")[:40]
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_part}-{digest}" if ascii_part else f"file-{digest}"


def published_stems(images: list[str], attachments: list[str]) -> dict[str, str]:
    """Each source file's published name, unique in its folder even where only case or the
    extension tells two sources apart (`A.jpg`/`a.jpg` on Windows, `dup.jpg`/`dup.png`,
    whose variants would share names): the later one, in sorted order, gets its path's digest."""
    stems: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    for rel, is_image in [*((r, True) for r in images), *((r, False) for r in attachments)]:
        folder, name = posixpath.split(rel)
        stem = safe_stem(name.rpartition(".")[0] if "." in name else name)
        ext = "" if is_image or "." not in name else "." + name.rpartition(".")[2].lower()
        key = (folder, (stem + ext).lower())
        if key in taken:
            stem = f"{stem[:60]}-{hashlib.sha256(rel.encode('utf-8')).hexdigest()[:8]}"
            key = (folder, (stem + ext).lower())
        taken.add(key)
        stems[rel] = stem
    return stems


@dataclass(frozen=True)
class Attachment:
    url: str  # tree path
    ext: str
    size: str


@dataclass(frozen=True)
class Poster:
    url: str  # tree path of the poster frame (JPEG), beside its video
    file: Path  # in the media cache
    width: int
    height: int


@dataclass
class PublishedMedia:
    """Every file the site shows, planned from the public entries only."""

    summary: Summary
    root: Path
    cache: ImageCache
    images: dict[str, Variants] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)  # source → its published name (without extension)
    posters: dict[str, Poster] = field(default_factory=dict)  # video source → its poster frame
    videos: dict[str, Path] = field(default_factory=dict)  # video source → its copy without metadata

    def plan(self) -> "PublishedMedia":
        wanted: set[str] = {target for ref in self.summary.project.site_references()
                            if (target := resolve_ref(ref.rel, ref.src))}
        for studio in self.summary.studios:
            refs = [*studio.bundle.references(), *(ref for entry in studio.entries for ref in entry.references())]
            for ref in refs:
                if target := resolve_ref(ref.rel, ref.src):
                    wanted.add(target)
        wanted = {rel for rel in wanted if contained_file(self.root, rel)}  # nothing through a link that leads out
        images = sorted(rel for rel in wanted if Path(rel).suffix.lower() in IMAGE_TYPES)
        variants = self.cache.variants([self.root / rel for rel in images])
        self.images = {rel: variants[self.root / rel] for rel in images}
        self.stems = published_stems(images, sorted(wanted - set(images)))
        for rel in sorted(wanted - set(images)):
            folder, name = posixpath.split(rel)
            ext = name.rpartition(".")[2] if "." in name else ""
            url = posixpath.join(folder, self.stems[rel] + (f".{ext.lower()}" if ext else ""))
            self.attachments[rel] = Attachment(url, (ext or "文件").upper(), human_size((self.root / rel).stat().st_size))
            if f".{ext.lower()}" in VIDEO_TYPES:
                self._video(rel, url)
        return self

    def _video(self, rel: str, url: str) -> None:
        """A video plays from a copy without its metadata, its poster frame drawn by ffmpeg
        (both once per content). A video the checker would refuse is not published at all."""
        from PIL import Image

        try:
            path = self.cache.poster(self.root / rel)
            self.videos[rel] = self.cache.published_video(self.root / rel)
        except ImageProblem:
            del self.attachments[rel]
            return
        with Image.open(path) as frame:
            width, height = frame.size
        self.posters[rel] = Poster(url.rpartition(".")[0] + ".poster.jpg", path, width, height)

    # --- files for the tree --------------------------------------------------------

    def emblem_url(self) -> str | None:
        """The school's emblem as the header shows it (the small size, without metadata), if published."""
        emblem = self.summary.project.site_model.emblem
        target = resolve_ref(self.summary.project.site.rel, emblem) if emblem and self.summary.project.site else None
        variants = self.images.get(target or "")
        return self.image_url(target, WIDTHS[1], variants.fallback) if variants and target else None

    def image_url(self, rel: str, width: int, ext: str) -> str:
        folder = posixpath.dirname(rel)
        return posixpath.join(folder, f"{self.stems[rel]}.{width}.{ext}")

    def files(self) -> list[tuple[str, Path]]:
        """(tree path, file to copy) for every published file."""
        out = []
        for rel, variants in self.images.items():
            for width in WIDTHS:
                for ext in ("webp", variants.fallback):
                    out.append((self.image_url(rel, width, ext), variants.file(width, ext)))
        for rel, attachment in self.attachments.items():
            out.append((attachment.url, self.videos.get(rel, self.root / rel)))
        out += [(poster.url, poster.file) for poster in self.posters.values()]
        return out

    def video(self, base_rel: str, src: str, caption: str | None, page: str) -> str:
        """A local MP4 as the page plays it: `<video>` with its poster frame, its size set (no
        layout shift), nothing loaded before a visitor presses play; "" when not published."""
        target = resolve_ref(base_rel, src) or ""
        found, poster = self.attachments.get(target), self.posters.get(target)
        if found is None or poster is None:
            return ""
        here = posixpath.dirname(page) or "."
        url, still = relative_url(found.url, here), relative_url(poster.url, here)
        label = html.escape(caption or "视频", quote=True)
        caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return (f'<figure class="sc-video"><video controls preload="none" playsinline poster="{still}" '
                f'width="{poster.width}" height="{poster.height}" aria-label="{label}">'
                f'<source src="{url}" type="video/mp4"><a href="{url}">下载视频（{found.size}）</a></video>{caption_html}</figure>')

    # --- HTML for pages --------------------------------------------------------------

    def picture(self, base_rel: str, src: str, alt: str, page: str, thumb: bool = False, zoom: bool = True,
                css: str = "") -> str:
        """`<picture>` for an image referenced from `base_rel` (root-relative), on tree page `page`."""
        target = resolve_ref(base_rel, src)
        variants = self.images.get(target or "")
        if variants is None:
            return ""
        here = posixpath.dirname(page)

        def url(width: int, ext: str) -> str:
            return relative_url(self.image_url(target, width, ext), here)  # type: ignore[arg-type]

        big, small = WIDTHS
        shown = variants.sizes[small] if thumb else variants.display
        sizes = "(max-width: 600px) 100vw, 480px" if thumb else "(max-width: 1600px) 100vw, 1600px"
        def srcset(ext: str) -> str:
            return ", ".join(f"{url(w, ext)} {variants.sizes[w].width}w" for w in (small, big))

        alt_text = html.escape(alt, quote=True)
        img = (
            f'<picture class="{css}"><source type="image/webp" srcset="{srcset("webp")}" sizes="{sizes}">'
            f'<img src="{url(small if thumb else big, variants.fallback)}" srcset="{srcset(variants.fallback)}" '
            f'sizes="{sizes}" width="{shown.width}" height="{shown.height}" alt="{alt_text}" loading="lazy" decoding="async"></picture>'
        )
        if zoom:
            return f'<a class="sc-zoom" href="{url(big, variants.fallback)}" title="查看大图">{img}</a>'
        return img

    def figure(self, base_rel: str, src: str, caption: str | None, page: str, alt: str = "") -> str:
        picture = self.picture(base_rel, src, caption or alt, page)
        if not picture:
            return ""
        caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f'<figure class="sc-figure-image">{picture}{caption_html}</figure>'

    def attachment(self, base_rel: str, src: str, page: str) -> Attachment | None:
        target = resolve_ref(base_rel, src)
        found = self.attachments.get(target or "")
        if found is None:
            return None
        return Attachment(relative_url(found.url, posixpath.dirname(page)), found.ext, found.size)

    def body(self, base_rel: str, body: Body, page: str, within_html: bool = False,
             caption: Callable[[str], str | None] = lambda src: None) -> str:
        """A Markdown body as the engine gets it: sanitized HTML (see `generator.render`)
        with local images as pictures (a picture on a line of its own as a figure with
        its caption) and local files under their published names. Headings go back to the
        engine as Markdown (for its TOC) unless the body sits inside our own HTML, where
        the engine reads no Markdown."""
        here = posixpath.dirname(page) or "."

        def image(src: str, alt: str, alone: bool) -> str:
            if is_video(src):
                return self.video(base_rel, unquote(src), alt or caption(src), page) or html.escape(alt)
            shown = self.figure(base_rel, src, caption(src), page, alt) if alone else self.picture(base_rel, src, alt, page)
            # a picture the site does not publish (missing, or on another server) shows as its description
            return shown or html.escape(alt)

        def link(match: re.Match[str]) -> str:
            url = html.unescape(match.group(2))
            target = resolve_ref(base_rel, unquote(url))
            if target is not None and target in self.attachments:
                url = relative_url(self.attachments[target].url, here)
            else:
                url = page_link(url) or url
            return match.group(1) + html.escape(url, quote=True) + match.group(3)

        rendered = HREF.sub(link, rewrite_images(content_html(body), image))
        return rendered if within_html else as_engine_markdown(rendered)
