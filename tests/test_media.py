"""The media pipeline: upright, metadata-free, cached variants; safe attachments."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import CORPORA, REPO, Scratch, small_jpeg
from generator.imaging import WIDTHS, ImageCache, render
from generator.reading import load_project
from generator.site.build import build_site
from generator.site.media import safe_stem

GPS_PHOTO = REPO / "studios/huagong/media/huodong-xianchang.jpg"


def rendered(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    target.mkdir(parents=True)
    render(source, target)
    return target


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    for marker in (b"Exif\x00\x00", b"<script", b"alert(", b"Demo Phone", b"<x:xmpmeta", b"tEXt", b"iTXt", b"zTXt"):
        assert marker not in data, (path.name, marker)
    with Image.open(path) as image:
        assert not image.getexif(), path.name


def test_phone_photo_variants_are_upright_and_carry_no_metadata(tmp_path: Path) -> None:
    with Image.open(GPS_PHOTO) as original:
        assert original.size == (3000, 4000) and original.getexif()[0x0112] == 6
    out = rendered(GPS_PHOTO, tmp_path)
    assert sorted(p.name for p in out.iterdir()) == ["1600.jpg", "1600.webp", "480.jpg", "480.webp", "manifest.json"]
    for width in WIDTHS:
        for ext in ("jpg", "webp"):
            path = out / f"{width}.{ext}"
            assert_no_metadata(path)
            with Image.open(path) as image:
                assert image.size == (width, width * 3 // 4)  # upright: landscape after EXIF rotation


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPORA / "photos").iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif")))
def test_every_corpus_photo_is_published_clean_or_refused_by_the_checker(name: str, tmp_path: Path, scratch: Scratch) -> None:
    source = CORPORA / "photos" / name
    from generator.media import ImageProblem, probe_image

    try:
        probe_image(source)
    except ImageProblem:
        return  # the checker refuses it with a clear error (see test_robustness), so it is never published
    out = rendered(source, tmp_path)
    for path in out.iterdir():
        if path.suffix != ".json":
            assert_no_metadata(path)
            with Image.open(path) as image:
                assert image.width <= 1600 and image.mode in ("RGB", "RGBA", "L", "P")


def test_cmyk_16_bit_and_animated_images(tmp_path: Path) -> None:
    cmyk = rendered(CORPORA / "photos/pil_sample_cmyk.jpg", tmp_path / "a")
    assert Image.open(cmyk / "1600.jpg").mode == "RGB"
    sixteen = rendered(CORPORA / "photos/mode_16bit.png", tmp_path / "b")  # a 16-bit animated PNG, fully opaque
    assert Image.open(sixteen / "1600.jpg").mode == "RGB"
    sixteen_grey = tmp_path / "grey16.png"
    Image.new("I;16", (64, 32), 40000).save(sixteen_grey)
    grey = rendered(sixteen_grey, tmp_path / "d")
    assert Image.open(grey / "480.jpg").getpixel((0, 0)) in (156, (156, 156, 156))  # 40000 / 256
    animated = rendered(CORPORA / "photos/iss634.gif", tmp_path / "c")
    assert (animated / "480.gif").is_file() and getattr(Image.open(animated / "480.gif"), "n_frames", 1) == 1


@pytest.fixture
def heic_root(scratch: Scratch) -> Scratch:
    import pillow_heif

    pillow_heif.register_heif_opener()
    image = Image.new("RGB", (1200, 900), (180, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "iPhone"
    exif.get_ifd(0x8825)[1] = "N"
    buffer = io.BytesIO()
    image.save(buffer, format="HEIF", exif=exif.tobytes())
    scratch.write_bytes("studios/alpha/media/iphone.heic", buffer.getvalue())
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", "src: ../media/iphone.heic")
    return scratch


def test_heic_from_an_iphone_is_checked_and_published(heic_root: Scratch, tmp_path: Path) -> None:
    assert heic_root.check() == []
    site = build_site(heic_root.root, load_project(heic_root.root), tmp_path / "site", build_dir=tmp_path / "build").out
    published = site / "studios/alpha/media/iphone.1600.jpg"
    assert published.is_file() and Image.open(published).size == (1200, 900)
    assert_no_metadata(published)
    assert not (site / "studios/alpha/media/iphone.heic").exists()


def test_warm_rebuild_renders_nothing_unchanged(scratch: Scratch, tmp_path: Path) -> None:
    scratch.write_bytes("studios/alpha/media/second.jpg", small_jpeg((300, 200)))
    scratch.write_bytes("studios/alpha/media/twin.jpg", small_jpeg((300, 200)))  # same bytes as second.jpg
    scratch.edit(
        "studios/alpha/outcomes/y2.md", "representative: true",
        "representative: true\nimages:\n  - src: ../media/second.jpg\n  - src: ../media/twin.jpg",
    )
    build = tmp_path / "build"
    first = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=build)
    assert (first.images.rendered, first.images.cached) == (2, 0)  # photo.jpg, and second/twin once
    again = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=build)
    assert (again.images.rendered, again.images.cached) == (0, 3)
    scratch.write_bytes("studios/alpha/media/second.jpg", small_jpeg((320, 200)))
    changed = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=build)
    assert changed.images.rendered == 1
    assert (build / "media-cache").is_dir() and not list(scratch.root.glob("studios/**/*.webp"))


def test_parallel_rendering_gives_the_same_files(tmp_path: Path) -> None:
    sources = []
    for index in range(3):
        path = tmp_path / f"in{index}.jpg"
        path.write_bytes(small_jpeg((400 + index, 300)))
        sources.append(path)
    serial = ImageCache(tmp_path / "serial", workers=1).variants(sources)
    parallel = ImageCache(tmp_path / "parallel", workers=2).variants(sources)
    for source in sources:
        assert serial[source].sizes == parallel[source].sizes
        assert serial[source].file(480, "jpg").read_bytes() == parallel[source].file(480, "jpg").read_bytes()


def test_pages_use_responsive_lazy_pictures_with_a_lightbox(built_site: Path) -> None:
    page = (built_site / "studios/huagong/outcomes/2024-anquan-zhutidangri.html").read_text(encoding="utf-8")
    picture = re.search(r'<a class="sc-zoom" href="([^"]+)"[^>]*><picture[^>]*><source type="image/webp" srcset="([^"]+)"[^>]*><img ([^>]+)></picture></a>', page)
    assert picture, "no picture with a WebP source inside a lightbox link"
    href, webp_srcset, img = picture.groups()
    assert href == "../media/huodong-xianchang.1600.jpg"
    assert "huodong-xianchang.480.webp 480w" in webp_srcset and "huodong-xianchang.1600.webp 1600w" in webp_srcset
    assert 'width="1600" height="1200"' in img and 'loading="lazy"' in img
    assert 'alt="2024 年 5 月“安全护航 党员先行”主题党日活动现场"' in img
    assert "lightbox.js" in page


def test_attachments_get_safe_names_and_show_type_and_size(scratch: Scratch, tmp_path: Path) -> None:
    shutil.copy(REPO / "studios/huagong/media/zhidu-huibian.pdf", scratch.path("studios/alpha/media/制度 汇编(2024).pdf"))
    scratch.edit(
        "studios/alpha/outcomes/y2.md", "representative: true",
        "representative: true\nattachments:\n  - src: ../media/制度 汇编(2024).pdf\n    title: 制度汇编",
    )
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "正文见[附件](<../media/制度 汇编(2024).pdf>)。")
    assert scratch.check() == []
    site = build_site(scratch.root, load_project(scratch.root), tmp_path / "site", build_dir=tmp_path / "build").out
    name = safe_stem("制度 汇编(2024)") + ".pdf"
    assert re.fullmatch(r"2024-[0-9a-f]{8}\.pdf", name)
    assert (site / "studios/alpha/media" / name).read_bytes() == scratch.path("studios/alpha/media/制度 汇编(2024).pdf").read_bytes()
    page = (site / "studios/alpha/outcomes/y2.html").read_text(encoding="utf-8")
    assert f'href="../media/{name}"' in page and "（PDF，145.5 KB）" in page
    assert page.count(f"../media/{name}") == 2  # the list and the link in the body


def test_safe_names_are_stable_and_distinct() -> None:
    assert safe_stem("cover") == "cover"
    assert safe_stem("活动照片") == safe_stem("活动照片") != safe_stem("活动照片2")
    assert re.fullmatch(r"[A-Za-z0-9-]+", safe_stem("../../etc passwd"))


def test_progress_is_plain_lines_outside_a_terminal_and_silent_in_libraries(tmp_path: Path, capsys) -> None:
    import io

    from generator.imaging import ImageCache
    from generator.progress import showing

    sources = []
    for index in range(2):
        path = tmp_path / f"p{index}.jpg"
        Image.new("RGB", (64 + index, 48), (index * 90, 40, 40)).save(path, "JPEG")
        sources.append(path)
    ImageCache(tmp_path / "silent", workers=1).variants(sources)
    assert capsys.readouterr().err == ""  # a library call shows nothing
    stream = io.StringIO()
    with showing(stream):
        ImageCache(tmp_path / "shown", workers=2).variants(sources)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "处理图片 2 项……" and lines[1].startswith("处理图片：完成（") and len(lines) == 2


def test_many_images_are_probed_in_parallel_and_remembered(scratch: Scratch, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    refs = []
    for index in range(10):
        scratch.write_bytes(f"studios/alpha/media/p{index}.jpg", small_jpeg((80 + index, 60)))
        refs.append(f"  - src: ../media/p{index}.jpg")
    broken = scratch.path("studios/alpha/media/p3.jpg")
    broken.write_bytes(broken.read_bytes()[:200])  # cut short, as an interrupted upload leaves it
    scratch.edit("studios/alpha/outcomes/y1.md", "images:\n  - src: ../media/photo.jpg\n    caption: 照片\n", "images:\n" + "\n".join(refs) + "\n")
    first = [(d.path, d.code) for d in scratch.check()]
    assert first == [("studios/alpha/outcomes/y1.md", "E-IMAGE-DECODE")]
    assert not scratch.path("build").exists()  # remembered outside the content
    assert list((tmp_path / "cache" / "showcase").glob("probe-*.json"))
    assert [(d.path, d.code) for d in scratch.check()] == first  # remembered, same answer
    scratch.write_bytes("studios/alpha/media/p3.jpg", small_jpeg())  # fixed: a new file is decoded again
    assert scratch.check() == []
