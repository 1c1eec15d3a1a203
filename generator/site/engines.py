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

    def command(self, config: Path, site_dir: Path, dirty: bool = False) -> list[str]:
        """The command line that builds `config` into `site_dir` (or into the tree: `own_site_dir`)."""
        if self.own_site_dir:
            return [self.program(), "build", "--config-file", str(config)]
        return [*self.launcher(), "build", "--quiet", "--config-file", str(config), "--site-dir", str(site_dir),
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


ENGINES = {
    engine.name: engine
    for engine in (
        Engine("mkdocs", "mkdocs + mkdocs-material", "material", own_site_dir=False, dirty_mode=True,
               packages=("mkdocs", "mkdocs-material")),
        Engine("properdocs", "ProperDocs + mkdocs-materialx", "materialx", own_site_dir=False, dirty_mode=True),
        Engine("zensical", "Zensical", "material", own_site_dir=True, dirty_mode=False),
    )
}
DEFAULT_ENGINE = ENGINES["mkdocs"]
ENGINE_SITE_DIR = ".engine-site"  # inside the tree, for an engine that writes only there
