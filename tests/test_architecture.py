"""The layout shows the pipeline: reading → model → rules → outputs → publish.

Rules and outputs take the loaded model; none of them imports the reader, so none can
parse content a second time.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

#: Consumers of the loaded model. The live preview (site/serve.py) is a command that
#: re-reads content on every save, like cli.py, and is not among them.
CONSUMERS = [*PACKAGE.glob("rules/*.py"), *PACKAGE.glob("compile/*.py"), *PACKAGE.glob("forms/*.py"),
             *(p for p in PACKAGE.glob("site/*.py") if p.name != "serve.py"),
             *(PACKAGE / name for name in ("render.py", "summary.py", "requirements.py", "publish.py", "project.py",
                                           "bodies.py", "dialect.py", "report.py"))]


def imported_modules(path: Path) -> set[str]:
    """Absolute names of what `path` imports (relative imports resolved inside the package)."""
    package = ["generator", *path.relative_to(PACKAGE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_no_rule_or_output_imports_the_reader() -> None:
    assert len(CONSUMERS) > 25
    offenders = {
        path.relative_to(PACKAGE).as_posix(): sorted(m for m in imported_modules(path) if m.startswith("generator.reading"))
        for path in CONSUMERS
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_reader_lives_in_one_subpackage() -> None:
    reading = {p.stem for p in (PACKAGE / "reading").glob("*.py")}
    assert {"textfile", "yamlsource", "frontmatter", "bodyscan", "loader", "validation"} <= reading
    assert not any((PACKAGE / f"{name}.py").exists() for name in ("loader", "bodyscan", "textfile", "yamlsource"))


def test_the_markdown_dialect_is_named_in_one_place() -> None:
    users = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
             if "MarkdownIt(" in p.read_text(encoding="utf-8") or "import markdown\n" in p.read_text(encoding="utf-8")]
    assert users == ["dialect.py"]
