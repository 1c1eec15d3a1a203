"""Published image variants: upright, without metadata, resized, cached by content.

Every image referenced by published content becomes a display variant and a
thumbnail, each as WebP plus a JPEG (or PNG, for transparency; GIF for GIFs)
fallback. Nothing of the original's metadata is carried over: Pillow writes
only what it is given, and it is given pixels. Variants are cached under a key
made of the source's bytes and the variant settings, so a rebuild renders only
new or changed images; cold work is spread over the cores.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .media import IMAGE_TYPES, ImageProblem, local_file
from .memo import load_memo, save_memo
from . import video as video_tools
from .progress import step

WIDTHS = (1600, 480)  # display, thumbnail
WEBP_QUALITY = 80
WEBP_METHOD = 2  # encoder effort: 1.5× faster than 4 for ~6% larger files (measured, docs/benchmarks.md)
JPEG_QUALITY = 84
SETTINGS = f"v3 widths={WIDTHS} webp={WEBP_QUALITY}/{WEBP_METHOD} jpeg={JPEG_QUALITY}"


@dataclass(frozen=True)
class Size:
    width: int
    height: int


@dataclass(frozen=True)
class Variants:
    """The cached files of one source image."""

    folder: Path
    fallback: str  # "jpg", "png" or "gif"
    sizes: dict[int, Size]  # requested width → actual size (never upscaled)

    def file(self, width: int, ext: str) -> Path:
        return self.folder / f"{width}.{ext}"

    @property
    def display(self) -> Size:
        return self.sizes[WIDTHS[0]]


def register_heif() -> None:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC then fails with a clear "not an image" from the checker
        pass


def content_key(data: bytes) -> str:
    return hashlib.sha256(SETTINGS.encode() + b"\0" + data).hexdigest()


def _stamp(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ino


@lru_cache(maxsize=65536)
def _key_of(path: str, size: int, mtime_ns: int, inode: int) -> str:
    """The content key, hashed once per file version within a process (site, printables
    and compilation all ask for the same photos)."""
    return content_key(Path(path).read_bytes())


class _KeyMemory:
    """Content keys remembered across builds per file version (path, size, time, inode),
    as make and ninja trust a file's stamp: a warm build then reads no photo at all."""

    def __init__(self, path: Path):
        self.path = path
        self.known = {k: v for k, v in load_memo(path).items() if isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v)}
        self.added = False

    def key(self, source: Path) -> str:
        stamp = _stamp(source)
        version = self._version(source.resolve(), stamp)
        key = self.known.get(version)
        if key is None:
            key = self.known[version] = _key_of(str(source), *stamp)
            self.added = True
        return key

    @staticmethod
    def _version(path: Path, stamp: tuple[int, int, int]) -> str:
        return f"{SETTINGS}|{stamp[0]}|{stamp[1]}|{stamp[2]}|{path}"

    def _current(self, version: str) -> bool:
        """Whether the file a remembered version names is still that version."""
        path = Path(version.split("|", 4)[-1])
        try:
            return self._version(path, _stamp(path)) == version
        except OSError:
            return False

    def save(self) -> None:
        if not self.added:
            return
        self.known = {version: key for version, key in self.known.items() if self._current(version)}
        save_memo(self.path, self.known)
        self.added = False


def _flatten(image):
    """Any mode Pillow reads → one the encoders write, keeping transparency."""

    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("P", "LA", "PA"):
        image = image.convert("RGBA")
    elif image.mode in ("CMYK", "YCbCr", "LAB", "HSV", "1"):
        image = image.convert("RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGB")
    return image


