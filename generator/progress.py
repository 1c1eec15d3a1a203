"""Progress of long steps: a bar with counts in a terminal, a few plain lines in CI logs.

Deep code reports through `step(label, total)` without taking a parameter for it;
the command decides whether anything is shown (`showing()`), so libraries and
tests stay silent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ACTIVE: ContextVar["Reporter | None"] = ContextVar("showcase_progress", default=None)


class Step:
    def __init__(self, reporter: "Reporter", label: str, total: int | None):
        self.reporter, self.label, self.total, self.done = reporter, label, total, 0
        self.started = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.reporter.update(self)


class _Silent(Step):
    def __init__(self) -> None:
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count


class Reporter:
    """rich in a terminal; otherwise one line when a step starts and one when it ends."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.bars = None
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bars = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self.bars.start()
        self.tasks: dict[int, int] = {}

    def begin(self, step: Step) -> None:
        if self.bars is not None:
            self.tasks[id(step)] = self.bars.add_task(step.label, total=step.total)
        else:
            count = f" {step.total} 项" if step.total else ""
            print(f"{step.label}{count}……", file=self.stream, flush=True)

    def update(self, step: Step) -> None:
        if self.bars is not None:
            self.bars.update(self.tasks[id(step)], completed=step.done)

    def end(self, step: Step) -> None:
        seconds = time.perf_counter() - step.started
        if self.bars is not None:
            self.bars.remove_task(self.tasks.pop(id(step)))
            self.bars.console.print(f"[green]✓[/] {step.label}（{seconds:.1f} 秒）")
        else:
            print(f"{step.label}：完成（{seconds:.1f} 秒）", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bars is not None:
            self.bars.stop()


@contextmanager
def showing(stream=None) -> Iterator[None]:
    """Within this block, steps are shown (a command's long work)."""
    reporter = Reporter(stream)
    token = _ACTIVE.set(reporter)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
        reporter.close()


@contextmanager
def step(label: str, total: int | None = None) -> Iterator[Step]:
    reporter = _ACTIVE.get()
    if reporter is None:
        yield _Silent()
        return
    current = Step(reporter, label, total)
    reporter.begin(current)
    yield current
    reporter.end(current)
