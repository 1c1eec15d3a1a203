"""How long `showcase serve` takes to show an edited entry, as an author sees it.

A copy of the demo content is served; Chromium opens one entry's page; the entry's
file is then edited on disk, and the time until the browser shows the new sentence
(the preview reloads itself) is measured, REPEAT times. Prints JSON. Usage:

    .venv/bin/python benchmarks/serve.py [REPEAT]
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY = "studios/huagong/cases/2024-anquan-dangyuan-gangwei.md"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    root = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    for name in ("content", "studios"):
        shutil.copytree(REPO / name, root / name)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/" + ENTRY.removesuffix(".md") + ".html"
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            deadline = time.monotonic() + 120
            while True:
                try:
                    page.goto(url)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
            page.wait_for_timeout(2000)  # the first build has settled
            source = root / ENTRY
            for round_ in range(repeat):
                sentence = f"第{round_ + 1}次修改后的句子。"
                text = source.read_text(encoding="utf-8")
                started = time.perf_counter()
                source.write_text(text + f"\n{sentence}\n", encoding="utf-8")
                os.utime(source)
                page.wait_for_function(f"document.body.innerText.includes({json.dumps(sentence)})", timeout=60000)
                times.append(time.perf_counter() - started)
                page.wait_for_timeout(1500)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({"edits": len(times), "median_s": statistics.median(times), "max_s": max(times)}))


if __name__ == "__main__":
    main()
