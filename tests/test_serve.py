"""`showcase serve`: an edit shows in the preview; a content error shows on the page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO, Scratch


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if needle in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared at {url}")


def test_preview_follows_edits_and_shows_errors(scratch: Scratch) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(scratch.root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        entry = f"http://127.0.0.1:{port}/studios/alpha/outcomes/y1.html"
        wait_for(entry, "第一年成果")
        scratch.edit("studios/alpha/outcomes/y1.md", "title: 第一年成果", "title: 改过的标题")
        wait_for(entry, "改过的标题")
        scratch.edit("studios/alpha/outcomes/y2.md", "type: system", "type: nonsense")
        page = wait_for(f"http://127.0.0.1:{port}/index.html", "sc-notice")
        assert "studios/alpha/outcomes/y2.md:4" in page and "E-CODE-UNKNOWN" in page
        scratch.edit("studios/alpha/outcomes/y2.md", "type: nonsense", "type: system")
        deadline = time.monotonic() + 90
        page = fetch(f"http://127.0.0.1:{port}/index.html")
        while (not page or "sc-notice" in page) and time.monotonic() < deadline:  # "": the engine is rebuilding
            time.sleep(0.3)
            page = fetch(f"http://127.0.0.1:{port}/index.html")
        assert page and "sc-notice" not in page
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output, output.replace("\n", " ⏎ ")
    assert "studios/alpha/outcomes/y2.md:4: 错误 [E-CODE-UNKNOWN]" in output
    assert not (scratch.root / "site").exists() and (scratch.root / "content").is_dir()
