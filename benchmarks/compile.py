"""Compilation speed: seconds per 100 PDF pages and peak memory, per whole process.

Corpora: the demo (whole school and one studio) and a larger one made by
replicating the demo's studios (until a synthetic corpus generator exists).
Not a test: run it by hand.

    .venv/bin/python benchmarks/compile.py [--copies 5]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent


def replicated(copies: int, target: Path) -> Path:
    shutil.copytree(ROOT / "content", target / "content")
    for studio in sorted((ROOT / "studios").iterdir()):
        for copy in range(1, copies + 1):
            folder = target / "studios" / (studio.name if copy == 1 else f"{studio.name}-{copy}")
            shutil.copytree(studio, folder)
            if copy == 1:
                continue  # the original keeps its name: site.yml and assessments refer to it
            profile = folder / "studio.yml"
            text = profile.read_text(encoding="utf-8")
            profile.write_text(re.sub(r"^name: (.*)$", rf"name: \1（副本{copy}）", text, count=1, flags=re.M), encoding="utf-8")
    return target


def measure(root: Path, args: list[str], out: Path) -> tuple[float, int, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "compile", *args, "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, len(PdfReader(out).pages), max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=5)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    large = replicated(options.copies, work / "large")
    runs = [
        ("demo, one studio", ROOT, ["--studio", "huagong"]),
        ("demo, whole school", ROOT, []),
        (f"demo ×{options.copies} ({6 * options.copies} studios), whole school", large, []),
    ]
    print("| corpus | pages | seconds | seconds per 100 pages | peak memory (process tree max) |")
    print("|---|---|---|---|---|")
    for name, root, args in runs:
        seconds, pages, peak = measure(root, args, work / "out.pdf")
        print(f"| {name} | {pages} | {seconds:.1f} | {seconds / pages * 100:.1f} | {peak:.0f} MiB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
