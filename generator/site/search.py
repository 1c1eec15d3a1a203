"""Chinese full-text search with Pagefind, built beside the engine rather than inside it.

The engine is not extended (SPEC §7). Instead each searchable page's text is written
as a small HTML document under `build/tree/search/`, mirroring the site's paths, and
Pagefind (which segments Chinese) indexes that folder while the engine builds the
site: two processes on two cores. The index then moves into the fresh site before it
is swapped in. Pagefind splits its index into chunks by word, so a visitor downloads
only the chunks a query needs, however large the site grows.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path


from .pages import Page, html_path
from .tree import Tree
from ..errors import ShowcaseError

INDEX_FOLDER = "pagefind"  # inside the site; search.js loads it from there
LANGUAGE = "zh-cn"

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MARKDOWN_TARGET = re.compile(r"\]\([^)\s]*\)")
# Block marks at a line's start (headings, quotes, list items), table rules and cell bars, emphasis.
_MARKDOWN_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>[ \t]?|[-*+][ \t]|\d+\.[ \t])|\|[ \t:|-]*\||\*\*|__|\||!?\[|\]", re.M)


class SearchError(ShowcaseError):
    """A Chinese sentence saying why the search index could not be built."""


def page_document(page: Page) -> str:
    """A page's title and text as the HTML Pagefind reads: our own Markdown with its
    link targets and block marks dropped (addresses and punctuation, not words)."""
    title = page.title
    text = _FRONT_MATTER.sub("", page.text, count=1)
    body = _MARKDOWN_MARKS.sub(" ", _MARKDOWN_TARGET.sub("]", text))
    # Pagefind reads "key:value" up to a comma; the label itself is not indexed
    label = html.escape("label:" + page.label.replace(",", "，"), quote=True) if page.label else ""
    return (
        f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body data-pagefind-body><h1 data-pagefind-meta="title">{html.escape(title)}</h1>\n'
        + (f'<span data-pagefind-meta="{label}"></span>\n' if label else "")
        + f'{body}\n</body></html>\n'
    )


def write_documents(pages: list[Page], tree: Tree, folder: Path) -> int:
    """One document per searchable page at the page's own address; returns how many.

    A site with nothing to search yet (no studio, no page of the office) still gets an
    index, of its home page: Pagefind refuses an empty folder, and the build must not fail."""
    chosen = [p for p in pages if p.searchable] or [p for p in pages if p.path == "index.md"]
    for page in chosen:
        tree.put_text(folder / html_path(page.path), page_document(page))
    return len(chosen)


def pagefind_binary() -> str:
    """The Pagefind build that segments Chinese (installed as a Python dependency)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - a broken installation
        raise SearchError("没有找到搜索索引工具 Pagefind（扩展版），请重新运行 ./scripts/demo.sh 安装依赖。") from None
    return str(get_executable())


class SearchIndexer:
    """Pagefind over the documents, run in the background while the engine builds."""

    def __init__(self, documents: Path, output: Path):
        self.documents = documents
        self.output = output
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> SearchIndexer:
        if self.output.exists():
            shutil.rmtree(self.output)
        command = [
            pagefind_binary(), "--site", str(self.documents), "--output-path", str(self.output),
            "--force-language", LANGUAGE, "--keep-index-url", "--quiet",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return self

    def finish(self, site: Path) -> None:
        """Wait for the index and move it into the built site."""
        assert self.process is not None
        output, _ = self.process.communicate()
        if self.process.returncode != 0 or not (self.output / "pagefind.js").is_file():
            detail = "\n".join(output.strip().splitlines()[-5:])
            raise SearchError(f"搜索索引（Pagefind）生成失败：\n{detail}")
        for unused in self.output.glob("pagefind-*"):  # Pagefind's own UIs; search.js is ours
            if unused.suffix in (".js", ".css") and unused.name != "pagefind-worker.js":
                unused.unlink()
        shutil.move(str(self.output), str(site / INDEX_FOLDER))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
