"""Names that become URLs or headings must not collide."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Iterator

from ..diagnostics import Diagnostic, diag
from . import Context


def studio_names(ctx: Context) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for studio in ctx.project.studios:
        if studio.profile is None:
            continue
        name = studio.profile.model.name
        if name in first:
            yield diag(
                "E-TITLE-DUPLICATE", studio.profile.rel, studio.profile.positions.line(("name",)),
                what="工作室名称", title=name, other=first[name],
            )
        first.setdefault(name, studio.profile.rel)


def entry_titles(ctx: Context) -> Iterator[Diagnostic]:
    for studio in ctx.project.studios:
        first: dict[tuple[str, str], str] = {}
        for entry in studio.entries:
            key = (entry.kind.value, entry.title)
            if key in first:
                yield diag(
                    "E-TITLE-DUPLICATE", entry.rel, entry.positions.line(("title",)),
                    what=entry.kind.label, title=entry.title, other=first[key],
                )
            first.setdefault(key, entry.rel)


def case_collisions(ctx: Context) -> Iterator[Diagnostic]:
    """Two files whose names differ only in case overwrite each other on Windows."""
    root = ctx.project.root
    folders = [root / "content" / "pages"]
    for studio in ctx.project.studios:  # media/ and every folder below it
        media = root / studio.rel_dir / "media"
        if media.is_dir() and not media.is_symlink():
            folders += [media, *(p for p in sorted(media.rglob("*")) if p.is_dir() and not p.is_symlink())]
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        seen: dict[str, str] = defaultdict(str)
        for name in names:
            folded = name.casefold()
            if seen[folded]:
                yield diag(
                    "E-SLUG-COLLISION", (folder / name).relative_to(root).as_posix(), None,
                    name=name, other=seen[folded],
                )
            else:
                seen[folded] = name


RULES = [studio_names, entry_titles, case_collisions]
