"""A long fuzzing run: the test suite's hypothesis properties with many more examples.

    .venv/bin/python benchmarks/fuzz.py [EXAMPLES]

Runs the properties of tests/test_fuzz.py (author markup through the sanitizer and the
engine) and tests/test_robustness.py (random and mutated content files through the
loader and the rules) with EXAMPLES examples each (default 20000). What a run finds is
fixed and kept as an @example in those files, so the normal test run repeats it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "20000"
    env = {**os.environ, "SHOWCASE_FUZZ_EXAMPLES": examples}
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
               "tests/test_robustness.py", "-k", "author_markup or random or mutated"]
    done = subprocess.run(command, cwd=REPO, env=env)
    print(f"{examples} examples per property, {time.monotonic() - started:.0f} s, exit {done.returncode}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
