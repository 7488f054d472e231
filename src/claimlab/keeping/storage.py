"""Files that survive a classroom: atomic replaces, exclusive creates, and bounded, safe reads.

Every save in the engine goes through here, so a full disk, two processes saving at once or a
hostile file in a hand-in folder is handled once, the same way everywhere:

- `write_atomic` replaces a file only with a complete copy (temporary file, flush, fsync, rename),
  so a failed write leaves the previous good version in place.
- `create_exclusive` publishes a new file under the first free name and never takes a name that
  another process took, even at the same moment (the complete file is hard-linked into place,
  which fails if the name exists; where links are not supported, an O_EXCL create is used).
- `read_bounded` reads a regular file of at most a given size, without following a link and
  without blocking on a named pipe or a device.

New files get the permissions the user's umask allows, like any file the user makes, so an
instructor on a shared hub can read hand-ins when the hub's umask says so.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

# A class hand-in is a few KB; a long memo with a 100,000-character paste is a few hundred.
MAX_HAND_IN_BYTES = 1024 * 1024


class UnreadableFile(OSError):
    """A file that `read_bounded` will not read; the message is short and names no content."""


def _temporary_beside(path: Path) -> tuple[int, Path]:
    """An exclusive new temporary file in `path`'s folder, created with the umask's mode."""
    while True:
        temporary = path.with_name(f".saving-{secrets.token_hex(6)}-{path.name}")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue


def _write_all(handle: int, data: bytes) -> None:
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def write_atomic(path: str | Path, text: str) -> Path:
    """Replace `path` with `text` all at once; on any failure the old file is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary_beside(path)
    try:
        _write_all(handle, text.encode("utf-8"))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def create_exclusive(folder: str | Path, names: Iterable[str], text: str) -> Path:
    """Write `text` to the first name in `names` that no file in `folder` has, and return it.

    Two processes given the same names never pick the same one, and a reader never sees a
    half-written file under the final name.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    handle, temporary = _temporary_beside(folder / "new.json")
    try:
        _write_all(handle, data)
        for name in names:
            target = folder / name
            try:
                os.link(temporary, target)
                return target
            except FileExistsError:
                continue
            except OSError as err:
                if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # No hard links here (some network and FAT file systems): create the name
                # exclusively and write into it; a reader may briefly see a short file.
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                except FileExistsError:
                    continue
                _write_all(fd, data)
                return target
        raise FileExistsError(f"every candidate name in {folder} is taken")
    finally:
        temporary.unlink(missing_ok=True)


def read_bounded(path: str | Path, limit: int = MAX_HAND_IN_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit`; UnreadableFile says why not.

    Links are not followed, and named pipes and devices are refused without blocking.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise UnreadableFile(_why_not(err)) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file")
        if info.st_size > limit:
            raise UnreadableFile(f"larger than the {_size(limit)} limit for a hand-in")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as err:
        raise UnreadableFile(_why_not(err)) from None
    finally:
        os.close(handle)
    if len(data) > limit:  # it grew while we read it
        raise UnreadableFile(f"larger than the {_size(limit)} limit for a hand-in")
    return data


def _why_not(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "a link (links are not followed)"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "no permission to read it"
    if err.errno == errno.ENOENT:
        return "no such file"
    if err.errno == errno.EISDIR:
        return "a folder, not a file"
    return err.strerror or "cannot be read"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"
