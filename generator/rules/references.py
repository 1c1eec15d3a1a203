"""Every file reference stays inside its studio, exists, and is of an allowed kind.

References are relative to the file that holds them (SPEC §4), so that a
teacher's editor previews the picture exactly as the site will show it.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote

from ..codes import PLACEHOLDER
from ..diagnostics import Diagnostic, diag
from ..project import Reference, body_references
from ..memo import load_memo, save_memo
from ..media import (
    ATTACHMENT_TYPES, IMAGE_TYPES, MAX_ATTACHMENT_BYTES, MAX_IMAGE_BYTES, ImageProblem, describe_types,
    probe_image,
)
from ..sanitize import url_scheme
from ..text import human_size
from ..video import MAX_VIDEO_BYTES, VIDEO_TYPES, probe_video
from . import Context

_DRIVE = re.compile(r"^[a-zA-Z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Resolver:
    """Checks references of one project, probing each image file once."""

    def __init__(self, root: Path):
        self.root = root
        self.probed: dict[Path, ImageProblem | None] = {}
        self.memory = ProbeMemory(_memory_file(root))

    def check(self, ref: Reference, studio_dir: str) -> Iterator[Diagnostic]:
        src = ref.src.strip()
        if PLACEHOLDER in src:
            return  # a template's marker: E-PLACEHOLDER says so at this line
        scheme = url_scheme(src)
        if src.startswith("//") or scheme in ("http", "https", "ftp"):
            if ref.usage == "image":
                yield diag("E-REF-REMOTE", ref.rel, ref.line, src=src)
            elif ref.usage in ("attachment", "entry"):
                yield diag("E-REF-OUTSIDE", ref.rel, ref.line, src=src, detail="这里要写本工作室的文件，不能是网址")
            return  # links to other sites stay plain links
        if ref.usage == "link" and (src.startswith("#") or scheme is not None or not src):
            return  # in-page anchors; mailto:; dangerous schemes are the HTML rule's
        target = unquote(src.split("#", 1)[0].split("?", 1)[0]) if ref.usage == "link" else unquote(src)
        yield from self.check_path(ref, target, studio_dir)

    def check_path(self, ref: Reference, target: str, studio_dir: str) -> Iterator[Diagnostic]:
        def outside(detail: str) -> Diagnostic:
            return diag("E-REF-OUTSIDE", ref.rel, ref.line, src=ref.src, detail=detail)

        if _CONTROL.search(target):
            yield outside("路径中含有不可见的控制字符")
            return
        if "\\" in target:
            yield outside("路径中用了反斜杠“\\”；请改用“/”")
            return
        if target.startswith("/") or _DRIVE.match(target) or url_scheme(target) is not None:
            yield outside("这是绝对路径")
            return
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(ref.rel), target))
        if not (joined + "/").startswith(studio_dir + "/") or joined == studio_dir:
            yield outside("路径中的“..”跳出了工作室文件夹")
            return
        path = self.root / joined
        if not path.is_file() or not _exact_case(path):
            yield diag("E-REF-MISSING", ref.rel, ref.line, src=ref.src)
            return
        real_studio = os.path.realpath(self.root / studio_dir)
        if not os.path.realpath(path).startswith(real_studio + os.sep):
            yield outside("它是一个指向工作室以外的链接（symlink）")
            return
        stat = path.stat()
        if stat.st_nlink > 1:
            yield outside("它是一个硬链接，可能与工作室以外的文件共用内容")
            return
        suffix = path.suffix.lower()
        if ref.usage in ("link", "entry") and suffix == ".md":
            return
        if suffix == ".svg" and ref.usage == "image":
            yield diag("E-IMAGE-SVG", ref.rel, ref.line, src=ref.src)
            return
        allowed = ALLOWED[ref.usage]
        if suffix not in allowed:
            usage = {"image": "作为图片或视频", "attachment": "作为附件", "link": "被链接", "entry": "作为条目"}[ref.usage]
            yield diag(
                "E-REF-TYPE", ref.rel, ref.line, src=ref.src, ext=suffix or "无扩展名", usage=usage,
                allowed=describe_types(allowed),
            )
            return
        limit = MAX_IMAGE_BYTES if suffix in IMAGE_TYPES else MAX_VIDEO_BYTES if suffix in VIDEO_TYPES else MAX_ATTACHMENT_BYTES
        if stat.st_size > limit:
            yield diag("E-REF-SIZE", ref.rel, ref.line, src=ref.src, size=human_size(stat.st_size), limit=human_size(limit))
            return
        if suffix in IMAGE_TYPES or suffix in VIDEO_TYPES:
            problem = self.probe(path)
            if problem is not None:
                yield diag(problem.code, ref.rel, ref.line, src=ref.src, **problem.args_)

    def probe(self, path: Path) -> ImageProblem | None:
        if path not in self.probed:
            key = ProbeMemory.key(path)
            if key in self.memory.data:
                self.probed[path] = self.memory.get(key)
            else:
                self.probed[path] = _probe(path)
                self.memory.put(key, self.probed[path])
        return self.probed[path]

    def prefetch(self) -> None:
        """Decode every studio image not seen before, on all cores: at school scale
        (hundreds of phone photos) this is most of a cold check."""
        keyed = {p: ProbeMemory.key(p) for p in sorted(self.root.glob("studios/*/media/**/*"))
                 if p.suffix.lower() in IMAGE_TYPES and p.is_file() and not p.is_symlink()}
        images = [p for p, key in keyed.items() if key not in self.memory.data]
        if len(images) < 8:
            return
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
            for path, problem in zip(images, pool.map(_probe, images, chunksize=4)):
                self.probed[path] = problem
                self.memory.put(keyed[path], problem)


#: What each use of a file accepts: bodies place pictures and videos, entries attach documents
#: and videos, and an honour's `outcome` or a report's `about` names another entry.
ALLOWED = {
    "image": IMAGE_TYPES | VIDEO_TYPES, "attachment": ATTACHMENT_TYPES | VIDEO_TYPES,
    "link": ATTACHMENT_TYPES | VIDEO_TYPES, "entry": frozenset({".md"}),
}


def _probe(path: Path) -> ImageProblem | None:
    """Whether a picture decodes, or a video is one that browsers on the campus play."""
    try:
        if path.suffix.lower() in VIDEO_TYPES:
            probe_video(path)
        else:
            probe_image(path)
        return None
    except ImageProblem as problem:
        return problem


def _memory_file(root: Path) -> Path:
    """In the user's cache folder, never in the content: checking leaves the repository untouched."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "showcase"
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return base / f"probe-{digest}.json"


