"""The instructor guide's session plans name every exercise of the book, each handed in once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from claimlab.classroom.course_plan import (
    chapter_exercises,
    check_plans,
    course_exercises,
    load_plans,
    plan_problems,
)

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "book" / "instructor" / "guide" / "plans.yaml"


@pytest.fixture(scope="module")
def chapters():
    return chapter_exercises(ROOT)


def test_every_exercise_is_set_by_a_chapter_once(module, chapters):
    sets = [e for found in chapters.values() for e in found]
    assert sorted(sets) == sorted(course_exercises(module))
    assert len(course_exercises(module)) == len(module.exercises) + 1  # and the memo
    assert chapters["book/sections/1-opening"] == ["claim-types-opening", "support-opening"]
    assert chapters["book/reading-a-policy-argument"] == []  # exercise 1 is in The opening


def test_the_plans_cover_every_exercise_and_hand_each_in_once(module, chapters):
    plans = load_plans(PLANS)
    assert {p.id for p in plans} == {"seminar", "three-weeks", "self-study"}
    check_plans(plans, module, chapters)  # raises on any problem
    for plan in plans:
        assert sorted(plan.handed_in + list(plan.practice)) == sorted(course_exercises(module))


def test_a_plan_that_drifts_from_the_book_fails(module, chapters):
    plan = next(p for p in load_plans(PLANS) if p.id == "three-weeks")
    first, *rest = plan.steps
    missing = dataclasses.replace(first, hand_in=first.hand_in[1:])
    assert plan_problems(dataclasses.replace(plan, steps=(missing, *rest)), module, chapters) == [
        f"three-weeks: leaves out {first.hand_in[0]!r} (hand it in, or list it as practice)"
    ]
    bogus = dataclasses.replace(first, hand_in=(*first.hand_in, "claim-types-epilogue"))
    problems = plan_problems(dataclasses.replace(plan, steps=(bogus, *rest)), module, chapters)
    assert "three-weeks: names 'claim-types-epilogue', which is not an exercise" in problems
    twice = dataclasses.replace(rest[0], hand_in=(*rest[0].hand_in, first.hand_in[0]))
    problems = plan_problems(dataclasses.replace(plan, steps=(first, twice, *rest[1:])), module,
                             chapters)
    assert problems == [f"three-weeks: hands in {first.hand_in[0]!r} more than once"]
    early = dataclasses.replace(first, hand_in=(*first.hand_in, "fact-check"))
    last = dataclasses.replace(rest[3], hand_in=("argument-map",))
    problems = plan_problems(dataclasses.replace(plan, steps=(early, *rest[:3], last, rest[4])),
                             module, chapters)
    assert problems == ["three-weeks: 'Before seminar 1' hands in 'fact-check' before the "
                        "chapter that sets it is assigned"]
    with pytest.raises(ValueError, match="leaves out"):
        check_plans([dataclasses.replace(plan, steps=(missing, *rest))], module, chapters)
