"""For instructors: read a folder of hand-ins, grade them, and show what to discuss.

A hand-in folder comes from an LMS download or a shared hub, so it is read as untrusted:

- only regular files are read, never through a link, never outside the folder, at most
  MAX_HAND_IN_BYTES each, with parsing that cannot recurse without bound or choke on huge numbers;
- every file that is not used is named once, with a one-line reason that never repeats its content;
- names are shown terminal-safe (control and bidi characters escaped);
- who handed a file in comes from the LMS's download name where there is one (`identity.py`),
  else from the typed name; every disagreement between the two is named;
- one student's several hand-ins of one exercise count once (see `_rank`): a graded-edition
  hand-in beats a self-check one, a hand-in dated after the report was made never beats one that
  is not, and otherwise the latest `submitted_at` counts (on a tie, the path that sorts last).
  The others are listed as superseded. Students are the same when their LMS account is, or, with
  no LMS name, when their typed names match ignoring case, spacing and Unicode form; unnamed
  hand-ins (nothing visible typed) are never merged;
- every file the report distrusts (a future date, a name that disagrees with the LMS, a name
  with invisible characters or letters that imitate another student's) is named with the reason.

Everything here is pure apart from reading the folder, and returns data; `report` makes the text.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..grading.check import check_answers, is_note
from ..grading.drafting import assess
from ..keeping.storage import MAX_HAND_IN_BYTES, UnreadableFile, read_bounded
from ..keeping.submission import SubmissionError, parse_submission_bytes, shorten, submitted_at
from ..keeping.textsafe import printable
from ..module.model import Module
from .identity import (
    LmsIdentity,
    clean_name,
    disguised,
    lms_identity,
    name_key,
    names_agree,
    scripts,
    skeleton,
    spelled_out,
)

# Deeper than any LMS export; a deeper tree is named, not walked.
MAX_FOLDER_DEPTH = 8
# Files the course itself writes beside hand-ins, recognized by name.
_ARTEFACTS = {
    ".backup.json": "a backup copy the memo builder keeps, not a hand-in",
    ".damaged.json": "a damaged draft the memo builder set aside, not a hand-in",
    ".conflict": "a conflict copy of a memo draft; the student's other draft counts",
}
# The exercise id every memo hand-in carries (drafting.draft_submission writes it).
MEMO_EXERCISE = "memo"
# A student's clock may run a little fast; beyond this, a date is in the future.
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class HandIn:
    """One readable submission file: its path relative to the folder (`path`, exactly as on
    disk, which tells files apart) and as shown (`file`, escaped, which may not)."""

    file: str
    submission: dict[str, Any]
    path: str = ""
    identity: LmsIdentity | None = None
    key: str = ""  # who it is from, for counting (see `student_key`)
    shown: str = ""  # who it is from, as the report shows it (unique per student)
    future: bool = False  # dated after the report was made
    late: bool = False  # after --due, or marked late by the LMS

    def __post_init__(self) -> None:
        self.path = self.path or self.file
        if not self.key:
            self.key = student_key(self)

    @property
    def student(self) -> str:
        """How the student is shown: set by `read_folder`, or their name, escaped."""
        return self.shown or printable(self.submission["student"] or f"(no name: {self.file})")

    @cached_property
    def moment(self) -> datetime:
        """Its `submitted_at`, parsed once (selection compares it many times)."""
        return submitted_at(self.submission)

    @property
    def edition(self) -> str:
        """The edition the hand-in was made in (version 1 files predate editions)."""
        return self.submission.get("edition") or "self-check (version 1)"


@dataclass(frozen=True)
class Student:
    """One student as the gradebook names them: the LMS's account where known, else the name."""

    key: str
    shown: str
    name: str  # the typed name, cleaned; or the LMS's name when they disagree; "" if unnamed
    identity: LmsIdentity | None = None


@dataclass
class FolderContents:
    """What `read_folder` found: hand-ins that count, and every other file with a reason."""

    used: list[HandIn] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (file, the file that counts)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, a problem inside it)
    distrusted: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    late: list[tuple[str, str]] = field(default_factory=list)  # (file, how it is late)
    students: dict[str, Student] = field(default_factory=dict)  # key -> student

    @property
    def submissions(self) -> list[dict[str, Any]]:
        """The submissions that count, each with the file it came from (as shown) under "file"."""
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


