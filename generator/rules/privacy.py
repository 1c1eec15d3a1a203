"""No ID-card numbers or private mobile numbers in what is published."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from ..diagnostics import Diagnostic, diag
from . import Context

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{16}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d-])(?:\+?86[-\s]?)?(1[3-9]\d[-\s]?\d{4}[-\s]?\d{4})(?![\d-])")
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


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def scan_text(rel: str, text: str, allowed: set[str]) -> Iterator[Diagnostic]:
    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for match in _ID_CARD.finditer(text):
        number = match.group(1)
        if is_id_card(number) and number not in allowed:
            yield diag("E-PRIVACY-IDCARD", rel, line_at(match.start(1)), masked=number[:6] + "********" + number[-4:])
    for match in _MOBILE.finditer(text):
        number = _digits(match.group(1))
        if number not in allowed:
            yield diag("E-PRIVACY-MOBILE", rel, line_at(match.start(1)), masked=number[:3] + "****" + number[-4:])


def published_texts(ctx: Context) -> Iterator[tuple[str, str]]:
    """(path, text) of every file whose content may reach the site or the compilation."""
    for source in ctx.project.sources:
        if not source.internal:
            yield source.rel, source.text


def personal_numbers(ctx: Context) -> Iterator[Diagnostic]:
    allowed = {_digits(a) for a in ctx.project.site_model.privacy_allow} | set(ctx.project.site_model.privacy_allow)
    for rel, text in published_texts(ctx):
        yield from scan_text(rel, text, allowed)


RULES = [personal_numbers]
