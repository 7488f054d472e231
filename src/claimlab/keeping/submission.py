"""One submission format for every place a student answers: versioned JSON with shipped schemas.

The live widget saves it to disk and the static page downloads it; instructors read both the same
way. Version 2 (written now) adds the edition and how the student checked; version 1 files are
still read. Saves never replace a file: each one is created under a free name, so two saves at the
same moment, by one student or two, both survive (the report counts the latest).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    import jsonschema

from .storage import MAX_HAND_IN_BYTES, UnreadableFile, create_exclusive, read_bounded
from .textsafe import printable

SUBMISSION_FORMAT = "claimlab-submission"
SUBMISSION_VERSION = 2
READABLE_VERSIONS = (1, 2)
EDITIONS = ("self-check", "graded")
# Longer than any id or label the course uses; a hostile file's value is cut to this in messages.
_SHOWN = 40


class SubmissionError(ValueError):
    """A submission that cannot be read or written; the message says why and what to do.

    Messages never repeat a file's content beyond a short, escaped excerpt.
    """


@cache
def submission_schema(version: int = SUBMISSION_VERSION) -> dict[str, Any]:
    """The shipped JSON schema of this format version, read once: every caller shares one dict."""
    text = (
        resources.files("claimlab.keeping")
        .joinpath(f"schemas/submission-v{version}.schema.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@cache
def _compiled(version: int) -> Callable[[Any], Any]:
    """The schema compiled to Python once (fastjsonschema, which nbformat also uses): about
    100 times faster than interpreting it per file, which is what a cohort's folder needs."""
    return fastjsonschema.compile(submission_schema(version))


@cache
def _explainer(version: int) -> jsonschema.protocols.Validator:
    """The reference validator, used only to explain what is wrong with an invalid file.

    Imported here, not at the top: importing jsonschema takes seconds (its format checkers
    build a grammar), and every book page that shows a form imports this module."""
    import jsonschema

    schema = submission_schema(version)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def make_submission(
    module_id: str,
    exercise_id: str,
    answers: Mapping[str, str | None],
    student: str | None = None,
    kind: str = "classify",
    now: datetime | None = None,
    *,
    edition: str = "self-check",
    checks: int = 0,
    first_attempt: Mapping[str, str | None] | None = None,
    score: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """A version 2 submission. `score` is (right, out_of) at the last check, if any."""
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
        "answers": _clean_answers(answers),
        "edition": edition,
        "attempts": {
            "checks": checks,
            "first": None if first_attempt is None else _clean_answers(first_attempt),
            "score": None if score is None else {"right": score[0], "out_of": score[1]},
        },
    }
    return validate_submission(submission)


def _clean_answers(answers: Mapping[str, str | None]) -> dict[str, str | None]:
    return {str(k): (v or None) for k, v in answers.items()}


def validate_submission(data: Any) -> dict[str, Any]:
    """Return `data` if it is a valid submission of a version this claimlab reads."""
    if not isinstance(data, dict):
        raise SubmissionError("not a submission: the file holds no JSON object")
    if data.get("format") != SUBMISSION_FORMAT:
        raise SubmissionError("not a claimlab submission (no \"format\": \"claimlab-submission\")")
    version = data.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise SubmissionError(
            f"this is a version {shorten(version)} submission; this claimlab reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))}"
        )
    try:
        _compiled(version)(data)
    except fastjsonschema.JsonSchemaValueException as fast:
        from jsonschema.exceptions import best_match

        error = best_match(_explainer(version).iter_errors(data))
        where = "/".join(shorten(p, quote=False) for p in fast.path[1:]) or "the top level"
        rule = "is not a real date and time" if fast.rule == "format" else f"breaks {fast.rule}"
        detail = _describe(error) if error else f"at {where}, the value {rule}"
        raise SubmissionError(f"not a valid submission: {detail}") from None
    try:
        submitted_at(data)
    except ValueError:
        raise SubmissionError("not a valid submission: submitted_at is not a real date") from None
    return data


