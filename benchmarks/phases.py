"""One build, timed by phase (run by benchmarks/run.py in its own process).

    .venv/bin/python benchmarks/phases.py CONTENT_ROOT BUILD_DIR

Prints JSON: seconds for load, check, images (cold unless BUILD_DIR holds a cache),
pages (the Markdown tree and the search documents, written into an empty BUILD_DIR),
pages_again (the same again, as a rebuild does it: the tree kept and changed only where
it differs, the rendered bodies remembered), engine (mkdocs alone), search
(Pagefind alone) and engine_and_search (both at once, as `showcase build` runs them).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.imaging import ImageCache
from generator.reading import load_project
from generator.rules import check_project
from generator.render import remembered_bodies
from generator.site.build import RENDERED_BODIES, SEARCH_DOCUMENTS, content_epoch, run_engine, write_tree
from generator.site.search import SearchIndexer
from generator.site.media import PublishedMedia
from generator.summary import SITE, Summary


def main() -> None:
    root, build_dir = Path(sys.argv[1]), Path(sys.argv[2])
    times: dict[str, float] = {}
    started = time.perf_counter()
    project = load_project(root)
    times["load"] = time.perf_counter() - started
    started = time.perf_counter()
    check_project(project, date(2026, 9, 1))
    times["check"] = time.perf_counter() - started
    summary = Summary(project, SITE)
    cache = ImageCache(build_dir / "media-cache")
    started = time.perf_counter()
    PublishedMedia(summary, root, cache).plan()  # every published image's variants
    times["images"] = time.perf_counter() - started
    tree_dir = build_dir / "tree"
    for phase in ("pages", "pages_again"):  # the second as in a rebuild: tree kept, bodies remembered
        started = time.perf_counter()
        with remembered_bodies(build_dir / RENDERED_BODIES):  # as `showcase build` does
            write_tree(root, tree_dir, summary, cache)
        times[phase] = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="phases-"))
    epoch = content_epoch(summary)
    started = time.perf_counter()
    run_engine(tree_dir, out / "engine", epoch)
    times["engine"] = time.perf_counter() - started
    started = time.perf_counter()
    (out / "search").mkdir()
    SearchIndexer(tree_dir / SEARCH_DOCUMENTS, out / "index").start().finish(out / "search")
    times["search"] = time.perf_counter() - started
    started = time.perf_counter()
    indexer = SearchIndexer(tree_dir / SEARCH_DOCUMENTS, out / "index").start()
    run_engine(tree_dir, out / "both", epoch)
    indexer.finish(out / "both")
    times["engine_and_search"] = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
