"""Chinese typesetting of authored text for output."""

from __future__ import annotations

import re
from datetime import date

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_FULLWIDTH_CLOSE = "，。、；：！？）》」』”’"
_FULLWIDTH_OPEN = "（《「『“‘"
# a space beside full-width punctuation is never meant (YAML folding leaves them);
# one between two characters may be (“安全护航 党员先行”) and stays
CJK_SPACE = _SPACE = re.compile(rf"(?<=[{_FULLWIDTH_CLOSE}])[ \t]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t]+(?=[{_FULLWIDTH_OPEN}{_FULLWIDTH_CLOSE}])")
_ENDS_CJK = re.compile(rf"[{_CJK}]$")
_STARTS_CJK = re.compile(rf"^[{_CJK}]")


def ends_cjk(text: str) -> bool:
    return bool(_ENDS_CJK.search(text))


def starts_cjk(text: str) -> bool:
    return bool(_STARTS_CJK.match(text))


_BLOCK_START = ("#", "|", "<", ">", "```", "~~~", "!!!", "    ")


def cjk_join(text: str) -> str:
    """Drop the line breaks (and stray spaces at punctuation) authors leave inside Chinese sentences.

    Markdown and YAML's folded scalars turn a line break inside a Chinese
    sentence into a space, which Chinese text must not have. Only a plain
    paragraph line is joined to the next; headings, tables, HTML, quotes and
    code are left exactly as written.
    """
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        line = _SPACE.sub("", line)
        previous = out[-1] if out else ""
        if (
            previous and _ENDS_CJK.search(previous) and _STARTS_CJK.match(line)
            and not previous.lstrip().startswith(_BLOCK_START) and not previous.startswith(_BLOCK_START)
        ):
            out[-1] = previous + line
        else:
            out.append(line)
    return "\n".join(out)


_LATIN_BESIDE_CJK = re.compile(
    rf"(?<=[{_CJK}])[ \t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%‰℃])[ \t]+(?=[{_CJK}])"
)


def print_spacing(text: str) -> str:
    """For print: the space an author leaves between Chinese and a number or a Latin word
    (“活动 12 次”) becomes a narrow no-break space, which justification never stretches."""
    return _LATIN_BESIDE_CJK.sub("\u202f", text)


_TEXT_NODE = re.compile(r">([^<]+)<")


def print_spacing_html(markup: str) -> str:
    """`print_spacing` on the text between tags, attributes left alone."""
    return _TEXT_NODE.sub(lambda m: ">" + print_spacing(m.group(1)) + "<", markup)


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def split_label(label: str) -> tuple[str, str]:
    """“第一建设年度（2023—2024学年）” → (“第一建设年度”, “2023—2024学年”): a label and its
    bracketed aside apart, for two lines or a narrow column, never brackets inside brackets."""
    name, _, rest = label.partition("（")
    return name, rest.removesuffix("）")


def share(part: float, whole: float) -> str:
    """“82%”: how much of a budget is spent; “—” when there is none."""
    return f"{round(part / whole * 100)}%" if whole else "—"


def money(amount: float) -> str:
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} 字节"
