"""Which edition of the course is being built or run: one switch, read in one place.

`CLAIMLAB_EDITION` is `self-check` (the default: students check their own answers), `graded`
(no key, explanation or verdict anywhere: students answer and hand in) or `instructor` (the
self-check book plus the instructor's pages and the full key). The renderer, the kernel widgets
and the Sphinx extension all ask `current_edition()`, so they can never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Edition = Literal["self-check", "graded", "instructor"]
EDITIONS: tuple[Edition, ...] = ("self-check", "graded", "instructor")
ENVIRONMENT_VARIABLE = "CLAIMLAB_EDITION"
DEFAULT: Edition = "self-check"


def current_edition(environ: Mapping[str, str] | None = None) -> Edition:
    """The edition named by CLAIMLAB_EDITION; unset or empty means self-check; a typo is an error.

    A typo must not quietly build the self-check book (with its key) where a graded one was meant.
    """
    value = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE, "")
    value = value.strip().lower()
    if not value:
        return DEFAULT
    for edition in EDITIONS:
        if value == edition:
            return edition
    raise ValueError(
        f"{ENVIRONMENT_VARIABLE}={value!r} is not an edition; use one of: {', '.join(EDITIONS)}"
    )


def shows_key(edition: Edition | None = None) -> bool:
    """Whether this edition may show keys, explanations and verdicts (all but the graded one)."""
    return (edition or current_edition()) != "graded"


def submission_edition(edition: Edition | None = None) -> Literal["self-check", "graded"]:
    """The `edition` a hand-in records: the instructor edition's forms are the self-check ones."""
    return "graded" if (edition or current_edition()) == "graded" else "self-check"
