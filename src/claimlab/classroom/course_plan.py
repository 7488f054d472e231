"""Session plans checked against the book: every exercise named, each handed in once.

The instructor guide's plans are data (book/instructor/guide/plans.yaml): for each plan, its
steps (when, which chapters, which exercises are handed in) and the exercises it leaves to
practice. Which chapter sets which exercise is read from the chapters themselves (their
`part.exercise("...")`, `ArgumentMapper(module, "...")` and `part.memo(...)` cells), so a plan
cannot place an exercise in a chapter that does not hold it, and the list of exercises comes
from data/exercises.yaml (plus the memo when the module has a rubric).

`plan_problems` says what is wrong with a plan; the guide's build and tests/test_guide.py both
fail on any problem. Pure apart from reading the files it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..module.model import Module

MEMO = "memo"
_SETS = re.compile(
    r"""(?:\.exercise|ArgumentMapper)\((?:\s*\w+\s*,)?\s*["']([A-Za-z0-9][A-Za-z0-9-]*)["']"""
)
_MEMO = re.compile(r"\.memo\(")


def course_exercises(module: Module) -> list[str]:
    """Every exercise a student can hand in, in the module's order, the memo last."""
    return [e.id for e in module.exercises] + ([MEMO] if module.rubric is not None else [])


def exercise_title(module: Module, exercise_id: str) -> str:
    """The exercise's title ("The recommendation memo" for the memo); KeyError for an unknown id."""
    if exercise_id == MEMO:
        return "The recommendation memo"
    return module.exercise(exercise_id).title


def chapter_exercises(root: str | Path, toc: str = "_toc.yml") -> dict[str, list[str]]:
    """Each chapter of the table of contents (as `book/...` without .md), in reading order,
    with the exercises it sets, read from its code cells."""
    root = Path(root)
    table = yaml.safe_load((root / toc).read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for part in table.get("parts", []):
        for entry in part.get("chapters", []):
            name = entry["file"]
            path = root / f"{name}.md"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            sets = list(dict.fromkeys(_SETS.findall(text)))
            if _MEMO.search(text):
                sets.append(MEMO)
            found[name] = sets
    return found


@dataclass(frozen=True)
class Step:
    """One step of a session plan: when it happens, the chapters assigned and what is handed in."""

    when: str
    chapters: tuple[str, ...]
    hand_in: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """One session plan of the instructor guide, as plans.yaml gives it."""

    id: str
    title: str
    steps: tuple[Step, ...]
    practice: tuple[str, ...]  # exercises the plan names but does not collect
    practice_note: str = ""

    @property
    def handed_in(self) -> list[str]:
        """Every exercise the plan's steps hand in, in order; one handed in twice appears twice."""
        return [e for step in self.steps for e in step.hand_in]


def load_plans(path: str | Path) -> list[Plan]:
    """The session plans of a plans.yaml file, in its order; unchecked (see `plan_problems`)."""
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    plans = []
    for raw in data["plans"]:
        steps = tuple(
            Step(s["when"], tuple(s.get("chapters", ())), tuple(s.get("hand_in", ())),
                 s.get("note", ""))
            for s in raw["steps"]
        )
        plans.append(Plan(raw["id"], raw["title"], steps, tuple(raw.get("practice", ())),
                          raw.get("practice_note", "")))
    return plans


def plan_problems(plan: Plan, module: Module, chapters: dict[str, list[str]]) -> list[str]:
    """Everything wrong with `plan`: an exercise that does not exist, one left out, one handed
    in twice or both handed in and left to practice, a chapter not in the book, or a hand-in
    before the chapter that sets it has been assigned."""
    known = course_exercises(module)
    problems = []
    named = plan.handed_in + list(plan.practice)
    for exercise in dict.fromkeys(named):
        if exercise not in known:
            problems.append(f"{plan.id}: names {exercise!r}, which is not an exercise")
    for exercise in known:
        if exercise not in named:
            problems.append(f"{plan.id}: leaves out {exercise!r} (hand it in, or list it as "
                            "practice)")
    for exercise in dict.fromkeys(plan.handed_in):
        if plan.handed_in.count(exercise) > 1:
            problems.append(f"{plan.id}: hands in {exercise!r} more than once")
        if exercise in plan.practice:
            problems.append(f"{plan.id}: both hands in and leaves to practice {exercise!r}")
    assigned: set[str] = set()
    for step in plan.steps:
        for chapter in step.chapters:
            if chapter not in chapters:
                problems.append(f"{plan.id}: {step.when!r} names the chapter {chapter!r}, "
                                "which is not in the book")
            assigned.update(chapters.get(chapter, ()))
        for exercise in step.hand_in:
            if exercise in known and exercise not in assigned:
                problems.append(f"{plan.id}: {step.when!r} hands in {exercise!r} before the "
                                "chapter that sets it is assigned")
    return problems


def check_plans(plans: list[Plan], module: Module, chapters: dict[str, list[str]]) -> None:
    """Raise ValueError naming every problem of every plan (the guide's build calls this)."""
    problems = [p for plan in plans for p in plan_problems(plan, module, chapters)]
    book_sets = [e for sets in chapters.values() for e in sets]
    for exercise in course_exercises(module):
        if exercise not in book_sets:
            problems.append(f"no chapter sets the exercise {exercise!r}")
    if problems:
        raise ValueError("the session plans do not match the book:\n  " + "\n  ".join(problems))
