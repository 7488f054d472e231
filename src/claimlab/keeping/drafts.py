"""A memo draft on disk that nothing can lose: not a stale tab, a second student, a full disk, a
damaged or deleted file, a stuck lock or a huge paste.

- Every save replaces the draft atomically and first keeps the version it replaces as a backup,
  also atomically, so a full disk leaves the last good copy in place.
- An editor writes over the draft only if the draft on disk is the very one it last loaded or
  wrote: it keeps the SHA-256 digest of those bytes, not a counter. A counter restarts when the
  file is damaged or deleted and lets a stale tab win; a digest cannot match text the editor never
  saw. When the file changed (another tab, another student on a shared folder, a damaged or
  deleted draft), the editor's text goes to a conflict copy instead and the message says where.
  The digest and the `revision` (kept in the file for people to read) move on only after a write
  succeeded, so a failed save never makes a stale editor look current.
- A save refuses text it could not read back (over the size limit, or not a valid draft), before
  anything is written, so a huge paste never turns into a damaged file.
- Saves take a lock file so two editors cannot both check and both write. The wait is bounded
  (about a second; a tenth after the lock was found busy), so a program that holds the lock never
  freezes the kernel: the save is refused with a message and the words stay in the form.
- A draft that cannot be read (damaged JSON, a folder, a link, a huge number, a file too big) is
  set aside under a new name, never deleted, and the message says where it went. A missing draft
  with a backup beside it brings the backup back.
- Temporary files that a crash left behind are removed the next time the draft is opened.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .storage import (
    MAX_HAND_IN_BYTES,
    UnreadableFile,
    create_exclusive,
    read_bounded,
    write_atomic,
)
from .submission import SubmissionError, parse_submission_bytes

try:  # POSIX; elsewhere saves go unlocked, and the digest check still catches most conflicts
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

# The largest draft a save accepts: exactly what the reader accepts, so every draft it writes can
# be opened again (a long memo with two 100,000-character pastes is well under it).
MAX_DRAFT_BYTES = MAX_HAND_IN_BYTES
# How long a save waits for the lock: a normal save holds it for milliseconds. After the lock was
# found busy, the next saves wait only briefly, so typing under a stuck lock stays responsive.
LOCK_WAIT = 1.0
BUSY_LOCK_WAIT = 0.1
# storage.write_atomic's temporary files: `.saving-<12 hex digits>-<final name>`.
_TEMPORARY = re.compile(r"\.saving-[0-9a-f]{12}-(?P<name>.+)")
# A temporary file for another name (a conflict copy, a hand-in) is removed only when it is older
# than any write could take, so a save in progress in another kernel is never disturbed.
STALE_TEMPORARY_SECONDS = 3600


class DraftNotSaved(OSError):
    """A save that was refused before anything was written; `strerror` says why, in words."""

    def __init__(self, code: int, message: str):
        super().__init__(code, message)


def backup_path(path: Path) -> Path:
    """Where the draft at `path` keeps its backup: memo-draft.json -> memo-draft.backup.json."""
    return path.with_name(path.stem + ".backup.json")


def revision_of(draft: Mapping[str, Any]) -> int:
    """A draft's revision; files from before revisions existed count as revision 0."""
    value = draft.get("revision", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def digest(data: bytes) -> str:
    """The SHA-256 digest of these bytes, in hex: how an editor knows the draft it last saw."""
    return hashlib.sha256(data).hexdigest()


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
        self.revision = 0  # the revision this editor last loaded or saved (for people to read)
        # The digest of the draft this editor last loaded or wrote; None: there was no draft.
        self.seen: str | None = None
        self.conflict_copy: Path | None = None  # once set, this editor saves only there
        self._lock_wait = LOCK_WAIT

    # --- reading -----------------------------------------------------------------------------

    def _read(self, path: Path) -> tuple[bytes, dict[str, Any]] | None:
        """The bytes and draft at `path`; None if nothing is there; SubmissionError if damaged."""
        try:
            data = read_bounded(path, MAX_DRAFT_BYTES)
        except UnreadableFile as err:
            if not os.path.lexists(path):
                return None
            raise SubmissionError(str(err)) from None
        return data, parse_submission_bytes(data)

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
        self.clean_leftovers()
        self.conflict_copy = None
        self.seen = None
        try:
            found = self._read(self.path)
        except SubmissionError as err:
            set_aside = self._set_aside(str(err))
        except OSError as err:  # pragma: no cover - the folder itself vanished
            set_aside = f"Your draft could not be read ({err.strerror})."
        else:
            if found is not None:
                data, draft = found
                self.seen, self.revision = digest(data), revision_of(draft)
                return draft, f"Your draft was loaded from {self.path}."
            set_aside = ""
        # Whatever is written next starts a new draft: `seen` stays None, so an editor that
        # loaded the damaged or deleted draft earlier can no longer write over it.
        try:
            backup = self._read(self.backup)
        except (SubmissionError, OSError):
            backup = None
        if backup is None:
            if not set_aside:
                return None, "No saved draft yet: start writing, and it is saved as you go."
            return None, f"{set_aside} There is no readable backup, so the form starts empty."
        self.revision = revision_of(backup[1])
        if not set_aside:
            return backup[1], (
                f"There was no draft file at {self.path}, so its backup ({self.backup.name}) was "
                "loaded. To start over, delete both files and run the cell again."
            )
        return backup[1], f"{set_aside} The backup ({self.backup.name}) was loaded instead."

    def clean_leftovers(self) -> list[Path]:
        """Remove temporary files that a crash left beside the draft; return what was removed.

        The draft's and backup's own are written only under the lock, so while holding it any
        such file is a leftover. Others are removed only when stale. Never raises.
        """
        removed: list[Path] = []
        # Without a lock (no fcntl) another kernel may be writing its own: only stale ones go.
        own = {self.path.name, self.backup.name} if fcntl is not None else set()
        try:
            with self._locked(BUSY_LOCK_WAIT):
                try:
                    entries = list(os.scandir(self.path.parent))
                except OSError:
                    return removed
                for entry in entries:
                    match = _TEMPORARY.fullmatch(entry.name)
                    if match is None:
                        continue
                    if match.group("name") not in own and not _stale(entry):
                        continue
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
        except DraftNotSaved:
            pass  # another kernel is saving right now; the next start cleans up
        return removed

    # --- saving ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self, wait: float) -> Iterator[None]:
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
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DraftNotSaved(
                            errno.EWOULDBLOCK,
                            f"another program, perhaps another kernel, is holding the lock "
                            f"file {lock.name} beside your draft",
                        ) from None
                    time.sleep(0.02)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    def save(self, submission: Mapping[str, Any]) -> Saved:
        """Save `submission` as the next revision, or to a conflict copy if the file changed.

        Raises OSError (a full disk, a read-only folder, a lock held too long, a draft too large
        to read back) with the previous copies untouched and this editor's state unchanged.
        """
        revision = self.revision + 1
        if self.conflict_copy is not None:
            write_atomic(self.conflict_copy, _fitting({**submission, "revision": revision}))
            self.revision = revision
            return Saved(self.conflict_copy, revision, True, self._conflict_message())
        try:
            with self._locked(self._lock_wait):
                saved = self._save_locked(submission)
        except DraftNotSaved as err:
            if err.errno == errno.EWOULDBLOCK:
                self._lock_wait = BUSY_LOCK_WAIT
            raise
        self._lock_wait = LOCK_WAIT
        return saved

    def _save_locked(self, submission: Mapping[str, Any]) -> Saved:
        problem = ""
        try:
            current = self._read(self.path)
            on_disk = digest(current[0]) if current is not None else None
        except SubmissionError as err:
            current, on_disk = None, "damaged"
            problem = self._set_aside(str(err)) + " "
        if on_disk != self.seen:
            return self._save_conflict(submission, problem)
        revision = max(revision_of(current[1]) if current else 0, self.revision) + 1
        text = _fitting({**submission, "revision": revision})
        if current is not None:
            write_atomic(self.backup, current[0].decode("utf-8-sig"))
        write_atomic(self.path, text)
        # Only now, with the new draft in place, does this editor move on.
        self.seen, self.revision = digest(text.encode("utf-8")), revision
        return Saved(self.path, revision, False, f"{problem}Saved to {self.path}.")

    def _save_conflict(self, submission: Mapping[str, Any], problem: str = "") -> Saved:
        names = (f"{self.path.stem}.conflict-{n}.json" for n in range(1, 100_000))
        revision = self.revision + 1
        text = _fitting({**submission, "revision": revision})
        self.conflict_copy = create_exclusive(self.path.parent, names, text)
        self.revision = revision
        return Saved(self.conflict_copy, revision, True, problem + self._conflict_message())

    def _conflict_message(self) -> str:
        assert self.conflict_copy is not None
        return (
            f"Another tab or another person saved newer text to {self.path.name}, or the file "
            f"was damaged or deleted since this form loaded it, so this form no longer saves "
            f"there. Your text is safe in {self.conflict_copy.name}. Run the cell again to "
            "continue from the newest draft, and copy what you need from that file."
        )


def _fitting(draft: Mapping[str, Any]) -> str:
    """The draft as the text a save writes, if the reader will accept it back; else refused."""
    text = _dump(draft)
    data = text.encode("utf-8")
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftNotSaved(
            errno.EFBIG,
            f"the memo is {len(data) / (1024 * 1024):.1f} MiB, over the "
            f"{MAX_DRAFT_BYTES // (1024 * 1024)} MiB a draft can hold: shorten the longest paste",
        )
    try:
        parse_submission_bytes(data)
    except SubmissionError as err:
        raise DraftNotSaved(errno.EINVAL, f"this draft could not be read back: {err}") from None
    return text


def _stale(entry: os.DirEntry[str]) -> bool:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_SECONDS
    except OSError:
        return False


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
