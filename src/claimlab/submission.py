"""One submission format for every place a student answers: versioned JSON with a shipped schema.

The live widget saves it to disk and the static page downloads it; instructors read both the same
way. Saves are atomic and never replace another student's file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

SUBMISSION_FORMAT = "claimlab-submission"
SUBMISSION_VERSION = 1


class SubmissionError(ValueError):
    """A submission that cannot be read or written; the message says why and what to do."""


@cache
def submission_schema() -> dict[str, Any]:
    text = (
        resources.files("claimlab")
        .joinpath("schemas/submission-v1.schema.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def make_submission(
    module_id: str,
    exercise_id: str,
    answers: Mapping[str, str | None],
    student: str | None = None,
    kind: str = "classify",
    now: datetime | None = None,
) -> dict[str, Any]:
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    name = (student or "").strip() or None
    submission = {
        "format": SUBMISSION_FORMAT,
        "version": SUBMISSION_VERSION,
        "module": module_id,
        "exercise": exercise_id,
        "kind": kind,
        "submitted_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "student": name,
        "answers": {str(k): (v or None) for k, v in answers.items()},
    }
    return validate_submission(submission)


def validate_submission(data: Any) -> dict[str, Any]:
    """Return `data` if it is a valid submission, else raise SubmissionError saying why."""
    if isinstance(data, dict) and data.get("format") == SUBMISSION_FORMAT:
        version = data.get("version")
        if version != SUBMISSION_VERSION:
            raise SubmissionError(
                f"this is a version {version!r} submission; this claimlab reads version "
                f"{SUBMISSION_VERSION}"
            )
    try:
        jsonschema.validate(data, submission_schema())
    except jsonschema.ValidationError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "the top level"
        raise SubmissionError(f"not a valid submission: at {where}, {err.message}") from None
    return data


def read_submission(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubmissionError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SubmissionError(f"{path}: the file is damaged and cannot be read ({err})") from None
    try:
        return validate_submission(data)
    except SubmissionError as err:
        raise SubmissionError(f"{path}: {err}") from None


def _slug(text: str | None) -> str:
    slug = re.sub(r"[^\w]+", "-", (text or "").strip().lower()).strip("-_")
    return slug[:40] or "anonymous"


def submission_filename(submission: Mapping[str, Any], suffix: int = 0) -> str:
    stem = f"{submission['module']}--{submission['exercise']}--{_slug(submission['student'])}"
    return f"{stem}-{suffix}.json" if suffix else f"{stem}.json"


def _same_owner(path: Path, submission: Mapping[str, Any]) -> bool:
    """A file may be replaced only by the same named student for the same exercise."""
    try:
        existing = read_submission(path)
    except SubmissionError:
        return False  # a damaged file is kept for a person to look at
    return bool(submission["student"]) and all(
        existing[key] == submission[key] for key in ("student", "module", "exercise")
    )


def save_submission(submission: Mapping[str, Any], folder: str | Path) -> Path:
    """Write atomically into `folder`; a name taken by someone else moves to the next free one."""
    validate_submission(dict(submission))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = 0
    target = folder / submission_filename(submission)
    while target.exists() and not _same_owner(target, submission):
        suffix += 1
        target = folder / submission_filename(submission, suffix)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(submission, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
