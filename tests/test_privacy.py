"""Personal numbers in what is published: text, YAML, and inside Word, PDF and Excel attachments."""

from __future__ import annotations

from docx import Document
from openpyxl import Workbook

from conftest import Scratch, codes, found, outcome
import re
import unicodedata

from generator.bodies import _COMPAT_DIGITS, may_show_number
from generator.rules.privacy import is_bank_card, luhn_ok

ID_CARD = "11010519491231002X"  # the checksum-valid example number from GB 11643
MOBILE = "13912345678"


def with_check_digit(stem: str) -> str:
    return next(stem + d for d in "0123456789" if luhn_ok(stem + d))


CARD = with_check_digit("622202100112233445")  # UnionPay, 19 digits


def test_bank_cards_need_a_network_prefix_and_a_valid_luhn_digit() -> None:
    assert is_bank_card(CARD)
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert not is_bank_card(wrong)
    assert not is_bank_card(with_check_digit("99" + "1" * 15))  # no card network starts with 99
    assert not is_bank_card(ID_CARD.replace("X", "0")) or not luhn_ok(ID_CARD.replace("X", "0"))


def test_numbers_in_bodies_and_yaml(scratch: Scratch) -> None:
    grouped = " ".join(CARD[i:i + 4] for i in range(0, len(CARD), 4))
    serial = with_check_digit("99" + "1" * 15)
    scratch.write("studios/alpha/outcomes/p.md", outcome(
        "报销", "2024-02-01", False,
        body=f"收款卡号：{grouped}\n\n设备序列号 {serial} 不是卡号。\n\n身份证 {ID_CARD}\n\n联系 {MOBILE}，办公室 13800000000。\n",
    ))
    scratch.edit("studios/alpha/studio.yml", "  name: 张三", f"  name: 张三\n  bio: 手机 {MOBILE}")
    result = found(scratch.check())
    assert ("studios/alpha/outcomes/p.md", 10, "E-PRIVACY-BANKCARD") in result
    assert ("studios/alpha/outcomes/p.md", 14, "E-PRIVACY-IDCARD") in result
    assert ("studios/alpha/outcomes/p.md", 16, "E-PRIVACY-MOBILE") in result
    assert any(path == "studios/alpha/studio.yml" and code == "E-PRIVACY-MOBILE" for path, _, code in result)
    # the allow-listed office number and the serial number are not reported
    assert len([r for r in result if r[0] == "studios/alpha/outcomes/p.md"]) == 3


def _attach(scratch: Scratch, name: str, visibility: str = "public") -> None:
    scratch.write(f"studios/alpha/outcomes/{name.replace('.', '-')}.md", outcome(
        "报名表", "2024-02-01", False, extra=f"attachments: [../media/{name}]\nvisibility: {visibility}\n",
    ))


def test_numbers_inside_word_pdf_and_excel_attachments(scratch: Scratch) -> None:
    from weasyprint import HTML

    document = Document()
    document.add_paragraph("活动报名表")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "李四", ID_CARD
    document.save(str(scratch.path("studios/alpha/media/baoming.docx")))
    HTML(string=f"<p>第一页</p><p style='break-before: page'>联系电话 {MOBILE}</p>").write_pdf(scratch.path("studios/alpha/media/tongxunlu.pdf"))
    book = Workbook()
    book.active.append(["姓名", "银行卡"])
    book.active.append(["王五", CARD])
    book.save(scratch.path("studios/alpha/media/baoxiao.xlsx"))
    for name in ("baoming.docx", "tongxunlu.pdf", "baoxiao.xlsx"):
        _attach(scratch, name)
    diagnostics = [d for d in scratch.check() if d.code == "E-PRIVACY-ATTACHMENT"]
    by_file = {d.path: d.message for d in diagnostics}
    assert set(by_file) == {"studios/alpha/media/baoming.docx", "studios/alpha/media/tongxunlu.pdf", "studios/alpha/media/baoxiao.xlsx"}
    assert "附件中有身份证号码（110105********002X）" in by_file["studios/alpha/media/baoming.docx"]
    assert "附件第 2 页有手机号码（139****5678）" in by_file["studios/alpha/media/tongxunlu.pdf"]
    assert "银行卡号" in by_file["studios/alpha/media/baoxiao.xlsx"]
    assert "studios/alpha/outcomes/baoming-docx.md" in by_file["studios/alpha/media/baoming.docx"]


def test_internal_attachments_and_unreadable_files_are_not_reported(scratch: Scratch) -> None:
    document = Document()
    document.add_paragraph(f"身份证 {ID_CARD}")
    document.save(str(scratch.path("studios/alpha/media/neibu.docx")))
    _attach(scratch, "neibu.docx", visibility="internal")
    scratch.write_bytes("studios/alpha/media/sunhuai.pdf", b"%PDF-1.4\n garbage without structure")
    _attach(scratch, "sunhuai.pdf")
    assert "E-PRIVACY-ATTACHMENT" not in codes(scratch.check())


def test_every_character_that_becomes_a_digit_is_known() -> None:
    """The quick pass over texts without 11 digits relies on this list of the characters NFKC
    turns into digits (², ①, ㏠ …); a newer Unicode that adds one must extend it."""
    digit = re.compile(r"\d")
    missing = [hex(c) for c in range(0x110000) if not digit.match(chr(c))
               and digit.search(unicodedata.normalize("NFKC", chr(c))) and not _COMPAT_DIGITS.match(chr(c))]
    assert missing == []
    assert may_show_number("①③⑨") and may_show_number("电话 139 1234\n5678")
    assert not may_show_number("2024年5月20日，第3次会议")
