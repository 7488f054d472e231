"""Instructors' report: grading a folder of hand-ins that may hold anything, trusting nothing."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimlab.classroom.report import (
    class_results,
    cohen_kappa,
    read_folder,
    report,
    scores,
    to_discuss,
)
from claimlab.cli import main
from claimlab.grading.drafting import draft_submission
from claimlab.keeping.submission import make_submission, save_submission

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
EXERCISE = "claim-types-opening"


def hand_in(module, folder, student, answers, exercise=EXERCISE, when=WHEN):
    return save_submission(make_submission(module.id, exercise, answers, student, now=when), folder)


def key_of(module, exercise=EXERCISE):
    return {c.id: c.type for c in module.iter_exercise_claims(exercise)}


def test_report_grades_ranks_and_skips_damaged_files(module, tmp_path, capsys):
    key = key_of(module)
    hand_in(module, tmp_path, "Ana", key)
    hand_in(module, tmp_path, "Bo", dict.fromkeys(key, "empirical"))
    save_submission(draft_submission(module, {"audience": "The Secretary (¶13)."}, "Cy"), tmp_path)
    (tmp_path / "zz-broken.json").write_text("{not json", encoding="utf-8")

    found = read_folder(tmp_path)
    assert len(found.used) == 3
    assert found.skipped == [("zz-broken.json", "the file is damaged and cannot be read "
                                                "(at line 1, column 2)")]

    graded = class_results(module, tmp_path)
    table = scores(graded.results)
    assert table.loc[("Ana", EXERCISE), "right"] == len(key)
    bo_right = sum("empirical" in c.accepted for c in module.iter_exercise_claims(EXERCISE))
    assert table.loc[("Bo", EXERCISE), "right"] == bo_right

    hardest = to_discuss(graded.results)
    assert hardest.iloc[0]["share_right"] == 0.5
    assert hardest.iloc[0]["common_wrong"] == "empirical"

    assert main(["report", str(tmp_path), "--data", str(module.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"3 hand-ins used from {tmp_path}.")
    assert "Hardest items, to discuss in class:" in out
    assert "Memos (completeness only; the argument is yours to judge):" in out
    assert out == report(module, tmp_path) + "\n"


def test_the_latest_hand_in_of_a_student_counts_once(module, tmp_path):
    key = key_of(module)
    first = hand_in(module, tmp_path, "Ana", dict.fromkeys(key, "empirical"))
    latest = hand_in(module, tmp_path, " ana ", key, when=WHEN + timedelta(hours=1))
    older = hand_in(module, tmp_path, "ANA", key, when=WHEN - timedelta(hours=1))
    hand_in(module, tmp_path, None, key)
    hand_in(module, tmp_path, None, key)  # two unnamed hand-ins are two people

    graded = class_results(module, tmp_path)
    assert sorted(graded.folder.superseded) == sorted(
        [(first.name, latest.name), (older.name, latest.name)]
    )
    table = scores(graded.results)
    assert table.loc[("ana", EXERCISE), "items"] == len(key)  # out of 15, not 45
    assert table.loc[("ana", EXERCISE), "right"] == len(key)
    assert len(table) == 3
    text = report(module, tmp_path)
    assert f"{first.name}: replaced by {latest.name}" in text


def test_unknown_exercises_items_and_labels_are_reported_per_file(module, tmp_path):
    key = key_of(module)
    hand_in(module, tmp_path, "Ana", {**key, "99z": "causal", "1a": "poetic"})
    hand_in(module, tmp_path, "Bo", key, exercise="no-such-exercise")
    other = make_submission("another-module", EXERCISE, key, "Cy", now=WHEN)
    save_submission(other, tmp_path)

    graded = class_results(module, tmp_path)
    notes = dict(graded.folder.notes)
    ana = "tokola-2020-north-korea--claim-types-opening--ana.json"
    assert ana in notes
    assert [n for f, n in graded.folder.notes if f == ana] == [
        "answers for items not in this exercise: 99z",
        "unknown answers, counted as unanswered: 'poetic' for 1a",
    ]
    skipped = dict(graded.folder.skipped)
    assert skipped[f"{module.id}--no-such-exercise--bo.json"] == (
        "exercise 'no-such-exercise' is not in this module"
    )
    assert skipped["another-module--claim-types-opening--cy.json"].startswith(
        "for module 'another-module'"
    )
    assert scores(graded.results).loc[("Ana", EXERCISE), "right"] == len(key) - 1


def _hostile_folder(module, root: Path) -> tuple[Path, dict[str, str]]:
    """A class folder holding every kind of file an LMS export or a hostile student can leave."""
    folder = root / "class"
    folder.mkdir()
    outside = root / "outside"
    outside.mkdir()
    key = key_of(module)
    hand_in(module, folder, "Ana", key)
    hand_in(module, folder, "Bo", dict.fromkeys(key, "empirical"))
    sub = folder / "section-b"
    sub.mkdir()
    hand_in(module, sub, "Cy", key)
    good = json.dumps(make_submission(module.id, EXERCISE, key, "Di", now=WHEN))
    (folder / "BOM-upper.JSON").write_bytes(b"\xef\xbb\xbf" + good.encode())
    # Another class's hand-in and an outside secret, reached only through links.
    secret = outside / "secret.json"
    secret.write_text('{"format": "claimlab-submission", "token": "SECRET-TOKEN"}')
    other_class = hand_in(module, outside, "Mallory", key)
    (folder / "link-to-secret.json").symlink_to(secret)
    (folder / "link-to-other-class.json").symlink_to(other_class)
    (folder / "link-to-zero.json").symlink_to("/dev/zero")
    (folder / "outside-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pipe.json")
    (folder / "x.json").mkdir()  # a folder with a .json name, empty
    (folder / "nested.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    (folder / "bignum.json").write_bytes(b'{"version": 1' + b"7" * 20_000 + b"}")
    (folder / "huge-bad.json").write_text(
        json.dumps({**json.loads(good), "student": "B" * 600_000})
    )
    (folder / "too-big.json").write_bytes(b" " * (2 * 1024 * 1024))
    locked = folder / "locked.json"
    locked.write_text(good)
    locked.chmod(0)
    evil = json.loads(good) | {"student": "\x1b[2J\x1b[HAll OK\u202egnp.exe"}
    (folder / "evil\x1b[31mname\u202e.json").write_text(json.dumps(evil))
    (folder / "notes.txt").write_text("not a hand-in")
    (folder / "memo-draft.backup.json").write_text(good)
    expected = {  # a fragment of the reason for every file that is not used
        "BOM-upper.JSON": None,
        "link-to-secret.json": "a link (links are not followed)",
        "link-to-other-class.json": "a link (links are not followed)",
        "link-to-zero.json": "a link (links are not followed)",
        "outside-dir": "a link (links are not followed)",
        "pipe.json": "not a regular file",
        "nested.json": "nested too deeply",
        "bignum.json": "more digits than any submission holds",
        "huge-bad.json": "at student, the value is longer than 200 characters",
        "too-big.json": "larger than the 1 MiB limit for a hand-in",
        "notes.txt": "not a .json file",
        "memo-draft.backup.json": "a backup copy",
        "evil\\x1b[31mname\\u202e.json": None,
    }
    if os.geteuid() != 0:  # root reads any file, so the permission case needs a normal user
        expected["locked.json"] = "no permission to read it"
    return folder, expected


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and symlinks as on POSIX")
def test_a_hostile_folder_still_gives_a_short_safe_report(module, tmp_path, capsys):
    folder, expected = _hostile_folder(module, tmp_path)
    code = main(["report", str(folder), "--data", str(module.path)])
    captured = capsys.readouterr()
    out = captured.out
    assert code == 0 and captured.err == ""
    assert "Traceback" not in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert "SECRET-TOKEN" not in out and "Mallory" not in out  # nothing read outside
    assert "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" not in out
    assert len(out) < 6000
    not_used = out.split("Not used (")[1].split("\n\n")[0].splitlines()[1:]
    named = {line.strip().split(": ", 1)[0]: line.split(": ", 1)[1] for line in not_used}
    for name, reason in expected.items():
        if reason is None:
            assert name not in named  # read and used
        else:
            assert reason in named[name], (name, named.get(name))
    assert len(not_used) == len(named)  # each file named once
    graded = class_results(module, folder)
    students = set(scores(graded.results).index.get_level_values("student"))
    assert {"Ana", "Bo", "Cy", "Di"} <= students
    assert "\\x1b[2J\\x1b[HAll OK\\u202egnp.exe" in students  # shown, escaped, not obeyed


def test_only_an_unreadable_folder_fails(module, tmp_path, capsys):
    assert main(["report", str(tmp_path / "none"), "--data", str(module.path)]) == 1
    assert "No report was made" in capsys.readouterr().err
    a_file = tmp_path / "file.json"
    a_file.write_text("{}")
    assert main(["report", str(a_file), "--data", str(module.path)]) == 1
    assert "not a folder" in capsys.readouterr().err
    assert main(["report", str(tmp_path), "--data", str(module.path)]) == 0
    assert capsys.readouterr().out.startswith("0 hand-ins used")


def _class_with_a_formula_name(module, folder):
    key = key_of(module)
    hand_in(module, folder, "Ana", key)
    hand_in(module, folder, "ana", dict.fromkeys(key, "empirical"), exercise=EXERCISE,
            when=WHEN - timedelta(days=1))  # superseded by Ana's later hand-in
    hand_in(module, folder, "=HYPERLINK(\"http://evil.example\",\"Bo\")", key)
    facts = {f.id: f.key for f in module.iter_exercise_claims("fact-check")}
    hand_in(module, folder, "Ana", facts, exercise="fact-check")
    save_submission(draft_submission(module, {"audience": "The Secretary (¶13)."}, "Cy"), folder)


@pytest.mark.parametrize("lms", ["canvas", "moodle"])
def test_the_gradebook_has_one_row_per_student_and_no_formulas(module, tmp_path, lms):
    folder = tmp_path / "class"
    _class_with_a_formula_name(module, folder)
    out = tmp_path / "grades.csv"
    argv = ["report", str(folder), "--data", str(module.path), "--csv", str(out), "--lms", lms]
    assert main(argv) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8, not the legacy code page
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    header = rows[0]
    # Only the exercises someone handed in get a column.
    exercise_columns = [f"{module.exercise(e).title} ({e})" for e in (EXERCISE, "fact-check")]
    if lms == "canvas":
        assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
        assert rows[1][0] == "Points Possible"
        out_of = dict(zip(header[5:], rows[1][5:], strict=True))
        assert out_of[f"{module.exercise(EXERCISE).title} ({EXERCISE})"] == "15"
        students = rows[2:]
        first_score = 5
    else:
        assert header[:3] == ["Identifier", "Full name", "Username"]
        assert rows[1][0] != "Points Possible"
        students = [row[1:2] + row[3:] for row in rows[1:]]
        header = header[1:2] + header[3:]
        first_score = 1
    assert header[first_score:] == [*exercise_columns, "Memo completeness (memo)"]
    by_name = {row[0]: dict(zip(header[first_score:], row[first_score:], strict=True))
               for row in students}
    assert sorted(by_name) == ["'=HYPERLINK(\"http://evil.example\",\"Bo\")", "Ana", "Cy"]
    ana = by_name["Ana"]
    assert ana[f"{module.exercise(EXERCISE).title} ({EXERCISE})"] == "15"  # the latest counts
    assert ana[f"{module.exercise('fact-check').title} (fact-check)"] == str(len(facts_of(module)))
    assert ana["Memo completeness (memo)"] == ""  # no memo: missing, not zero
    assert by_name["Cy"]["Memo completeness (memo)"].isdigit()
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def facts_of(module):
    return list(module.iter_exercise_claims("fact-check"))


def test_the_class_page_is_self_contained_with_described_figures(module, tmp_path):
    folder = tmp_path / "class"
    _class_with_a_formula_name(module, folder)
    hand_in(module, folder, "<script>alert(1)</script>", dict.fromkeys(key_of(module), "causal"))
    page = tmp_path / "class.html"
    assert main(["report", str(folder), "--data", str(module.path), "--html", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing from the network
    images = re.findall(r"<img [^>]*>", text)
    assert len(images) == 2 and all('src="data:image/png;base64,' in i for i in images)
    alts = re.findall(r'alt="([^"]*)"', text)
    assert alts[0].startswith("Scores by exercise, one dot per student.")
    assert "median" in alts[0] and "The 10 items the class found hardest" in alts[1]
    assert "what the key says against what students chose" in text
    assert text.count('<td class="num key">') >= len(module.taxonomy.types)


def test_cohen_kappa_matches_a_worked_example():
    # 50 items, two raters, yes/no: 20 yes-yes, 15 no-no, 5 yes-no, 10 no-yes (kappa 0.4)
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    share, kappa = cohen_kappa(first, second)
    assert share == 0.7 and round(kappa, 4) == 0.4
    assert cohen_kappa(["a", "b"], ["a", "b"]) == (1.0, 1.0)
    with pytest.raises(ValueError):
        cohen_kappa([], [])
