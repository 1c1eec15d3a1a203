"""All benchmarks in one run, side by side, written to docs/benchmarks.md.

    .venv/bin/python benchmarks/run.py [--sizes S,M,L] [--repeat 3] [--out docs/benchmarks.md]

For each corpus size (showcase demo-corpus, seeded): whole-process medians and peak
memory of check (cold and warm), a cold and a warm build, a rebuild after one entry
changed, compile and package; the build split by phase; the same Markdown pages built
by bare mkdocs-material and by Hugo in the same run; what a visitor downloads per search;
photo throughput beside vipsthumbnail; a ≈150-page compilation; the preview's reaction
to an edit. Needs Debian's hugo, libvips-tools and poppler-utils, Chromium, and the
`bench` extra (jieba). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "build" / "bench"
PY = sys.executable

# A small parent forks the measured command, so its peak memory is the command's own.
MEASURE = (
    "import os, sys, time\n"
    "t = time.perf_counter()\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execvp(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print('MEASURED', time.perf_counter() - t, usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)\n"
)


def measure(command: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """(seconds, peak MiB) of one whole process."""
    done = subprocess.run([PY, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True)
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("MEASURED ")][-1].split()
    if line[3] != "0":
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return float(line[1]), int(line[2]) / 1024


def median(command: list[str], repeat: int, before=None, cwd: Path = REPO) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(measure(command, cwd))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def showcase(root: Path, *args: str) -> list[str]:
    return [PY, "-m", "generator", "--root", str(root), *args]


CORPORA = {
    "S": ["--size", "S"], "M": ["--size", "M"], "L": ["--size", "L"],
    "C150": ["--studios", "8", "--entries-per-studio", "10", "--photos-per-studio", "4"],  # a ≈150-page compilation
}


def corpus(size: str) -> Path:
    root = WORK / f"corpus-{size}"
    if not (root / "content" / "owners.yml").exists():
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([PY, "-m", "generator", "demo-corpus", *CORPORA[size], "--out", str(root)], cwd=REPO, check=True)
    return root


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(ln.split()[-1]) for ln in info.splitlines() if ln.startswith("Pages:")), 0)


def compilation(repeat: int) -> dict:
    """The whole-school compilation of the C150 corpus: cold (its photos not yet processed), then warm."""
    root = corpus("C150")
    pdf = WORK / "c150.pdf"
    command = showcase(root, "compile", "--out", str(pdf))
    shutil.rmtree(root / "build", ignore_errors=True)
    cold = measure(command)
    return {"cold": cold, "warm": median(command, repeat), "pages": pdf_pages(pdf)}


def serve_edit() -> dict:
    result = subprocess.run([PY, str(REPO / "benchmarks" / "serve.py"), "5"], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


HUGO_LAYOUT = {
    "layouts/_default/baseof.html": '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                                    "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
                                    "<main>{{ block \"main\" . }}{{ end }}</main></body></html>",
    "layouts/_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}',
    "layouts/_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                                  '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
    "hugo.toml": 'baseURL = "/"\nlanguageCode = "zh-cn"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                 "[markup.goldmark.renderer]\nunsafe = true\n",
}


def hugo_site(tree_docs: Path, target: Path) -> Path:
    """The same Markdown pages under a minimal Hugo layout (raw HTML allowed, as in ours)."""
    shutil.rmtree(target, ignore_errors=True)
    for rel, text in HUGO_LAYOUT.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    content = target / "content"
    for page in tree_docs.rglob("*.md"):
        rel = page.relative_to(tree_docs)
        out = content / (rel.parent / "_index.md" if rel.name == "index.md" else rel)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = page.read_text(encoding="utf-8")
        out.write_text(text if text.startswith("---") else "---\ntitle: 页面\n---\n\n" + text, encoding="utf-8")
    return target


def bare_material(tree_docs: Path, target: Path) -> Path:
    """mkdocs-material with its defaults: every page in the navigation, its search with zh + jieba."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    (target / "docs").symlink_to(tree_docs)
    (target / "mkdocs.yml").write_text(
        "site_name: bare\nuse_directory_urls: false\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search:\n      lang: zh\n", encoding="utf-8")
    return target