def read_folder(
    folder: str | Path,
    limit: int = MAX_HAND_IN_BYTES,
    *,
    now: datetime | None = None,
    due: datetime | None = None,
    graded_only: bool = False,
) -> FolderContents:
    """Every hand-in below `folder` that counts, and a reason for every file that does not.

    `now` is when the report is made (a hand-in dated later is distrusted); `due` marks later
    hand-ins late; `graded_only` refuses self-check hand-ins. Raises FolderError only when
    `folder` itself cannot be read.
    """
    folder = Path(folder)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
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
        refused = _refusal(submission, graded_only)
        if refused:
            found.skipped.append((shown, refused))
            continue
        hand_in = HandIn(shown, submission, relative, lms_identity(relative))
        hand_in.key = student_key(hand_in)
        hand_in.future = hand_in.moment > now + CLOCK_SKEW
        readable.append(hand_in)
    _flag_alike_paths(readable, found)
    _name_students(readable, found)
    _mark_time(readable, found, now, due)
    _keep_latest(readable, found)
    found.distrusted.sort()
    found.late.sort()
    return found


def _flag_alike_paths(hand_ins: list[HandIn], found: FolderContents) -> None:
    """Two files whose names print alike are two files: they are graded apart (by their true
    paths), and the report says so, since its lists cannot show the difference."""
    by_shown: dict[str, list[HandIn]] = {}
    for hand_in in hand_ins:
        by_shown.setdefault(hand_in.file, []).append(hand_in)
    for same in by_shown.values():
        if len(same) > 1:
            for n, hand_in in enumerate(sorted(same, key=lambda h: h.path), start=1):
                found.distrusted.append((hand_in.file, (
                    f"{len(same)} files have names that print as this one (an escape sequence "
                    f"or a name spelled to look like it); this is file {n} of them in path "
                    f"order, graded on its own"
                )))


def _refusal(submission: dict[str, Any], graded_only: bool) -> str | None:
    """Why a readable hand-in is refused before selection, so it can never replace another."""
    if submission["kind"] == "memo" and submission["exercise"] != MEMO_EXERCISE:
        return (f"a memo with the unknown id {shorten(submission['exercise'])} "
                f"(memos carry {MEMO_EXERCISE!r})")
    # A memo has no key to see, so its edition says nothing about what the student saw.
    if graded_only and submission["kind"] != "memo" and submission.get("edition") != "graded":
        if "edition" not in submission:
            return ("a version 1 hand-in, which does not say its edition; --graded-only "
                    "refuses these")
        return "a self-check hand-in (the key was on screen); --graded-only refuses these"
    return None


def student_key(hand_in: HandIn) -> str:
    """Who a hand-in is from, for counting.

    The LMS account when the download names one; else the typed name ignoring case, spacing
    and Unicode form; else (nothing visible typed) the file itself, so unnamed hand-ins are
    never merged. The prefixes keep the three kinds apart whatever a student types.
    """
    if hand_in.identity is not None:
        return f"lms:{hand_in.identity.lms}:{hand_in.identity.id}"
    name = name_key(hand_in.submission["student"])
    return f"name:{name}" if name else f"file:{hand_in.path}"