def render(source: Path, target: Path) -> None:
    """Write every variant of `source` into the empty folder `target`."""
    from PIL import Image, ImageOps

    register_heif()
    with Image.open(source) as opened:
        fmt = opened.format
        width, height = opened.size
        if fmt == "JPEG":
            # decode at a reduced scale when the display width allows (4000 px → 2000 px is 4× less work)
            rotated = (opened.getexif().get(0x0112) or 1) in (5, 6, 7, 8)
            want = WIDTHS[0]
            if rotated:
                opened.draft("RGB", (math.ceil(want * width / height), want))
            else:
                opened.draft("RGB", (want, math.ceil(want * height / width)))
        opened.seek(0)  # animated images: the first frame
        image = ImageOps.exif_transpose(opened)
        image = _flatten(image)
        # Pillow carries comments, ICC, XMP and text chunks in `info` and writes them
        # back on save; published pixels go out with nothing else.
        image.info = {}
    fallback = "gif" if fmt == "GIF" else ("png" if image.mode == "RGBA" else "jpg")
    sizes: dict[str, dict[str, int]] = {}
    current = image
    for wanted in WIDTHS:  # largest first: each step resizes the previous result
        if current.width > wanted:
            current = current.resize((wanted, max(1, round(current.height * wanted / current.width))), Image.Resampling.LANCZOS)
            current.info = {}
        sizes[str(wanted)] = {"width": current.width, "height": current.height}
        current.save(target / f"{wanted}.webp", "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        if fallback == "jpg":
            current.convert("RGB").save(target / f"{wanted}.jpg", "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        elif fallback == "png":
            current.save(target / f"{wanted}.png", "PNG", optimize=True)
        else:
            current.convert("RGBA" if current.mode == "RGBA" else "RGB").convert("P", palette=Image.Palette.ADAPTIVE).save(target / f"{wanted}.gif", "GIF")
    (target / "manifest.json").write_text(json.dumps({"fallback": fallback, "sizes": sizes}), encoding="utf-8")


def _render_into_cache(source: str, folder: str) -> str:
    """Worker: render into a private folder, then move it into place in one rename."""
    final = Path(folder)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    try:
        render(Path(source), staging)
        try:
            os.rename(staging, final)
        except OSError:  # another build got there first: theirs is identical
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


@dataclass
class Stats:
    rendered: int = 0
    cached: int = 0


class ImageCache:
    """Variants of many images, rendered once per content and settings."""

    def __init__(self, folder: Path, workers: int | None = None):
        self.folder = folder
        self.workers = workers or os.cpu_count() or 1
        self.stats = Stats()
        self._counted: set[Path] = set()  # each source counts once, however often it is asked for
        self._keys = _KeyMemory(folder / "keys.json")

    def holds(self, path: Path) -> bool:
        """Whether `path` is one of this cache's own files."""
        return path.is_relative_to(self.folder)

    def folder_for(self, source: Path) -> Path:
        key = self._keys.key(source)
        return self.folder / key[:2] / key

    def poster(self, video: Path) -> Path:
        """The poster frame of a video (see `generator.video`), drawn once per content."""
        return self._derived(video, "frame.jpg", "取视频封面", video_tools.write_poster)

    def published_video(self, video: Path) -> Path:
        """A video as published: without its metadata (see `generator.video`), made once per content."""
        return self._derived(video, "published.mp4", "整理视频", video_tools.write_published)

    def _derived(self, source: Path, name: str, label: str, make) -> Path:
        path = self.folder_for(source) / name
        self._keys.save()
        if not path.is_file():
            with step(label, 1):
                make(source, path)
        return path

    def evidence_file(self, root: Path, base_rel: str, src: str) -> Path | None:
        """The file an output hands over for reference `src` of file `base_rel` (see
        `handed_over`); None when it is not a contained file or is a video that cannot be read."""
        path = local_file(root, base_rel, src)
        try:
            return self.handed_over(path) if path is not None else None
        except ImageProblem:
            return None  # the checker names it; the output goes without it

    def handed_over(self, path: Path) -> Path:
        """The file an output hands over for `path`: a photo as its re-encoded variant and a
        video as its copy, both without metadata (no GPS position leaves the office); any other
        file as it is. Raises ImageProblem for a video that cannot be read."""
        suffix = path.suffix.lower()
        if suffix in video_tools.VIDEO_TYPES:
            return self.published_video(path)
        if suffix in IMAGE_TYPES:
            variants = self.variants([path])[path]
            return variants.file(WIDTHS[0], variants.fallback)
        return path

    def variants(self, sources: list[Path]) -> dict[Path, Variants]:
        folders = {source: self.folder_for(source) for source in sources}
        self._keys.save()
        missing = sorted({(str(s), str(f)) for s, f in folders.items() if not (f / "manifest.json").is_file()}, key=lambda p: p[1])
        unique = dict((folder, source) for source, folder in missing)  # identical files render once
        new = [s for s in folders if s not in self._counted]
        self._counted.update(new)
        rendering = {source for source, _ in missing}
        self.stats.cached += sum(1 for s in new if str(s) not in rendering)
        self.stats.rendered += len(unique)
        if unique:
            with step("处理图片", len(unique)) as shown:
                if len(unique) > 1 and self.workers > 1:
                    with ProcessPoolExecutor(max_workers=min(self.workers, len(unique))) as pool:
                        for _ in pool.map(_render_into_cache, unique.values(), unique.keys()):
                            shown.advance()
                else:
                    for folder, source in unique.items():
                        _render_into_cache(source, folder)
                        shown.advance()
        out = {}
        for source, folder in folders.items():
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            sizes = {int(k): Size(**v) for k, v in manifest["sizes"].items()}
            out[source] = Variants(folder, manifest["fallback"], sizes)
        return out
