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


#: The one mark of key content: anything derived from the answers (labels, explanations,
#: verdicts, counts, tables, charts and their alt text, the argument map, worked examples that
#: are exercise items). In a chapter's MyST it is a class on a block (`:class: dropdown cl-key`);
#: in the engine's output, `claimlab.pages.render.mark_key` wraps the content in it. An edition that
#: hides the key drops every such element (the Sphinx extension in the book, the renderer in a
#: kernel) and shows `later_notice` in its place.
KEY_CLASS = "cl-key"

#: The class of the notice that stands where an edition that hides the key dropped key content.
LATER_CLASS = "cl-later"  # not "cl-key-...": a search for the key class must not find it


def later_notice(what: str, after: str = "your work is graded") -> str:
    """What a graded page says where key content was dropped: what students will see, and when."""
    return f"Your instructor will show {what} after {after}."
