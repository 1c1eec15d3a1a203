"""Rules about the construction standard and the indicator codes entries cite."""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic, diag
from ..models import Indicator
from . import Context

_CODE = re.compile(r"^[1-9][0-9]*(\.[1-9][0-9]*){0,2}$")


def standard_tree(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.standard
    if doc is None:
        return
    first_seen: dict[str, int] = {}

    def visit(node: Indicator, loc: tuple, parent: str | None) -> Iterator[Diagnostic]:
        line = doc.positions.line(loc + ("code",))
        if not _CODE.match(node.code):
            yield diag(
                "E-STANDARD-CODE", doc.rel, line, code=node.code, detail="只能由数字和点组成，最多三级",
                fix="一级指标写“1”，二级写“1.2”，三级写“1.2.3”。",
            )
        elif parent is None and node.level != 1 or parent is not None and not node.code.startswith(parent + ".") or (
            parent is not None and node.level != parent.count(".") + 2
        ):
            expected = "一级指标编号（如“1”）" if parent is None else f"以“{parent}.”开头的下一级编号"
            yield diag(
                "E-STANDARD-CODE", doc.rel, line, code=node.code, detail=f"它在这里应当是{expected}",
                fix="请让每个指标的编号与它所在的层级和上级指标一致。",
            )
        if node.code in first_seen:
            yield diag("E-STANDARD-DUPLICATE", doc.rel, line, code=node.code, first=first_seen[node.code])
        first_seen.setdefault(node.code, line)
        if node.level == 3 and not node.evidence:
            yield diag("W-STANDARD-EVIDENCE", doc.rel, line, code=node.code)
        if node.level >= 3 and node.children:
            yield diag(
                "E-STANDARD-CODE", doc.rel, doc.positions.line(loc + ("children",)), code=node.code,
                detail="三级指标下不能再有下一级", fix="建设标准只有三级，请把下一级内容写进 evidence 或 description。",
            )
            return
        for index, child in enumerate(node.children):
            yield from visit(child, loc + ("children", index), node.code)

    for index, node in enumerate(doc.model.indicators):
        yield from visit(node, ("indicators", index), None)


def indicator_codes(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.project.standard
    if doc is None:
        return
    leaves = doc.model.leaves()
    every = {i.code: i for i in doc.model.walk()}
    example = next(iter(leaves), "1.1.1")
    for studio in ctx.project.studios:
        for entry in (*studio.entries, *studio.drafts):  # drafts: what validated; reports cite none
            for index, code in enumerate(getattr(entry.meta, "indicators", ())):
                if code in leaves:
                    continue
                node = every.get(code)
                if node is not None:
                    below = [c for c in leaves if c.startswith(code + ".")]
                    hint = f"“{code}”是{'一二'[node.level - 1]}级指标，请填写它下面的三级指标：{'、'.join(below[:6]) or '（无）'}。"
                else:
                    hint = f"请对照 content/standard.yml 或网站“建设标准”页填写三级指标编号，例如 {example}。"
                yield diag("E-INDICATOR-UNKNOWN", entry.rel, entry.positions.line(("indicators", index)), code=code, hint=hint)


RULES = [standard_tree, indicator_codes]
