"""Unfinished templates: `showcase new` marks what the author must replace."""

from __future__ import annotations

from typing import Iterator

from ..codes import PLACEHOLDER
from ..diagnostics import Diagnostic, diag
from . import Context
from .privacy import published_texts


def placeholders(ctx: Context) -> Iterator[Diagnostic]:
    for rel, text in published_texts(ctx):
        if not rel.startswith("studios/"):
            continue  # the party office's pages may quote the marker, as the guide does
        for number, line in enumerate(text.split("\n"), start=1):  # every line at once: one run finds them all
            if PLACEHOLDER in line:
                yield diag("E-PLACEHOLDER", rel, number, marker=PLACEHOLDER)


RULES = [placeholders]
