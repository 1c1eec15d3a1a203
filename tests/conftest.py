"""Fixture ladder: tiny scratch roots written from strings → the shipped demo content.

A scratch root is a complete, valid content tree small enough to read in one
glance; each test breaks one thing in it and asserts the diagnostic's path,
line and code.
"""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import signal
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from generator.diagnostics import Diagnostic
from generator.reading import load_project
from generator.rules import check_project

# A suite started in the background (`nohup … &`) inherits Ctrl+C as ignored, and so would every build and
# preview it starts (an ignored signal stays ignored across exec): the tests that press Ctrl+C need it heard.
signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(__file__).resolve().parent / "corpora"
AS_OF = date(2026, 9, 1)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
NEEDS_CHROMIUM = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/test.sh installs it)"
)



class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path, sub_path: str) -> Iterator[str]:
    """`folder` over HTTP on localhost under /`sub_path`/, as the site is published."""
    webroot = folder.parent / f".webroot-{folder.name}"
    webroot.mkdir(exist_ok=True)
    link = webroot / sub_path
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(folder.resolve())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(webroot)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{sub_path}/"
    finally:
        httpd.shutdown()


SITE = """\
school: 测试职业学院
committee: 中共测试职业学院委员会
notice:
  number: 测党发〔2023〕1号
  title: 关于开展工作室创建工作的通知
contact:
  office: 党委办公室
privacy_allow:
  - "13800000000"
"""

STANDARD = """\
title: 测试标准
indicators:
  - code: "1"
    title: 政治功能
    children:
      - code: "1.1"
        title: 理论学习
        children:
          - code: "1.1.1"
            title: 学习制度
            evidence: [学习记录]
          - code: "1.1.2"
            title: 学习转化
            evidence: [转化案例]
  - code: "2"
    title: 党建主责
    children:
      - code: "2.1"
        title: 组织生活
        children:
          - code: "2.1.1"
            title: 三会一课
            evidence: [会议记录]
"""

STUDIO = """\
name: 测试工作室
branch: 测试党支部
department: 测试学院
branch_founded: 2019-01-01
applied_on: 2023-06-20
status: building
secretary:
  name: 张三
members:
  - name: 李四
    role: 组织委员
intro: 简介。
cover: media/photo.jpg
"""

PLAN = """\
goal: 总目标。
years:
  - year: 1
    goals: [目标一]
  - year: 2
    goals: [目标二]
  - year: 3
    goals: [目标三]
budget:
  - year: 1
    item: 活动
    category: 活动费
    amount: 10000
expenditure:
  - date: 2024-03-01
    item: 主题党日
    category: 活动费
    amount: 2000
"""


def outcome(title: str, day: str, representative: bool = True, extra: str = "", body: str = "正文。") -> str:
    return (
        f"---\ntitle: {title}\ndate: {day}\ntype: system\ntasks: [political]\nindicators: [\"1.1.1\"]\n"
        f"representative: {'true' if representative else 'false'}\n{extra}---\n\n{body}\n"
    )


FINAL_REPORT = "---\ntitle: 验收总结\nkind: final\n---\n\n总结。\n"


def small_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def small_png(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (250, 250, 250)).save(buffer, "PNG")
    return buffer.getvalue()


class Scratch:
    """A valid content tree in a temporary folder, with helpers to break it."""

    def __init__(self, root: Path):
        self.root = root
        self.write("content/site.yml", SITE)
        self.write("content/standard.yml", STANDARD)
        self.write("studios/alpha/studio.yml", STUDIO)
        self.write("studios/alpha/plan.yml", PLAN)
        self.write("studios/alpha/outcomes/y1.md", outcome("第一年成果", "2024-01-10", extra="images:\n  - src: ../media/photo.jpg\n    caption: 照片\n"))
        self.write("studios/alpha/outcomes/y2.md", outcome("第二年成果", "2025-01-10"))
        self.write("studios/alpha/outcomes/y3.md", outcome("第三年成果", "2025-12-01"))
        self.write("studios/alpha/reports/final.md", FINAL_REPORT)
        self.write_bytes("studios/alpha/media/photo.jpg", small_jpeg())

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def check(self, as_of: date = AS_OF) -> list[Diagnostic]:
        return check_project(load_project(self.root), as_of)


def found(diagnostics: list[Diagnostic]) -> set[tuple[str, int | None, str]]:
    return {(d.path, d.line, d.code) for d in diagnostics}


def codes(diagnostics: list[Diagnostic]) -> set[str]:
    return {d.code for d in diagnostics}


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path / "root")


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped demo content, free to break."""
    target = tmp_path / "demo"
    for name in ("content", "studios"):
        shutil.copytree(REPO / name, target / name)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per test run by the real engine."""
    from generator.site.build import build_site

    base = tmp_path_factory.mktemp("built")
    project = load_project(REPO)
    assert check_project(project, AS_OF) == []
    return build_site(REPO, project, base / "site", build_dir=base / "build").out


@pytest.fixture(scope="session")
def school_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's whole-school compilation as PDF, made once per test run."""
    from generator.compile.run import compile_document

    out = tmp_path_factory.mktemp("compile") / "school.pdf"
    result = compile_document(load_project(REPO), REPO, out, "pdf", build_dir=out.parent / "build")
    assert result.pages and result.pages > 30
    return out


@pytest.fixture(scope="session")
def school_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from generator.compile.run import compile_document

    out = tmp_path_factory.mktemp("compile") / "school.docx"
    compile_document(load_project(REPO), REPO, out, "docx", build_dir=out.parent / "build")
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, shared by every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
