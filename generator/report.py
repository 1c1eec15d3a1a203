"""Writing diagnostics for people (text) and for tools (json, github, gitlab)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from .diagnostics import Diagnostic, Severity


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    return errors, len(diagnostics) - errors


def as_text(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        where = f"{d.path}:{d.line}" if d.line else d.path
        lines.append(f"{where}: {d.severity.label} [{d.code}] {d.message}")
    errors, warnings = counts(diagnostics)
    if not diagnostics:
        lines.append("检查通过：没有发现问题。")
    else:
        lines.append(f"共 {errors} 个错误，{warnings} 个警告。" + ("请修改错误后再提交。" if errors else "警告不影响发布，但建议处理。"))
    return "\n".join(lines) + "\n"


def as_json(diagnostics: list[Diagnostic]) -> str:
    errors, warnings = counts(diagnostics)
    payload = {
        "diagnostics": [
            {"path": d.path, "line": d.line, "severity": d.severity.value, "code": d.code, "message": d.message}
            for d in diagnostics
        ],
        "errors": errors,
        "warnings": warnings,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_github(value: str, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(diagnostics: list[Diagnostic]) -> str:
    """Workflow commands, read by GitHub Actions and Gitea Actions."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = f"file={_escape_github(d.path, True)}"
        if d.line:
            props += f",line={d.line}"
        props += f",title={_escape_github(d.code, True)}"
        lines.append(f"::{level} {props}::{_escape_github(d.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_gitlab(diagnostics: list[Diagnostic]) -> str:
    """GitLab's Code Quality report (a JSON array)."""
    issues = []
    for d in diagnostics:
        fingerprint = hashlib.sha256(f"{d.path}\0{d.line}\0{d.code}\0{d.message}".encode()).hexdigest()
        issues.append({
            "description": f"[{d.code}] {d.message}",
            "check_name": d.code,
            "fingerprint": fingerprint,
            "severity": "major" if d.severity is Severity.ERROR else "minor",
            "location": {"path": d.path, "lines": {"begin": d.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[list[Diagnostic]], str]] = {
    "text": as_text, "json": as_json, "github": as_github, "gitlab": as_gitlab,
}
