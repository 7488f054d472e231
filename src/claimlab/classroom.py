"""For instructors: read a folder of submissions, grade them, and show what to discuss.

Pure functions over the shared submission format. A file that cannot be read is reported by
name and skipped, never fatal, so one damaged upload does not block a class's results.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .check import check_answers
from .drafting import assess
from .errors import AnswerError
from .model import Module
from .submission import SubmissionError, read_submission


def read_folder(folder: str | Path) -> tuple[list[dict], list[str]]:
    """Every submission in `folder` (sorted by name) and a message for each file skipped."""
    submissions, problems = [], []
    for path in sorted(Path(folder).glob("*.json")):
        if path.name.startswith(".") or ".backup" in path.name or ".damaged" in path.name:
            continue  # saving artefacts, not hand-ins
        try:
            submissions.append(read_submission(path) | {"file": path.name})
        except SubmissionError as err:
            problems.append(f"skipped {err}")
    return submissions, problems


def results_frame(module: Module, submissions: Iterable[dict]) -> pd.DataFrame:
    """One row per student and item of the exercises: the answer and its status."""
    rows, known = [], {e.id for e in module.exercises}
    for sub in submissions:
        if sub["module"] != module.id or sub["exercise"] not in known:
            continue
        items = list(module.iter_exercise_claims(sub["exercise"]))
        labels = [o for o, _ in module.exercise_options(sub["exercise"])]
        answers = {k: v for k, v in sub["answers"].items() if k in {i.id for i in items}}
        try:
            feedback = check_answers(items, answers, labels)
        except AnswerError:
            continue  # a hand-edited file with labels the key does not know
        for item in feedback.items:
            rows.append(
                {
                    "student": sub["student"] or sub["file"],
                    "exercise": sub["exercise"],
                    "item": item.claim.id,
                    "answer": item.given,
                    "status": item.status.value,
                    "right": item.status.counts_as_right,
                }
            )
    columns = ["student", "exercise", "item", "answer", "status", "right"]
    return pd.DataFrame(rows, columns=columns)


def scores(results: pd.DataFrame) -> pd.DataFrame:
    """Right answers out of items, per student and exercise."""
    grouped = results.groupby(["student", "exercise"])["right"]
    return pd.DataFrame({"right": grouped.sum().astype(int), "items": grouped.size()})


def to_discuss(results: pd.DataFrame, lowest: int = 5) -> pd.DataFrame:
    """The items the class found hardest, with the most common answer given instead."""
    answered = results[results["status"] != "unanswered"]
    if answered.empty:
        return pd.DataFrame(columns=["exercise", "item", "answered", "share_right", "common_wrong"])
    rows = []
    for (exercise, item), group in answered.groupby(["exercise", "item"]):
        wrong = group.loc[~group["right"], "answer"]
        rows.append(
            {
                "exercise": exercise,
                "item": item,
                "answered": len(group),
                "share_right": round(group["right"].mean(), 2),
                "common_wrong": wrong.mode().iloc[0] if not wrong.empty else "",
            }
        )
    table = pd.DataFrame(rows).sort_values(["share_right", "exercise", "item"])
    return table.head(lowest).reset_index(drop=True)


def memo_completeness(module: Module, submissions: Iterable[dict]) -> pd.DataFrame:
    """For memo hand-ins: checks met and words, per student (completeness, not quality)."""
    rows = []
    for sub in submissions:
        if sub["kind"] != "memo" or sub["module"] != module.id:
            continue
        result = assess(module, sub["answers"])
        rows.append(
            {
                "student": sub["student"] or sub["file"],
                "checks_met": sum(c.ok for c in result.checks),
                "checks": len(result.checks),
                "words": result.total_words,
            }
        )
    return pd.DataFrame(rows, columns=["student", "checks_met", "checks", "words"])


def report(module: Module, folder: str | Path) -> str:
    """The text `claimlab report` prints."""
    submissions, problems = read_folder(folder)
    lines = [f"{len(submissions)} submissions read from {folder}."]
    lines += problems
    results = results_frame(module, submissions)
    if not results.empty:
        lines += [
            "",
            "Scores (right answers of items):",
            scores(results).to_string(),
            "",
            "Hardest items, to discuss in class:",
            to_discuss(results).to_string(index=False),
        ]
    memos = memo_completeness(module, submissions)
    if not memos.empty:
        lines += [
            "",
            "Memos (completeness only; the argument is yours to judge):",
            memos.to_string(index=False),
        ]
    return "\n".join(lines)