def _describe(error: jsonschema.ValidationError) -> str:
    """What is wrong and where, in words, without echoing the (possibly huge) bad value."""
    where = "/".join(shorten(p, quote=False) for p in error.absolute_path) or "the top level"
    rule, expected = error.validator, error.validator_value
    if rule == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in expected if k not in present]
        return f"at {where}, missing {', '.join(map(shorten, missing)) or 'a field'}"
    if rule == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return f"at {where}, unknown field {', '.join(map(shorten, extra[:3]))}"
    types = " or ".join(expected) if isinstance(expected, list) else expected
    messages: dict[str, Callable[[], str]] = {
        "type": lambda: f"must be {types}",
        "const": lambda: f"must be {shorten(expected)}",
        "enum": lambda: f"must be one of {', '.join(map(shorten, expected))}",
        "maxLength": lambda: f"is longer than {expected} characters",
        "pattern": lambda: "is not in the expected form",
        "propertyNames": lambda: "has an item id that is not in the expected form",
        "minimum": lambda: f"must be at least {expected}",
        "maximum": lambda: f"must be at most {expected}",
        "oneOf": lambda: "is not in the expected form",
    }
    return f"at {where}, the value {messages.get(rule, lambda: f'breaks the rule {rule}')()}"


def submitted_at(submission: Mapping[str, Any]) -> datetime:
    """When it was saved, as an aware datetime (raises ValueError if it is not a real date)."""
    moment = datetime.fromisoformat(str(submission["submitted_at"]).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- reading -----------------------------------------------------------------------------------

# Ids, counts and scores are small; a number with thousands of digits is damage or an attack,
# and parsing it would cost time that grows with its length.
_MAX_NUMBER_CHARS = 30


def _bounded_int(text: str) -> int:
    if len(text) > _MAX_NUMBER_CHARS:
        raise ValueError("a number with more digits than any submission holds")
    return int(text)


def _bounded_float(text: str) -> float:
    if len(text) > _MAX_NUMBER_CHARS:
        raise ValueError("a number with more digits than any submission holds")
    return float(text)


def parse_submission_bytes(data: bytes) -> dict[str, Any]:
    """Decode and validate a submission file's bytes (a UTF-8 byte-order mark is accepted)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("the file is damaged: it is not UTF-8 text") from None
    try:
        value = json.loads(text, parse_int=_bounded_int, parse_float=_bounded_float)
    except RecursionError:
        raise SubmissionError("the file is damaged: its JSON is nested too deeply") from None
    except ValueError as err:  # JSONDecodeError is a ValueError, as are the number limits
        if isinstance(err, json.JSONDecodeError):
            where = f"line {err.lineno}, column {err.colno}"
            raise SubmissionError(f"the file is damaged and cannot be read (at {where})") from None
        raise SubmissionError(f"the file is damaged: {err}") from None
    return validate_submission(value)


def read_submission(path: str | Path, limit: int = MAX_HAND_IN_BYTES) -> dict[str, Any]:
    """Read and validate one submission file; SubmissionError names the file and says why not."""
    path = Path(path)
    try:
        return parse_submission_bytes(read_bounded(path, limit))
    except UnreadableFile as err:
        raise SubmissionError(f"{path}: {err}") from None
    except SubmissionError as err:
        raise SubmissionError(f"{path}: {err}") from None


# --- saving ------------------------------------------------------------------------------------


def slug(text: str | None) -> str:
    """The file-name form of a student's name (pages/static/common.js has the same rule)."""
    cut = re.sub(r"[^\w]+", "-", (text or "").strip().lower()).strip("-_")
    return cut[:40] or "anonymous"


def submission_filename(submission: Mapping[str, Any], suffix: int = 0) -> str:
    """The name to save `submission` under: `<module>--<exercise>--<student slug>.json`.

    A `suffix` N above 0 adds `-N` before `.json`, for when that name is taken.
    """
    stem = f"{submission['module']}--{submission['exercise']}--{slug(submission['student'])}"
    return f"{stem}-{suffix}.json" if suffix else f"{stem}.json"


def _candidate_names(submission: Mapping[str, Any]) -> Iterator[str]:
    for suffix in range(100_000):
        yield submission_filename(submission, suffix)


def save_submission(submission: Mapping[str, Any], folder: str | Path) -> Path:
    """Create a new file for `submission` in `folder`; no existing file is ever replaced.

    A second save by the same student gets the next free name (`-1`, `-2`, ...); the report
    grades the latest by `submitted_at` and lists the others as superseded.
    """
    validate_submission(dict(submission))
    text = json.dumps(submission, ensure_ascii=False, indent=2) + "\n"
    return create_exclusive(folder, _candidate_names(submission), text)


def shorten(value: Any, quote: bool = True) -> str:
    """A short, terminal-safe rendering of a value from a file, for messages."""
    text = value if isinstance(value, str) else json.dumps(value) if _plain(value) else "…"
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + "…"
    text = printable(text)
    return f"'{text}'" if quote and isinstance(value, str) else text


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float))
