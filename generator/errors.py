"""Errors that we explain to the user in Dutch.

The CLI catches `IaoError` at its boundary and prints the message without a
traceback; anything else is a bug and keeps its traceback (with --debug).
"""

from __future__ import annotations

from dataclasses import dataclass

# The exit codes of every command (documented in the commands' help, in Dutch).
EXIT_OK = 0  # done, or only warnings
EXIT_RULES = 1  # the profile breaks a rule (or --strict, a template or an interruption refuses it)
EXIT_INPUT = 2  # a file cannot be read or used
EXIT_KEPT = 3  # documents edited since the last run were kept, not overwritten
EXIT_PDF = 4  # the documents are written, but not their PDFs (no LibreOffice, it hung) or the zip
EXIT_CONFLICT = 5  # update: changes applied, but some clash with the user's own edits (to resolve in Word)


class IaoError(Exception):
    """An error with a Dutch message meant for the user."""

    exit_code = EXIT_INPUT


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}, regel {self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{place}:{field} {self.message}"


class ProfileError(IaoError):
    """The profile could not be read or does not fit the profile format."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
