"""What a visitor downloads for one search, and how often the search finds the page meant.

For up to N public entries of CONTENT_ROOT (sampled evenly), the query is the word
in the middle of the entry's title (as jieba cuts it); the search page of SITE_DIR is
opened in a fresh Chromium context (empty cache) with that query, and every byte
fetched from pagefind/ is counted. An entry is recalled when its page is among the
results shown (the first 30), and recalled anywhere when it is among all the results
Pagefind returns. Prints JSON. Usage:

    .venv/bin/python benchmarks/search_recall.py CONTENT_ROOT SITE_DIR [N]

(needs the `bench` extra: .venv/bin/pip install -e ".[test,bench]")
"""

from __future__ import annotations

import http.server
import json
import statistics
import sys
import threading
from pathlib import Path

import jieba

from generator.reading import load_project
from generator.summary import SITE, Summary

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def middle_query(title: str) -> str | None:
    words = [w for w in jieba.cut(title) if len(w) >= 2 and not any(c in w for c in "“”（）《》")]
    return words[len(words) // 2] if words else None


ALL_RESULTS = """async (query) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", location.href).href);
  const search = await pagefind.search(query);
  return (await Promise.all(search.results.map(r => r.data()))).map(d => d.url);
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    root, site = Path(sys.argv[1]), Path(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    entries = Summary(load_project(root), SITE).entries
    step = max(1, len(entries) // limit)
    sample = entries[::step][:limit]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: QuietHandler(*a, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    downloads: list[int] = []
    found = anywhere = 0
    misses: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for entry in sample:
            query = middle_query(entry.title)
            if not query:
                continue
            context = browser.new_context()
            page = context.new_page()
            fetched: list[int] = []

            def count(request, fetched: list[int] = fetched) -> None:
                if "/pagefind/" in request.url:
                    fetched.append(request.sizes()["responseBodySize"])

            page.on("requestfinished", count)
            page.goto(base + "search.html?q=" + query)
            page.wait_for_function("/找到|没有找到|无法/.test(document.getElementById('sc-search-status').textContent)", timeout=60000)
            page.wait_for_load_state("networkidle")
            links = page.eval_on_selector_all("#sc-search-results a", "links => links.map(l => l.getAttribute('href'))")
            target = f"/studios/{entry.studio}/{entry.kind.folder}/{entry.slug}.html"
            downloads.append(sum(fetched))  # counted before the check below fetches every result
            if any((link or "").endswith(target) for link in links):
                found += 1
            else:
                misses.append(f"{query} → {entry.title}")
            everything = page.evaluate(ALL_RESULTS, query)
            anywhere += any(url.endswith(target) for url in everything)
            context.close()
        browser.close()
    httpd.shutdown()
    print(json.dumps({
        "queries": len(downloads), "recalled": found, "recalled_anywhere": anywhere, "misses": misses[:10],
        "download_kb_median": statistics.median(downloads) / 1024, "download_kb_max": max(downloads) / 1024,
        "index_kb": sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1024,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