def page_sizes(site: Path) -> tuple[float, float]:
    pages = [p.stat().st_size for p in site.glob("studios/*/outcomes/*.html")]
    return statistics.median(pages) / 1024, max(pages) / 1024


def search_download(site: Path) -> dict:
    """Per query of benchmarks/search_queries.txt, in Chromium: recall@10, precision@5 and
    the bytes fetched from the search index (search_recall.py)."""
    result = subprocess.run([PY, str(REPO / "benchmarks" / "search_recall.py"), str(site)],
                            cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def touch_entry(root: Path) -> None:
    entry = sorted((root / "studios").glob("*/outcomes/*.md"))[0]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text + f"\n补记：{time.time_ns()}。\n", encoding="utf-8")


def bench_size(size: str, repeat: int) -> dict:
    root = corpus(size)
    build_dir, site = root / "build", root / "site"
    entries = len(list((root / "studios").glob("*/*/*.md")))
    row: dict = {"size": size, "studios": len(list((root / "studios").iterdir())), "entries": entries,
                 "photos": len(list((root / "studios").glob("*/media/*.jpg")))}
    check = showcase(root, "check", "--as-of", "2026-09-01")
    fresh_cache = WORK / f"xdg-cache-{size}"  # no photo has been proven whole yet
    shutil.rmtree(fresh_cache, ignore_errors=True)
    row["check_cold"] = measure(["env", f"XDG_CACHE_HOME={fresh_cache}", *check])
    row["check"] = median(check, repeat)

    def cold() -> None:
        shutil.rmtree(build_dir, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)

    row["build_cold"] = median(showcase(root, "build"), 1 if size == "L" else repeat, before=cold)
    row["build_warm"] = median(showcase(root, "build"), repeat)
    row["rebuild_one"] = median(showcase(root, "build"), repeat, before=lambda: touch_entry(root))
    shutil.rmtree(WORK / "phases", ignore_errors=True)
    phases = subprocess.run([PY, str(REPO / "benchmarks" / "phases.py"), str(root), str(WORK / "phases")],
                            cwd=REPO, capture_output=True, text=True, check=True)
    row["phases"] = json.loads(phases.stdout.strip().splitlines()[-1])
    row["page_kb"] = page_sizes(site)
    row["search"] = search_download(site)
    docs = build_dir / "tree" / "docs"
    bare = bare_material(docs, WORK / f"bare-{size}")
    row["bare_material"] = median([PY, "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml"), "-d", str(bare / "site")],
                                  1 if size == "L" else repeat)
    row["bare_page_kb"] = page_sizes(bare / "site")
    hugo = hugo_site(docs, WORK / f"hugo-{size}")
    row["hugo"] = median(["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo / "public")], repeat)
    first = sorted((root / "studios").iterdir())[0].name
    row["compile_one"] = median(showcase(root, "compile", "--studio", first, "--out", str(WORK / f"one-{size}.pdf")), 1)
    if size != "L":
        row["compile_all"] = median(showcase(root, "compile", "--out", str(WORK / f"all-{size}.pdf")), 1)
        row["package"] = median(showcase(root, "package", "--out", str(WORK / f"pkg-{size}.zip")), 1)
    row["compile_one_pages"] = pdf_pages(WORK / f"one-{size}.pdf")
    return row


def photos(count: int) -> dict:
    """Cold variants for `count` corpus photos: our pipeline on 1 and on all cores, and vipsthumbnail."""
    sources = sorted((corpus("L") if (WORK / "corpus-L").exists() else corpus("S")).glob("studios/*/media/*.jpg"))[:count]
    out = {}
    for workers in (1, os.cpu_count() or 1):
        cache = WORK / f"photo-cache-{workers}"
        shutil.rmtree(cache, ignore_errors=True)
        script = f"from generator.imaging import ImageCache; from pathlib import Path; ImageCache(Path({str(cache)!r}), workers={workers}).variants([Path(p) for p in {[str(s) for s in sources]!r}])"
        out[f"pipeline_{workers}"] = measure([PY, "-c", script])
    vips = WORK / "vips"
    shutil.rmtree(vips, ignore_errors=True)
    vips.mkdir(parents=True)
    script = (
        "import subprocess, sys\n"
        f"for s in {[str(s) for s in sources]!r}:\n"
        "    for w in (1600, 480):\n"
        "        for ext in ('.webp[Q=80,strip]', '.jpg[Q=84,strip]'):\n"
        f"            subprocess.run(['vipsthumbnail', s, '--size', f'{{w}}x', '-o', {str(vips)!r} + f'/%s-{{w}}' + ext], check=True)\n"
    )
    out["vipsthumbnail"] = measure([PY, "-c", script])
    out["count"] = len(sources)
    return out


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")), platform.machine())
    memory = next((int(ln.split()[1]) // 1024 // 1024 for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), 0)
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    import material
    import mkdocs

    return (f"{os.cpu_count()} cores ({cpu}), {memory} GiB, {platform.platform()}, Python {platform.python_version()}, "
            f"mkdocs {mkdocs.__version__}, mkdocs-material {material.__version__ if hasattr(material, '__version__') else '9'}, Hugo {hugo}")


ANALYSIS = "<!-- analysis: written by hand, kept by benchmarks/run.py -->"


def fmt(pair) -> str:
    return f"{pair[0]:.1f} s / {pair[1]:.0f} MiB"


def report(rows: list[dict], photo: dict, extra: dict, repeat: int) -> str:
    repeats = ", ".join(f"{r['size']} {r.get('repeat', repeat)}" for r in rows)
    lines = ["# 性能测量（Benchmarks）", "", f"Machine: {machine()}.", "",
             f"Produced by `.venv/bin/python benchmarks/run.py --sizes … --repeat N` (repeats per size: "
             f"{repeats}; cold builds and bare Material at L once); "
             "each cell is the median whole-process time of the repeats / the peak resident memory. Corpora come from "
             "`showcase demo-corpus --size S|M|L` (seeded). The run needs `apt-get install hugo libvips-tools poppler-utils chromium` "
             "and `.venv/bin/pip install -e '.[test,bench]'`.", "",
             "## Site build, side by side", "",
             "| size | studios × entries (photos) | check, cold / warm | build, cold | build, warm | rebuild after one entry changed | bare mkdocs-material | Hugo | ours ÷ Hugo (warm) | per entry (warm) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    base = None
    for r in rows:
        per = r["build_warm"][0] / r["entries"]
        base = base or per
        lines.append(
            f"| {r['size']} | {r['studios']} × {r['entries'] // r['studios']} ({r['photos']}) | {r['check_cold'][0]:.1f} s / {fmt(r['check'])} | {fmt(r['build_cold'])} | "
            f"{fmt(r['build_warm'])} | {fmt(r['rebuild_one'])} | {fmt(r['bare_material'])} | {fmt(r['hugo'])} | "
            f"{r['build_warm'][0] / r['hugo'][0]:.1f}× | {per * 1000:.0f} ms ({per / base:.2f}× S) |")
    lines += ["", "## Build phases (in-process; photos cold; page generation into an empty folder, then again as a rebuild)", "",
              "| size | load | check | images (cold) | page generation with the search index, first / again | of which the search index | engine (mkdocs) alone | generator share of a rebuild |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        p = r["phases"]
        ours = p["load"] + p["check"] + p["pages_again"]
        share = ours / (ours + p["engine"])
        lines.append(f"| {r['size']} | {p['load']:.2f} s | {p['check']:.2f} s | {p['images']:.1f} s | {p['pages']:.2f} / {p['pages_again']:.2f} s | "
                     f"{p['search']:.1f} s | {p['engine']:.1f} s | {share:.0%} |")
    lines += ["", "## Pages and search", "",
              "Search: the queries of `benchmarks/search_queries.txt` typed into the search page in Chromium (fresh cache each). "
              "A page should be found when its own text as shown (its article without the entries it lists) holds every word "
              "of the query as written. Targets: recall@10 ≥ 95 %, precision@5 ≥ 90 %, download ≤ 500 KB per query at L.", "",
              "| size | entry page HTML, median / max | bare Material entry page, median / max | search index on disk | "
              "queries | recall@10 | precision@5 | download per query, median / max (gzip as nginx sends it) |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        q = r["search"]
        lines.append(f"| {r['size']} | {r['page_kb'][0]:.0f} / {r['page_kb'][1]:.0f} KB | {r['bare_page_kb'][0]:.0f} / {r['bare_page_kb'][1]:.0f} KB | "
                     f"{q['index_kb'] / 1024:.1f} MB | {q['queries']} | {q['recall_at_10']:.0%} | {q['precision_at_5']:.0%} | "
                     f"{q['download_kb_median']:.0f} / {q['download_kb_max']:.0f} KB ({q['download_gzip_kb_median']:.0f} / {q['download_gzip_kb_max']:.0f} KB) |")
    lines += ["", "## Compilation and package", "",
              "| size | compile one studio | its pages | compile whole school | package whole school |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['size']} | {fmt(r['compile_one'])} | {r['compile_one_pages']} | "
                     f"{fmt(r['compile_all']) if 'compile_all' in r else '—'} | {fmt(r['package']) if 'package' in r else '—'} |")
    c = extra["compilation"]
    lines += ["", f"Whole-school compilation of a corpus sized for it (8 studios × 10 entries, 32 photos): {c['pages']} pages, "
              f"cold (photos not yet processed) {fmt(c['cold'])}, warm {fmt(c['warm'])}."]
    s = extra["serve"]
    lines += ["", "## Preview", "", f"`showcase serve` on the demo content, an entry edited on disk, Chromium on the entry's page: "
              f"the new sentence shows after {s['median_s']:.1f} s (median of {s['edits']} edits; at most {s['max_s']:.1f} s)."]
    n = photo["count"]
    lines += ["", f"## Photos ({n} corpus photos, 4000×3000 JPEG → 1600 px and 480 px, WebP + JPEG, cold)", "",
              "| pipeline, 1 process | pipeline, all cores | vipsthumbnail, 1 process (same outputs) | ours (all cores) ÷ vips |", "|---|---|---|---|"]
    one, many, vips = photo["pipeline_1"], photo[f"pipeline_{os.cpu_count() or 1}"], photo["vipsthumbnail"]
    lines.append(f"| {n / one[0]:.1f}/s ({fmt(one)}) | {n / many[0]:.1f}/s ({fmt(many)}) | {n / vips[0]:.1f}/s ({fmt(vips)}) | {vips[0] / many[0]:.2f}× |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--photos", type=int, default=40, help="photos for the throughput table (0: keep the last run's)")
    parser.add_argument("--out", type=Path, default=None, help="write the tables here (default: print them)")
    parser.add_argument("--report-only", action="store_true", help="measure nothing: write the tables from the last runs")
    args = parser.parse_args()
    for tool in ("hugo", "vipsthumbnail", "pdfinfo"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install hugo libvips-tools poppler-utils")
    WORK.mkdir(parents=True, exist_ok=True)
    saved = WORK / "results.json"  # sizes measured in earlier runs stay in the report
    results = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
    if isinstance(results, list):
        results = {"rows": results}
    rows = {r["size"]: r for r in results.get("rows", [])}
    for size in [] if args.report_only else args.sizes.split(","):
        print(f"measuring {size} …", file=sys.stderr, flush=True)
        rows[size] = bench_size(size, args.repeat) | {"repeat": args.repeat}
        results["rows"] = [rows[k] for k in ("S", "M", "L") if k in rows]
        saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.report_only:
        if args.photos or "photos" not in results:
            results["photos"] = photos(args.photos or 40)
            saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print("measuring the compilation and the preview …", file=sys.stderr, flush=True)
        results["extra"] = {"compilation": compilation(args.repeat), "serve": serve_edit()}
        saved.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    text = report(results["rows"], results["photos"], results["extra"], args.repeat)
    if args.out:
        # the written analysis below the tables (from the marker on) is kept as it is
        kept = args.out.read_text(encoding="utf-8").partition(ANALYSIS)[2] if args.out.exists() else ""
        args.out.write_text(text + (f"\n{ANALYSIS}{kept}" if kept else ""), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