def _name_students(hand_ins: list[HandIn], found: FolderContents) -> None:
    """Give every student one shown name, unique, and flag every name not to be trusted."""
    first: dict[str, HandIn] = {}  # the hand-in whose name a student is shown by: the latest
    files_of: dict[str, list[str]] = {}
    for hand_in in sorted(hand_ins, key=_rank, reverse=True):
        first.setdefault(hand_in.key, hand_in)
        files_of.setdefault(hand_in.key, []).append(hand_in.file)
    for hand_in in sorted(hand_ins, key=lambda h: h.path):
        typed = hand_in.submission["student"] or ""
        identity = hand_in.identity
        if disguised(typed):
            found.distrusted.append((hand_in.file, "the typed name holds control, invisible or "
                                     "compatibility characters; counted as "
                                     f"{shorten(clean_name(typed) or '(no name)')}"))
        if identity is not None and not names_agree(typed, identity):
            said = f"typed {shorten(clean_name(typed))}" if clean_name(typed) else "no name typed"
            found.distrusted.append((hand_in.file, (
                f"{said}, but the {identity.lms.capitalize()} download is from "
                f"{shorten(identity.name)} ({identity.label}); counted as {identity.label}"
            )))
    # Names that look alike but are different students: letters of another script.
    by_look: dict[str, set[str]] = {}
    for key, hand_in in first.items():
        name = _name_of(hand_in)
        if name:
            by_look.setdefault(skeleton(name), set()).add(key)
    shown: dict[str, str] = {}
    for key, hand_in in first.items():
        name = _name_of(hand_in)
        label = name or f"(no name: {hand_in.file})"
        typed = hand_in.submission["student"] or ""
        if name and disguised(typed) and name == clean_name(typed):
            label = " ".join(typed.split())  # shown with its hidden characters, escaped below
        alike = by_look.get(skeleton(name), set()) - {key} if name else set()
        # The same name under another account (or none) is likely one student handing in by
        # two routes; a name that only looks the same is an imitation. Both stay apart.
        same = {k for k in alike if name_key(_name_of(first[k])) == name_key(name)}
        imitated = alike - same
        mixed = len(scripts(name)) > 1
        reasons = []
        if mixed:
            reasons.append("mixes letters of " + " and ".join(sorted(scripts(name))))
        if imitated:
            others = ", ".join(sorted(spelled_out(_name_of(first[k])) for k in imitated))
            reasons.append(f"looks like {others} but is a different name")
        if same:
            accounts = ", ".join(sorted(
                first[k].identity.label if first[k].identity else "no LMS account" for k in same
            ))
            reasons.append(f"is also the name of a hand-in from {accounts}; check whether "
                           "they are one student")
        if (imitated or mixed) and not name.isascii():
            label = f"{name} ({spelled_out(name)})"  # the imitation is spelled out, visibly
        if reasons:
            found.distrusted += [
                (file, f"the name {spelled_out(name)} {'; '.join(reasons)}; counted as its own "
                 "student")
                for file in files_of[key]
            ]
        if hand_in.identity is not None:
            label = f"{label} [{hand_in.identity.label}]"
        shown[key] = printable(label)
    seen: Counter[str] = Counter()
    for key in sorted(shown, key=lambda k: (shown[k], k)):
        seen[shown[key]] += 1
        if seen[shown[key]] > 1:  # two students who print alike are told apart, visibly
            shown[key] = f"{shown[key]} ({seen[shown[key]]})"
    for hand_in in hand_ins:
        hand_in.shown = shown[hand_in.key]
    for key, hand_in in first.items():
        found.students[key] = Student(key, shown[key], _name_of(hand_in), hand_in.identity)


def _name_of(hand_in: HandIn) -> str:
    """The name a student goes by: typed, unless the LMS says the account is someone else's."""
    typed = clean_name(hand_in.submission["student"])
    identity = hand_in.identity
    if identity is not None and (not typed or not names_agree(typed, identity)):
        return identity.name
    return typed


def _mark_time(
    hand_ins: list[HandIn], found: FolderContents, now: datetime, due: datetime | None
) -> None:
    for hand_in in hand_ins:
        moment = hand_in.moment
        if hand_in.future:
            found.distrusted.append((hand_in.file, (
                f"dated {moment.isoformat(timespec='minutes')}, after this report was made "
                f"({now.isoformat(timespec='minutes')}): a student's clock, not to be trusted; "
                "it never replaces a hand-in that is not dated in the future"
            )))
        reasons = []
        if due is not None and moment > due:
            reasons.append(f"submitted_at {moment.isoformat(timespec='minutes')} is after the "
                           f"due date {due.isoformat(timespec='minutes')}")
        if hand_in.identity is not None and hand_in.identity.late:
            reasons.append("the LMS marked it late")
        if reasons:
            hand_in.late = True
            found.late.append((hand_in.file, "; ".join(reasons)))


def _rank(hand_in: HandIn) -> tuple[bool, bool, datetime, str]:
    """Which of a student's hand-ins of an exercise counts: the highest rank.

    Not dated in the future first (a clock the student controls never wins by itself), then
    the graded edition over self-check (practice after the deadline does not replace the graded
    work), then the latest `submitted_at`, then the path.
    """
    return (
        not hand_in.future,
        hand_in.submission.get("edition") == "graded",
        hand_in.moment,
        hand_in.path,
    )


