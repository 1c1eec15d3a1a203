"""YAML with source positions, within limits.

PyYAML's composer gives every node its line; we turn the node graph into plain
Python values ourselves so that we can record the line of every key and list
item, report duplicate keys (PyYAML silently keeps the last one), and refuse
alias bombs and runaway nesting before they cost memory or crash the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, diag
from ..project import Positions, YamlPath as Path
from .memory import recalled

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 50_000
MAX_DEPTH = 40
MAX_FLOW_DEPTH = 40
MAX_INDENT = 160



class YamlProblem(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


# PyYAML's English problem → a Chinese explanation and a fix.
_PROBLEM_HINTS: list[tuple[str, str, str]] = [
    ("found character '\\t'", "行首或值中出现了 Tab 制表符", "缩进请用空格，不要用 Tab 键。"),
    ("mapping values are not allowed", "这里不能出现冒号", "如果内容本身含有英文冒号“:”，请给整段内容加上英文引号；否则请检查上一行的缩进。"),
    ("could not find expected ':'", "缺少冒号", "请写成“字段名: 内容”（英文冒号后加一个空格），并检查缩进。"),
    ("found unexpected end of stream", "引号或括号没有闭合", "请检查引号和括号是否成对。"),
    ("found undefined alias", "引用（*）了未定义的锚点", "请删除以 * 开头的引用，直接写出内容。"),
    ("expected a single document", "文件中有多个以 --- 分隔的文档", "一个文件只能写一组字段，请删除多余的 --- 行。"),
    ("did not find expected key", "缩进不一致", "同一层级的字段要左对齐；列表项以“- ”开头并对齐。"),
    ("did not find expected '-' indicator", "列表缩进不一致", "列表的每一项都以“- ”开头，并且左对齐。"),
    ("expected <block end>", "缩进不一致", "同一层级的字段要左对齐，请检查这一行的空格数。"),
    ("found unknown escape character", "双引号中的反斜杠“\\”用法不正确", "请改用单引号，或把“\\”写成“\\\\”。"),
    ("found duplicate anchor", "锚点（&）重复", "请删除重复的锚点。"),
    ("could not determine a constructor", "使用了不支持的标签（!）", "请删除以 ! 开头的标签，直接写内容。"),
    ("found character", "出现了不能作为开头的字符", "如果内容以 @、`、%、* 等符号开头，请给整段内容加上英文引号。"),
    ("did not find expected", "格式不完整", "请检查括号、引号和逗号是否成对、齐全。"),
]

_TIGHT_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s/:])")
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*：", re.MULTILINE)


_VALUE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(.*?)\s*$")


def _value_trap(line: str) -> tuple[str, str] | None:
    """What in one `key: value` line trips the parser although it reads naturally to an
    author: a value that starts with an English quote or a bracket, a quote never closed,
    a Chinese comma between the items of a [ ] list. Returns (detail, fix)."""
    match = _VALUE.match(line)
    if not match:
        return None
    key, value = match.groups()
    if value[:1] in "\"'":
        quote = value[0]
        end = value.find(quote, 1)
        while quote == '"' and end > 0 and value[end - 1] == "\\":
            end = value.find(quote, end + 1)
        if end < 0:
            return (f"字段 {key} 的值以英文引号 {quote} 开头，但这一行没有与它配对的引号",
                    f"请在值的末尾补上 {quote}，或者删去开头的 {quote}；内容中的引号请用中文引号“”。")
        if value[end + 1:].strip() and not value[end + 1:].lstrip().startswith("#"):
            return (f"字段 {key} 的值以英文引号 {quote} 开头，引号后面还有文字，这样的写法会被误读",
                    f"内容中的引号请用中文引号“”，例如写成 {key}: “课程思政”示范课；或者把整个值放进一对单引号中。")
    if value[:1] in "[{":
        closing = "]" if value[0] == "[" else "}"
        if "，" in value and closing in value:
            return (f"字段 {key} 的方括号中，各项之间用了中文逗号“，”",
                    "请改成英文逗号“,”，例如 [\"1.1.1\", \"1.2.1\"]。")
        depth, end = 0, -1
        for index, char in enumerate(value):
            depth += char in "[{"
            depth -= char in "]}"
            if depth == 0:
                end = index
                break
        if end < 0 or value[end + 1:].strip():
            return (f"字段 {key} 的值以“{value[0]}”开头，会被当作列表，而这里是一段文字",
                    f"请给整个值加上英文引号，例如 {key}: \"{value}\"。")
    return None


def _syntax_problem(rel: str, offset: int, exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + offset if mark is not None else offset + 1
    problem = f"{getattr(exc, 'problem', '') or ''} {getattr(exc, 'context', '') or ''} {exc}"
    if mark is not None:
        source_lines = text.split("\n")
        for index in range(min(mark.line, len(source_lines) - 1) + 1):  # the first such line is where it began
            trap = _value_trap(source_lines[index])
            if trap:
                return YamlProblem(diag("E-YAML-SYNTAX", rel, index + 1 + offset, detail=trap[0], fix=trap[1]))
        for index in range(min(mark.line, len(source_lines) - 1), -1, -1):
            tight = _TIGHT_COLON.match(source_lines[index])
            if tight:  # `title:标题` is one scalar, and the parser stumbles a line later
                return YamlProblem(diag(
                    "E-YAML-SYNTAX", rel, index + 1 + offset, detail=f"字段名“{tight.group(1)}”后面的冒号缺少空格",
                    fix=f"请在英文冒号后加一个空格，例如“{tight.group(1)}: 内容”。",
                ))
        at = source_lines[mark.line] if mark.line < len(source_lines) else ""
        if "\t" in at[: mark.column + 1]:
            problem = "found character '\\t' " + problem  # libyaml does not name the tab
    for needle, detail, fix in _PROBLEM_HINTS:
        if needle in problem:
            return YamlProblem(diag("E-YAML-SYNTAX", rel, line, detail=detail, fix=fix))
    return YamlProblem(
        diag("E-YAML-SYNTAX", rel, line, detail="无法解析", fix="请对照模板检查这一行及上一行的缩进、冒号和引号。")
    )


def _guard_shape(rel: str, text: str, offset: int) -> None:
    """Refuse nesting deep enough to exhaust the parser's stack."""
    depth = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT:
            raise YamlProblem(diag("E-YAML-LIMIT", rel, lineno + offset, detail=f"缩进超过 {MAX_INDENT} 个空格"))
        for char in line:
            if char in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    raise YamlProblem(diag("E-YAML-LIMIT", rel, lineno + offset, detail=f"括号嵌套超过 {MAX_FLOW_DEPTH} 层"))
            elif char in "]}":
                depth = max(0, depth - 1)


