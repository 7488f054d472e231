"""Submissions: one versioned format, atomic saves, no student's file replaced by another."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from datetime import datetime, timezone

import jsonschema
import pytest

from claimlab.keeping.submission import (
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
        "version": 2,
        "module": "mini-bike-lanes",
        "exercise": "all-claims",
        "kind": "classify",
        "submitted_at": "2026-03-02T09:30:00Z",
        "student": "Ana",
        "answers": {"1a": "causal"},
        "edition": "self-check",
        "attempts": {"checks": 0, "first": None, "score": None},
    }
    for version in (1, 2):
        jsonschema.Draft202012Validator.check_schema(submission_schema(version))


def test_attempts_record_first_answers_checks_and_score():
    submission = make_submission(
        "m", "e", {"1a": "causal", "1b": ""}, "Ana", now=MOMENT,
        checks=3, first_attempt={"1a": "empirical", "1b": None}, score=(1, 2),
    )
    assert submission["attempts"] == {
        "checks": 3, "first": {"1a": "empirical", "1b": None}, "score": {"right": 1, "out_of": 2}
    }
    graded = make_submission("m", "e", {"1a": "causal"}, now=MOMENT, edition="graded")
    assert graded["edition"] == "graded" and graded["attempts"]["score"] is None


def test_version_1_files_are_still_read(tmp_path):
    old = {
        "format": "claimlab-submission", "version": 1, "module": "m", "exercise": "e",
        "kind": "classify", "submitted_at": "2026-03-02T09:30:00Z", "student": None,
        "answers": {"1a": "causal"},
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert read_submission(path) == old
    path.write_text(json.dumps({**old, "edition": "graded"}), encoding="utf-8")
    with pytest.raises(SubmissionError, match="unknown field 'edition'"):
        read_submission(path)  # version 1 had no edition: no silent mixing of versions


def test_blank_name_is_null_and_empty_answers_are_null():
    submission = sample("   ", **{"1a": "", "1b": None})
    assert submission["student"] is None
    assert submission["answers"] == {"1a": None, "1b": None}


def test_save_and_read_round_trip(tmp_path):
    path = save_submission(sample(), tmp_path)
    assert path.name == "mini-bike-lanes--all-claims--ana.json"
    assert read_submission(path) == sample()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_a_second_save_never_replaces_the_first(tmp_path):
    first = save_submission(sample(), tmp_path)
    second = save_submission(sample(**{"1a": "empirical"}), tmp_path)
    assert second.name == "mini-bike-lanes--all-claims--ana-1.json"
    assert read_submission(first)["answers"] == {"1a": "causal"}
    assert read_submission(second)["answers"] == {"1a": "empirical"}


def test_saved_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = save_submission(sample(), tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # an instructor on the hub can read it


def _save_many(folder: str, student: str, rounds: int, start, out) -> None:
    start.wait()
    out.put([str(save_submission(sample(student, **{"1a": "causal"}), folder))
             for _ in range(rounds)])


@pytest.mark.parametrize("students", [("Ana", "Ana"), ("Ana", "ana!"), (None, None)])
def test_two_processes_saving_at_once_lose_nothing(tmp_path, students):
    """Two students on one shared folder, or one double-click: every save keeps its own file."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    start, out, rounds = context.Event(), context.Queue(), 150
    workers = [
        context.Process(target=_save_many, args=(str(tmp_path), s, rounds, start, out))
        for s in students
    ]
    for worker in workers:
        worker.start()
    start.set()
    paths = out.get(timeout=120) + out.get(timeout=120)
    for worker in workers:
        worker.join(timeout=60)
    assert len(paths) == len(set(paths)) == 2 * rounds
    files = sorted(p for p in tmp_path.iterdir())
    assert len(files) == 2 * rounds  # and no temporary file left behind
    for path in files:
        read_submission(path)  # every file is complete


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


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample()).encode("utf-8"))
    assert read_submission(path) == sample()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "claimlab-submission", "version": 1' + b"0" * 5000 + b"}", "more digits"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'"just a string"', "no JSON object"),
        (b'{"format": "claimlab-submission", "version": 99}', "version 99 submission"),
    ],
)
def test_hostile_content_gives_a_short_message(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert message in str(caught.value) and len(str(caught.value)) < 200


def test_a_huge_bad_value_is_not_repeated_in_the_message(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({**sample(), "student": "x" * 500_000}), encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert "at student, the value is longer than 200 characters" in str(caught.value)
    assert len(str(caught.value)) < 200
    path.write_text(json.dumps({**sample(), "answers": {"1a": 5}, "x" * 10_000: 1}))
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert len(str(caught.value)) < 200


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(SubmissionError, match="larger than the 1 MiB limit"):
        read_submission(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 3}, "this is a version 3 submission; this claimlab reads versions 1, 2"),
        ({"answers": {"1a": 5}}, "at answers/1a, the value must be string or null"),
        ({"student": "x" * 201}, "at student, "),
        ({"extra": True}, "at the top level, unknown field 'extra'"),
        ({"submitted_at": "2026-13-02T09:30:00Z"}, "at submitted_at, the value is not a real date"),
    ],
)
def test_invalid_submissions_say_what_is_wrong(tmp_path, change, message):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**sample(), **change}), encoding="utf-8")
    with pytest.raises(SubmissionError, match=None) as caught:
        read_submission(path)
    assert message in str(caught.value)
