"""Image throughput of the media pipeline, cold and warm, beside vipsthumbnail doing the same work.

Work per image: a 1600 px and a 480 px variant, each as WebP and JPEG, upright,
without metadata. Inputs: the demo's photos and a synthetic set of phone-sized
photos (4000×3000 JPEG, EXIF-rotated). Not a test: run it by hand.

    apt-get install libvips-tools
    .venv/bin/python benchmarks/images.py [--synthetic 24]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from generator.imaging import ImageCache

ROOT = Path(__file__).resolve().parent.parent


def synthetic_photos(folder: Path, count: int) -> list[Path]:
    """Phone-like photos: smooth scenes with sensor noise (so they compress like real ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for index in range(count):
        rng = random.Random(index)
        base = Image.new("RGB", (4000, 3000), tuple(rng.randrange(90, 200) for _ in range(3)))
        draw = ImageDraw.Draw(base)
        for _ in range(40):
            x, y = rng.randrange(4000), rng.randrange(3000)
            r = rng.randrange(80, 700)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        base = base.filter(ImageFilter.GaussianBlur(6))
        noisy = Image.blend(base, Image.effect_noise((4000, 3000), 40).convert("RGB"), 0.12)
        exif = Image.Exif()
        exif[0x0112] = rng.choice([1, 6, 8])
        path = folder / f"photo{index:03}.jpg"
        noisy.save(path, "JPEG", quality=90, exif=exif.tobytes())
        out.append(path)
    return out


def demo_photos() -> list[Path]:
    return sorted(p for p in (ROOT / "studios").glob("*/media/*") if p.suffix.lower() in (".jpg", ".png"))


def run_pipeline(sources: list[Path], cache: Path, workers: int) -> float:
    started = time.perf_counter()
    ImageCache(cache, workers=workers).variants(sources)
    return time.perf_counter() - started


def run_vips(sources: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for source in sources:
        for width in (1600, 480):
            for suffix in (".webp[Q=80,strip]", ".jpg[Q=84,strip]"):
                subprocess.run(
                    ["vipsthumbnail", str(source), "--size", f"{width}x", "-o", str(out / f"%s-{width}{suffix}")],
                    check=True, capture_output=True,
                )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=24)
    args = parser.parse_args()
    if not shutil.which("vipsthumbnail"):
        raise SystemExit("vipsthumbnail is missing: apt-get install libvips-tools")
    work = Path(tempfile.mkdtemp(prefix="bench-images-"))
    sets = {"demo": demo_photos(), f"synthetic ×{args.synthetic}": synthetic_photos(work / "in", args.synthetic)}
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; work per image: 1600 px + 480 px, WebP + JPEG\n")
    print("| set | images | pipeline cold, 1 process | pipeline cold, %d processes | pipeline warm | vipsthumbnail (same outputs) |" % cores)
    print("|---|---|---|---|---|---|")
    for name, sources in sets.items():
        n = len(sources)
        one = run_pipeline(sources, work / f"c1-{name}", 1)
        many = run_pipeline(sources, work / f"cn-{name}", cores)
        warm = run_pipeline(sources, work / f"cn-{name}", cores)
        vips = run_vips(sources, work / f"vips-{name}")
        cells = " | ".join(f"{n / seconds:.1f}/s ({seconds:.1f} s)" for seconds in (one, many, warm, vips))
        print(f"| {name} | {n} | {cells} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
