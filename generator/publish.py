"""Publishing a built site: releases side by side, one atomic switch, rollback.

Layout at the destination (a web root on this machine or `host:/path` over ssh):

    DEST/releases/20261123-101500/     one folder per published build
    DEST/releases/20261123-101500.sha256  its manifest (sha256sum format)
    DEST/current -> releases/20261123-101500   what the web server serves

A release is uploaded under a hidden staging name, verified against the
manifest (file count and checksums), renamed, and only then `current` is
switched by renaming a fresh symlink over it. Any failure before that last
rename leaves the live site exactly as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import tarfile
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from .progress import step
from .errors import ShowcaseError

RELEASE_RE = re.compile(r"^\d{8}-\d{6}(-\d+)?$")
MANIFEST_NAME = "SHA256SUMS"


class PublishError(ShowcaseError):
    """A Chinese sentence saying what failed; the live site is unchanged."""


# --- manifests -------------------------------------------------------------------


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def site_manifest(site: Path) -> dict[str, str]:
    """Relative POSIX path → sha256 of every file of a built site, sorted."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    return {p.relative_to(site).as_posix(): file_digest(p) for p in files}


def manifest_text(manifest: dict[str, str]) -> str:
    """`sha256sum -c` reads this back on any server."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in manifest.items())


def parse_manifest(text: str) -> dict[str, str]:
    """The other direction of `manifest_text`: `sha256sum` lines → path → digest."""
    pairs = (line.split("  ", 1) for line in text.splitlines() if "  " in line)
    return {rel: digest for digest, rel in pairs}


def release_name(existing: set[str], now: float | None = None) -> str:
    base = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    name, n = base, 1
    while name in existing:
        n += 1
        name = f"{base}-{n}"
    return name


# --- destinations ------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    files: int
    reused: int  # identical to the live release: linked, not copied


class Destination(ABC):
    """Where releases live. Each step is small so that a failure is easy to place."""

    label: str

    @abstractmethod
    def releases(self) -> list[str]: ...

    @abstractmethod
    def current(self) -> str | None: ...

    @abstractmethod
    def upload(self, site: Path, staging: str, manifest: dict[str, str], previous: str | None) -> Upload: ...

    @abstractmethod
    def verify(self, staging: str, manifest: dict[str, str]) -> None: ...

    @abstractmethod
    def finish(self, staging: str, name: str, manifest: dict[str, str]) -> None:
        """Rename the verified staging folder to its release name and store the manifest."""

    @abstractmethod
    def switch(self, name: str) -> None: ...

    @abstractmethod
    def remove(self, name: str) -> None: ...


class LocalDestination(Destination):
    """A web root on this machine or a mounted share."""

    def __init__(self, dest: Path):
        self.dest = dest.resolve()
        self.label = str(self.dest)
        self.folder = self.dest / "releases"

    def releases(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_dir() and RELEASE_RE.match(p.name))

    def current(self) -> str | None:
        link = self.dest / "current"
        if link.is_symlink():
            return Path(os.readlink(link)).name
        if link.exists():
            raise PublishError(f"{link} 不是符号链接：请先把它改名或移走，再发布（网站服务器应指向 {link}）。")
        return None

    def upload(self, site: Path, staging: str, manifest: dict[str, str], previous: str | None) -> Upload:
        target = self.folder / staging
        if target.exists():
            shutil.rmtree(target)
        live = self.folder / previous if previous else None
        old = _manifest_of(live) if live else {}
        reused = 0
        with step("上传文件", len(manifest)) as shown:
            for rel, digest in manifest.items():
                shown.advance()
                out = target / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                if old.get(rel) == digest and _link(live / rel, out):
                    reused += 1  # unchanged since the live release: linked, nothing copied
                else:
                    shutil.copyfile(site / rel, out)
                    os.chmod(out, 0o644)
        for folder in [target, *(p for p in target.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        return Upload(len(manifest), reused)

    def verify(self, staging: str, manifest: dict[str, str]) -> None:
        _compare(site_manifest(self.folder / staging), manifest)

    def finish(self, staging: str, name: str, manifest: dict[str, str]) -> None:
        (self.folder / f"{name}.sha256").write_text(manifest_text(manifest), encoding="utf-8")
        os.replace(self.folder / staging, self.folder / name)

    def switch(self, name: str) -> None:
        link = self.dest / "current"
        fresh = self.dest / ".current.new"
        if fresh.is_symlink() or fresh.exists():
            fresh.unlink()
        os.symlink(f"releases/{name}", fresh)
        os.replace(fresh, link)  # rename(2) over the old link: atomic for every reader

    def remove(self, name: str) -> None:
        shutil.rmtree(self.folder / name, ignore_errors=True)
        (self.folder / f"{name}.sha256").unlink(missing_ok=True)


def _link(source: Path, target: Path) -> bool:
    """Hard-link an unchanged file; shares without hard links get a copy instead."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _manifest_of(release: Path) -> dict[str, str]:
    sums = release.with_name(release.name + ".sha256")
    if not sums.is_file():
        return {}
    return parse_manifest(sums.read_text(encoding="utf-8"))


