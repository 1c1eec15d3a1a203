"""No ID-card, bank-card or private mobile numbers in what is published,
in the content files and in the text of the Word, PDF and Excel files they attach."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Iterator

from ..codes import Visibility
from ..diagnostics import Diagnostic, diag
from ..extract import READERS, attachment_text
from ..media import contained_file, resolve_ref
from ..bodies import may_show_number
from . import Context

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{16}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d-])(?:\+?86[-\s]?)?(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?![\d-])")
_CARD = re.compile(r"(?<![\d-])((?:\d[ -]?){15,18}\d)(?![\d-])")
# every number looked for has 11 digits or more, at most one space or dash between two of them:
# a text without such a run (or, before as_shown, without 11 digits at all) is passed over at C speed
_NUMBER_RUN = re.compile(r"\d(?:[-\s]?\d){10}")
_CARD_PREFIXES = ("62", "4", "51", "52", "53", "54", "55", "34", "37", "35", "60", "65")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def is_id_card(number: str) -> bool:
    """A mainland resident ID: valid birth date and ISO 7064 check character."""
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= int(number[6:10]) <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def luhn_ok(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def is_bank_card(number: str) -> bool:
    """16–19 digits, a card network's prefix and a valid Luhn check (so serials rarely match)."""
    return 16 <= len(number) <= 19 and number.startswith(_CARD_PREFIXES) and luhn_ok(number) and not (
        len(number) == 18 and is_id_card(number)
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find_numbers(text: str, allowed: set[str]) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, masked number) of every personal number in `text`."""
    if not _NUMBER_RUN.search(text):
        return
    for match in _ID_CARD.finditer(text):
        number = match.group(1)
        if is_id_card(number) and number not in allowed:
            yield match.start(1), "身份证号码", number[:6] + "********" + number[-4:]
    for match in _CARD.finditer(text):
        number = _digits(match.group(1))
        if is_bank_card(number) and number not in allowed:
            yield match.start(1), "银行卡号", number[:4] + " **** **** " + number[-4:]
    for match in _MOBILE.finditer(text):
        number = _digits(match.group(1))
        if number not in allowed:
            yield match.start(1), "手机号码", number[:3] + "****" + number[-4:]


CODES = {"身份证号码": "E-PRIVACY-IDCARD", "银行卡号": "E-PRIVACY-BANKCARD", "手机号码": "E-PRIVACY-MOBILE"}


def published_texts(ctx: Context) -> Iterator[tuple[str, str]]:
    """(path, text) of every file whose content may reach the site or the compilation."""
    for source in ctx.project.sources:
        if not source.internal:
            yield source.rel, source.text


def _allowed(ctx: Context) -> set[str]:
    return {_digits(a) for a in ctx.project.site_model.privacy_allow} | set(ctx.project.site_model.privacy_allow)


_DIGITS_ACROSS_LINES = re.compile(r"(?<=\d)[ \t]*\n[ \t>]*(?=\d)")


def as_shown(text: str) -> str:
    """Text as a reader sees it: full-width digits and letters as ASCII (NFKC), a number
    broken over two lines joined again, nothing invisible in between."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _DIGITS_ACROSS_LINES.sub("", text)


def _value_texts(rel: str, data: object, positions, path: tuple = ()) -> Iterator[tuple[str, int, str]]:
    """(path, line, text) of every string value of a loaded YAML model, escapes decoded."""
    if isinstance(data, str):
        yield rel, positions.line(path), data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _value_texts(rel, value, positions, (*path, key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from _value_texts(rel, value, positions, (*path, index))


def shown_texts(ctx: Context) -> Iterator[tuple[str, int, str]]:
    """Everything published as its reader sees it: YAML values and bodies, not their source."""
    project = ctx.project
    docs = [project.site, project.standard, project.assessments]
    for studio in project.studios:
        docs += [studio.profile, studio.plan]
        for entry in studio.entries:
            if entry.visibility is not Visibility.INTERNAL:
                yield from _value_texts(entry.rel, entry.meta.model_dump(exclude={"visibility"}), entry.positions)
    for doc in docs:
        if doc is not None:
            yield from _value_texts(doc.rel, doc.model.model_dump(), doc.positions)
    for source in project.sources:
        if not source.internal:
            for body in source.bodies:
                yield from ((source.rel, line, text) for line, text in body.numbered)


def personal_numbers(ctx: Context) -> Iterator[Diagnostic]:
    allowed = _allowed(ctx)
    seen: set[tuple[str, str]] = set()
    for rel, text in published_texts(ctx):
        for offset, kind, masked in find_numbers(text, allowed):
            seen.add((rel, masked))
            yield diag(CODES[kind], rel, text.count("\n", 0, offset) + 1, masked=masked)
    for rel, line, text in shown_texts(ctx):  # what the source hides (markup, escapes, full-width digits)
        if not may_show_number(text):
            continue
        for _, kind, masked in find_numbers(as_shown(text), allowed):
            if (rel, masked) not in seen:
                seen.add((rel, masked))
                yield diag(CODES[kind], rel, line, masked=masked)


def published_attachments(ctx: Context) -> dict[str, str]:
    """Root-relative attachment → the entry that publishes it (public or for acceptance)."""
    found: dict[str, str] = {}
    for studio in ctx.project.studios:
        for entry in studio.entries:
            if entry.visibility is Visibility.INTERNAL:
                continue
            for ref in entry.references():
                rel = resolve_ref(entry.rel, ref.src)
                if rel and Path(rel).suffix.lower() in READERS:
                    found.setdefault(rel, entry.rel)
    return found


def attachment_numbers(ctx: Context) -> Iterator[Diagnostic]:
    allowed = _allowed(ctx)
    for rel, entry_rel in sorted(published_attachments(ctx).items()):
        path = contained_file(ctx.project.root, rel)
        if path is None:
            continue  # the reference rules say why
        for number, part in enumerate(attachment_text(path), start=1):
            where = f"第 {number} 页" if path.suffix.lower() == ".pdf" else "中"
            for _, kind, masked in find_numbers(part, allowed):
                yield diag("E-PRIVACY-ATTACHMENT", rel, None, where=where, kind=kind, masked=masked, entry=entry_rel)


RULES = [personal_numbers, attachment_numbers]