def _keep_latest(hand_ins: list[HandIn], found: FolderContents) -> None:
    groups: dict[tuple[str, str, str], list[HandIn]] = {}
    for hand_in in hand_ins:
        sub = hand_in.submission
        groups.setdefault((sub["module"], sub["exercise"], hand_in.key), []).append(hand_in)
    for group in groups.values():
        group.sort(key=_rank)
        latest = group[-1]
        found.used.append(latest)
        found.superseded += [(older.file, latest.file) for older in group[:-1]]
        if latest.future and len(group) > 1:
            found.distrusted.append((latest.file, "counts although dated in the future, "
                                     "because every hand-in of this student and exercise is"))
    found.used.sort(key=lambda h: h.path)
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
            keep.append(hand_in)  # its id was checked before selection (`_refusal`)
        elif sub["exercise"] not in known:
            found.skipped.append(
                (hand_in.file, f"exercise {shorten(sub['exercise'])} is not in this module")
            )
        else:
            keep.append(hand_in)
    found.used = keep
    found.skipped.sort()
    return keep


RESULT_COLUMNS = [
    "student", "exercise", "item", "answer", "status", "right", "file", "path", "key", "edition",
    "late",
]


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
        about = (hand_in.path, hand_in.key, hand_in.edition, hand_in.late)
        rows += [
            (student, exercise, f.claim.id, f.given, f.status.value, f.status.counts_as_right,
             file, *about)
            for f in feedback.items
        ]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def scores(results: pd.DataFrame) -> pd.DataFrame:
    """Right answers out of items, per student and exercise, with the edition it was made in
    and whether it was late. Each student's shown name is unique (`read_folder`), so grouping
    by it never adds two students together."""
    grouped = results.groupby(["student", "exercise"])
    table = pd.DataFrame({
        "right": grouped["right"].sum().astype(int),
        "items": grouped.size(),
        "edition": grouped["edition"].first() if "edition" in results else "",
        "late": grouped["late"].any() if "late" in results else False,
    })
    table["late"] = table["late"].map({True: "late", False: ""})
    return table


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
                "path": hand_in.path,
                "checks_met": sum(c.ok for c in result.checks),
                "checks": len(result.checks),
                "words": result.total_words,
            }
        )
    return pd.DataFrame(rows, columns=["student", "file", "path", "checks_met", "checks", "words"])


@dataclass
class ClassResults:
    """Everything the text report, the gradebook and the class page are made from."""

    folder: FolderContents
    results: pd.DataFrame
    memos: pd.DataFrame
    due: datetime | None = None


def class_results(
    module: Module,
    folder: str | Path,
    *,
    now: datetime | None = None,
    due: datetime | None = None,
    graded_only: bool = False,
) -> ClassResults:
    """Read and grade a folder of hand-ins (raises FolderError only if the folder is unreadable).

    `now`, `due` and `graded_only` are as for `read_folder`."""
    found = read_folder(folder, now=now, due=due, graded_only=graded_only)
    used = _gradable(module, found)
    results = results_frame(module, used, found.notes)
    return ClassResults(found, results, memo_completeness(module, used), due)


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
    if found.distrusted:
        lines += ["", f"Distrusted ({_files(len(set(f for f, _ in found.distrusted)))}; "
                  "check these before you publish grades):"]
        lines += [f"  {file}: {why}" for file, why in found.distrusted]
    if found.late:
        due = f"due {graded.due.isoformat(timespec='minutes')}" if graded.due else "no --due given"
        lines += ["", f"Late ({_files(len(found.late))}; {due}):"]
        lines += [f"  {file}: {why}" for file, why in found.late]
    if found.superseded:
        lines += [
            "",
            f"Superseded ({_files(len(found.superseded))}; of a student's hand-ins of an exercise, "
            "a graded one beats a self-check one, one dated in the future never wins, then the "
            "latest submitted_at counts):",
        ]
        lines += [f"  {file}: replaced by {latest}" for file, latest in found.superseded]
    if found.notes:
        lines += ["", "Problems inside hand-ins that were used:"]
        lines += [f"  {file}: {note}" for file, note in found.notes]
    if not graded.results.empty:
        lines += [
            "",
            "Scores (right answers of items; the edition each was made in):",
            scores(graded.results).to_string(),
            "",
            "Hardest items, to discuss in class:",
            to_discuss(graded.results).to_string(index=False),
        ]
    if not graded.memos.empty:
        lines += [
            "",
            "Memos (completeness only; the argument is yours to judge):",
            graded.memos.drop(columns=["file", "path"]).to_string(index=False),
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