def _compare(found: dict[str, str], manifest: dict[str, str]) -> None:
    missing = sorted(set(manifest) - set(found))
    extra = sorted(set(found) - set(manifest))
    changed = sorted(rel for rel in set(found) & set(manifest) if found[rel] != manifest[rel])
    if missing or extra or changed:
        parts = [f"{label} {len(items)} 个（如 {items[0]}）" for label, items in
                 (("缺少", missing), ("多出", extra), ("内容不一致", changed)) if items]
        raise PublishError("上传后核对失败：" + "，".join(parts) + "。")


class SshDestination(Destination):
    """`host:/path` on a web server, reached with rsync and ssh (RSYNC_RSH chooses the ssh)."""

    def __init__(self, host: str, path: str):
        self.host, self.path = host, path.rstrip("/") or "/"
        self.label = f"{host}:{self.path}"
        self.ssh = shlex.split(os.environ.get("RSYNC_RSH", "ssh"))

    def run(self, script: str) -> str:
        folder = shlex.quote(self.path)
        command = [*self.ssh, self.host, f"mkdir -p {folder} && cd {folder} && {script}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
        except FileNotFoundError as exc:
            raise PublishError(f"找不到 {self.ssh[0]} 命令：请安装 openssh-client 和 rsync。") from exc
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or ["（没有说明）"])[-1]
            raise PublishError(f"在 {self.host} 上执行失败：{detail}")
        return done.stdout

    def releases(self) -> list[str]:
        out = self.run("mkdir -p releases && ls -1 releases")
        return sorted(n for n in out.split() if RELEASE_RE.match(n))

    def current(self) -> str | None:
        out = self.run("if [ -L current ]; then readlink current; elif [ -e current ]; then echo NOT-A-LINK; fi").strip()
        if out == "NOT-A-LINK":
            raise PublishError(f"{self.label}/current 不是符号链接：请先把它改名或移走，再发布。")
        return Path(out).name if out else None

    def upload(self, site: Path, staging: str, manifest: dict[str, str], previous: str | None) -> Upload:
        command = ["rsync", "-r", "--delete", "--checksum", "--chmod=D755,F644", "--out-format=%n",
                   "-e", shlex.join(self.ssh)]
        if previous:
            command.append(f"--link-dest=../{previous}")
        command += [f"{site}/", f"{self.host}:{self.path}/releases/{staging}/"]
        try:
            with step("上传文件（rsync）", None):
                done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
        except FileNotFoundError as exc:
            raise PublishError("找不到 rsync 命令：请在本机和网站服务器上都安装 rsync。") from exc
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or ["（没有说明）"])[-1]
            raise PublishError(f"上传失败（rsync）：{detail}")
        sent = sum(1 for line in done.stdout.splitlines() if line and not line.endswith("/"))
        return Upload(len(manifest), len(manifest) - sent)

    def verify(self, staging: str, manifest: dict[str, str]) -> None:
        out = self.run(f"cd releases/{staging} && find . -type f | sed 's|^\\./||' | sort | xargs -r -d '\\n' sha256sum")
        _compare(parse_manifest(out), manifest)

    def finish(self, staging: str, name: str, manifest: dict[str, str]) -> None:
        sums = manifest_text(manifest)
        command = [*self.ssh, self.host, f"cat > {shlex.quote(self.path)}/releases/{name}.sha256"]
        done = subprocess.run(command, input=sums, capture_output=True, text=True, encoding="utf-8")
        if done.returncode != 0:
            raise PublishError(f"无法在 {self.host} 上保存清单：{done.stderr.strip()}")
        self.run(f"mv -T releases/{staging} releases/{name}")

    def switch(self, name: str) -> None:
        self.run(f"ln -sfn releases/{name} .current.new && mv -Tf .current.new current")

    def remove(self, name: str) -> None:
        self.run(f"rm -rf releases/{name} releases/{name}.sha256")


