"""The checker run beside a build: a forked process checks the loaded project on the
second core while the build writes its tree; the build asks for the verdict before the
engine sees anything.

Forked, so the child checks the very model the parent loaded, without reading anything
again; the rules are pure (they never print, exit or touch files), so the only thing the
child gives back is its diagnostics. Where it cannot fork or the child fails, the
parent checks by itself: the verdict is the same either way.
"""

from __future__ import annotations

import multiprocessing
import signal
from datetime import date

from ..diagnostics import Diagnostic
from ..project import Project
from . import check_project


class CheckBeside:
    def __init__(self, project: Project, as_of: date):
        self.project = project
        self.as_of = as_of
        self.found: list[Diagnostic] | None = None
        self.process = self.said = None
        try:
            context = multiprocessing.get_context("fork")
            self.said, told = context.Pipe(duplex=False)
            self.process = context.Process(target=_check_into, args=(project, as_of, told), daemon=True)
            self.process.start()
            told.close()
        except (ValueError, OSError):  # no fork here, or no process to be had: checked in `diagnostics`
            self.process = None

    def diagnostics(self) -> list[Diagnostic]:
        """What `check_project` finds (waits for the child the first time)."""
        if self.found is None:
            self.found = self._from_child()
            if self.found is None:
                self.found = check_project(self.project, self.as_of)
        return self.found

    def _from_child(self) -> list[Diagnostic] | None:
        if self.process is None:
            return None
        try:
            found = self.said.recv()  # before join: a long list fills the pipe before the child ends
        except (EOFError, OSError):
            found = None
        self.process.join()
        failed = self.process.exitcode != 0
        self.process = None
        self.said.close()
        return None if failed or not isinstance(found, list) else found

    def stop(self) -> None:
        """The build ends without the verdict (interrupted): the child goes with it."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None


def _check_into(project: Project, as_of: date, told) -> None:
    """The forked process. Ctrl+C reaches the whole terminal group: the build stops this
    one itself, so it prints no traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        found = check_project(project, as_of)
    except Exception:  # the parent checks by itself and says what went wrong there
        found = None
    try:
        told.send(found)
    finally:
        told.close()
