"""A gradebook CSV from a class's results, in the shapes Canvas and Moodle import.

One row per student, one column per exercise holding the score (right answers), and the memo's
completeness (checks met). Canvas's shape starts with its identity columns and a "Points
Possible" row giving each column's out-of; Moodle's starts with a Username column, which the
import maps to the user's username, and has no such row. Either way, any cell a spreadsheet
could run as a formula is neutralized with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re

from .classroom import ClassResults, student_key
from .model import Module

LMS_SHAPES = ("canvas", "moodle")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MEMO_COLUMN = "Memo completeness (memo)"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralize(cell: object) -> str:
    """A CSV cell that no spreadsheet will evaluate; numbers stay numbers."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return str(cell)
    text = _CONTROL.sub("", str(cell).replace("\r\n", " ").replace("\n", " "))
    return "'" + text if text.startswith(_FORMULA_START) else text


Table = tuple[list[str], list[int], list[list[object]]]


def gradebook_table(module: Module, graded: ClassResults) -> Table:
    """Column titles, each column's out-of, and one row per student: (name, scores...).

    A student with no hand-in of an exercise gets an empty cell there, not a zero, so the
    LMS shows it as missing rather than failed.
    """
    exercises = list(module.exercises)
    titles = [f"{e.title} ({e.id})" for e in exercises]
    out_of = [len(e.claim_ids) for e in exercises]
    memo_checks = 0
    if not graded.memos.empty:
        titles.append(MEMO_COLUMN)
        memo_checks = int(graded.memos["checks"].max())
        out_of.append(memo_checks)
    names: dict[str, str] = {}
    cells: dict[str, dict[str, int]] = {}
    by_file = graded.results.groupby("file")["right"].sum() if not graded.results.empty else {}
    for hand_in in graded.folder.used:
        key = student_key(hand_in)
        names[key] = hand_in.submission["student"] or f"(no name: {hand_in.file})"
        sub = hand_in.submission
        if sub["kind"] == "memo":
            row = graded.memos[graded.memos["file"] == hand_in.file]
            if not row.empty:
                cells.setdefault(key, {})[MEMO_COLUMN] = int(row["checks_met"].iloc[0])
        elif hand_in.file in by_file:
            column = titles[[e.id for e in exercises].index(sub["exercise"])]
            cells.setdefault(key, {})[column] = int(by_file[hand_in.file])
    rows = [
        [names[key], *[cells.get(key, {}).get(title, "") for title in titles]]
        for key in sorted(names, key=lambda k: (names[k].casefold(), k))
    ]
    return titles, out_of, rows


def gradebook_csv(module: Module, graded: ClassResults, lms: str = "canvas") -> str:
    """The gradebook as CSV text in `lms`'s import shape (canvas or moodle)."""
    if lms not in LMS_SHAPES:
        raise ValueError(f"unknown LMS {lms!r}; choose one of {', '.join(LMS_SHAPES)}")
    titles, out_of, rows = gradebook_table(module, graded)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if lms == "canvas":
        writer.writerow(CANVAS_IDENTITY + titles)
        writer.writerow(["Points Possible", "", "", "", "", *out_of])
        for name, *scores in rows:
            login = neutralize(name)
            writer.writerow([login, "", "", login, "", *map(neutralize, scores)])
    else:
        writer.writerow(["Username", *titles])
        for name, *scores in rows:
            writer.writerow([neutralize(name), *map(neutralize, scores)])
    return buffer.getvalue()
