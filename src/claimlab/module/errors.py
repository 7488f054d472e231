"""Errors that explain themselves: where the problem is (file, line, field) and what is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a module's data, located precisely enough to fix it in an editor."""

    file: str
    message: str
    where: str | None = None  # e.g. "line 12 (claim 5a)"
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class ModuleValidationError(ValueError):
    """A module directory failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the module data:"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))


class AnswerError(ValueError):
    """Raised when answers handed to a checker cannot be read; the message says how to fix them."""


def suggest(value: str, choices: Sequence[str]) -> str:
    """' (did you mean 'x'?)' when a value is a near miss of one of `choices`, else ''."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