class _Builder:
    def __init__(self, rel: str, offset: int):
        self.rel = rel
        self.offset = offset
        self.count = 0
        self.lines: dict[Path, int] = {}
        self.duplicates: list[Diagnostic] = []
        self.constructor = SafeConstructor()

    def line(self, node: Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def limit(self, node: Node, detail: str) -> YamlProblem:
        return YamlProblem(diag("E-YAML-LIMIT", self.rel, self.line(node), detail=detail))

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:merge":
            return node.value
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            raise _syntax_problem(self.rel, self.offset, exc) from None
        except (ValueError, OverflowError):
            # e.g. a timestamp like 2023-13-45: keep the text, the model reports it.
            return node.value

    def build(self, node: Node, path: Path, stack: tuple[int, ...]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.limit(node, f"超过 {MAX_NODES} 个元素，可能是恶意的引用炸弹")
        if len(path) > MAX_DEPTH:
            raise self.limit(node, f"嵌套超过 {MAX_DEPTH} 层")
        self.lines.setdefault(path, self.line(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in stack:
            raise self.limit(node, "引用指向了自身")
        stack = stack + (id(node),)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), stack) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                kind = "一个列表" if isinstance(key_node, SequenceNode) else "一组字段"
                raise YamlProblem(diag("E-YAML-KEY", self.rel, self.line(key_node), kind=kind))
            key = self.scalar(key_node)
            if not isinstance(key, (str, int, bool)) and key is not None:
                key = key_node.value
            key_path = path + (key,)
            if key in result:
                self.duplicates.append(
                    diag("E-YAML-DUPKEY", self.rel, self.line(key_node), key=key, first=self.lines.get(key_path, "?"))
                )
            self.lines[key_path] = self.line(key_node)
            result[key] = self.build(value_node, key_path, stack)
        return result


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    positions: Positions
    diagnostics: tuple[Diagnostic, ...] = ()


# Characters that look like a space or a hyphen but are not one to YAML.
_LOOKALIKE_SPACES = {"\u00a0": "不间断空格", "\u3000": "全角空格", "\u2002": "半角空格（en space）", "\u2003": "全角空格（em space）",
                     "\u2009": "窄空格", "\u200b": "零宽空格", "\u2060": "零宽连接符", "\ufeff": "字节顺序标记（BOM）"}
# Only where YAML structure follows (a key or a list dash): a block of Chinese text may well
# begin its paragraphs with full-width spaces, and that is content, not indentation.
_INDENT = re.compile(r"^([ \t\u00a0\u3000\u2002\u2003\u2009\u200b\u2060\ufeff]*)(?=(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_-]*:|-[ \t])", re.MULTILINE)
_AFTER_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_-]*:([\u00a0\u3000\u2002\u2003\u2009])", re.MULTILINE)
_DASH_ITEM = re.compile(r"^[^\n]*:[ \t]*\n(?:[ \t]*\n)*[ \t]*([－—–])[ \t\u3000]|^[ \t]*([－—–])[ \t\u3000]*[A-Za-z_][A-Za-z0-9_-]*:", re.MULTILINE)


def _guard_typography(rel: str, text: str, offset: int) -> None:
    """Text pasted from Word or WeChat: look-alike spaces in indentation or after a key, and
    full-width dashes as list markers. PyYAML would misread them; say which and where."""
    for match in _INDENT.finditer(text):
        odd = next((ch for ch in match.group(1) if ch in _LOOKALIKE_SPACES), None)
        if odd:
            line = text.count("\n", 0, match.start()) + 1 + offset
            raise YamlProblem(diag("E-YAML-SPACE", rel, line, what=_LOOKALIKE_SPACES[odd], where="行首的缩进"))
    for match in _AFTER_KEY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1 + offset
        raise YamlProblem(diag("E-YAML-SPACE", rel, line, what=_LOOKALIKE_SPACES[match.group(1)], where="冒号后面"))
    for match in _DASH_ITEM.finditer(text):  # a dash where a list starts, or before a key
        group = 1 if match.group(1) else 2
        line = text.count("\n", 0, match.start(group)) + 1 + offset
        raise YamlProblem(diag("E-YAML-DASH", rel, line, dash=match.group(group)))


def parse_yaml(rel: str, text: str, offset: int = 0) -> YamlDocument:
    """Parse one YAML document; `offset` is the number of lines before it in its file.

    Raises YamlProblem for anything that leaves no usable data. Within
    `memory.remembered_reading`, a document read cleanly by an earlier run is not parsed again.
    """
    return recalled(f"yaml {offset}", text, lambda: _parse(rel, text, offset), _to_memo,
                    lambda kept: _from_memo(kept, offset))


def _parse(rel: str, text: str, offset: int) -> YamlDocument:
    for match in _FULLWIDTH_KEY.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1 + offset
        raise YamlProblem(diag("E-YAML-FULLWIDTH", rel, line, key=match.group(1)))
    _guard_typography(rel, text, offset)
    _guard_shape(rel, text, offset)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_problem(rel, offset, exc, text) from None
    except RecursionError:
        raise YamlProblem(diag("E-YAML-LIMIT", rel, offset + 1, detail="嵌套过深")) from None
    finally:
        loader.dispose()
    builder = _Builder(rel, offset)
    data = None if node is None else builder.build(node, (), ())
    return YamlDocument(
        data=data,
        positions=Positions(first_line=offset + 1, lines=builder.lines),
        diagnostics=tuple(builder.duplicates),
    )


class _NotKept(Exception):
    """A value JSON cannot carry as it is (bytes, a set): such a document is simply parsed each time."""


def _to_memo(document: YamlDocument) -> list | None:
    """Only a document read without a problem is kept: problems name the file."""
    if document.diagnostics:
        return None
    try:
        return [_encoded(document.data), [[list(path), line] for path, line in document.positions.lines.items()]]
    except _NotKept:
        return None


def _encoded(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if isinstance(value, dict):
        return {"m": [[key, _encoded(item)] for key, item in value.items()]}
    raise _NotKept


def _from_memo(kept: Any, offset: int) -> YamlDocument:
    data, lines = kept
    return YamlDocument(_decoded(data), Positions(first_line=offset + 1, lines={tuple(path): int(line) for path, line in lines}))


def _decoded(value: Any) -> Any:
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    if isinstance(value, dict):
        if "m" in value:
            return {key: _decoded(item) for key, item in value["m"]}
        return datetime.fromisoformat(value["t"]) if "t" in value else date.fromisoformat(value["d"])
    return value
