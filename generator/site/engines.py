"""The engines that build the generated tree: mkdocs + Material today, and the two the
school may move to (ProperDocs with the community fork mkdocs-materialx, and Zensical).

One tree serves all three: the differences are a theme name, where the engine writes,
and how it is started. Everything else the tree asks for (the `classic` look, no engine
search, no inline script) is written once in `mkdocs_config`, in words all three accept.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ShowcaseError

PRODUCT = Path(__file__).resolve().parents[2]  # the repository this package is installed from
ENGINE_HOMES = PRODUCT / ".venv" / "engines"  # scripts/install-engine.sh puts each other engine here


class EngineMissing(ShowcaseError):
    """The chosen engine is not installed; says how to install it."""

    exit_code = 2


@dataclass(frozen=True)
class Engine:
    name: str  # as written after --engine
    label: str  # as shown to people
    theme: str  # the Material theme's name in this engine's world
    own_site_dir: bool  # True: the engine takes no --site-dir and writes into the tree, beside its config
    dirty_mode: bool  # it can render only the pages whose source is newer than their output (incremental.py)
    packages: tuple[str, ...] = ()  # runs as a module of this Python, at these packages' versions; else its own program
    warm: tuple[str, ...] = ()  # modules a warm start imports before its command is known (build.WarmStart)

    def arguments(self, config: Path, site_dir: Path, dirty: bool = False) -> list[str]:
        """What follows the launcher to build `config` into `site_dir` (or into the tree: `own_site_dir`)."""
        if self.own_site_dir:
            return ["build", "--config-file", str(config)]
        return ["build", "--quiet", "--config-file", str(config), "--site-dir", str(site_dir),
                *(["--dirty"] if dirty and self.dirty_mode else [])]

    def fingerprint(self) -> str:
        """Which engine, at which version: its program and the time it was installed."""
        if self.packages:
            from importlib.metadata import version

            return " ".join(f"{package} {version(package)}" for package in self.packages)
        program = Path(self.program())
        stamp = ENGINE_HOMES / self.name / ".showcase-installed"
        return f"{self.name} {program} {program.stat().st_mtime_ns} {stamp.read_text() if stamp.is_file() else ''}"

    def launcher(self) -> list[str]:
        if self.packages:
            return [sys.executable, "-m", self.name]
        return [self.program()]

    def python(self) -> str | None:
        """The Python the engine runs in, if it is a Python program with `warm` modules to import."""
        if not self.warm:
            return None
        if self.packages:
            return sys.executable
        try:
            with open(self.program(), "rb") as script:
                first = script.readline(4096)
        except OSError:
            return None
        interpreter = first[2:].strip().decode("utf-8", "replace") if first.startswith(b"#!") else ""
        if Path(interpreter).name.startswith("python") and os.access(interpreter, os.X_OK):
            return interpreter
        return None

    def program(self) -> str:
        """The engine's program: its own environment made by scripts/install-engine.sh, or on PATH."""
        own = ENGINE_HOMES / self.name / "bin" / self.name
        if own.is_file() and os.access(own, os.X_OK):
            return str(own)
        found = shutil.which(self.name)
        if found:
            return found
        raise EngineMissing(
            f"没有找到网站引擎 {self.label}。请在仓库目录运行 ./scripts/install-engine.sh {self.name} 安装它"
            f"（装在 .venv/engines/{self.name}/，不影响默认的 mkdocs），再重新生成。"
        )


def warm_modules(engine: str, theme: str) -> tuple[str, ...]:
    """What a build by `engine` with the Material `theme` imports (its build command, its
    configuration's types, the theme's search plugin it loads to switch off, the Markdown
    extensions the theme brings) and a warm start can import before the tree is written."""
    return (f"{engine}.commands.build", f"{engine}.config.defaults", f"{theme}.plugins.search.plugin",
            f"{theme}.templates", "markdown.extensions.toc", "markdown.extensions.tables",
            "markdown.extensions.attr_list", "markdown.extensions.codehilite")


ENGINES = {
    engine.name: engine
    for engine in (
        Engine("mkdocs", "mkdocs + mkdocs-material", "material", own_site_dir=False, dirty_mode=True,
               packages=("mkdocs", "mkdocs-material"), warm=warm_modules("mkdocs", "material")),
        Engine("properdocs", "ProperDocs + mkdocs-materialx", "materialx", own_site_dir=False, dirty_mode=True,
               warm=warm_modules("properdocs", "materialx")),
        Engine("zensical", "Zensical", "material", own_site_dir=True, dirty_mode=False),
    )
}
DEFAULT_ENGINE = ENGINES["mkdocs"]
ENGINE_SITE_DIR = ".engine-site"  # inside the tree, for an engine that writes only there
