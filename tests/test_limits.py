"""Inputs built to exhaust a machine are refused with bounded memory.

Each case runs `showcase check` as its own process and reads that process's peak
resident memory from the kernel (wait4). The bound is generous on purpose — it
catches a parser that loads a bomb, not a few megabytes of drift.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import Scratch

PEAK_LIMIT_MB = 400


# A small parent forks the measured process, so the peak it reports is the checker's own,
# not the copy of this (large) test process that a fork from here would start with.
_MEASURE = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[1], sys.argv[1:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "print('PEAK-KIB', usage.ru_maxrss, flush=True)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def peak_check(root: Path, *command: str) -> tuple[int, str, float]:
    """(exit status, output, peak RSS in MiB) of `showcase check` (or another command) on `root`."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "generator", "--root", str(root), *(command or ("check",))],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300,
    )
    output, _, peak = done.stdout.decode("utf-8").rpartition("PEAK-KIB ")
    return done.returncode, output, int(peak) / 1024


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims a picture of width × height."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)


CASES = {
    "100 MB Markdown": lambda s: _sparse(s.path("studios/alpha/outcomes/huge.md"), 100 << 20),
    "a million list items": lambda s: s.write("studios/alpha/plan.yml", "goal: 目标\nyears:\n" + "  - year: 1\n    goals: [a]\n" * 1_000_000),
    "200,000 list items under the size limit": lambda s: s.write(
        "studios/alpha/plan.yml", "goal: 目标\nyears:\n  - year: 1\n    goals:\n" + "      - a\n" * 90_000),
    "billion laughs": lambda s: s.write("studios/alpha/plan.yml", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))),
    "100,000 nested lists": lambda s: s.write("studios/alpha/plan.yml", "goal: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "gigapixel image": lambda s: s.write_bytes("studios/alpha/media/photo.jpg", png_claiming(60_000, 60_000)),
    "10 KB of nested list markers": lambda s: _body(s, "".join("  " * i + "- x\n" for i in range(200))),
    "100 KB of *[": lambda s: _body(s, "*[" * 50_000),
    "180 KB of <http://a": lambda s: _body(s, "<http://a" * 25_000),
    "a 1.9 MB table": lambda s: _body(s, "|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n" + ("|" + "x|" * 20 + "\n") * 45_000),
}


def _body(scratch: Scratch, body: str) -> None:
    scratch.edit("studios/alpha/outcomes/y2.md", "正文。", body)

EXPECTED = {
    "100 MB Markdown": "E-FILE-TOO-LARGE",
    "a million list items": "E-FILE-TOO-LARGE",
    "200,000 list items under the size limit": "E-YAML-LIMIT",
    "billion laughs": "E-YAML-LIMIT",
    "100,000 nested lists": "E-YAML-LIMIT",
    "gigapixel image": "E-IMAGE",
    "10 KB of nested list markers": "E-BODY-LIMIT",
    "100 KB of *[": "E-BODY-LIMIT",
    "180 KB of <http://a": "E-BODY-LIMIT",
    "a 1.9 MB table": "E-BODY-LIMIT",
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_sizes_are_refused_with_bounded_memory(scratch: Scratch, case: str) -> None:
    CASES[case](scratch)
    status, output, peak = peak_check(scratch.root)
    assert status == 1, output
    assert EXPECTED[case] in output, output
    assert "Traceback" not in output
    assert peak < PEAK_LIMIT_MB, f"{case}: peak {peak:.0f} MiB"


def test_the_baseline_is_what_the_bound_is_measured_against(scratch: Scratch) -> None:
    status, output, peak = peak_check(scratch.root)
    assert status == 0, output
    assert peak < PEAK_LIMIT_MB / 2


#: Bodies just inside every limit of generator.dialect: check passes them, and the build
#: (engine and search included) must then finish with them, within the same memory bound.
AT_THE_LIMITS = {
    "at1": "<http://a" * 19_999,
    "at2": "*[" * 19_999,
    "at3": "|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n" + ("|" + "x|" * 20 + "\n") * 900,
    "at4": "<div>" * 19_999,
    "at5": "".join("  " * i + "- x\n" for i in range(8)),
}


def test_bodies_at_the_limits_pass_check_and_build(scratch: Scratch, tmp_path: Path) -> None:
    from conftest import outcome

    for slug, body in AT_THE_LIMITS.items():
        scratch.write(f"studios/alpha/outcomes/{slug}.md", outcome(f"极限{slug}", "2024-03-01", False, body=body))
    status, output, peak = peak_check(scratch.root, "build", "--out", str(tmp_path / "site"))
    assert status == 0, output
    assert "E-BODY-LIMIT" not in output and "网站已生成" in output
    assert peak < PEAK_LIMIT_MB, f"peak {peak:.0f} MiB"
    assert (tmp_path / "site/studios/alpha/outcomes/at3.html").stat().st_size > 100_000
