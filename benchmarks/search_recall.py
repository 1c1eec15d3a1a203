"""How well the site's search finds what readers type, and what one query downloads.

For each query of benchmarks/search_queries.txt, the search page of SITE_DIR is opened
in a fresh Chromium context (empty cache) with that query. The pages that should be
found are the indexed pages whose own text, as the site shows it (the page's <article>
without the entries and links it lists, tags removed), holds every word of the query as
written (spaces ignored). Measured:

- recall@10: of the pages that should be found, the share among the first 10 results
  (of min(10, how many there are));
- precision@5: of the first 5 results, the share that hold the query as written;
- the bytes fetched from search-index/ for the query, as sent and as nginx's gzip would send them.

Prints JSON. Usage:

    .venv/bin/python benchmarks/search_recall.py SITE_DIR
"""

from __future__ import annotations

import gzip
import html
import http.server
import json
import re
import statistics
import sys
import threading
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
QUERIES = Path(__file__).with_name("search_queries.txt")
QUOTES = "\"“”「」『』"
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
TAG = re.compile(r"<[^>]+>")
# other pages' titles and summaries, in lists: not this page's own words
LISTED = re.compile(r'<li class="sc-item">.*?</li>|<a\b[^>]*>.*?</a>', re.S)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def queries() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in QUERIES.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def words_of(query: str) -> list[str]:
    quoted = re.findall(f"[{QUOTES}]([^{QUOTES}]+)[{QUOTES}]", query)
    rest = re.sub(f"[{QUOTES}][^{QUOTES}]+[{QUOTES}]", " ", query)
    return [compact(w) for w in quoted + rest.split() if compact(w)]


def shown_texts(site: Path) -> dict[str, str]:
    """Address → what a reader sees in the article, for every page the index holds."""
    found = {}
    for path in (site / "search-index" / "pages").glob("*.json"):
        url = json.loads(path.read_text(encoding="utf-8"))["u"]
        page = (site / url).read_text(encoding="utf-8")
        article = ARTICLE.search(page)
        found[url] = compact(html.unescape(TAG.sub(" ", LISTED.sub(" ", article.group(1) if article else page))))
    return found


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1])
    texts = shown_texts(site)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: QuietHandler(*a, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for query in queries():
            words = words_of(query)
            relevant = {url for url, text in texts.items() if all(w in text for w in words)}
            context = browser.new_context()
            page = context.new_page()
            fetched: list[tuple[str, int]] = []

            def count(request, fetched: list[tuple[str, int]] = fetched) -> None:
                if "/search-index/" in request.url:
                    fetched.append((urlparse(request.url).path, request.sizes()["responseBodySize"]))

            page.on("requestfinished", count)
            page.goto(base + "search.html?q=" + query)
            page.wait_for_function("/找到|没有找到|无法/.test(document.getElementById('sc-search-status').textContent)", timeout=60000)
            shown = [urlparse(h).path.lstrip("/") for h in page.eval_on_selector_all("#sc-search-results li > a", "as => as.map(a => a.href)")]
            context.close()
            top10, top5 = shown[:10], shown[:5]
            sent = sum(size for _, size in fetched)
            zipped = sum(len(gzip.compress((site / path.lstrip("/")).read_bytes())) for path, _ in fetched)
            rows.append({
                "query": query, "relevant": len(relevant), "shown": len(shown),
                "recall_at_10": (len(set(top10) & relevant) / min(10, len(relevant))) if relevant else None,
                "precision_at_5": (sum(u in relevant for u in top5) / len(top5)) if top5 else (None if not relevant else 0.0),
                "download_kb": sent / 1024, "download_gzip_kb": zipped / 1024, "requests": len(fetched),
            })
        browser.close()
    httpd.shutdown()
    recall = [r["recall_at_10"] for r in rows if r["recall_at_10"] is not None]
    precision = [r["precision_at_5"] for r in rows if r["precision_at_5"] is not None]
    print(json.dumps({
        "queries": len(rows), "recall_at_10": statistics.mean(recall), "precision_at_5": statistics.mean(precision),
        "download_kb_median": statistics.median(r["download_kb"] for r in rows),
        "download_kb_max": max(r["download_kb"] for r in rows),
        "download_gzip_kb_median": statistics.median(r["download_gzip_kb"] for r in rows),
        "download_gzip_kb_max": max(r["download_gzip_kb"] for r in rows),
        "index_kb": sum(p.stat().st_size for p in (site / "search-index").rglob("*") if p.is_file()) / 1024,
        "worst": sorted(rows, key=lambda r: (r["recall_at_10"] or 0) + (r["precision_at_5"] or 0))[:3],
        "rows": rows,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
