"""Splitting a Markdown entry into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import diag
from .yamlsource import YamlProblem

_FENCE = "---"


@dataclass(frozen=True)
class Split:
    front: str
    front_offset: int  # lines before the front matter's first line
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(rel: str, text: str) -> Split:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise YamlProblem(diag("E-FM-MISSING", rel, 1))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (_FENCE, "..."):
            return Split(
                front="\n".join(lines[1:index]),
                front_offset=1,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise YamlProblem(diag("E-FM-UNCLOSED", rel, 1))
