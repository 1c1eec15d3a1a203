"""Turning pydantic's validation errors into Chinese diagnostics at `path:line`."""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from ..codes import PLACEHOLDER, LabelledEnum
from ..diagnostics import Diagnostic, diag
from ..labels import FIELD_LABELS
from ..project import Positions


_EXPECTED: dict[str, tuple[str, str]] = {
    "date": ("应为日期", "请写成 YYYY-MM-DD 的形式，例如 2024-05-20。"),
    "int": ("应为整数", "请只写阿拉伯数字，例如 2。"),
    "float": ("应为数字", "请只写数字，不要带“元”“万元”等单位或逗号，例如 12000。"),
    "bool": ("应为 true 或 false", "是请写 true，否请写 false。"),
    "string": ("应为文字", "请直接写文字内容。"),
    "list": ("应为列表", "列表的每一项单独一行，以“- ”开头。"),
    "dict": ("应为一组字段", "请在下一行缩进两个空格，逐行写“字段名: 内容”。"),
}

_TYPE_FAMILY = {
    "date_parsing": "date", "date_from_datetime_parsing": "date", "date_type": "date",
    "date_from_datetime_inexact": "date", "datetime_parsing": "date",
    "int_parsing": "int", "int_type": "int", "int_from_float": "int",
    "float_parsing": "float", "float_type": "float", "finite_number": "float",
    "bool_parsing": "bool", "bool_type": "bool",
    "string_type": "string", "string_unicode": "string",
    "list_type": "list", "model_type": "dict", "dict_type": "dict", "model_attributes_type": "dict",
}


def field_label(name: str, owner: Any = None) -> str | None:
    """A field's Chinese name: its own title where a model gives one (a record's type is
    记录类型, an outcome's 成果形式), else the common table's."""
    info = owner.model_fields.get(name) if isinstance(owner, type) and issubclass(owner, BaseModel) else None
    return (info.title if info is not None and info.title else None) or FIELD_LABELS.get(name)


def _labelled(name: str, owner: Any = None) -> str:
    label = field_label(name, owner)
    return f"{name}（{label}）" if label else name


def field_name(loc: tuple[Any, ...], model: Any = None) -> str:
    """“date（日期）”, “tasks（建设任务）第 1 项”, “expenditure（经费支出）第 3 项的 amount（金额）”,
    “secretary（党支部书记）的 name（名称）”:
    each key as the author typed it, with its Chinese name beside it."""
    if not any(isinstance(p, str) for p in loc):
        return "内容"
    said = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            said += f"第 {part + 1} 项"
            continue
        named = _labelled(part, _type_at(model, loc[:index]) if model is not None else None)
        said += f"的 {named}" if said else named
    return said


