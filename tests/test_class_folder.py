"""A held-out class folder, written as an LMS download and a hostile class would leave it.

Every hand-in's answers are built to earn a known number of points (the first k items right,
the rest wrong), so the test can say what each student's own work earned without asking the
grader; then the report, the gradebook and the console must give exactly that to each student.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimlab.classroom.gradebook import gradebook_csv, memo_points, points_possible
from claimlab.classroom.identity import LmsIdentity, lms_identity, names_agree, skeleton
from claimlab.classroom.report import class_results, report, scores
from claimlab.cli import main
from claimlab.grading.drafting import draft_submission
from claimlab.keeping.submission import make_submission

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
DUE = datetime(2026, 3, 9, 23, 59, tzinfo=timezone.utc)
EARLY = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def earning(module, exercise: str, right: int) -> dict[str, str]:
    """Answers to `exercise` with exactly `right` items right and every other item wrong."""
    options = [o for o, _ in module.exercise_options(exercise)]
    answers = {}
    for n, item in enumerate(module.iter_exercise_claims(exercise)):
        if n < right:
            answers[item.id] = item.key
        else:
            offered = [o for o, _ in getattr(item, "choices", ())] or options
            answers[item.id] = next(
                o for o in offered if o != item.key and o not in item.alternatives
            )
    return answers


def put(folder: Path, relative: str, submission: dict) -> str:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(submission, ensure_ascii=False), encoding="utf-8")
    return relative


def sub(module, exercise, student, right, when=EARLY, edition="graded", **extra):
    made = make_submission(module.id, exercise, earning(module, exercise, right), student,
                           kind=module.exercise(exercise).kind, now=when, edition=edition)
    return made | extra


@pytest.fixture
def held_out(module, tmp_path):
    """The folder, and what each student (by how the gradebook names them) earned."""
    folder = tmp_path / "class"
    opening, support, facts, arg = ("claim-types-opening", "support-opening", "fact-check",
                                    "argument-map")
    # Canvas download: files renamed <lastfirst>_<user id>_<submission id>_<original>.
    put(folder, "lopezana_1001_9001_claims.json", sub(module, opening, "Ana Lopez", 12))
    put(folder, "lopezana_1001_9002_facts.json", sub(module, facts, " Ana Lopez ", 7))
    # Bob hands in as "Ana", dated 2099: the download says it is his, and it must not win.
    put(folder, "jonesbob_1002_9003_claims.json",
        sub(module, opening, "Ana", 3, when=datetime(2099, 1, 1, tzinfo=timezone.utc)))
    put(folder, "jonesbob_1002_9004_early.json", sub(module, opening, "Bob Jones", 9))
    # Canvas marked it late.
    put(folder, "kimcy_LATE_1003_9005_map.json", sub(module, arg, "Cy Kim", 5))
    # Moodle, folders (the default) and a flat file.
    put(folder, "moodle/Di Park_2001_assignsubmission_file_/support.json",
        sub(module, support, "Di Park", 4))
    put(folder, "moodle/Di Park_2001_assignsubmission_file_opening.json",
        sub(module, opening, "di park", 6))
    # Two files whose names print alike (a real ESC, and the four characters "\x1b").
    put(folder, "hub/h\x1b.json", sub(module, opening, None, 15))
    put(folder, "hub/h\\x1b.json", sub(module, opening, None, 1))
    # Names of only spaces or control characters: unnamed, never merged; "\0anon.json" is a name.
    put(folder, "hub/spaces.json", sub(module, opening, None, 2) | {"student": "   "})
    put(folder, "hub/controls.json", sub(module, opening, None, 8) | {"student": "\t\x01\x7f"})
    put(folder, "hub/anon.json", sub(module, opening, None, 10) | {"student": "\0anon.json"})
    # A Cyrillic "Аnа" is not Ana; an NFD "José" is the NFC one.
    put(folder, "hub/ana-latin.json", sub(module, opening, "Ana", 11))
    # Bob Jones also hands in outside the LMS: one name, two routes, kept apart and flagged.
    put(folder, "hub/bob.json", sub(module, support, "Bob Jones", 7))
    put(folder, "hub/ana-cyrillic.json", sub(module, opening, "\u0410n\u0430", 0))
    put(folder, "hub/jose-nfc.json", sub(module, opening, "José", 2))
    put(folder, "hub/jose-nfd.json",
        sub(module, opening, unicodedata.normalize("NFD", "José"), 13, when=EARLY + timedelta(1)))
    # Both editions: Eve's practice in self-check after the deadline does not replace her
    # graded hand-in, though it is later.
    put(folder, "hub/eve-graded.json", sub(module, opening, "Eve", 5))
    put(folder, "hub/eve-practice.json",
        sub(module, opening, "Eve", 15, when=NOW - timedelta(hours=1), edition="self-check"))
    # Several memos: the latest counts whatever its name sorts to; an unknown memo id is refused.
    later = draft_submission(module, {"audience": "The Secretary (¶13). Later."}, "Fay")
    earlier = draft_submission(module, {}, "Fay")
    put(folder, "hub/a-memo-later.json", later | {"submitted_at": "2026-03-05T10:00:00Z"})
    put(folder, "hub/z-memo-earlier.json", earlier | {"submitted_at": "2026-03-04T10:00:00Z"})
    put(folder, "hub/memo-odd.json", later | {"exercise": "memo-v9"})
    expected = {
        ("Ana Lopez", "1001"): {opening: 12, facts: 7},
        # Two rows named alike are told apart by the report's unique names.
        ("Bob Jones [Canvas 1002]", "1002"): {opening: 9},
        ("Bob Jones", ""): {support: 7},
        ("Cy Kim", "1003"): {arg: 5},
        ("Di Park", "Participant 2001"): {support: 4, opening: 6},
        ("Ana", ""): {opening: 11},
        ("\u0410n\u0430", ""): {opening: 0},
        ("José", ""): {opening: 13},
        ("Eve", ""): {opening: 5},
        ("anon.json", ""): {opening: 10},  # a name, cleaned; not an unnamed hand-in
    }
    unnamed = {"hub/h\x1b.json": 15, "hub/h\\x1b.json": 1, "hub/spaces.json": 2,
               "hub/controls.json": 8}
    return folder, expected, unnamed


def _cells(module, text: str, lms: str) -> tuple[list[str], list[list[str]]]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(text[1:].splitlines()))
    return rows[0], rows[1:]


def test_each_student_gets_what_their_own_hand_in_earned(module, held_out):
    folder, expected, unnamed = held_out
    graded = class_results(module, folder, now=NOW, due=DUE)
    table = scores(graded.results).reset_index()
    by_path = {h.path: h for h in graded.folder.used}
    # Every unnamed hand-in is its own row, with its own score.
    for path, right in unnamed.items():
        shown = by_path[path].student
        row = table[table["student"] == shown]
        assert row["right"].tolist() == [right], (path, shown)
    assert len({by_path[p].student for p in unnamed}) == len(unnamed)

    header, rows = _cells(module, gradebook_csv(module, graded, "canvas"), "canvas")
    points = dict(zip(header[5:], rows[0][5:], strict=True))
    for exercise in ("claim-types-opening", "support-opening", "fact-check", "argument-map"):
        title = f"{module.exercise(exercise).title} ({exercise})"
        assert points[title] == str(points_possible(module, exercise))
        assert int(points[title]) == len(list(module.iter_exercise_claims(exercise))) > 0
    assert points["Memo completeness (memo)"] == str(memo_points(module)) != "0"
    # Only exercises handed in have a column: 4 of the module's 14, and the memo.
    assert len(header) == 5 + 4 + 1
    cells = {}
    for row in rows[1:]:
        cells.setdefault((row[0], row[1]), dict(zip(header[5:], row[5:], strict=True)))
    for (name, ident), earned in expected.items():
        if ident.startswith("Participant"):
            continue  # a Moodle student: checked in the Moodle shape below
        row = cells[(name, ident)]
        for exercise, right in earned.items():
            assert row[f"{module.exercise(exercise).title} ({exercise})"] == str(right), name
    assert cells[("Fay", "")]["Memo completeness (memo)"] == str(
        graded.memos.set_index("student").loc["Fay", "checks_met"]
    )
    fay_words = graded.memos[graded.memos["student"] == "Fay"]["words"].item()
    assert fay_words > 0  # the later memo (with words) counted, not the empty earlier one

    # The typed name is the login fallback only where no LMS names the account.
    logins = {(row[0], row[1]): row[3] for row in rows[1:]}
    assert logins[("Eve", "")] == "Eve" and logins[("Ana Lopez", "1001")] == ""
    assert logins[("José", "")] == "José"

    header, rows = _cells(module, gradebook_csv(module, graded, "moodle"), "moodle")
    assert header[:3] == ["Identifier", "Full name", "Username"]
    di = next(row for row in rows if row[0] == "Participant 2001")
    assert di[1:3] == ["Di Park", ""]  # Moodle's spelling of the account's name
    di_cells = dict(zip(header[3:], di[3:], strict=True))
    for exercise, right in expected[("Di Park", "Participant 2001")].items():
        assert di_cells[f"{module.exercise(exercise).title} ({exercise})"] == str(right)


def test_the_console_names_every_file_it_distrusted_and_why(module, held_out):
    folder, _, _ = held_out
    graded = class_results(module, folder, now=NOW, due=DUE)
    text = report(module, folder, graded)
    distrusted = text.split("Distrusted (")[1].split("\n\n")[0]
    assert "jonesbob_1002_9003_claims.json: typed 'Ana', but the Canvas download is from " \
           "'jonesbob' (Canvas 1002)" in distrusted
    assert "jonesbob_1002_9003_claims.json: dated 2099-01-01" in distrusted
    assert "hub/ana-cyrillic.json: the name \\u0410n\\u0430 mixes letters of CYRILLIC and " \
           "LATIN; looks like Ana" in distrusted
    assert distrusted.count("hub/h\\x1b.json: 2 files have names that print as this one") == 2
    assert "hub/bob.json: the name Bob Jones is also the name of a hand-in from Canvas 1002; " \
           "check whether they are one student" in distrusted
    assert "hub/controls.json" not in distrusted.replace("hub/controls.json: the typed", "")
    late = text.split("Late (")[1].split("\n\n")[0]
    assert "kimcy_LATE_1003_9005_map.json: the LMS marked it late" in late
    assert "hub/eve-practice.json: submitted_at 2026-03-10T11:00+00:00 is after the due" in late
    skipped = dict(graded.folder.skipped)
    assert skipped["hub/memo-odd.json"].startswith("a memo with the unknown id 'memo-v9'")
    superseded = dict(graded.folder.superseded)
    assert superseded["jonesbob_1002_9003_claims.json"] == "jonesbob_1002_9004_early.json"
    assert superseded["hub/eve-practice.json"] == "hub/eve-graded.json"
    assert superseded["hub/z-memo-earlier.json"] == "hub/a-memo-later.json"
    assert superseded["hub/jose-nfc.json"] == "hub/jose-nfd.json"
    # The scores say which edition each grade came from.
    assert "graded" in text.split("Scores (")[1]


def test_graded_only_refuses_self_check_hand_ins(module, held_out, tmp_path, capsys):
    folder, _, _ = held_out
    old = sub(module, "claim-types-opening", "Gus", 15)
    for field in ("edition", "attempts"):
        del old[field]
    put(folder, "hub/gus-v1.json", old | {"version": 1})
    out = tmp_path / "grades.csv"
    argv = ["report", str(folder), "--data", str(module.path), "--graded-only",
            "--due", "2026-03-09", "--csv", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "hub/eve-practice.json: a self-check hand-in (the key was on screen)" in printed
    assert "hub/gus-v1.json: a version 1 hand-in, which does not say its edition" in printed
    assert "self-check" not in printed.split("Scores (")[1].split("\n\n")[0].replace(
        "self-check one", "")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # A memo has no key to have seen: its edition does not get it refused.
    assert "Fay" in printed.split("Memos (")[1]


def test_named_columns_and_unknown_names(module, held_out, tmp_path, capsys):
    folder, _, _ = held_out
    graded = class_results(module, folder, now=NOW)
    header, _ = _cells(module, gradebook_csv(module, graded, exercises=["fact-check", "memo"]),
                       "canvas")
    assert header[5:] == [f"{module.exercise('fact-check').title} (fact-check)",
                          "Memo completeness (memo)"]
    argv = ["report", str(folder), "--data", str(module.path), "--exercises", "nope",
            "--csv", str(tmp_path / "x.csv")]
    assert main(argv) == 2
    assert "no exercise 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(folder), "--data", str(module.path), "--due", "soon"])
    assert exit_.value.code == 2
    assert "is not a date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "identity"),
    [
        ("smithbob_340934_208490284_BobsWork.json",
         LmsIdentity("canvas", "340934", "smithbob")),
        ("smithbob_LATE_340934_208490284_x.json",
         LmsIdentity("canvas", "340934", "smithbob", late=True)),
        ("Jane Doe_123456_assignsubmission_file_/a/b.json",
         LmsIdentity("moodle", "123456", "Jane Doe")),
        ("Participant_77_assignsubmission_file_x.json",
         LmsIdentity("moodle", "77", "Participant")),
        # A student's own file name inside the LMS's folder never speaks for the LMS.
        ("Jane Doe_123456_assignsubmission_file_/smithbob_1_2_x.json",
         LmsIdentity("moodle", "123456", "Jane Doe")),
        # Canvas keeps every Unicode word character of the name, and anonymous grading drops it.
        ("lópezana_1001_77_claims.json", LmsIdentity("canvas", "1001", "lópezana")),
        ("anon_Xk3pQ_77_claims.json", LmsIdentity("canvas", "anon_Xk3pQ", "")),
        ("LATE_anon_Xk3pQ_77_claims.json", LmsIdentity("canvas", "anon_Xk3pQ", "", late=True)),
        ("tokola-2020-north-korea--claim-types-opening--ana.json", None),
        ("notes_v2_final.json", None),
        ("smithbob_12_claims.json", None),
    ],
)
def test_lms_download_names(path, identity):
    assert lms_identity(path) == identity


def test_names_agree_in_any_order_and_look_alikes_share_a_skeleton():
    canvas = LmsIdentity("canvas", "1", "smithbob")
    assert names_agree("Bob Smith", canvas) and names_agree("smith, BOB", canvas)
    assert not names_agree("Ana", canvas) and not names_agree("", canvas)
    assert names_agree("Ana", LmsIdentity("canvas", "anon_Xk3pQ", ""))  # nothing to compare
    assert skeleton("\u0410n\u0430") == skeleton("Ana") == skeleton(" ANA ")
