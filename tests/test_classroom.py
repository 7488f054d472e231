"""Instructors' report: grading a folder of hand-ins, skipping damaged files with a message."""

from __future__ import annotations

from datetime import datetime, timezone

from claimlab.classroom import read_folder, report, results_frame, scores, to_discuss
from claimlab.cli import main
from claimlab.drafting import draft_submission
from claimlab.submission import make_submission, save_submission

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def hand_in(module, folder, student, answers, exercise="claim-types-opening"):
    save_submission(make_submission(module.id, exercise, answers, student, now=WHEN), folder)


def test_report_grades_ranks_and_skips_damaged_files(module, tmp_path, capsys):
    key = {c.id: c.type for c in module.iter_exercise_claims("claim-types-opening")}
    hand_in(module, tmp_path, "Ana", key)
    wrong = dict.fromkeys(key, "empirical")
    hand_in(module, tmp_path, "Bo", wrong)
    save_submission(draft_submission(module, {"audience": "The Secretary (¶13)."}, "Cy"), tmp_path)
    (tmp_path / "zz-broken.json").write_text("{not json", encoding="utf-8")

    submissions, problems = read_folder(tmp_path)
    assert len(submissions) == 3
    assert len(problems) == 1 and "zz-broken.json" in problems[0] and "damaged" in problems[0]

    results = results_frame(module, submissions)
    table = scores(results)
    assert table.loc[("Ana", "claim-types-opening"), "right"] == len(key)
    bo_right = sum(1 for c in module.iter_exercise_claims("claim-types-opening")
                   if "empirical" in c.accepted)
    assert table.loc[("Bo", "claim-types-opening"), "right"] == bo_right

    hardest = to_discuss(results)
    assert hardest.iloc[0]["share_right"] == 0.5
    assert hardest.iloc[0]["common_wrong"] == "empirical"

    assert main(["report", str(tmp_path), "--data", str(module.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"3 submissions read from {tmp_path}.")
    assert "Hardest items, to discuss in class:" in out
    assert "Memos (completeness only; the argument is yours to judge):" in out
    assert out == report(module, tmp_path) + "\n"


def test_report_on_a_missing_folder_says_so(module, tmp_path, capsys):
    assert main(["report", str(tmp_path / "none"), "--data", str(module.path)]) == 1
    assert "no such folder" in capsys.readouterr().err