def _unwrap(annotation: Any) -> list[Any]:
    """Inner types of list[X], X | None, Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg) if typing.get_origin(arg) else [arg])
        return out
    return [annotation]


def _type_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The model or enum a location points at, as far as it can be found."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        candidates = [
            t for t in _unwrap(info.annotation)
            if isinstance(t, type) and (issubclass(t, BaseModel) or issubclass(t, Enum))
        ]
        current = candidates[0] if candidates else None
    return current


def _allowed_codes(model: type[BaseModel], loc: tuple[Any, ...]) -> list[LabelledEnum]:
    """The codes a field takes: the few a Literal allows (a case's type is always method),
    else all of its vocabulary."""
    literal = [a for a in _literal_args(_field_at(model, loc)) if isinstance(a, LabelledEnum)]
    if literal:
        return literal
    target = _type_at(model, loc)
    return list(target) if isinstance(target, type) and issubclass(target, LabelledEnum) else []


def _field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation of the field at `loc` (list items: the list's)."""
    names = tuple(p for p in loc if isinstance(p, str))
    if not names:
        return None
    owner = _type_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return None
    info = owner.model_fields.get(names[-1])
    return info.annotation if info is not None else None


def _literal_args(annotation: Any) -> list[Any]:
    found: list[Any] = []
    for inner in _unwrap(annotation) if annotation is not None else []:
        if typing.get_origin(inner) is typing.Literal:
            found.extend(typing.get_args(inner))
    return found


def _code_hint(value: object, allowed: list[LabelledEnum]) -> str:
    """What the author most likely meant: a code's Chinese name typed instead of the code,
    or several codes joined by a Chinese comma."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    meant = [m for m in allowed if text and (text in m.label or text == getattr(m, "short", None) or text.lower() == m.value)]
    if len(meant) == 1:
        return f"“{text}”是 {meant[0].value} 的名称，这里请写代码：{meant[0].value}。"
    if any(mark in text for mark in "，、；"):
        return "几个取值之间请用英文逗号“,”分隔，并写在方括号中，例如 [development, team]。"
    return ""


_PATTERN_HINTS = {
    "account": ("不是有效的账号", "请写 git 服务器上的登录名（字母、数字、点、下划线、连字符），团队写成“组织/团队”，前面不加 @。"),
    "email": ("不是有效的电子邮箱", "请写成 name@example.edu.cn 的形式，并与提交代码时使用的邮箱一致。"),
    "address": ("不是有效的网址", "请写代码托管服务器的地址，以 http:// 或 https:// 开头，例如 http://git.example.edu.cn。"),
    "repository": ("不是有效的仓库名", "请写成“组织/仓库名”，例如 dangwei/showcase（与代码托管平台上仓库网址的后半部分一致）。"),
}


def _detail_for(error: dict[str, Any]) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    family = _TYPE_FAMILY.get(kind)
    if family:
        return _EXPECTED[family]
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}", "请检查这个数字。"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}", "请检查这个数字。"
    if kind in ("string_too_short", "too_short"):
        return "不能为空", "请填写内容。"
    if kind == "string_pattern_mismatch" and error["loc"] and error["loc"][-1] in _PATTERN_HINTS:
        return _PATTERN_HINTS[error["loc"][-1]]
    if kind == "value_error":
        return str(ctx.get("error", "")).strip() or "不正确", "请修改后再试。"
    return "格式不符合要求", "请对照模板（showcase new）检查。"


def validation_diagnostics(
    rel: str, positions: Positions, model: type[BaseModel], exc: ValidationError
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        if isinstance(error.get("input"), str) and PLACEHOLDER in error["input"]:
            continue  # a template's marker, not yet filled in: E-PLACEHOLDER says so at this line
        if kind == "missing":
            out.append(diag("E-FIELD-MISSING", rel, positions.line(loc[:-1]), field=field_name(loc, model), key=loc[-1]))
        elif kind == "extra_forbidden":
            owner = _type_at(model, loc[:-1])
            names = list(owner.model_fields) if isinstance(owner, type) and issubclass(owner, BaseModel) else []
            allowed = "、".join(_labelled(n, owner) for n in names) or "见模板"
            close = difflib.get_close_matches(str(loc[-1]).lower(), names, n=1, cutoff=0.7)
            guess = f"是不是想写“{close[0]}”（{field_label(close[0], owner) or close[0]}）？" if close else ""
            out.append(diag("E-FIELD-UNKNOWN", rel, positions.line(loc), key=loc[-1], allowed=allowed, guess=guess))
        elif kind in ("enum", "literal_error"):
            allowed = _allowed_codes(model, loc)
            plain = [str(a) for a in _literal_args(_field_at(model, loc))]  # a Literal of plain words (gitea, gitlab)
            choices = (LabelledEnum.choices_text(allowed) if allowed else "、".join(plain) if plain
                       else str((error.get("ctx") or {}).get("expected", "")))
            out.append(diag("E-CODE-UNKNOWN", rel, positions.line(loc), field=field_name(loc, model), value=error.get("input"),
                            choices=choices, hint=_code_hint(error.get("input"), allowed)))
        else:
            detail, fix = _detail_for(error)
            out.append(diag("E-FIELD-INVALID", rel, positions.line(loc), field=field_name(loc, model), detail=detail, fix=fix))
    return out
