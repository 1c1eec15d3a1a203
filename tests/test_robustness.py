"""Hostile and random input never crashes the checker: it gets a clean diagnostic.

Property-based tests (hypothesis) throw random and mutated files at the loader
and the rules; the shared corpora (XSS payloads, naughty strings, real photos,
yaml-test-suite cases) are run through the same path a teacher's file takes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPORA, REPO, Scratch, codes, outcome
from generator.diagnostics import Diagnostic
from generator.reading import load_project
from generator.rules import check_project
from conftest import AS_OF

CJK = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(max_examples=int(os.environ.get("SHOWCASE_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_clean_report(diagnostics: list[Diagnostic], root: Path) -> None:
    for d in diagnostics:
        assert d.code[:2] in ("E-", "W-")
        assert CJK.search(d.message), d.message
        assert d.line is None or d.line >= 1
        assert not Path(d.path).is_absolute() and (root / d.path).exists() or d.code == "E-FILE-MISSING"


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    return Scratch(tmp_path_factory.mktemp("fuzz") / "root")


@FUZZ
@given(data=st.binary(max_size=2000), target=st.sampled_from(["studios/alpha/studio.yml", "studios/alpha/outcomes/y1.md", "content/site.yml"]))
def test_random_bytes_in_any_file(fuzz_root: Scratch, data: bytes, target: str) -> None:
    path = fuzz_root.path(target)
    original = path.read_bytes()
    try:
        path.write_bytes(data)
        assert_clean_report(fuzz_root.check(), fuzz_root.root)
    finally:
        path.write_bytes(original)


yaml_ish = st.lists(
    st.one_of(
        st.sampled_from(["title:", "date:", "tasks:", "- ", "  ", "[", "]", "{", "}", ":", "&a", "*a", "!!binary", "---",
                         "\t", "'", '"', "#", "|", ">", "2024-02-30", "representative: yes", "type: ~", "\n"]),
        st.text(max_size=8),
    ),
    max_size=60,
).map("".join)


@FUZZ
@given(front=yaml_ish, body=st.text(max_size=300))
def test_random_front_matter_and_body(fuzz_root: Scratch, front: str, body: str) -> None:
    path = fuzz_root.path("studios/alpha/outcomes/y1.md")
    original = path.read_bytes()
    try:
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
    except UnicodeEncodeError:
        return
    try:
        assert_clean_report(fuzz_root.check(), fuzz_root.root)
    finally:
        path.write_bytes(original)


DEMO_FILES = sorted(str(p.relative_to(REPO)) for p in (REPO / "studios").rglob("*") if p.suffix in (".md", ".yml"))


@FUZZ
@given(
    rel=st.sampled_from(DEMO_FILES),
    cuts=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 40), st.text(max_size=4)), min_size=1, max_size=4),
)
def test_mutated_demo_files(tmp_path_factory: pytest.TempPathFactory, rel: str, cuts: list[tuple[int, int, str]]) -> None:
    root = tmp_path_factory.mktemp("mutant")
    for name in ("content", "studios"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.jpg", "*.png", "*.pdf"))
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for at, length, insert in cuts:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + length :]
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_clean_report(check_project(load_project(root), AS_OF), root)


def naughty_strings() -> list[str]:
    return [s for s in json.loads((CORPORA / "strings" / "blns.json").read_text(encoding="utf-8")) if s]


def test_naughty_strings_as_titles_and_bodies(scratch: Scratch) -> None:
    strings = naughty_strings()
    assert len(strings) > 400
    for index, value in enumerate(strings):
        quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
        scratch.write(
            f"studios/alpha/outcomes/n{index}.md",
            f"---\ntitle: {quoted}\ndate: 2024-02-01\ntype: other\ntasks: [team]\nsummary: {quoted}\n---\n\n{value}\n",
        )
    diagnostics = scratch.check()
    assert_clean_report(diagnostics, scratch.root)
    loaded = load_project(scratch.root).studio("alpha")
    assert len([e for e in loaded.entries if e.slug.startswith("n")]) > 400


def xss_payloads() -> list[str]:
    folder = CORPORA / "xss"
    payloads: list[str] = []
    for name in ("IntrudersXSS.txt", "xss_alert.txt", "XSS_Polyglots.txt"):
        payloads += [line for line in (folder / name).read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    for line in (folder / "mxss-sanitizer-bypass.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        payloads.append(record.get("payload") or record.get("input") or next(iter(record.values())))
    return payloads


SCRIPTED = re.compile(r"<\s*script|\bon[a-z]+\s*=|javascript\s*:|<\s*iframe|<\s*svg|<\s*object|<\s*embed", re.IGNORECASE)


def test_xss_corpus_is_reported(scratch: Scratch) -> None:
    """Every payload is read without a crash; every one that reaches raw HTML with script is flagged."""
    payloads = xss_payloads()
    assert len(payloads) > 800
    for index, payload in enumerate(payloads):
        scratch.write(f"studios/alpha/outcomes/x{index}.md", outcome(f"载荷 {index}", "2024-02-01", False, body=payload))
    diagnostics = scratch.check()
    assert_clean_report(diagnostics, scratch.root)
    flagged = {d.path for d in diagnostics if d.code in ("E-HTML-UNSAFE", "W-HTML-STRIPPED")}
    unsafe = {d.path for d in diagnostics if d.code == "E-HTML-UNSAFE"}
    missed = []
    for index, payload in enumerate(payloads):
        rel = f"studios/alpha/outcomes/x{index}.md"
        if "<" in payload and SCRIPTED.search(payload) and rel not in flagged:
            missed.append(payload)
    # What is left has no tag start a browser would honour (`<%`, `<\\x3C`, `<//`): it shows as text.
    assert all(not re.search(r"<\s*[a-zA-Z]", payload) for payload in missed), missed
    assert len(unsafe) > 800


def test_svg_corpus_is_refused(scratch: Scratch) -> None:
    for svg in sorted((CORPORA / "xss" / "svg").glob("*.svg")):
        shutil.copy(svg, scratch.path(f"studios/alpha/media/{svg.name}"))
        scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", f"src: ../media/{svg.name}")
        assert codes(scratch.check()) == {"E-IMAGE-SVG"}
        scratch.edit("studios/alpha/outcomes/y1.md", f"src: ../media/{svg.name}", "src: ../media/photo.jpg")


PHOTOS = sorted(p.name for p in (CORPORA / "photos").iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif"))


@pytest.mark.parametrize("name", PHOTOS)
def test_real_photos_are_read_or_cleanly_refused(scratch: Scratch, name: str) -> None:
    target = "photo-" + re.sub(r"[^a-z0-9.]+", "-", name.lower())
    shutil.copy(CORPORA / "photos" / name, scratch.path(f"studios/alpha/media/{target}"))
    scratch.edit("studios/alpha/outcomes/y1.md", "src: ../media/photo.jpg", f"src: ../media/{target}")
    diagnostics = scratch.check()
    assert_clean_report(diagnostics, scratch.root)
    assert codes(diagnostics) <= {"E-IMAGE-DECODE", "E-IMAGE-PIXELS"}


def test_word_documents_are_accepted_as_attachments(scratch: Scratch) -> None:
    names = sorted(p.name for p in (CORPORA / "docx").glob("*.docx"))
    lines = []
    for name in names:
        shutil.copy(CORPORA / "docx" / name, scratch.path(f"studios/alpha/media/{name.lower()}"))
        lines.append(f"  - src: ../media/{name.lower()}\n    title: {name}")
    scratch.edit("studios/alpha/outcomes/y2.md", "representative: true", "representative: true\nattachments:\n" + "\n".join(lines))
    assert scratch.check() == []
