"""A memo draft on disk that nothing can lose: not a stale tab, a second student, a full disk or
a damaged file.

- Every save replaces the draft atomically and first keeps the version it replaces as a backup,
  also atomically, so a full disk leaves the last good copy in place.
- Every draft carries a `revision`. A builder saves only over the revision it last saw; when the
  file on disk is newer (another tab, or another student on a shared folder, saved since), its
  text goes to a conflict copy instead, and the message says where. Saves take a lock file so two
  builders cannot both read revision 5 and both write 6.
- A draft that cannot be read (damaged JSON, a folder, a link, a huge number, a file too big) is
  set aside under a new name, never deleted, and the message says where it went.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .storage import UnreadableFile, create_exclusive, read_bounded, write_atomic
from .submission import SubmissionError, parse_submission_bytes

try:  # POSIX; elsewhere saves go unlocked, and the revision check still catches most conflicts
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def backup_path(path: Path) -> Path:
    return path.with_name(path.stem + ".backup.json")


def revision_of(draft: Mapping[str, Any]) -> int:
    """A draft's revision; files from before revisions existed count as revision 0."""
    value = draft.get("revision", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@dataclass(frozen=True)
class Saved:
    """Where a save went and what to tell the student."""

    path: Path
    revision: int
    conflict: bool
    message: str


class DraftFile:
    """One student's draft file (`memo-draft.json` in the work folder) and its backup."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.backup = backup_path(self.path)
        self.revision = 0  # the revision this editor last loaded or saved
        self.conflict_copy: Path | None = None  # once set, this editor saves only there

    # --- reading -----------------------------------------------------------------------------

    def _read(self, path: Path) -> dict[str, Any] | None:
        """The draft at `path`; None if there is nothing there; SubmissionError if damaged."""
        try:
            return parse_submission_bytes(read_bounded(path))
        except UnreadableFile as err:
            if not os.path.lexists(path):
                return None
            raise SubmissionError(str(err)) from None

    def _set_aside(self, why: str) -> str:
        """Move the unreadable draft to a new name; say where it went (or why it could not)."""
        number = 1
        while True:
            suffix = "" if number == 1 else f"-{number}"
            damaged = self.path.with_name(f"{self.path.stem}.damaged{suffix}.json")
            if not os.path.lexists(damaged):
                break
            number += 1
        try:
            os.rename(self.path, damaged)
        except OSError as err:
            return (
                f"Your draft file could not be read: {why}. It could not be moved aside "
                f"({err.strerror}), so it was left as it is at {self.path}."
            )
        return f"Your draft file could not be read: {why}. It was kept as {damaged.name}."

    def load(self) -> tuple[dict[str, Any] | None, str]:
        """The saved draft and a message for the student. Never raises."""
        try:
            draft = self._read(self.path)
        except SubmissionError as err:
            set_aside = self._set_aside(str(err))
        except OSError as err:  # pragma: no cover - the folder itself vanished
            set_aside = f"Your draft could not be read ({err.strerror})."
        else:
            if draft is None:
                return None, "No saved draft yet: start writing, and it is saved as you go."
            self.revision = revision_of(draft)
            return draft, f"Your draft was loaded from {self.path}."
        try:
            backup = self._read(self.backup)
        except (SubmissionError, OSError):
            backup = None
        if backup is None:
            return None, f"{set_aside} There is no readable backup, so the form starts empty."
        self.revision = 0  # whatever is written next replaces the damaged draft
        return backup, f"{set_aside} The backup ({self.backup.name}) was loaded instead."

    # --- saving ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        lock = self.path.with_name(f".{self.path.name}.lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            yield  # a read-only folder: the save itself will say so
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    def save(self, submission: Mapping[str, Any]) -> Saved:
        """Save `submission` as the next revision, or to a conflict copy if the file is newer.

        Raises OSError (a full disk, a read-only folder) with the previous copies untouched.
        """
        if self.conflict_copy is not None:
            text = _dump({**submission, "revision": self.revision})
            write_atomic(self.conflict_copy, text)
            return Saved(self.conflict_copy, self.revision, True, self._conflict_message())
        with self._locked():
            try:
                current = self._read(self.path)
                problem = ""
            except SubmissionError as err:
                current, problem = None, self._set_aside(str(err)) + " "
            on_disk = revision_of(current) if current is not None else 0
            if current is not None and on_disk > self.revision:
                return self._save_conflict(submission)
            if current is not None:
                write_atomic(self.backup, _dump(current))
            self.revision = max(on_disk, self.revision) + 1
            write_atomic(self.path, _dump({**submission, "revision": self.revision}))
        return Saved(self.path, self.revision, False, f"{problem}Saved to {self.path}.")

    def _save_conflict(self, submission: Mapping[str, Any]) -> Saved:
        names = (f"{self.path.stem}.conflict-{n}.json" for n in range(1, 100_000))
        text = _dump({**submission, "revision": self.revision})
        self.conflict_copy = create_exclusive(self.path.parent, names, text)
        return Saved(self.conflict_copy, self.revision, True, self._conflict_message())

    def _conflict_message(self) -> str:
        assert self.conflict_copy is not None
        return (
            f"Another tab or another person saved newer text to {self.path.name}, so this form "
            f"no longer saves there. Your text is safe in {self.conflict_copy.name}. Run the cell "
            "again to continue from the newer draft, and copy what you need from that file."
        )


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
