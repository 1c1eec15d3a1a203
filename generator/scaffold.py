"""`showcase new`: files from commented Chinese templates, never overwriting."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from .codes import PLACEHOLDER, EntryKind, Task
from .reading.loader import SLUG_RE
from .errors import ShowcaseError

STUDIO_FOLDERS = (*(k.folder for k in EntryKind), "media")


class ScaffoldError(ShowcaseError):
    """A Chinese sentence saying why nothing was written."""


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]


def template(name: str, **values: str) -> str:
    text = resources.files("generator.templates").joinpath(name).read_text(encoding="utf-8")
    return Template(text).safe_substitute(values)


def _write_new(path: Path, text: str) -> None:
    # "x" mode: the OS refuses if the file appeared since we looked.
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def new_studio(root: Path, slug: str) -> Written:
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"工作室目录名“{slug}”不能用作网址：只能使用小写英文字母、数字和连字符，例如 huagong-dangzhibu。")
    folder = root / "studios" / slug
    if folder.exists():
        raise ScaffoldError(f"studios/{slug} 已经存在，没有改动任何文件。请换一个目录名。")
    written = []
    for sub in STUDIO_FOLDERS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
        keep = folder / sub / ".gitkeep"
        keep.touch()
    for name in ("studio.yml", "plan.yml"):
        _write_new(folder / name, template(name))
        written.append(folder / name)
    return Written(tuple(written))


def entry_path(root: Path, kind: EntryKind, studio: str, slug: str | None, day: date, base: str | None = None) -> Path:
    """Where a new entry goes: the given slug (which must be free), or `base` (by default
    date-kind) with -2, -3 … when it is taken."""
    studio_dir = root / "studios" / studio
    if not (studio_dir / "studio.yml").is_file():
        raise ScaffoldError(f"找不到工作室“{studio}”（studios/{studio}/studio.yml）。请先运行 showcase new studio {studio}。")
    folder = studio_dir / kind.folder
    if slug is not None:
        if not SLUG_RE.match(slug):
            raise ScaffoldError(f"文件名“{slug}”不能用作网址：只能使用小写英文字母、数字和连字符，例如 {day.year}-dangke。")
        path = folder / f"{slug}.md"
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已经存在，没有改动任何文件。请换一个文件名（--slug）。")
        return path
    base = base or f"{day.isoformat()}-{kind.value}"
    path = folder / f"{base}.md"
    counter = 2
    while path.exists():
        path = folder / f"{base}-{counter}.md"
        counter += 1
    return path


def write_new(root: Path, path: Path, text: str) -> None:
    path.parent.mkdir(exist_ok=True)
    try:
        _write_new(path, text)
    except FileExistsError:
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已经存在，没有改动任何文件。") from None


def new_entry(root: Path, kind: EntryKind, studio: str, slug: str | None, day: date | None,
              title: str | None = None) -> Written:
    """A new entry from its template. Without `day` the date is left for the author; with a
    title, the file is named from it in pinyin (else after the date); the codes to choose from
    are listed beside the fields, with their names."""
    named_on = day or date.today()
    named = None if slug is not None else title_slug(title, named_on)
    path = entry_path(root, kind, studio, slug, named_on, base=named)
    write_new(root, path, with_title(entry_template(root, kind, day), title))
    return Written((path,))


def with_title(text: str, title: str | None) -> str:
    """A template's `title:` line holding `title` (when there is one), quoted as one string."""
    if not title or not title.strip():
        return text
    return re.sub(r"^title: .*$", lambda _: f"title: {yaml_text(title.strip())}", text, count=1, flags=re.MULTILINE)


def yaml_text(text: str) -> str:
    """A YAML scalar that stays one string whatever the text holds."""
    return json.dumps(text, ensure_ascii=False)


def title_slug(title: str | None, day: date) -> str | None:
    """A file name from the title, as authors name theirs: the year, then the first Chinese
    characters in pinyin two by two (党员教师攻关… → 2025-dangyuan-jiaoshi-gongguan)."""
    if not title:
        return None
    from pypinyin import lazy_pinyin

    words: list[str] = []
    for han, latin in re.findall(r"([\u4e00-\u9fff]+)|([A-Za-z0-9]+)", title):
        if latin:
            words.append(latin.lower())
            continue
        syllables = [re.sub(r"[^a-z]", "", s) for s in lazy_pinyin(han)]
        words += ["".join(syllables[i:i + 2]) for i in range(0, len(syllables), 2)]
    words = [w for w in words if w][:3]
    return f"{day.year}-{'-'.join(words)}" if words else None


def entry_template(root: Path, kind: EntryKind, day: date | None) -> str:
    """An entry's template with its date (or the marker) and the codes of this content root."""
    return template(f"{kind.value}.md", date=day.isoformat() if day else PLACEHOLDER,
                    task_lines=_code_lines((t.value, t.label) for t in Task),
                    indicator_lines=_code_lines(_indicators(root)))


def _code_lines(pairs) -> str:
    """Comment lines listing codes and their names, under the field they are for."""
    return "\n".join(f"#   {code:<12}{label}" for code, label in pairs) or "#   （建设标准 content/standard.yml 中的三级指标）"


def _indicators(root: Path) -> list[tuple[str, str]]:
    """The standard's third-level indicators as ("1.1.1", title), or none while standard.yml
    does not read or validate: a template is written all the same (the checker says why)."""
    import yaml
    from pydantic import ValidationError

    from .models import Standard

    try:
        standard = Standard.model_validate(yaml.safe_load((root / "content" / "standard.yml").read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError):
        return []
    return [(f'"{code}"', leaf.title) for code, leaf in standard.leaves().items()]
