"""The checker: every rule of SPEC §5, each a function that returns diagnostics.

Rules read the loaded `Project` and never print, exit or touch files. The
load diagnostics come first; then each rule adds what it finds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..diagnostics import Diagnostic, sorted_unique
from ..project import Project


@dataclass(frozen=True)
class Context:
    project: Project
    as_of: date


Rule = Callable[[Context], Iterable[Diagnostic]]


def all_rules() -> list[Rule]:
    from . import authoring, html, owners, privacy, programme, references, site, standard, uniqueness

    return [
        *programme.RULES, *site.RULES, *standard.RULES, *references.RULES, *privacy.RULES,
        *html.RULES, *uniqueness.RULES, *authoring.RULES, *owners.RULES,
    ]


def check_project(project: Project, as_of: date) -> list[Diagnostic]:
    context = Context(project, as_of)
    found = list(project.diagnostics)
    for rule in all_rules():
        found.extend(rule(context))
    return sorted_unique(found)