class ProbeMemory:
    """What decoding each image found, kept by path, size and modification time, so that a
    repeated check (CI, preview) decodes only new or changed photos. Losing it costs time
    only; a cache folder that cannot be written simply keeps nothing."""

    def __init__(self, file: Path):
        self.file = file
        self.data = load_memo(file)
        self.changed = False

    @staticmethod
    def key(path: Path) -> str:
        info = path.stat()
        return f"{path}|{info.st_size}|{info.st_mtime_ns}"

    def get(self, key: str) -> ImageProblem | None:
        found = self.data.get(key)
        return ImageProblem(found["code"], **found["args"]) if found else None

    def put(self, key: str, problem: ImageProblem | None) -> None:
        self.data[key] = {"code": problem.code, "args": problem.args_} if problem else None
        self.changed = True

    def save(self) -> None:
        if self.changed:
            save_memo(self.file, self.data)


def _exact_case(path: Path) -> bool:
    """True when the name's case matches the file on disk (Windows and macOS forgive, Linux doesn't)."""
    try:
        return path.name in os.listdir(path.parent)
    except OSError:
        return False


def file_references(ctx: Context) -> Iterator[Diagnostic]:
    resolver = _Resolver(ctx.project.root)
    resolver.prefetch()
    yield from _all_references(ctx, resolver)
    resolver.memory.save()


def _all_references(ctx: Context, resolver: "_Resolver") -> Iterator[Diagnostic]:
    for studio in ctx.project.studios:
        for ref in studio.profile_references():
            yield from resolver.check(ref, studio.rel_dir)
        for entry in (*studio.entries, *studio.drafts):  # front matter; bodies below, valid front matter or not
            for ref in entry.front_references():
                yield from resolver.check(ref, studio.rel_dir)
    for ref in ctx.project.site_references():
        yield from _emblem(ref, resolver)
    for source in ctx.project.sources:
        if source.home is None:
            continue
        for body in source.bodies:
            for ref in body_references(source.rel, body):
                yield from resolver.check(ref, source.home)


def _emblem(ref: Reference, resolver: "_Resolver") -> Iterator[Diagnostic]:
    """The school's emblem is a file of content/ named by itself; then checked as any picture is."""
    home = posixpath.dirname(ref.rel)
    name = ref.src.strip()
    if not name or any(mark in name for mark in ("/", "\\", "..")) or url_scheme(name) is not None:
        yield diag("E-EMBLEM-FILE", ref.rel, ref.line, src=ref.src, detail="不是 content/ 文件夹中的文件名")
    elif not (resolver.root / home / name).is_file():
        yield diag("E-EMBLEM-FILE", ref.rel, ref.line, src=ref.src, detail="在 content/ 文件夹中找不到")
    else:
        yield from resolver.check(ref, home)


RULES = [file_references]
