"""One build, timed by phase (run by benchmarks/run.py in its own process).

    .venv/bin/python benchmarks/phases.py CONTENT_ROOT BUILD_DIR

Prints JSON: seconds for load, check, images (cold unless BUILD_DIR holds a cache),
pages (the Markdown tree and the search index, one after the other, into an empty BUILD_DIR),
pages_again (the same again, as a rebuild does it: the tree kept and changed only where
it differs, the rendered bodies remembered), search (the search index alone, part of
both) and engine (mkdocs alone).
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
from generator.site.build import RENDERED_BODIES, content_epoch, run_engine, write_tree
from generator.site.media import PublishedMedia
from generator.site.pages import SitePlan
from generator.site.search import SearchIndexer, dictionary, documents, write_index
from generator.site.tree import Tree
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
    out = Path(tempfile.mkdtemp(prefix="phases-"))
    for phase in ("pages", "pages_again"):  # the second as in a rebuild: tree kept, bodies remembered
        started = time.perf_counter()
        indexer = SearchIndexer(build_dir / "search-index")
        with remembered_bodies(build_dir / RENDERED_BODIES):  # as `showcase build` does
            write_tree(root, tree_dir, summary, cache, indexer=indexer)
        indexer.finish(out / phase)  # here one after the other; `showcase build` runs it beside the engine
        times[phase] = time.perf_counter() - started
    epoch = content_epoch(summary)
    started = time.perf_counter()
    run_engine(tree_dir, out / "engine", epoch)
    times["engine"] = time.perf_counter() - started
    pages = SitePlan(summary, PublishedMedia(summary, root, cache).plan()).pages
    started = time.perf_counter()
    write_index(documents(pages), dictionary(project.site_model.search_terms), Tree(out / "tree"), out / "tree" / "index")
    times["search"] = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
