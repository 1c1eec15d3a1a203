"""`showcase serve`: live preview for authors.

The engine's own server watches the generated tree and reloads the browser;
we watch the content, regenerate the tree on every change, and put content
errors both in the terminal and on every previewed page.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..errors import ShowcaseError
from ..reading.loader import load_project
from ..report import as_text
from ..rules import check_project
from ..summary import SITE, Summary
from ..imaging import ImageCache
from ..render import remembered_bodies
from .build import RENDERED_BODIES, engine_env, write_tree

WATCHED = ("content", "studios", "mkdocs.yml", "theme_overrides")


def fingerprint(root: Path) -> tuple:
    """Names, sizes and times of every watched file: cheap to take twice a second."""
    found = []
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else (p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                continue
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


def notice_for(diagnostics: list[Diagnostic]) -> str | None:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return None
    lines = [f"内容有 {len(errors)} 个错误，出错的条目暂不显示（修改保存后本页会自动刷新）："]
    lines += [f"{d.path}:{d.line or ''} [{d.code}] {d.message}" for d in errors[:8]]
    if len(errors) > 8:
        lines.append(f"……另有 {len(errors) - 8} 个错误，请看终端。")
    return "\n".join(lines)


def regenerate(root: Path, tree_dir: Path, echo: Callable[[str], None]) -> None:
    project = load_project(root, tree_dir.parent)
    diagnostics = check_project(project, date.today())
    if diagnostics:
        echo(as_text(diagnostics).rstrip())
    else:
        echo("检查通过。")
    cache = ImageCache(tree_dir.parent / "media-cache")
    with remembered_bodies(tree_dir.parent / RENDERED_BODIES):
        # only the files that changed are rewritten, so the engine's watcher rebuilds once
        write_tree(root, tree_dir, Summary(project, SITE), cache, notice_for(diagnostics))


class EngineOutput:
    """What the engine's server prints, read on a thread. Its watcher starts a rebuild while
    the tree is still being written, and a page removed meanwhile makes that rebuild fail with
    an English traceback; the rebuild after the last write succeeds. So what it prints while
    (and shortly after) the tree is written is dropped; anything else is passed on, once
    said in Chinese."""

    QUIET_AFTER = 10.0  # seconds after writing the tree in which the engine's complaints are its own race

    def __init__(self, engine: subprocess.Popen, echo: Callable[[str], None]):
        self.engine = engine
        self.echo = echo
        self.quiet_until = 0.0
        self.writing = False

    def start(self) -> "EngineOutput":
        threading.Thread(target=self._read, daemon=True).start()
        return self

    @contextmanager
    def regenerating(self) -> Iterator[None]:
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
            self.quiet_until = time.monotonic() + self.QUIET_AFTER

    def _read(self) -> None:
        told = False
        assert self.engine.stdout is not None
        for line in self.engine.stdout:
            if self.writing or time.monotonic() < self.quiet_until or not line.strip():
                continue
            if not told:
                self.echo("网站引擎报告了以下问题（英文原文；内容检查已通过时，通常是主题或 mkdocs.yml 的设置有误）：")
                told = True
            self.echo(line.rstrip())


class PortBusy(ShowcaseError):
    """The preview's port is taken (another preview, or another program)."""


def check_port(host: str, port: int) -> None:
    """Say in Chinese, before the engine says it in English, that the port is taken."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise PortBusy(f"端口 {port} 已被占用（可能已经有一个预览在运行，或者别的程序在用它）。"
                           f"请先关闭那个预览（在它的窗口按 Ctrl+C），或换一个端口：showcase serve --port {port + 1}") from None


def serve(root: Path, host: str, port: int, echo: Callable[[str], None], interval: float = 0.5) -> int:
    check_port(host, port)
    tree_dir = root / "build" / "serve-tree"
    regenerate(root, tree_dir, echo)
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(tree_dir / "mkdocs.yml"),
               "--dev-addr", f"{host}:{port}", "--livereload", "--quiet"]
    engine = subprocess.Popen(command, cwd=tree_dir, env=engine_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
    said = EngineOutput(engine, echo).start()
    echo(f"预览地址：http://{host}:{port}/  （修改内容并保存后页面会自动刷新；按 Ctrl+C 结束）")
    seen = fingerprint(root)
    try:
        while engine.poll() is None:
            time.sleep(interval)
            now = fingerprint(root)
            if now != seen:
                seen = now
                echo("检测到内容变化，正在更新预览……")
                with said.regenerating():
                    regenerate(root, tree_dir, echo)
        return engine.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if engine.poll() is None:
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()
