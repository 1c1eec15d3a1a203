"""Faults during a build: Ctrl+C, SIGTERM, a full disk, a read-only output, two builds at once.

Each runs the real `showcase build` as its own process against a site built
before, and checks that the last good site is exactly as it was, that no
half-written folder is left beside it, and that the user is told what happened.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import Scratch


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_command(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(out)]


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(root, out), capture_output=True, text=True, timeout=300)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


@contextmanager
def engine_paused(root: Path, timeout: float = 60) -> Iterator[int]:
    """Until the build has handed its tree to the engine, then with the engine held still
    (SIGSTOP), so that the test acts while the build is surely in its longest step."""
    config = str(root.resolve() / "build" / "tree" / "mkdocs.yml")
    deadline = time.monotonic() + timeout
    while (pid := _engine_pid(config)) is None:
        assert time.monotonic() < deadline, "the build never reached the engine"
        time.sleep(0.01)
    os.kill(pid, signal.SIGSTOP)
    try:
        yield pid
    finally:
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass  # the build ended it


def _engine_pid(config: str) -> int | None:
    """The engine building `config`: its command line names it (a warm start reads it from
    stdin and then works in the tree's folder)."""
    tree = os.path.dirname(config)
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            here = os.readlink(proc / "cwd")
        except OSError:
            continue
        if b"mkdocs" in command and (config.encode() in command or here == tree):
            return int(proc.name)
    return None


@pytest.fixture
def built(scratch: Scratch, tmp_path: Path) -> tuple[Path, Path, str]:
    out = tmp_path / "web" / "site"
    out.parent.mkdir()
    done = build(scratch.root, out)
    assert done.returncode == 0, done.stderr
    return scratch.root, out, tree_digest(out)


def edit_content(root: Path) -> None:
    """A change, so that a completed second build would differ from the first."""
    path = root / "studios" / "alpha" / "outcomes" / "y1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("正文。", "修改后的正文。"), encoding="utf-8")


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_build_leaves_the_last_good_site(built: tuple[Path, Path, str], how: str) -> None:
    root, out, before = built
    edit_content(root)
    (root / "build" / "tree" / "mkdocs.yml").unlink()
    process = subprocess.Popen(build_command(root, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    with engine_paused(root):
        if how == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)  # the terminal signals the whole foreground group
        else:
            process.send_signal(signal.SIGTERM)  # a service manager signals the main process only
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "已中止" in stderr and "Traceback" not in stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []  # the half-built folder is gone
    time.sleep(0.5)
    assert leftovers(out) == []  # and no engine left running writes one again


def test_two_builds_at_once_the_second_stops_and_says_why(built: tuple[Path, Path, str]) -> None:
    root, out, before = built
    edit_content(root)
    (root / "build" / "tree" / "mkdocs.yml").unlink()
    first = subprocess.Popen(build_command(root, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with engine_paused(root):
        second = build(root, out)
    assert second.returncode == 1
    assert f"另一个生成过程（进程号 {first.pid}）正在使用" in second.stderr and "原有网站保持不变" in second.stderr
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert tree_digest(out) != before and "修改后的正文" in (out / "studios" / "alpha" / "outcomes" / "y1.html").read_text(encoding="utf-8")
    assert leftovers(out) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real small filesystem (tmpfs); needs root, as CI runs."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)]).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (scripts/test.sh runs as root in CI)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)])


def _site_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_leaves_the_last_good_site(scratch: Scratch, small_disk: Path) -> None:
    out = small_disk / "site"
    first = build(scratch.root, out)
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    size = _site_size(out)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    assert free < size, f"the disk should not hold a second copy ({free} free, site {size})"
    edit_content(scratch.root)  # one entry: the new site shares the unchanged files of the last one, and fits
    rebuilt = build(scratch.root, out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    before = tree_digest(out)
    scratch.edit("content/site.yml", "school: 测试职业学院", "school: 测试职业技术学院")  # every page changes
    second = build(scratch.root, out)
    assert second.returncode == 1
    assert "磁盘空间不足" in second.stderr and "Traceback" not in second.stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []


def test_a_read_only_output_leaves_the_last_good_site(scratch: Scratch, small_disk: Path) -> None:
    out = small_disk / "site"
    assert build(scratch.root, out).returncode == 0
    before = tree_digest(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    edit_content(scratch.root)
    second = build(scratch.root, out)
    assert second.returncode == 1
    assert "只读" in second.stderr and "原有的网站和文件保持不变" in second.stderr and "Traceback" not in second.stderr
    assert tree_digest(out) == before


def test_ctrl_c_leaves_the_search_indexer_to_the_build(tmp_path: Path) -> None:
    """Ctrl+C signals the whole group: the forked indexer ignores it (no traceback of its own)
    and ends when the build, which was interrupted too, stops it."""
    from generator.site.search import SearchDocument, SearchIndexer

    docs = [SearchDocument(f"p{n}.html", f"标题{n}", "", "党员教师攻关光伏逆变器实训教学。" * 400) for n in range(3000)]
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whatever ran this test
    try:
        indexer = SearchIndexer(tmp_path / "index").start(docs, [])
    finally:
        signal.signal(signal.SIGINT, previous)
    time.sleep(0.1)  # at work
    os.kill(indexer.process.pid, signal.SIGINT)
    time.sleep(0.3)
    assert indexer.process.is_alive()  # still at work: the interrupt is the build's to act on
    indexer.stop()
    assert not indexer.process.is_alive()
