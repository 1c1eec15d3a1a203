"""Local MP4 videos: what the checker accepts, and the poster frame every output shows.

Browsers on the campus play H.264 video with AAC sound in an MP4 file without any
plug-in, so that is the one kind accepted. ffprobe (from ffmpeg) reads what a file
holds; ffmpeg draws the poster frame. Both are looked up when first needed, so
commands that never meet a video do not need them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .media import ImageProblem

VIDEO_TYPES = frozenset({".mp4"})
MAX_VIDEO_BYTES = 200 << 20
MAX_VIDEO_SECONDS = 15 * 60
VIDEO_CODECS = {"h264"}
AUDIO_CODECS = {"aac"}
POSTER_AT_SECONDS = 1.0


def is_video(src: str) -> bool:
    """Whether a reference names a video (by its suffix; the checker has looked inside)."""
    return Path(src.split("#", 1)[0].split("?", 1)[0]).suffix.lower() in VIDEO_TYPES


@dataclass(frozen=True)
class VideoInfo:
    seconds: float
    width: int
    height: int


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ImageProblem("E-VIDEO-TOOL", tool=name)
    return found


def probe_video(path: Path) -> VideoInfo:
    """What the file holds, or the problem that keeps it off the site (a message code)."""
    try:
        run = subprocess.run(
            [_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
            capture_output=True, timeout=60, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImageProblem("E-VIDEO-DECODE", detail="读取超时") from None
    try:
        found = json.loads(run.stdout or b"{}")
    except ValueError:
        found = {}
    streams = found.get("streams") or []
    container = (found.get("format") or {}).get("format_name", "")
    if run.returncode != 0 or not streams or "mp4" not in container:
        raise ImageProblem("E-VIDEO-DECODE", detail="不是可以播放的 MP4 视频文件")
    video = [s for s in streams if s.get("codec_type") == "video"]
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    if not video:
        raise ImageProblem("E-VIDEO-DECODE", detail="文件里没有画面")
    codecs = [s.get("codec_name", "?") for s in video if s.get("codec_name") not in VIDEO_CODECS]
    codecs += [s.get("codec_name", "?") for s in audio if s.get("codec_name") not in AUDIO_CODECS]
    if codecs:
        raise ImageProblem("E-VIDEO-CODEC", codecs="、".join(dict.fromkeys(codecs)))
    try:
        seconds = float((found.get("format") or {}).get("duration") or video[0].get("duration") or 0)
    except ValueError:
        seconds = 0.0
    if seconds > MAX_VIDEO_SECONDS:
        raise ImageProblem("E-VIDEO-LONG", minutes=round(seconds / 60, 1), limit=MAX_VIDEO_SECONDS // 60)
    return VideoInfo(seconds, int(video[0].get("width") or 0), int(video[0].get("height") or 0))


def write_poster(path: Path, out: Path) -> None:
    """The frame a second in (or the first, for a shorter film) as a JPEG: what the page shows
    before the video plays, and what the printed compilation shows instead of it. ffmpeg
    draws it losslessly; Pillow writes the JPEG, with the JFIF header every reader expects."""
    from PIL import Image

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial.png")
    try:
        for at in (POSTER_AT_SECONDS, 0.0):
            run = subprocess.run(
                [_tool("ffmpeg"), "-v", "error", "-y", "-ss", str(at), "-i", str(path), "-frames:v", "1",
                 "-map_metadata", "-1", str(partial)],
                capture_output=True, timeout=120, check=False,
            )
            if run.returncode == 0 and partial.is_file() and partial.stat().st_size:
                with Image.open(partial) as frame:
                    frame.convert("RGB").save(partial.with_suffix(".jpg"), "JPEG", quality=85)
                partial.with_suffix(".jpg").replace(out)
                return
    finally:
        partial.unlink(missing_ok=True)
    raise ImageProblem("E-VIDEO-DECODE", detail="无法取出画面")


def write_published(path: Path, out: Path) -> None:
    """The copy that leaves the office: the same pictures and sound (not re-encoded), without
    the metadata a phone writes (GPS position, device, time) or any other track, and with the
    index at the front so a browser starts playing before the whole file has arrived."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial.mp4")
    run = subprocess.run(
        [_tool("ffmpeg"), "-v", "error", "-y", "-i", str(path), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
         "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart", str(partial)],
        capture_output=True, timeout=600, check=False,
    )
    if run.returncode != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        raise ImageProblem("E-VIDEO-DECODE", detail="无法整理出可发布的副本")
    partial.replace(out)
