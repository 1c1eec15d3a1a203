"""One build, timed by phase (run by benchmarks/run.py in its own process).

    .venv/bin/python benchmarks/phases.py CONTENT_ROOT BUILD_DIR

Prints JSON: seconds for load, check, images (cold unless BUILD_DIR holds a cache),
pages (the Markdown tree), engine (mkdocs with search) and engine_without_search.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from generator.imaging import ImageCache
from generator.loader import load_project
from generator.rules import check_project
from generator.site.build import content_epoch, run_engine, write_tree
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
    started = time.perf_counter()
    tree_dir = build_dir / "tree"
    write_tree(root, tree_dir, summary, cache)
    times["pages"] = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="phases-"))
    started = time.perf_counter()
    run_engine(tree_dir, out / "with", content_epoch(summary))
    times["engine"] = time.perf_counter() - started
    config_path = tree_dir / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins", []) if not (p == "search" or isinstance(p, dict) and "search" in p)]
    original = config_path.read_text(encoding="utf-8")
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    try:
        started = time.perf_counter()
        run_engine(tree_dir, out / "without", content_epoch(summary))
        times["engine_without_search"] = time.perf_counter() - started
    finally:
        config_path.write_text(original, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(times))


if __name__ == "__main__":
    main()
