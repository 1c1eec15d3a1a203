"""What media files content may reference, and whether an image really is one.

The limits here are the contract for authors (the checker reports against
them) and for the media pipeline that publishes the files.
"""

from __future__ import annotations

import os
import posixpath
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from .sanitize import url_scheme

IMAGE_TYPES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif"})
ATTACHMENT_TYPES = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip"}) | IMAGE_TYPES
MAX_IMAGE_BYTES = 20 << 20
MAX_ATTACHMENT_BYTES = 50 << 20
MAX_IMAGE_PIXELS = 50_000_000


def relative_url(target: str, start: str = ".") -> str:
    """`posixpath.relpath(target, start)` for two paths inside the site, worked out from the
    strings alone (relpath asks the system for the working folder on every call: 20,000 links
    on a large site)."""
    to = [part for part in posixpath.normpath(target).split("/") if part != "."]
    here = [part for part in posixpath.normpath(start or ".").split("/") if part != "."]
    if ".." in to or ".." in here or not target:
        return posixpath.relpath(target, start or ".")
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def ref_target(base_rel: str, src: str) -> str | None:
    """The root-relative path a local reference in file `base_rel` names, another entry (.md)
    included; None for links to sites, absolute paths and paths leading out of the root."""
    src = src.split("#", 1)[0].split("?", 1)[0]
    if not src or url_scheme(src) is not None or src.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base_rel), src))
    return None if target.startswith("..") else target


def resolve_ref(base_rel: str, src: str) -> str | None:
    """The root-relative path of a file (not another entry) that a reference names, or None
    (see `ref_target`); `check` has already refused anything unsafe."""
    target = ref_target(base_rel, src)
    return None if target is None or target.endswith(".md") else target


def contained_file(root: Path, rel: str) -> Path | None:
    """The file at root-relative `rel`, only if it really lies inside its studio's folder:
    a regular file, not a hard link, reached through no link that leads out. The checker
    reports these cases; every output asks again here, so an unchecked build is safe too.
    The office's own files (the school's emblem) are held to content/ in the same way."""
    parts = rel.split("/")
    if parts[0] == "content" and len(parts) >= 2:
        home = root / "content"
    elif len(parts) >= 3 and parts[0] == "studios":
        home = root / "studios" / parts[1]
    else:
        return None
    path = root / rel
    try:
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        return None
    return path if os.path.realpath(path).startswith(os.path.realpath(home) + os.sep) else None


def local_file(root: Path, base_rel: str, src: str) -> Path | None:
    """The file a reference in `base_rel` names, if it is a safe local file (see above)."""
    rel = resolve_ref(base_rel, src)
    return contained_file(root, rel) if rel else None


def describe_types(types: frozenset[str]) -> str:
    return "、".join(sorted(t.lstrip(".") for t in types))


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    format: str


class ImageProblem(Exception):
    """An image that cannot be used; `code` is a message catalogue code."""

    def __init__(self, code: str, **args: object):
        super().__init__(code)
        self.code = code
        self.args_ = args

    def __reduce__(self):  # crosses process boundaries (parallel probing) with its arguments
        return (_image_problem, (self.code, self.args_))


def _image_problem(code: str, args: dict) -> "ImageProblem":
    return ImageProblem(code, **args)


def probe_image(path: Path) -> ImageInfo:
    """Open the image far enough to know it decodes, without decoding it whole."""
    from PIL import Image, UnidentifiedImageError

    from .imaging import register_heif

    register_heif()

    from PIL import ImageFile

    # Pillow's own bomb guard fires inside open(), before the size is known;
    # we read the header unguarded and apply our (lower) limit before decoding.
    # WeasyPrint switches Pillow to accept truncated files on import: not here.
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageProblem(
                        "E-IMAGE-PIXELS", width=width, height=height,
                        mp=round(width * height / 1e6), limit=MAX_IMAGE_PIXELS // 1_000_000,
                    )
                fmt = image.format or "?"
                if fmt == "JPEG":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
                return ImageInfo(width, height, fmt)
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("E-IMAGE-PIXELS", width="?", height="?", mp="?", limit=MAX_IMAGE_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise ImageProblem("E-IMAGE-DECODE", detail="不是可识别的图片文件") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        detail = "文件不完整（可能只上传了一部分）" if "truncated" in str(exc) else "图片数据已损坏"
        raise ImageProblem("E-IMAGE-DECODE", detail=detail) from None
    finally:
        Image.MAX_IMAGE_PIXELS = guard
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient

