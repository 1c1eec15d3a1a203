"""Diagnostics: what the loader and the rules report instead of raising.

A diagnostic is data. Nothing that produces one prints or exits; the CLI
decides how to show them and which exit status follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .messages import render


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at `path:line` (path relative to the root, POSIX)."""

    path: str
    line: int | None
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return Severity.ERROR if self.code.startswith("E-") else Severity.WARNING

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.code, self.message)


def diag(code: str, path: str, line: int | None = None, /, **args: object) -> Diagnostic:
    """Build a diagnostic from the message catalogue."""
    return Diagnostic(path=path, line=line, code=code, message=render(code, **args))


def sorted_unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)
