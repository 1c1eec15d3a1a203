"""Search index size and recall of a built site, measured in Debian's Chromium.

For every public entry, the query is a word taken from the middle of its title
(as jieba cuts it, with the site's dictionary); an entry is recalled when its
page is among the results. Usage:

    .venv/bin/python benchmarks/search_recall.py [SITE_DIR]   (default: site/)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

import jieba

from generator.loader import load_project
from generator.summary import SITE, Summary

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def middle_word(title: str) -> str | None:
    words = [w for w in jieba.cut(title) if len(w) >= 2 and not any(c in w for c in "“”（）《》")]
    return words[len(words) // 2] if len(words) >= 2 else (words[0] if words else None)


def main() -> None:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    print(f"search index: {len(raw) / 1024:.0f} KiB, {len(gzip.compress(raw)) / 1024:.0f} KiB gzipped")
    jieba.load_userdict(str(ROOT / "generator" / "site" / "userdict.txt"))
    summary = Summary(load_project(ROOT), SITE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    found = missed = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(base)
        page.click(".md-search__input")
        page.fill(".md-search__input", "党建")
        page.press(".md-search__input", "End")
        page.wait_for_selector(".md-search-result__item", timeout=30000)  # the index is loaded
        for entry in summary.entries:
            word = middle_word(entry.title)
            if not word:
                continue
            page.fill(".md-search__input", word)
            page.press(".md-search__input", "End")  # Material searches on a key event
            page.wait_for_timeout(700)
            links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(l => l.getAttribute('href'))")
            target = f"studios/{entry.studio}/{entry.kind.folder}/{entry.slug}.html"
            if any(target in (link or "") for link in links):
                found += 1
            else:
                missed += 1
                print(f"  not found: {word!r} for {entry.title}")
        browser.close()
    httpd.shutdown()
    total = found + missed
    print(f"recall (middle word of the title): {found}/{total} = {found / total:.0%}")


if __name__ == "__main__":
    main()