def destination(dest: str) -> Destination:
    """`host:/path` (a colon before any slash, as rsync reads it) or a local folder."""
    head, colon, tail = dest.partition(":")
    if colon and "/" not in head and head and len(head) > 1:
        if not tail:
            raise PublishError(f"“{dest}”缺少服务器上的目录，请写成 主机:/目录，例如 web01:/srv/showcase。")
        return SshDestination(head, tail)
    return LocalDestination(Path(dest))


# --- the two operations -----------------------------------------------------------


@dataclass(frozen=True)
class Published:
    name: str
    previous: str | None
    upload: Upload
    removed: tuple[str, ...]


def publish(site: Path, target: Destination, keep: int = 5, now: float | None = None) -> Published:
    """Upload `site` as a new release, verify it, switch to it, then prune old releases."""
    manifest = site_manifest(site)
    if "index.html" not in manifest:
        raise PublishError(f"{site} 里没有 index.html，不像是生成好的网站，未发布。")
    previous = target.current()
    existing = target.releases()
    name = release_name(set(existing), now)
    staging = f".{name}.partial"
    try:
        upload = target.upload(site, staging, manifest, previous)
        target.verify(staging, manifest)
        target.finish(staging, name, manifest)
    except BaseException:
        target.remove(staging)
        raise
    target.switch(name)
    removed = prune(target, keep, protect={name, previous})
    return Published(name, previous, upload, removed)


def prune(target: Destination, keep: int, protect: set[str | None]) -> tuple[str, ...]:
    releases = target.releases()
    old = [r for r in releases[: max(0, len(releases) - keep)] if r not in protect]
    for name in old:
        target.remove(name)
    return tuple(old)


def rollback(target: Destination, release: str | None = None) -> tuple[str | None, str]:
    """Switch `current` to `release`, or to the release before the current one."""
    releases = target.releases()
    current = target.current()
    if release is None:
        earlier = [r for r in releases if current is None or r < current]
        if not earlier:
            raise PublishError("没有比当前版本更早的版本可以回退。可用的版本：" + ("、".join(releases) or "无"))
        release = earlier[-1]
    elif release not in releases:
        raise PublishError(f"没有版本“{release}”。可用的版本：{'、'.join(releases) or '无'}")
    target.switch(release)
    return current, release


# --- archive for offices that copy files by hand ------------------------------------


def write_archive(site: Path, out: Path, epoch: int) -> str:
    """A reproducible .tar.gz of the site with SHA256SUMS inside; returns the archive's sha256.

    Written beside `out` and renamed over it, so a failure leaves an old archive intact.
    """
    manifest = site_manifest(site)
    top = out.name.removesuffix(".tar.gz").removesuffix(".tgz") or "site"
    buffer = out.with_name(f".{out.name}.partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with buffer.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as zipped:
            with tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
                _add(tar, f"{top}/{MANIFEST_NAME}", manifest_text(manifest).encode("utf-8"), epoch)
                for rel in manifest:
                    _add(tar, f"{top}/{rel}", (site / rel).read_bytes(), epoch)
        os.replace(buffer, out)
    except BaseException:
        buffer.unlink(missing_ok=True)
        raise
    digest = file_digest(out)
    out.with_name(out.name + ".sha256").write_text(f"{digest}  {out.name}\n", encoding="utf-8")
    return digest


def _add(tar: tarfile.TarFile, name: str, data: bytes, epoch: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), epoch, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info, io.BytesIO(data))
