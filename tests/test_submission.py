"""Submissions: one versioned format, atomic saves, no student's file replaced by another."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import jsonschema
import pytest

from claimlab.submission import (
    SubmissionError,
    make_submission,
    read_submission,
    save_submission,
    submission_schema,
)

MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def sample(student: str | None = "Ana", **answers: str | None) -> dict:
    return make_submission(
        "mini-bike-lanes", "all-claims", answers or {"1a": "causal"}, student, now=MOMENT
    )


def test_format_is_documented_and_exact():
    assert sample() == {
        "format": "claimlab-submission",
        "version": 1,
        "module": "mini-bike-lanes",
        "exercise": "all-claims",
        "kind": "classify",
        "submitted_at": "2026-03-02T09:30:00Z",
        "student": "Ana",
        "answers": {"1a": "causal"},
    }
    jsonschema.Draft202012Validator.check_schema(submission_schema())


def test_blank_name_is_null_and_empty_answers_are_null():
    submission = sample("   ", **{"1a": "", "1b": None})
    assert submission["student"] is None
    assert submission["answers"] == {"1a": None, "1b": None}


def test_save_and_read_round_trip(tmp_path):
    path = save_submission(sample(), tmp_path)
    assert path.name == "mini-bike-lanes--all-claims--ana.json"
    assert read_submission(path) == sample()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_same_student_updates_their_own_file(tmp_path):
    first = save_submission(sample(), tmp_path)
    second = save_submission(sample(**{"1a": "empirical"}), tmp_path)
    assert first == second
    assert read_submission(second)["answers"] == {"1a": "empirical"}


def test_another_student_never_replaces_a_file(tmp_path):
    mine = save_submission(sample("Ana"), tmp_path)
    theirs = save_submission(sample("ana!"), tmp_path)  # same file name, different person
    assert theirs.name == "mini-bike-lanes--all-claims--ana-1.json"
    assert read_submission(mine)["student"] == "Ana"
    anonymous = [save_submission(sample(None), tmp_path) for _ in range(2)]
    assert anonymous[0] != anonymous[1]  # no name, no way to know it is the same person


def test_a_damaged_file_is_kept_and_reported(tmp_path):
    damaged = tmp_path / "mini-bike-lanes--all-claims--ana.json"
    damaged.write_text('{"format": "claimlab-submission", "answ', encoding="utf-8")
    saved = save_submission(sample(), tmp_path)
    assert saved != damaged and damaged.read_text(encoding="utf-8").endswith('"answ')
    with pytest.raises(SubmissionError, match="damaged and cannot be read"):
        read_submission(damaged)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "this is a version 2 submission; this claimlab reads version 1"),
        ({"answers": {"1a": 5}}, "at answers/1a, 5 is not of type 'string', 'null'"),
        ({"student": "x" * 201}, "at student, "),
        ({"extra": True}, "Additional properties are not allowed"),
    ],
)
def test_invalid_submissions_say_what_is_wrong(tmp_path, change, message):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**sample(), **change}), encoding="utf-8")
    with pytest.raises(SubmissionError, match=None) as caught:
        read_submission(path)
    assert message in str(caught.value)
