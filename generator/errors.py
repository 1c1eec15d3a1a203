"""The one kind of error a user sees: a Chinese sentence that says what stopped the command
and how to go on. `cli.main` is the only place that turns it into output and an exit status;
everything else raises it and never prints."""

from __future__ import annotations


class ShowcaseError(Exception):
    """`str(error)` is the sentence for the user; `exit_code` what the command returns."""

    exit_code = 1
