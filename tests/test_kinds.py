"""News, honours, coverage, talks and records; report kinds; videos; feeds.

Each kind's rules on scratch roots, then what the demo shows of it on the built
site, in the compilation and in the package.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, Scratch, codes, found, small_jpeg
from generator.codes import EntryKind, Visibility
from generator.reading import load_project
from generator.summary import COMPILATION, Summary

FFMPEG = shutil.which("ffmpeg")
NEEDS_FFMPEG = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed (scripts/test.sh installs it)")

NEWS = "---\ntitle: 工作室开展主题党日活动\ndate: 2025-04-22\nsummary: 一句话。\n{extra}---\n\n正文。\n"
HONOUR = ("---\ntitle: 优秀工作室{title}\ndate: 2025-06-18\nawarded_by: 中共测试省委教育工委\nlevel: province\n"
          "certificate: ../media/photo.jpg\n{extra}---\n\n说明。\n")
PRESS = "---\ntitle: 报道{title}\ndate: 2025-06-20\noutlet: 测试日报\n{extra}---\n\n摘录。\n"


# --- rules ------------------------------------------------------------------------------


def test_new_kinds_never_count_as_outcomes(scratch: Scratch) -> None:
    """Only outcomes, cases and methods meet the one-representative-outcome-per-year rule."""
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: false")
    for kind, text in ((EntryKind.NEWS, NEWS.format(extra="")), (EntryKind.HONOUR, HONOUR.format(title="", extra="")),
                       (EntryKind.TALK, "---\ntitle: 报告\ndate: 2025-03-01\nvenue: 礼堂\nspeaker: 张三\n---\n")):
        scratch.write(f"studios/alpha/{kind.folder}/2025.md", text)
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/studio.yml", 6, "E-REP-MISSING")}
    summary = Summary(load_project(scratch.root), COMPILATION)
    assert len(summary.outcomes) == 3 and len(summary.entries) == 7  # three outcomes, the final report, three items


def test_a_news_item_cannot_be_made_representative(scratch: Scratch) -> None:
    scratch.write("studios/alpha/news/n.md", NEWS.format(extra="representative: true\n"))
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/news/n.md", 5, "E-FIELD-UNKNOWN")}


def test_each_kind_names_what_it_lacks_in_chinese(scratch: Scratch) -> None:
    scratch.write("studios/alpha/honours/h.md", "---\ntitle: 优秀工作室\ndate: 2025-06-18\n---\n")
    scratch.write("studios/alpha/press/p.md", "---\ntitle: 报道\ndate: 2025-06-18\n---\n")
    scratch.write("studios/alpha/talks/t.md", "---\ntitle: 报告\ndate: 2025-06-18\nvenue: 礼堂\n---\n")
    scratch.write("studios/alpha/records/r.md", "---\ntitle: 记录\ndate: 2025-06-18\ntype: diary\n---\n")
    diagnostics = scratch.check()
    assert found(diagnostics) == {
        ("studios/alpha/honours/h.md", 2, "E-FIELD-MISSING"),
        ("studios/alpha/press/p.md", 2, "E-FIELD-MISSING"),
        ("studios/alpha/talks/t.md", 2, "E-FIELD-MISSING"),
        ("studios/alpha/records/r.md", 4, "E-CODE-UNKNOWN"),
    }
    said = {d.path.rsplit("/", 1)[-1]: d.message for d in diagnostics}
    assert "awarded_by（授予单位）" in said["h.md"]
    assert "outlet（媒体名称）" in said["p.md"]
    assert "speaker（报告人）" in said["t.md"]
    assert "记录类型" in said["r.md"] and "party-day" in said["r.md"]


def test_records_are_for_acceptance_unless_told_otherwise(scratch: Scratch) -> None:
    scratch.write("studios/alpha/records/r.md", "---\ntitle: 支委会记录\ndate: 2025-03-12\ntype: meetings\n---\n")
    assert scratch.check() == []
    record = next(e for e in load_project(scratch.root).studio("alpha").entries if e.kind is EntryKind.RECORD)
    assert record.visibility is Visibility.ACCEPTANCE and not record.is_outcome


def test_an_honour_links_to_an_outcome_only(scratch: Scratch) -> None:
    scratch.write("studios/alpha/news/n.md", NEWS.format(extra=""))
    links = {"a": "../news/n.md", "b": "../outcomes/nope.md", "c": "../../beta/outcomes/y1.md", "d": "../outcomes/y1.md"}
    for name, link in links.items():
        scratch.write(f"studios/alpha/honours/{name}.md", HONOUR.format(title=name, extra=f"outcome: {link}\n"))
    diagnostics = scratch.check()
    assert found(diagnostics) == {
        ("studios/alpha/honours/a.md", 7, "E-LINK-KIND"),
        ("studios/alpha/honours/b.md", 7, "E-REF-MISSING"),
        ("studios/alpha/honours/c.md", 7, "E-REF-OUTSIDE"),
    }
    assert "工作动态" in next(d.message for d in diagnostics if d.code == "E-LINK-KIND")
    facts = Summary(load_project(scratch.root), COMPILATION).facts(
        next(e for e in load_project(scratch.root).studio("alpha").entries if e.slug == "d"))
    assert any(f.label == "获奖成果" and f.text == "第一年成果" for f in facts)


def test_an_honour_before_the_outcome_it_rewards_is_flagged(scratch: Scratch) -> None:
    scratch.write("studios/alpha/honours/early.md", HONOUR.format(title="", extra="outcome: ../outcomes/y3.md\n"))
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/honours/early.md", 3, "W-HONOUR-DATE")}
    assert "2025-06-18" in diagnostics[0].message and "2025-12-01" in diagnostics[0].message


def test_a_public_honour_of_a_hidden_outcome_is_flagged(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "representative: true", "representative: true\nvisibility: acceptance")
    scratch.write("studios/alpha/honours/d.md", HONOUR.format(title="d", extra="outcome: ../outcomes/y1.md\n"))
    assert found(scratch.check()) == {("studios/alpha/honours/d.md", 7, "W-LINK-HIDDEN")}


def test_coverage_without_a_copy_on_the_campus_is_flagged(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/media/shot.jpg", small_jpeg())
    fields = {"a": "address: https://news.example.com/1.html\n", "b": "archive: ../media/shot.jpg\n",
              "c": "address: javascript:alert(1)\narchive: ../media/shot.jpg\n"}
    for name, extra in fields.items():
        scratch.write(f"studios/alpha/press/{name}.md", PRESS.format(title=name, extra=extra))
    diagnostics = scratch.check()
    assert found(diagnostics) == {
        ("studios/alpha/press/a.md", 4, "W-PRESS-ARCHIVE"),
        ("studios/alpha/press/c.md", 5, "E-FIELD-INVALID"),
    }
    assert "测试日报" in next(d.message for d in diagnostics if d.code == "W-PRESS-ARCHIVE")


def test_report_kinds_and_their_years(scratch: Scratch) -> None:
    scratch.write("studios/alpha/reports/plan.md", "---\ntitle: 计划\nkind: plan\nyear: 2\n---\n")
    scratch.write("studios/alpha/reports/midterm.md", "---\ntitle: 中期\nkind: midterm\nissuer: 测试党支部\n"
                  "enclosures: [台账, 记录]\ndate: 2025-03-20\n---\n")
    assert scratch.check() == []
    scratch.write("studios/alpha/reports/plan2.md", "---\ntitle: 另一份计划\nkind: plan\n---\n")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/reports/plan2.md", 3, "E-REPORT-YEAR")}
    assert "kind: plan" in diagnostics[0].message


def test_the_demo_has_every_kind_marked_as_an_example() -> None:
    project = load_project(REPO)
    entries = [e for s in project.studios for e in s.entries]
    for kind in EntryKind:
        assert [e for e in entries if e.kind is kind], kind
    for entry in entries:
        if entry.kind not in (EntryKind.OUTCOME, EntryKind.CASE, EntryKind.METHOD, EntryKind.REPORT):
            assert "示例" in entry.text.split("\n---\n", 1)[-1], entry.rel  # said where a reader sees it


# --- video --------------------------------------------------------------------------------


def _film(out: Path, *args: str, seconds: float = 2) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=160x90:rate=10:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", *args, str(out)], check=True)
    return out


def _with_video(scratch: Scratch, name: str) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", f"正文。\n\n![演练现场](../media/{name})")


@NEEDS_FFMPEG
def test_a_phone_video_passes_and_others_are_refused_with_how_to_fix(scratch: Scratch) -> None:
    media = scratch.path("studios/alpha/media")
    _film(media / "good.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac")
    _with_video(scratch, "good.mp4")
    assert scratch.check() == []
    _film(media / "old.mp4", "-c:v", "mpeg4", "-c:a", "mp3")  # an old camera's codecs in an .mp4 box
    (media / "text.mp4").write_text("这不是视频", encoding="utf-8")
    _film(media / "sound.mp4", "-map", "1", "-c:a", "aac")  # sound only
    _film(media / "long.mp4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", seconds=16 * 60)
    for name in ("old.mp4", "text.mp4", "sound.mp4", "long.mp4"):
        scratch.edit("studios/alpha/outcomes/y3.md", "正文。", f"正文。\n\n![视频](../media/{name})")
    diagnostics = scratch.check()
    by_line = {(d.line, d.code) for d in diagnostics if d.path == "studios/alpha/outcomes/y3.md"}
    assert {code for _, code in by_line} == {"E-VIDEO-CODEC", "E-VIDEO-DECODE", "E-VIDEO-LONG"}
    assert len(by_line) == 4 and codes(diagnostics) == {"E-VIDEO-CODEC", "E-VIDEO-DECODE", "E-VIDEO-LONG"}
    codec = next(d for d in diagnostics if d.code == "E-VIDEO-CODEC")
    assert "mpeg4" in codec.message and "H.264" in codec.message
    assert "16.0 分钟" in next(d.message for d in diagnostics if d.code == "E-VIDEO-LONG")


def test_a_huge_video_is_refused_before_it_is_read(scratch: Scratch) -> None:
    with scratch.path("studios/alpha/media/huge.mp4").open("wb") as sparse:
        sparse.truncate(201 << 20)
    _with_video(scratch, "huge.mp4")
    diagnostics = scratch.check()
    assert codes(diagnostics) == {"E-REF-SIZE"} and "200.0 MB" in diagnostics[0].message


def test_without_ffmpeg_the_check_says_what_to_install(scratch: Scratch, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    scratch.write_bytes("studios/alpha/media/film.mp4", b"\x00\x00\x00\x18ftypmp42")
    _with_video(scratch, "film.mp4")
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffprobe on this machine
    diagnostics = scratch.check()
    assert codes(diagnostics) == {"E-VIDEO-TOOL"} and "apt-get install ffmpeg" in diagnostics[0].message


@NEEDS_FFMPEG
def test_a_published_video_has_no_position_and_the_same_pictures(tmp_path: Path) -> None:
    from generator.imaging import ImageCache

    source = _film(tmp_path / "phone.mp4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
                   "-metadata", "location=+39.9042+116.4074/", "-metadata", "make=Phone")

    def probe(path: Path) -> dict:
        run = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                              str(path)], capture_output=True, check=True)
        return json.loads(run.stdout)

    assert "location" in probe(source)["format"]["tags"]
    cache = ImageCache(tmp_path / "cache")
    published = cache.handed_over(source)
    described = probe(published)
    tags = json.dumps([described["format"].get("tags", {}), *(s.get("tags", {}) for s in described["streams"])])
    assert "39.9042" not in tags and "Phone" not in tags and "location" not in tags
    assert [s["codec_name"] for s in probe(published)["streams"]] == ["h264", "aac"]
    poster = cache.poster(source)
    assert poster.read_bytes()[:4] == b"\xff\xd8\xff\xe0"  # JFIF: Word, WPS and browsers all read it
    assert cache.handed_over(source) == published  # made once per content


# --- the built site -----------------------------------------------------------------------


def _page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_the_site_has_a_section_for_each_kind(built_site: Path) -> None:
    project = load_project(REPO)
    public = [e for s in project.studios for e in s.entries if e.visibility is Visibility.PUBLIC]
    for kind, folder in ((EntryKind.NEWS, "news"), (EntryKind.HONOUR, "honours"), (EntryKind.PRESS, "press"),
                         (EntryKind.TALK, "talks")):
        page = _page(built_site, f"{folder}/index.html")
        shown = [e for e in public if e.kind is kind]
        assert shown and all(e.title.replace("“", "&ldquo;")[:6] in page or e.title[:6] in page for e in shown)
        assert f'共 {len(shown)} 项' in page
    home = _page(built_site, "index.html")
    assert "<h2 id=\"_2\">工作动态</h2>" in home or ">工作动态</h2>" in home
    assert re.search(r"<strong>\d+</strong><span>项荣誉</span>", home)
    studio = _page(built_site, "studios/huagong/index.html")
    for heading in ("工作动态", "荣誉", "媒体报道", "交流报告", "工作总结与计划"):
        assert f">{heading}<" in studio or f">{heading}</h2>" in studio, heading
    honours = _page(built_site, "honours/index.html")
    assert honours.count('class="sc-item__thumb"') >= 5  # each honour with its certificate


def test_records_stay_off_the_site(built_site: Path) -> None:
    project = load_project(REPO)
    records = [e for s in project.studios for e in s.entries if e.kind is EntryKind.RECORD]
    assert records and all(e.visibility is not Visibility.PUBLIC for e in records)
    every = " ".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    every += " ".join(p.read_text(encoding="utf-8") for p in (built_site / "search-index").rglob("*") if p.is_file()
                      and p.suffix == ".json")
    for record in records:
        assert record.title not in every
    assert not (built_site / "studios/huagong/records").exists()


def test_an_honour_page_shows_its_certificate_and_the_outcome_it_rewards(built_site: Path) -> None:
    page = _page(built_site, "studios/huagong/honours/2025-shengji-youxiu-anli.html")
    assert "示教工委〔2025〕15号" in page and "中共示例省委教育工作委员会" in page
    assert re.search(r'<figure class="sc-figure-image".*?rongyu-zhengshu', page, re.S)
    assert 'href="../cases/2024-anquan-dangyuan-gangwei.html"' in page
    press = _page(built_site, "studios/huagong/press/2025-jiaoyubao-baodao.html")
    assert "baodao-jietu" in press and "报道存档" in press


def test_a_video_plays_from_a_local_file_with_its_poster(built_site: Path) -> None:
    page = _page(built_site, "studios/huagong/outcomes/2025-qiye-gongjian.html")
    video = re.search(r'<video controls preload="none" playsinline poster="([^"]+)" width="(\d+)" height="(\d+)"[^>]*>'
                      r'<source src="([^"]+)" type="video/mp4">', page)
    assert video, "no <video> on the page"
    poster, source = (built_site / "studios/huagong/outcomes" / video.group(1)), built_site / "studios/huagong/outcomes" / video.group(4)
    assert poster.resolve().is_file() and source.resolve().is_file()
    assert poster.read_bytes()[:2] == b"\xff\xd8" and source.read_bytes()[4:8] == b"ftyp"
    assert "<figcaption>校企联合应急演练</figcaption>" in page
    news = _page(built_site, "studios/huagong/news/2025-lianhe-yingji-yanlian.html")
    assert "<video" in news  # an attached video plays too


def test_a_report_ends_with_its_enclosures_and_sign_off(built_site: Path) -> None:
    page = _page(built_site, "studios/huagong/reports/2025-zhongqi-kaohe.html")
    assert '<p class="sc-enclosures">附件：' in page
    assert re.search(r'<p class="sc-signoff">[^<]+<br>2025年3月20日</p>', page)


# --- feeds --------------------------------------------------------------------------------


def test_the_feeds_parse_back_with_absolute_addresses(built_site: Path) -> None:
    project = load_project(REPO)
    base = project.site_model.address()
    atom = feedparser.parse((built_site / "feeds/atom.xml").read_bytes())
    assert atom.bozo == 0 and atom.version == "atom10"
    assert atom.feed.title == project.site_model.title and atom.feed.language == "zh-CN"
    public = [e for s in project.studios for e in s.entries if e.visibility is Visibility.PUBLIC
              and e.kind in (EntryKind.OUTCOME, EntryKind.CASE, EntryKind.METHOD, EntryKind.NEWS)]
    assert len(atom.entries) == min(50, len(public))
    for item in atom.entries:
        assert item.link.startswith(base) and item.id == item.link and item.published_parsed and item.title
    titles = {item.title for item in atom.entries}
    assert any(e.kind is EntryKind.NEWS and e.title in titles for e in public)
    assert not any(e.title in titles for s in project.studios for e in s.entries if e.kind is EntryKind.RECORD)
    dates = [item.published_parsed for item in atom.entries]
    assert dates == sorted(dates, reverse=True)

    document = json.loads((built_site / "feeds/feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == base + "feeds/feed.json" and document["home_page_url"].startswith(base)
    assert [i["title"] for i in document["items"]] == [item.title for item in atom.entries]
    for item in document["items"]:
        assert item["id"] and item["url"].startswith(base) and (item.get("content_text") or item.get("content_html"))
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00\+08:00", item["date_published"])


def test_each_studio_has_its_own_feed_linked_from_its_page(built_site: Path) -> None:
    project = load_project(REPO)
    for studio in project.studios:
        atom = feedparser.parse((built_site / f"studios/{studio.slug}/atom.xml").read_bytes())
        assert atom.bozo == 0 and atom.entries
        assert all(f"/studios/{studio.slug}/" in item.link for item in atom.entries)
        page = _page(built_site, f"studios/{studio.slug}/index.html")
        assert 'href="atom.xml"' in page and 'href="feed.json"' in page
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="\.\./\.\./feeds/atom\.xml">', page)


def test_no_feeds_without_the_site_address(scratch: Scratch) -> None:
    from generator.site.feeds import feed_files
    from generator.summary import SITE

    assert feed_files(Summary(load_project(scratch.root), SITE)) == []


# --- compilation and package ---------------------------------------------------------------


def test_the_compilation_prints_every_kind(school_pdf: Path) -> None:
    text = subprocess.run(["pdftotext", str(school_pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for heading in ("荣誉、报道与交流", "荣誉表彰", "媒体报道", "交流报告", "工作动态一览", "工作记录一览", "中期考核报告",
                    "第三建设年度工作计划"):
        assert heading in flat, heading
    assert "示教工委〔2025〕15号" in flat and "2024年3月支部委员会会议" in flat  # an honour; a record (acceptance)
    assert "视频：校企联合应急演练（扫码观看）" in flat
    assert "附件：中期建设任务完成情况表" in flat


def test_the_sign_off_is_right_aligned_in_pdf_and_word(school_pdf: Path, school_docx: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    layout = subprocess.run(["pdftotext", "-layout", str(school_pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in layout.splitlines() if line.strip() == "2025年3月20日"]
    assert lines and all(len(line) - len(line.lstrip()) > 30 for line in lines)  # pushed to the right margin
    paragraphs = Document(str(school_docx)).paragraphs
    signed = [p for p in paragraphs if p.text.endswith("2025年3月20日") and "党支部" in p.text]
    assert signed and all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in signed)
    assert any(p.text.startswith("附件：") and "中期建设任务完成情况表" in p.text for p in paragraphs)


def test_the_package_files_honours_by_indicator_and_records_by_year(tmp_path: Path) -> None:
    from generator.compile.package import write_package

    out = tmp_path / "pkg.zip"
    write_package(load_project(REPO), REPO, out, studio="huagong", build_dir=tmp_path)
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("4 ") and "/4.2.1 " in n and "优秀建设案例" in n and n.endswith(".jpg") for n in names)
    records = [n for n in names if n.startswith("工作记录/")]
    assert "工作记录/第一建设年度/“三会一课”记录/" in records
    assert any(n.startswith("工作记录/第一建设年度/“三会一课”记录/") and n.endswith(".pdf") for n in records)
    assert any(n.startswith("工作记录/第三建设年度/换届选举材料/") for n in records)
    from docx import Document

    (tmp_path / "dir.docx").write_bytes(zipfile.ZipFile(out).read("支撑材料目录.docx"))
    cells = {cell.text for row in Document(str(tmp_path / "dir.docx")).tables[0].rows for cell in row.cells}
    assert "全省高校“双带头人”教师党支部书记工作室优秀建设案例（荣誉）" in cells
    assert "工作记录：第一建设年度“三会一课”记录" in cells


def test_assessment_grades_count_alike_everywhere() -> None:
    from generator.codes import AssessmentResult
    from generator.forms.acceptance import checklist

    assert [r for r in AssessmentResult if r.passed] == [AssessmentResult.EXCELLENT, AssessmentResult.PASS]
    summary = Summary(load_project(REPO), COMPILATION)
    items = {i.label: i for i in checklist(summary, summary.studio("jidian"), REPO, date(2026, 9, 1)) if i.column == "年度考核"}
    assert items["第3年度考核"].ok is False and items["第3年度考核"].detail == "限期整改（2026年12月31日前）"
    assert items["第1年度考核"].ok is True
    huagong = {i.label: i for i in checklist(summary, summary.studio("huagong"), REPO, date(2026, 9, 1)) if i.column == "年度考核"}
    assert huagong["第1年度考核"].ok is True and huagong["第1年度考核"].detail == "优秀"
