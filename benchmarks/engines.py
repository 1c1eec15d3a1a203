"""The engines side by side on one corpus, in one run (see docs/benchmarks.md):

- Hugo's full build of the same pages (the yardstick);
- `showcase build` warm with each engine (mkdocs, properdocs, zensical), whole process;
- a rebuild after one entry changed (mkdocs, dirty mode over the last site);
- optionally the same warm build and rebuild by another commit of the generator
  (`--before REV`, checked out in a worktree), alternated with ours so that the
  machine's drift falls on both alike.

    .venv/bin/python benchmarks/engines.py --size L --repeat 3 [--before b1b6cc3]

Prints one JSON line; the tables in docs/benchmarks.md are written from it by hand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
from pathlib import Path

from run import CORPORA, PY, REPO, WORK, corpus, hugo_site, measure, page_sizes, touch_entry


def build(root: Path, engine: str, generator: Path = REPO, out: str = "site") -> list[str]:
    command = [PY, "-m", "generator", "--root", str(root), "build", "--out", str(root / out)]
    return command + (["--engine", engine] if generator == REPO else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="L")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default=None, help="a commit to compare the generator with")
    args = parser.parse_args()
    root = corpus(args.size)
    result: dict = {"size": args.size, "repeat": args.repeat}

    subprocess.run(build(root, "mkdocs"), cwd=REPO, check=True, capture_output=True)  # photos, caches
    docs = root / "build" / "tree" / "docs"
    hugo = hugo_site(docs, WORK / f"hugo-{args.size}")
    runs: dict[str, list[float]] = {}

    def timed(name: str, command: list[str], cwd: Path = REPO) -> None:
        runs.setdefault(name, []).append(measure(command, cwd)[0])

    before = None
    if args.before:
        before = WORK / "before"
        if not before.exists():
            subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=REPO, check=True)
        # the same seeded corpus as that commit writes it (the content contract may have changed since)
        before_root = WORK / f"corpus-{args.size}-before"
        if not (before_root / "content" / "owners.yml").exists():
            shutil.rmtree(before_root, ignore_errors=True)
            subprocess.run([PY, "-m", "generator", "demo-corpus", *CORPORA[args.size], "--out", str(before_root)],
                           cwd=before, check=True)
        subprocess.run(build(before_root, "mkdocs", before), cwd=before, check=True, capture_output=True)

    for _ in range(args.repeat):
        timed("hugo", ["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo / "public")])
        for engine in ("properdocs", "zensical", "mkdocs"):
            # each engine rewrites the tree's configuration: every run is a full build by that engine
            timed(f"full_{engine}", build(root, engine, out=f"site-{engine}"))
        timed("warm_mkdocs", build(root, "mkdocs", out="site-mkdocs"))  # nothing changed
        touch_entry(root)
        timed("rebuild_one", build(root, "mkdocs", out="site-mkdocs"))
        if before:
            timed("before_full", build(before_root, "mkdocs", before), cwd=before)
            touch_entry(before_root)
            timed("before_rebuild_one", build(before_root, "mkdocs", before), cwd=before)
    result["seconds"] = {name: statistics.median(values) for name, values in runs.items()}
    result["runs"] = runs
    result["entry_page_kb"] = page_sizes(root / "site-mkdocs")
    result["home_kb"] = (root / "site-mkdocs" / "index.html").stat().st_size / 1024
    result["progress_kb"] = (root / "site-mkdocs" / "progress" / "index.html").stat().st_size / 1024
    hugo_s = result["seconds"]["hugo"]
    result["ratios_to_hugo"] = {name: round(value / hugo_s, 1) for name, value in result["seconds"].items()}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
