"""A gradebook CSV from a class's results, in the shapes Canvas and Moodle import.

One row per student, one column per exercise that was handed in (or that the instructor
names) holding the score (right answers), and the memo's completeness (checks met). Each
column's out-of comes from the checker: the number of items the exercise grades (two per step
of the argument map), and the memo's number of checks.

Canvas's shape starts with its identity columns (Student, ID, SIS User ID, SIS Login ID,
Section) and a "Points Possible" row; ID is the Canvas user id from the download's file name.
Moodle's starts with "Identifier" ("Participant N", the assignment's participant id from the
download's folder name, as in Moodle's grading worksheet), "Full name" and "Username". Where
the download names no account, the typed name is the fallback: in the name column, and in the
login column (SIS Login ID, Username) when it is one word that could be a login. Names are
trimmed.

The file starts with a UTF-8 byte-order mark: Excel opens a CSV without one in the computer's
legacy code page and garbles "¶" and every accented name. Any cell a spreadsheet could run as a
formula is neutralized with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from ..grading.drafting import assess, blank_answers
from ..module.model import Module
from .report import ClassResults, Student

LMS_SHAPES = ("canvas", "moodle")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["Identifier", "Full name", "Username"]
# A typed name that could be a login (one word: letters, digits, . _ - + @), the fallback
# for the login column when the download gives no identity.
_LOGIN = re.compile(r"[\w.+@-]+")
MEMO_COLUMN = "Memo completeness (memo)"
BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralize(cell: object) -> str:
    """A CSV cell that no spreadsheet will evaluate; numbers stay numbers."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return str(cell)
    text = _CONTROL.sub("", str(cell).replace("\r\n", " ").replace("\n", " "))
    return "'" + text if text.startswith(_FORMULA_START) else text


Table = tuple[list[str], list[int], list[tuple[Student, list[object]]]]


def points_possible(module: Module, exercise_id: str) -> int:
    """What an exercise is out of: the items the checker grades, for every kind."""
    return sum(1 for _ in module.iter_exercise_claims(exercise_id))


def memo_points(module: Module) -> int:
    """What the memo is out of: the number of checks its assessment makes."""
    return len(assess(module, blank_answers(module)).checks) if module.rubric else 0


def gradebook_table(
    module: Module, graded: ClassResults, exercises: Iterable[str] | None = None
) -> Table:
    """Column titles, each column's out-of, and one row per student: (student, scores...).

    Columns are the exercises someone handed in, in the module's order, or `exercises` when
    the instructor names them (unknown ids raise ValueError). A student with no hand-in of an
    exercise gets an empty cell there, not a zero, so the LMS shows it as missing.
    """
    used = graded.folder.used
    handed_in = {h.submission["exercise"] for h in used if h.submission["kind"] != "memo"}
    known = [e.id for e in module.exercises]
    if exercises is not None:
        wanted = list(dict.fromkeys(exercises))
        unknown = [e for e in wanted if e not in known and e != "memo"]
        if unknown:
            raise ValueError(f"no exercise {', '.join(map(repr, unknown))}; exercises are: "
                             f"{', '.join(known)}, memo")
        chosen = [e for e in known if e in wanted]
        with_memo = "memo" in wanted
    else:
        chosen = [e for e in known if e in handed_in]
        with_memo = not graded.memos.empty
    titles = [f"{module.exercise(e).title} ({e})" for e in chosen]
    out_of = [points_possible(module, e) for e in chosen]
    if with_memo:
        titles.append(MEMO_COLUMN)
        out_of.append(memo_points(module))
    column = dict(zip(chosen, titles, strict=False))
    cells: dict[str, dict[str, int]] = {}
    by_path = graded.results.groupby("path")["right"].sum() if not graded.results.empty else {}
    memo_rows = {p: int(c) for p, c in zip(graded.memos.get("path", []),
                                            graded.memos.get("checks_met", []), strict=True)}
    for hand_in in used:
        sub = hand_in.submission
        if sub["kind"] == "memo":
            if with_memo and hand_in.path in memo_rows:
                cells.setdefault(hand_in.key, {})[MEMO_COLUMN] = memo_rows[hand_in.path]
        elif sub["exercise"] in column and hand_in.path in by_path:
            cells.setdefault(hand_in.key, {})[column[sub["exercise"]]] = int(
                by_path[hand_in.path]
            )
    students = graded.folder.students
    keys = sorted({h.key for h in used}, key=lambda k: (students[k].shown.casefold(), k))
    rows = [(students[k], [cells.get(k, {}).get(t, "") for t in titles]) for k in keys]
    return titles, out_of, rows


def gradebook_csv(
    module: Module,
    graded: ClassResults,
    lms: str = "canvas",
    exercises: Iterable[str] | None = None,
) -> str:
    """The gradebook as CSV text in `lms`'s import shape (canvas or moodle), BOM first."""
    if lms not in LMS_SHAPES:
        raise ValueError(f"unknown LMS {lms!r}; choose one of {', '.join(LMS_SHAPES)}")
    titles, out_of, rows = gradebook_table(module, graded, exercises)
    names = [_name(student) for student, _ in rows]
    shared = {n for n in names if names.count(n) > 1}
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    if lms == "canvas":
        writer.writerow(CANVAS_IDENTITY + titles)
        writer.writerow(["Points Possible", "", "", "", "", *out_of])
        for student, scores in rows:
            identity = student.identity
            # An anonymous-grading id (anon_...) names a submission, not a user: not an ID.
            canvas = identity is not None and identity.lms == "canvas" and identity.id.isdigit()
            canvas_id = identity.id if canvas and identity else ""
            writer.writerow([neutralize(_name(student, shared)), canvas_id, "",
                             neutralize(_login(student)), "", *map(neutralize, scores)])
    else:
        writer.writerow(MOODLE_IDENTITY + titles)
        for student, scores in rows:
            identity = student.identity
            moodle = identity is not None and identity.lms == "moodle"
            participant = f"Participant {identity.id}" if moodle and identity else ""
            name = neutralize(_name(student, shared))
            writer.writerow([participant, name, neutralize(_login(student)),
                             *map(neutralize, scores)])
    return buffer.getvalue()


def _login(student: Student) -> str:
    """The login column: empty when the LMS download names the account (its id is enough);
    otherwise the typed name when it could be a login, the fallback the guide asks for."""
    if student.identity is not None or not _LOGIN.fullmatch(student.name):
        return ""
    return student.name


def _name(student: Student, shared: set[str] | None = None) -> str:
    """The name cell: the student's name, trimmed; the file for an unnamed hand-in; and the
    report's unique name for two students whose names are the same. Moodle's download gives
    the account's full name as Moodle spells it, which is then the name (not under blind
    marking, where it is "Participant"); Canvas's squashed "smithbob" is not."""
    identity = student.identity
    if identity and identity.lms == "moodle" and not identity.name.endswith("Participant"):
        return identity.name
    name = (student.name or student.shown).strip()
    return student.shown.strip() if shared and name in shared else name
