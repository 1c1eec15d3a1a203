"""Every rule of SPEC §5: each test breaks one thing and expects path, line and code."""

from __future__ import annotations

import os
from datetime import date

import pytest

from conftest import FINAL_REPORT, Scratch, codes, found, outcome, small_jpeg


def test_scratch_root_is_clean(scratch: Scratch) -> None:
    assert scratch.check() == []


# --- eligibility and the yearly rhythm ---------------------------------------------


def test_branch_founded_less_than_three_years_before_application(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "branch_founded: 2019-01-01", "branch_founded: 2020-06-21")
    assert found(scratch.check()) == {("studios/alpha/studio.yml", 4, "E-BRANCH-AGE")}


def test_branch_founded_exactly_three_years_before_counts(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "branch_founded: 2019-01-01", "branch_founded: 2020-06-20")
    assert scratch.check() == []


def test_missing_representative_outcome_in_an_ended_year(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: false")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/studio.yml", 6, "E-REP-MISSING")}
    assert "第二建设年度" in diagnostics[0].message and "representative: true" in diagnostics[0].message


def test_year_not_yet_ended_is_not_required(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y3.md", "representative: true", "representative: false")
    scratch.path("studios/alpha/reports/final.md").unlink()
    # while the year runs, a warning reminds the studio (the nightly CI run lists these)
    pending = scratch.check(as_of=date(2026, 3, 1))
    assert found(pending) == {("studios/alpha/studio.yml", 6, "W-REP-PENDING")}
    assert "第三建设年度" in pending[0].message and "2026-08-31 结束" in pending[0].message
    # once the year has ended it is required
    assert "E-REP-MISSING" in codes(scratch.check(as_of=date(2026, 9, 1)))


def test_at_acceptance_every_year_counts(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y3.md", "representative: true", "representative: false")
    scratch.edit("studios/alpha/studio.yml", "status: building", "status: accepted")
    assert "E-REP-MISSING" in codes(scratch.check(as_of=date(2026, 3, 1)))


def test_internal_representative_outcome_does_not_count(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "representative: true", "representative: true\nvisibility: internal")
    assert "E-REP-MISSING" in codes(scratch.check())


def test_case_can_be_the_representative_outcome(scratch: Scratch) -> None:
    scratch.path("studios/alpha/outcomes/y2.md").unlink()
    scratch.write(
        "studios/alpha/cases/case.md",
        "---\ntitle: 案例\ndate: 2025-02-01\ntasks: [team]\nrepresentative: true\n---\n\n## 背景\n",
    )
    assert scratch.check() == []


def test_applying_studio_needs_no_outcomes(scratch: Scratch) -> None:
    for name in ("y1", "y2", "y3"):
        scratch.path(f"studios/alpha/outcomes/{name}.md").unlink()
    scratch.edit("studios/alpha/studio.yml", "status: building", "status: applying")
    scratch.edit("studios/alpha/studio.yml", "cover: media/photo.jpg\n", "")
    assert scratch.check() == []


def test_accepted_studio_without_final_report(scratch: Scratch) -> None:
    scratch.path("studios/alpha/reports/final.md").unlink()
    scratch.edit("studios/alpha/studio.yml", "status: building", "status: accepted")
    diagnostics = scratch.check(as_of=date(2026, 3, 1))
    assert found(diagnostics) == {("studios/alpha/studio.yml", 6, "E-REPORT-FINAL-MISSING")}
    assert "已结项" in diagnostics[0].message


def test_studio_in_acceptance_phase_without_final_report(scratch: Scratch) -> None:
    scratch.path("studios/alpha/reports/final.md").unlink()
    assert found(scratch.check(as_of=date(2026, 6, 15))) == {("studios/alpha/studio.yml", 6, "E-REPORT-FINAL-MISSING")}
    assert scratch.check(as_of=date(2026, 5, 31)) == []


def test_annual_report_needs_its_year(scratch: Scratch) -> None:
    scratch.write("studios/alpha/reports/y1.md", "---\ntitle: 年度总结\nkind: annual\n---\n\n总结。\n")
    assert found(scratch.check()) == {("studios/alpha/reports/y1.md", 3, "E-REPORT-YEAR")}


# --- codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "line"),
    [
        ("studios/alpha/outcomes/y1.md", "type: system", "type: systems", 4),
        ("studios/alpha/outcomes/y1.md", "tasks: [political]", "tasks: [political, 党建]", 5),
        ("studios/alpha/studio.yml", "status: building", "status: done", 6),
        ("studios/alpha/outcomes/y2.md", "representative: true", "representative: true\nlevel: county", 8),
    ],
)
def test_unknown_codes_list_the_choices(scratch: Scratch, rel: str, old: str, new: str, line: int) -> None:
    scratch.edit(rel, old, new)
    diagnostics = [d for d in scratch.check() if d.code == "E-CODE-UNKNOWN"]
    assert [(d.path, d.line) for d in diagnostics] == [(rel, line)]
    assert "可选的取值有" in diagnostics[0].message


def test_indicator_must_exist_at_level_three(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", 'indicators: ["1.1.1"]', 'indicators: ["1.1.1", "1.1", "9.9.9"]')
    diagnostics = sorted(scratch.check(), key=lambda d: d.message)
    assert found(diagnostics) == {("studios/alpha/outcomes/y1.md", 6, "E-INDICATOR-UNKNOWN")}
    messages = " ".join(d.message for d in diagnostics)
    assert "“1.1”是二级指标" in messages and "1.1.1、1.1.2" in messages
    assert "9.9.9" in messages


def test_indicator_codes_written_as_numbers_are_understood(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/extra.md", outcome("额外", "2024-02-01", False).replace('["1.1.1"]', "[1.1]"))
    assert codes(scratch.check()) == {"E-INDICATOR-UNKNOWN"}  # 1.1 is level 2, read as text "1.1"


# --- dates and money --------------------------------------------------------------


def test_entry_dated_outside_the_programme_is_a_warning(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/old.md", outcome("旧成果", "2021-05-01", False))
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/old.md", 3, "W-DATE-OUTSIDE")}


def test_expenditure_over_the_year_budget_is_a_warning(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/plan.yml", "amount: 2000", "amount: 12000")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 15, "W-BUDGET-OVER")}


def test_expenditure_category_must_come_from_the_budget(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/plan.yml", "category: 活动费\n    amount: 2000", "category: 餐费\n    amount: 2000")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/plan.yml", 17, "E-EXPENSE-CATEGORY")}
    assert "活动费" in diagnostics[0].message


def test_missing_plan_year_is_a_warning(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/plan.yml", "  - year: 3\n    goals: [目标三]\n", "")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 2, "W-PLAN-YEAR")}


# --- files and media ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "code"),
    [
        ("../media/nothere.jpg", "E-REF-MISSING"),
        ("../media/PHOTO.jpg", "E-REF-MISSING"),
        ("../../../content/site.yml", "E-REF-OUTSIDE"),
        ("../../beta/media/photo.jpg", "E-REF-OUTSIDE"),
        ("/etc/passwd", "E-REF-OUTSIDE"),
        ("C:/Users/photo.jpg", "E-REF-OUTSIDE"),
        ("..\\media\\photo.jpg", "E-REF-OUTSIDE"),
        ("%2e%2e/%2e%2e/%2e%2e/content/site.yml", "E-REF-OUTSIDE"),
        ("../media/photo\u0007.jpg", "E-REF-OUTSIDE"),
        ("http://example.com/a.jpg", "E-REF-REMOTE"),
        ("//example.com/a.jpg", "E-REF-REMOTE"),
        ("../plan.yml", "E-REF-TYPE"),
    ],
)
def test_image_references_in_front_matter(scratch: Scratch, src: str, code: str) -> None:
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", f"src: {src!r}".replace("'", '"') if "\\" not in src else f"src: '{src}'")
    assert found(scratch.check()) == {("studios/alpha/outcomes/y1.md", 9, code)}


def test_image_reference_in_body_with_its_line(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "第一段。\n\n![照片](../media/missing.png)\n")
    assert found(scratch.check()) == {("studios/alpha/outcomes/y2.md", 12, "E-REF-MISSING")}


def test_body_links_to_entries_and_sites_are_fine(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "见[第一年](y1.md#top)和[网站](https://example.com)，邮件 <mailto:a@b.cn>。\n")
    assert scratch.check() == []


def test_symlink_leading_out_of_the_studio(scratch: Scratch) -> None:
    os.symlink(scratch.path("content/site.yml"), scratch.path("studios/alpha/media/link.jpg"))
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", "src: ../media/link.jpg")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/y1.md", 9, "E-REF-OUTSIDE")}
    assert "symlink" in diagnostics[0].message


def test_hard_link_is_refused(scratch: Scratch) -> None:
    os.link(scratch.path("studios/alpha/media/photo.jpg"), scratch.path("studios/alpha/media/twin.jpg"))
    assert "E-REF-OUTSIDE" in codes(scratch.check())


def test_cover_and_secretary_photo_are_checked(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "cover: media/photo.jpg", "cover: ../media/photo.jpg")
    scratch.edit("studios/alpha/studio.yml", "  name: 张三", "  name: 张三\n  photo: media/none.jpg")
    assert found(scratch.check()) == {
        ("studios/alpha/studio.yml", 14, "E-REF-OUTSIDE"),
        ("studios/alpha/studio.yml", 9, "E-REF-MISSING"),
    }


def test_attachment_type_and_size(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/media/tool.exe", b"MZ" + b"\0" * 10)
    scratch.write_bytes("studios/alpha/media/big.pdf", b"%PDF-1.4\n")
    os.truncate(scratch.path("studios/alpha/media/big.pdf"), 51 << 20)
    scratch.edit(
        "studios/alpha/outcomes/y2.md", "representative: true",
        "representative: true\nattachments:\n  - src: ../media/tool.exe\n  - src: ../media/big.pdf\n    title: 大文件",
    )
    assert found(scratch.check()) == {
        ("studios/alpha/outcomes/y2.md", 9, "E-REF-TYPE"),
        ("studios/alpha/outcomes/y2.md", 10, "E-REF-SIZE"),
    }


def test_truncated_image_is_reported(scratch: Scratch) -> None:
    import weasyprint  # noqa: F401  (it makes Pillow lenient about truncated files, process-wide)

    data = small_jpeg((400, 300))
    scratch.write_bytes("studios/alpha/media/photo.jpg", data[: len(data) // 2])
    diagnostics = scratch.check()
    assert codes(diagnostics) == {"E-IMAGE-DECODE"}
    assert {d.path for d in diagnostics} == {"studios/alpha/outcomes/y1.md", "studios/alpha/studio.yml"}


def test_text_file_named_like_an_image(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/media/photo.jpg", "这不是图片".encode())
    assert codes(scratch.check()) == {"E-IMAGE-DECODE"}


def test_huge_image_refused_from_its_header(scratch: Scratch) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0))
    png = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    scratch.write_bytes("studios/alpha/media/bomb.png", png)
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", "src: ../media/bomb.png")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/y1.md", 9, "E-IMAGE-PIXELS")}
    assert "30000×30000" in diagnostics[0].message


def test_svg_images_are_refused(scratch: Scratch) -> None:
    scratch.write("studios/alpha/media/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", "src: ../media/logo.svg")
    assert found(scratch.check()) == {("studios/alpha/outcomes/y1.md", 9, "E-IMAGE-SVG")}


def test_stray_files_in_entry_folders_are_warned(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/outcomes/材料.docx", b"PK\x03\x04")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/材料.docx", None, "W-FILE-UNEXPECTED")}
    assert "import-docx" in diagnostics[0].message


# --- privacy -------------------------------------------------------------------------


def test_id_card_number_with_valid_checksum(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "联系人身份证号 11010519491231002X。")
    diagnostics = scratch.check()
    assert found(diagnostics) == {("studios/alpha/outcomes/y2.md", 10, "E-PRIVACY-IDCARD")}
    assert "11010519491231002X" not in diagnostics[0].message and "110105" in diagnostics[0].message


def test_serial_number_with_wrong_checksum_is_not_an_id(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", "设备序列号 110105194912310021。")
    assert scratch.check() == []


def test_private_mobile_number_in_yaml(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "intro: 简介。", "intro: 联系电话 139-1234-5678。")
    assert found(scratch.check()) == {("studios/alpha/studio.yml", 12, "E-PRIVACY-MOBILE")}


def test_allow_listed_number_passes(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "intro: 简介。", "intro: 值班电话 13800000000。")
    assert scratch.check() == []


def test_internal_entries_are_not_scanned(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/minutes.md", outcome("会议记录", "2024-02-01", False, "visibility: internal\n", "13912345678"))
    assert scratch.check() == []


# --- raw HTML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="../media/photo.jpg" onerror="alert(1)">',
        '<a href="javascript:alert(1)">点我</a>',
        '<a href="jav&#x09;ascript:alert(1)">点我</a>',
        '<iframe src="http://example.com"></iframe>',
        '<span style="background:url(http://example.com/x.png)">文字</span>',
        '<meta http-equiv="refresh" content="0;url=http://example.com">',
        "<base href='http://example.com/'>",
        "[点我](javascript:alert(1))",
    ],
)
def test_unsafe_html_is_an_error(scratch: Scratch, html: str) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", f"第一段。\n\n{html}\n")
    diagnostics = [d for d in scratch.check() if d.code == "E-HTML-UNSAFE"]
    assert [(d.path, d.line) for d in diagnostics][:1] == [("studios/alpha/outcomes/y2.md", 12)]


def test_harmless_but_unlisted_html_is_a_warning(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", '<font color="red">红字</font> 和 <span style="color:red">红</span>\n')
    assert codes(scratch.check()) == {"W-HTML-STRIPPED"}


def test_allowed_html_passes(scratch: Scratch) -> None:
    scratch.edit(
        "studios/alpha/outcomes/y2.md", "正文。",
        '<table>\n<tr><th colspan="2">表头</th></tr>\n<tr><td>甲</td><td>乙<br>丙</td></tr>\n</table>\n',
    )
    assert scratch.check() == []


def test_html_in_studio_intro_is_checked(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "intro: 简介。", "intro: |\n  简介。\n  <script>alert(1)</script>")
    assert found(scratch.check()) == {("studios/alpha/studio.yml", 14, "E-HTML-UNSAFE")}


# --- names, URLs and templates ----------------------------------------------------------


def test_studio_folder_name_must_be_a_slug(scratch: Scratch) -> None:
    (scratch.root / "studios" / "alpha").rename(scratch.root / "studios" / "Alpha 工作室")
    assert found(scratch.check()) == {("studios/Alpha 工作室", None, "E-SLUG-INVALID")}


def test_entry_file_name_must_be_a_slug(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/第四项成果.md", outcome("第四", "2024-03-01", False))
    assert found(scratch.check()) == {("studios/alpha/outcomes/第四项成果.md", None, "E-SLUG-INVALID")}


def test_duplicate_titles_within_a_studio(scratch: Scratch) -> None:
    scratch.write("studios/alpha/outcomes/copy.md", outcome("第一年成果", "2024-03-01", False))
    diagnostics = scratch.check()
    # files are read in name order, so copy.md is the first and y1.md the duplicate
    assert found(diagnostics) == {("studios/alpha/outcomes/y1.md", 2, "E-TITLE-DUPLICATE")}
    assert "copy.md" in diagnostics[0].message


def test_duplicate_studio_names(scratch: Scratch) -> None:
    for rel in ("studio.yml", "plan.yml", "outcomes/y1.md", "outcomes/y2.md", "outcomes/y3.md", "reports/final.md", "media/photo.jpg"):
        target = scratch.path(f"studios/beta/{rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scratch.path(f"studios/alpha/{rel}").read_bytes())
    assert found(scratch.check()) == {("studios/beta/studio.yml", 1, "E-TITLE-DUPLICATE")}


def test_media_names_that_collide_on_windows(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/media/Photo.JPG", small_jpeg())
    assert found(scratch.check()) == {("studios/alpha/media/photo.jpg", None, "E-SLUG-COLLISION")}


def test_unreplaced_template_marker(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/outcomes/y3.md", "正文。", "【请修改】正文")
    assert found(scratch.check()) == {("studios/alpha/outcomes/y3.md", 10, "E-PLACEHOLDER")}


# --- site-wide data -----------------------------------------------------------------


def test_standard_codes_follow_the_tree(scratch: Scratch) -> None:
    scratch.edit("content/standard.yml", 'code: "1.1.2"', 'code: "1.2.2"')
    scratch.edit("content/standard.yml", 'code: "2.1.1"', 'code: "1.1.1"')
    assert found(scratch.check()) == {
        ("content/standard.yml", 12, "E-STANDARD-CODE"),
        ("content/standard.yml", 21, "E-STANDARD-DUPLICATE"),
        ("content/standard.yml", 21, "E-STANDARD-CODE"),
    }


def test_featured_item_must_exist(scratch: Scratch) -> None:
    scratch.edit("content/site.yml", "privacy_allow:", "featured:\n  - alpha/outcomes/y1\n  - alpha/outcomes/nope\nprivacy_allow:")
    assert found(scratch.check()) == {("content/site.yml", 10, "E-FEATURED-UNKNOWN")}


def test_assessment_for_unknown_studio(scratch: Scratch) -> None:
    scratch.write(
        "content/assessments.yml",
        "assessments:\n  - studio: alpha\n    year: 1\n    result: rectify\n  - studio: gamma\n    year: 1\n    result: pass\n"
        "  - studio: alpha\n    year: 2\n    result: excellent\n    deadline: 2025-12-31\n",
    )
    assert found(scratch.check()) == {
        ("content/assessments.yml", 2, "E-ASSESS-DEADLINE"),
        ("content/assessments.yml", 5, "E-ASSESS-STUDIO"),
        ("content/assessments.yml", 11, "W-ASSESS-DEADLINE"),
    }


def test_missing_site_files(scratch: Scratch) -> None:
    scratch.path("content/site.yml").unlink()
    scratch.path("studios/alpha/plan.yml").unlink()
    assert found(scratch.check()) == {
        ("content/site.yml", None, "E-FILE-MISSING"),
        ("studios/alpha/plan.yml", None, "E-FILE-MISSING"),
    }


def test_every_problem_in_one_run(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/studio.yml", "status: building", "status: ok")
    scratch.edit("studios/alpha/outcomes/y1.md", "date: 2024-01-10", "date: 2024-13-10")
    scratch.write("studios/alpha/reports/broken.md", FINAL_REPORT.replace("kind: final", "kind: [final"))
    scratch.write_bytes("studios/alpha/outcomes/gbk.md", outcome("编码", "2024-02-02", False).encode("gbk"))
    assert found(scratch.check()) == {
        ("studios/alpha/studio.yml", 6, "E-CODE-UNKNOWN"),
        ("studios/alpha/outcomes/y1.md", 3, "E-FIELD-INVALID"),
        ("studios/alpha/reports/broken.md", 3, "E-YAML-SYNTAX"),  # where the bracket opens,
        ("studios/alpha/outcomes/gbk.md", 2, "E-ENCODING-GBK"),
    }


def test_level_three_indicator_without_evidence_is_a_warning(scratch: Scratch) -> None:
    scratch.edit("content/standard.yml", "            evidence: [转化案例]\n", "")
    assert found(scratch.check()) == {("content/standard.yml", 12, "W-STANDARD-EVIDENCE")}


def test_construction_years_must_be_numbered_and_not_overlap(scratch: Scratch) -> None:
    scratch.edit(
        "content/site.yml", "contact:",
        "years:\n  - year: 1\n    label: 第一年\n    start: 2023-09-01\n    end: 2024-08-31\n"
        "  - year: 3\n    label: 第二年\n    start: 2024-08-01\n    end: 2025-08-31\ncontact:",
    )
    diagnostics = [d for d in scratch.check() if d.code == "E-YEARS-INVALID"]
    assert [(d.path, d.line) for d in diagnostics] == [("content/site.yml", 11), ("content/site.yml", 11)]


def test_plan_year_written_twice(scratch: Scratch) -> None:
    scratch.edit("studios/alpha/plan.yml", "  - year: 3\n", "  - year: 2\n    goals: [再写一次]\n  - year: 3\n")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 7, "E-PLAN-YEAR-DUPLICATE")}


def test_assessment_written_twice(scratch: Scratch) -> None:
    scratch.write(
        "content/assessments.yml",
        "assessments:\n  - studio: alpha\n    year: 1\n    result: pass\n  - studio: alpha\n    year: 1\n    result: pass\n",
    )
    assert found(scratch.check()) == {("content/assessments.yml", 5, "E-ASSESS-DUPLICATE")}


def test_complex_yaml_key(scratch: Scratch) -> None:
    scratch.write("studios/alpha/plan.yml", "? [a, b]\n: value\n")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 1, "E-YAML-KEY")}


def test_bytes_that_are_neither_utf8_nor_gbk(scratch: Scratch) -> None:
    scratch.write_bytes("studios/alpha/plan.yml", b"goal: \x80\n")
    assert found(scratch.check()) == {("studios/alpha/plan.yml", 1, "E-ENCODING-UNKNOWN")}


def test_special_file_is_refused_without_blocking(scratch: Scratch) -> None:
    os.mkfifo(scratch.path("studios/alpha/outcomes/pipe.md"))  # reading it would wait forever
    assert found(scratch.check()) == {("studios/alpha/outcomes/pipe.md", None, "E-FILE-UNREADABLE")}


def test_every_message_code_is_tested() -> None:
    from pathlib import Path

    from generator.messages import CATALOGUE

    tests = " ".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    assert [code for code in CATALOGUE if f'"{code}"' not in tests] == []


def test_body_problems_are_reported_even_when_the_front_matter_is_broken(scratch: Scratch) -> None:
    scratch.write(
        "studios/alpha/outcomes/draft.md",
        "---\ntitle: 草稿\ndate: 2024/3/5\n---\n\n电话 13912345678。\n\n<p onclick=\"x()\">点</p>\n\n![图](http://example.com/a.jpg)\n",
    )
    assert found(scratch.check()) == {
        ("studios/alpha/outcomes/draft.md", 3, "E-FIELD-INVALID"),
        ("studios/alpha/outcomes/draft.md", 2, "E-FIELD-MISSING"),
        ("studios/alpha/outcomes/draft.md", 6, "E-PRIVACY-MOBILE"),
        ("studios/alpha/outcomes/draft.md", 8, "E-HTML-UNSAFE"),
        ("studios/alpha/outcomes/draft.md", 10, "E-REF-REMOTE"),
    }
