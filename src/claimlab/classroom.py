"""For instructors: read a folder of hand-ins, grade them, and show what to discuss.

A hand-in folder comes from an LMS download or a shared hub, so it is read as untrusted:

- only regular files are read, never through a link, never outside the folder, at most
  MAX_HAND_IN_BYTES each, with parsing that cannot recurse without bound or choke on huge numbers;
- every file that is not used is named once, with a one-line reason that never repeats its content;
- names are shown terminal-safe (control and bidi characters escaped);
- one student's several hand-ins of one exercise count once: **the latest `submitted_at` counts**
  (on a tie, the file whose path sorts last), and the others are listed as superseded. Students are
  the same when their names match ignoring case and spacing; unnamed hand-ins are never merged.

Everything here is pure apart from reading the folder, and returns data; `report` makes the text.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .check import check_answers, is_note
from .drafting import assess
from .model import Module
from .storage import MAX_HAND_IN_BYTES, UnreadableFile, read_bounded
from .submission import SubmissionError, parse_submission_bytes, shorten, submitted_at
from .textsafe import printable

# Deeper than any LMS export; a deeper tree is named, not walked.
MAX_FOLDER_DEPTH = 8
# Files the course itself writes beside hand-ins, recognized by name.
_ARTEFACTS = {
    ".backup.json": "a backup copy the memo builder keeps, not a hand-in",
    ".damaged.json": "a damaged draft the memo builder set aside, not a hand-in",
    ".conflict": "a conflict copy of a memo draft; the student's other draft counts",
}


@dataclass(frozen=True)
class HandIn:
    """One readable submission file, and its path relative to the folder."""

    file: str
    submission: dict[str, Any]

    @property
    def student(self) -> str:
        """How the student is shown: their name, escaped, or the file when they gave none."""
        return printable(self.submission["student"] or f"(no name: {self.file})")


@dataclass
class FolderContents:
    """What `read_folder` found: hand-ins that count, and every other file with a reason."""

    used: list[HandIn] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (file, the file that counts)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, a problem inside it)

    @property
    def submissions(self) -> list[dict[str, Any]]:
        return [h.submission | {"file": h.file} for h in self.used]


class FolderError(OSError):
    """The folder itself cannot be read: the only case in which no report is made."""


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str] | None, str | None]]:
    """(relative path, entry, reason to skip or None) for everything below `folder`, sorted.

    An explicit stack rather than recursion, so a deep tree cannot exhaust the interpreter's.
    """
    stack: list[tuple[Path, str, int]] = [(folder, "", 0)]
    while stack:
        directory, prefix, depth = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            if depth == 0:
                shown = printable(str(folder))
                raise FolderError(f"{shown}: cannot be read ({err.strerror})") from None
            yield prefix.rstrip("/"), None, "a folder that cannot be read"
            continue
        subfolders = []
        for entry in entries:
            relative = prefix + entry.name
            try:
                if entry.is_symlink():
                    yield relative, None, "a link (links are not followed)"
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name.startswith("."):
                        yield relative + "/", None, "a hidden folder, not read"
                    elif depth + 1 > MAX_FOLDER_DEPTH:
                        yield relative + "/", None, "a folder nested too deep, not read"
                    else:
                        subfolders.append((Path(entry.path), relative + "/", depth + 1))
                elif not entry.is_file(follow_symlinks=False):
                    yield relative, None, "not a regular file"
                else:
                    yield relative, entry, None
            except OSError:
                yield relative, None, "cannot be examined"
        stack.extend(reversed(subfolders))


def _skip_reason(name: str) -> str | None:
    lower = name.lower()
    if name.startswith("."):
        return "a hidden or temporary file"
    if not lower.endswith(".json"):
        return "not a .json file"
    for marker, reason in _ARTEFACTS.items():
        if marker in lower:
            return reason
    return None


def read_folder(folder: str | Path, limit: int = MAX_HAND_IN_BYTES) -> FolderContents:
    """Every hand-in below `folder` that counts, and a reason for every file that does not.

    Raises FolderError only when `folder` itself cannot be read.
    """
    folder = Path(folder)
    try:
        mode = folder.stat().st_mode
    except OSError as err:
        raise FolderError(f"{printable(str(folder))}: {err.strerror or 'cannot be read'}") from None
    if not stat.S_ISDIR(mode):
        raise FolderError(f"{printable(str(folder))}: not a folder")
    found = FolderContents()
    readable: list[HandIn] = []
    for relative, entry, reason in _walk(folder):
        shown = printable(relative)
        reason = reason or _skip_reason(os.path.basename(relative))
        if reason or entry is None:
            found.skipped.append((shown, reason or "cannot be examined"))
            continue
        try:
            submission = parse_submission_bytes(read_bounded(entry.path, limit))
        except (UnreadableFile, SubmissionError) as err:
            found.skipped.append((shown, str(err)))
            continue
        readable.append(HandIn(shown, submission))
    _keep_latest(readable, found)
    return found


def student_key(hand_in: HandIn) -> str:
    """Who a hand-in is from, for counting: names alike but for case and spacing are one."""
    name = hand_in.submission["student"]
    return " ".join(name.casefold().split()) if name else f"\0{hand_in.file}"


def _keep_latest(hand_ins: list[HandIn], found: FolderContents) -> None:
    groups: dict[tuple[str, str, str], list[HandIn]] = {}
    for hand_in in hand_ins:
        sub = hand_in.submission
        groups.setdefault((sub["module"], sub["exercise"], student_key(hand_in)), []).append(
            hand_in
        )
    for group in groups.values():
        group.sort(key=lambda h: (submitted_at(h.submission), h.file))
        latest = group[-1]
        found.used.append(latest)
        found.superseded += [(older.file, latest.file) for older in group[:-1]]
    found.used.sort(key=lambda h: h.file)
    found.superseded.sort()


def _gradable(module: Module, found: FolderContents) -> list[HandIn]:
    """The used hand-ins this module can grade; the rest move to skipped with the reason."""
    known = {e.id for e in module.exercises}
    keep = []
    for hand_in in found.used:
        sub = hand_in.submission
        if sub["module"] != module.id:
            found.skipped.append(
                (hand_in.file, f"for module {shorten(sub['module'])}, not {module.id!r}")
            )
        elif sub["kind"] == "memo":
            keep.append(hand_in)
        elif sub["exercise"] not in known:
            found.skipped.append(
                (hand_in.file, f"exercise {shorten(sub['exercise'])} is not in this module")
            )
        else:
            keep.append(hand_in)
    found.used = keep
    found.skipped.sort()
    return keep


RESULT_COLUMNS = ["student", "exercise", "item", "answer", "status", "right", "file"]


def results_frame(
    module: Module, hand_ins: Iterable[HandIn], notes: list[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """One row per student and item of the exercises: the answer and its status.

    Answers to items the exercise does not have, and labels it does not offer, are left out
    of the grading (the item counts as unanswered) and described in `notes` for that file.
    """
    rows: list[tuple[Any, ...]] = []
    exercises: dict[str, tuple[list[Any], set[str]]] = {}
    exercise_kinds = {e.id: e.kind for e in module.exercises}
    for hand_in in hand_ins:
        sub = hand_in.submission
        if sub["kind"] == "memo" or sub["module"] != module.id:
            continue
        exercise = sub["exercise"]
        if exercise not in exercises:
            items = list(module.iter_exercise_claims(exercise))
            exercises[exercise] = (items, {o for o, _ in module.exercise_options(exercise)})
        items, labels = exercises[exercise]
        item_ids = {i.id for i in items}
        answers, unknown_items, unknown_labels = {}, [], []
        for item, label in sub["answers"].items():
            if is_note(item) and exercise_kinds.get(exercise) == "factcheck":
                continue  # a fact-check's source and correction: recorded, not graded
            if item not in item_ids:
                unknown_items.append(item)
            elif label is not None and label not in labels:
                unknown_labels.append(f"{shorten(label)} for {item}")
            else:
                answers[item] = label
        if notes is not None and unknown_items:
            shown = ", ".join(shorten(i, quote=False) for i in unknown_items[:5])
            more = f" and {len(unknown_items) - 5} more" if len(unknown_items) > 5 else ""
            notes.append((hand_in.file, f"answers for items not in this exercise: {shown}{more}"))
        if notes is not None and unknown_labels:
            shown = "; ".join(unknown_labels[:5])
            more = f" and {len(unknown_labels) - 5} more" if len(unknown_labels) > 5 else ""
            notes.append((hand_in.file, f"unknown answers, counted as unanswered: {shown}{more}"))
        feedback = check_answers(items, answers, sorted(labels))
        student, file = hand_in.student, hand_in.file
        rows += [
            (student, exercise, f.claim.id, f.given, f.status.value, f.status.counts_as_right, file)
            for f in feedback.items
        ]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


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


def memo_completeness(module: Module, hand_ins: Iterable[HandIn]) -> pd.DataFrame:
    """For memo hand-ins: checks met and words, per student (completeness, not quality)."""
    rows = []
    for hand_in in hand_ins:
        sub = hand_in.submission
        if sub["kind"] != "memo" or sub["module"] != module.id or module.rubric is None:
            continue
        result = assess(module, sub["answers"])
        rows.append(
            {
                "student": hand_in.student,
                "file": hand_in.file,
                "checks_met": sum(c.ok for c in result.checks),
                "checks": len(result.checks),
                "words": result.total_words,
            }
        )
    return pd.DataFrame(rows, columns=["student", "file", "checks_met", "checks", "words"])


@dataclass
class ClassResults:
    """Everything the text report, the gradebook and the class page are made from."""

    folder: FolderContents
    results: pd.DataFrame
    memos: pd.DataFrame


def class_results(module: Module, folder: str | Path) -> ClassResults:
    """Read and grade a folder of hand-ins (raises FolderError only if the folder is unreadable)."""
    found = read_folder(folder)
    used = _gradable(module, found)
    results = results_frame(module, used, found.notes)
    return ClassResults(found, results, memo_completeness(module, used))


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def report(module: Module, folder: str | Path, graded: ClassResults | None = None) -> str:
    """The text `claimlab report` prints."""
    graded = graded or class_results(module, folder)
    found = graded.folder
    lines = [f"{len(found.used)} hand-ins used from {printable(str(folder))}."]
    if found.skipped:
        lines += ["", f"Not used ({_files(len(found.skipped))}):"]
        lines += [f"  {file}: {reason}" for file, reason in found.skipped]
    if found.superseded:
        lines += [
            "",
            f"Superseded ({_files(len(found.superseded))}; the latest submitted_at of a student's "
            "hand-ins of an exercise counts):",
        ]
        lines += [f"  {file}: replaced by {latest}" for file, latest in found.superseded]
    if found.notes:
        lines += ["", "Problems inside hand-ins that were used:"]
        lines += [f"  {file}: {note}" for file, note in found.notes]
    if not graded.results.empty:
        lines += [
            "",
            "Scores (right answers of items):",
            scores(graded.results).to_string(),
            "",
            "Hardest items, to discuss in class:",
            to_discuss(graded.results).to_string(index=False),
        ]
    if not graded.memos.empty:
        lines += [
            "",
            "Memos (completeness only; the argument is yours to judge):",
            graded.memos.drop(columns="file").to_string(index=False),
        ]
    return "\n".join(lines)


def cohen_kappa(first: Iterable[str], second: Iterable[str]) -> tuple[float, float]:
    """Share of items two labellers agree on, and Cohen's kappa (agreement beyond chance).

    Used to measure whether a taxonomy can be applied alike by people who have not seen the key.
    """
    pairs = list(zip(first, second, strict=True))
    if not pairs:
        raise ValueError("no items to compare")
    observed = sum(a == b for a, b in pairs) / len(pairs)
    total = len(pairs)
    firsts, seconds = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(firsts[label] / total * seconds[label] / total for label in firsts | seconds)
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    return observed, kappa
