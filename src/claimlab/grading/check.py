"""Pure checking: a student's answers in, per-claim feedback and a score out.

No I/O and no UI: widgets, the static page and the tests all call `check_answers` and render the
`Feedback` it returns, so every place a student can answer gets the same verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pandas as pd

from ..module.errors import AnswerError, suggest
from ..module.model import ArgumentItem, Claim, FactCheck, Module, SupportItem

#: Anything students grade: a claim to type or to grade by support, a statement to fact-check,
#: or a step's role or target in the argument map.
Gradable = Claim | FactCheck | SupportItem | ArgumentItem


def answer_name(item: Gradable, answer: str | None) -> str | None:
    """How feedback names an answer: the label itself, or the item's own name for it ("Step 4")."""
    if isinstance(item, ArgumentItem):
        return item.answer_name(answer)
    return answer


class Status(str, Enum):
    """How an answer stands against the key."""

    CORRECT = "correct"
    ACCEPTED = "accepted"  # an accepted alternative for a genuinely mixed claim
    WRONG = "wrong"
    UNANSWERED = "unanswered"

    @property
    def counts_as_right(self) -> bool:
        """Whether this status scores as right: correct, or an accepted alternative."""
        return self in (Status.CORRECT, Status.ACCEPTED)


# What a student reads first for each status: words, never color alone.
STATUS_LABELS = {
    Status.CORRECT: "Correct",
    Status.ACCEPTED: "Accepted",
    Status.WRONG: "Not quite",
    Status.UNANSWERED: "Not answered",
}


#: What an unanswered item asks for, by kind of item (a claim's type by default).
_ANSWER_NOUNS: dict[type, str] = {
    FactCheck: "a verdict",
    SupportItem: "a level of support",
    ArgumentItem: "an answer",
}


@dataclass(frozen=True)
class ClaimFeedback:
    """One item's result: the item, the answer given (None if unanswered) and its status."""

    claim: Gradable  # the claim or statement this feedback is about
    given: str | None
    status: Status

    @property
    def verdict(self) -> str:
        """The first sentence of the feedback: what was chosen against the key."""
        key, given = answer_name(self.claim, self.claim.key), answer_name(self.claim, self.given)
        if self.status is Status.CORRECT:
            return f"Correct: {key}."
        if self.status is Status.ACCEPTED:
            return f"Accepted: {given} is defensible here; the key's first choice is {key}."
        if self.status is Status.WRONG:
            return f"Not quite: you chose {given}; the key says {key}."
        # Keep the key hidden so the student can still try this one.
        wanted = _ANSWER_NOUNS.get(type(self.claim), "a type")
        return f"Not answered yet: choose {wanted}, then check again."

    @property
    def message(self) -> str:
        """The verdict and, once the student has answered, the key's explanation."""
        if self.status is Status.UNANSWERED:
            return self.verdict
        return f"{self.verdict} {self.claim.explanation}"


@dataclass(frozen=True)
class Feedback:
    """What `check_answers` returns: one ClaimFeedback per item, in the items' order."""

    items: tuple[ClaimFeedback, ...]

    @property
    def total(self) -> int:
        """The number of items checked."""
        return len(self.items)

    def count(self, status: Status) -> int:
        """How many items have this status."""
        return sum(1 for item in self.items if item.status is status)

    @property
    def right(self) -> int:
        """The number of items that count as right: correct or accepted."""
        return sum(1 for item in self.items if item.status.counts_as_right)

    @property
    def score(self) -> float:
        """The share of items right, from 0 to 1 (0.0 when there are no items)."""
        return self.right / self.total if self.total else 0.0

    @property
    def summary(self) -> str:
        """The score line, as `summary_text` writes it."""
        return summary_text(
            self.right,
            self.count(Status.ACCEPTED),
            self.count(Status.WRONG),
            self.count(Status.UNANSWERED),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per item, indexed by id: where it is, the answer given, the key, the status."""
        return pd.DataFrame(
            [
                {
                    "claim": item.claim.id,
                    "where": item.claim.where,
                    "given": item.given,
                    "key": item.claim.key,
                    "status": item.status.value,
                }
                for item in self.items
            ]
        ).set_index("claim")

    def report(self) -> str:
        """Plain-text feedback, one block per claim: what a test or a terminal shows."""
        lines = [self.summary, ""]
        for item in self.items:
            lines.append(f"[{item.claim.id}] {item.claim.where} {STATUS_LABELS[item.status]}")
            lines.append(f"  “{item.claim.quote}”")
            lines.append(f"  {item.message}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's text/plain: the readable report, not the dataclass fields."""
        printer.text(self.report())

    def _repr_html_(self) -> str | None:
        """Rich display through the HTML edge, which registers itself when imported.

        The core never imports the renderer (that would be a cycle: render uses this checker).
        Without it, IPython falls back to the plain-text report.
        """
        return None if _html_view is None else _html_view(self)


#: The function that draws feedback as HTML; `claimlab.pages.render` sets it on import.
_html_view: Callable[[Feedback], str] | None = None


def register_html_view(view: Callable[[Feedback], str]) -> None:
    """Let an edge module (the renderer) supply Feedback's HTML display."""
    global _html_view
    _html_view = view


#: The check at which every explanation shows without being asked for. Before it, feedback marks
#: each answer and gives a hint, so the student thinks once more before reading the key.
EXPLAIN_AT_CHECK = 2


def exercise_hints(module: Module, exercise_id: str) -> dict[str, str]:
    """For each option of an exercise, the hint a first check gives to a student who chose it.

    A claim type's or support level's hint is its test question; a fact-check verdict's is its
    definition. Argument-map items carry their own hints (`ArgumentItem.hints`), since a role and
    a target can share an id ("conclusion").
    """
    kind = module.exercise(exercise_id).kind
    if kind == "factcheck":
        return {
            v.id: f"{v.name} means: {v.definition.strip()} Does the record bear that out?"
            for v in module.taxonomy.verdicts
        }
    if kind == "support":
        return {
            s.id: f"Ask the test question for {s.name.lower()}: {s.test_question.strip()} "
            "Look only at the claim's window: its paragraph and the paragraphs either side."
            for s in module.taxonomy.support
        }
    if kind == "argument":
        return {}
    return {
        t.id: f"Ask the test question for {t.name.lower()}: {t.test_question.strip()}"
        for t in module.taxonomy.types
    }


def first_look(item: ClaimFeedback, hints: Mapping[str, str]) -> str:
    """The feedback of a first check: right or not, and a question to ask, but no key.

    `hints` maps each option id to its hint (see `exercise_hints`). A wrong answer is not told
    the right one: it gets the test of the option it chose, which the sentence does not pass.
    """
    if item.status is Status.CORRECT:
        return f"Correct: {answer_name(item.claim, item.claim.key)}."
    if item.status is Status.UNANSWERED:
        return item.verdict
    own = item.claim.hint_for(item.given) if isinstance(item.claim, ArgumentItem) else None
    hint = own or hints.get(item.given or "")
    question = f" {hint}" if hint else ""
    given = answer_name(item.claim, item.given)
    if item.status is Status.ACCEPTED:
        return (
            f"Accepted: {given} is defensible here, but it is not the key's first choice."
            f"{question} Show the explanation to see which label comes first and why."
        )
    return (
        f"Not quite: you chose {given}.{question} If the answer is no, try another "
        "choice and check again, or show the explanation."
    )


def staged_message(
    item: ClaimFeedback, hints: Mapping[str, str], checks: int, revealed: bool = False
) -> str:
    """The message for an item after `checks` checks: a hint first, the explanation later.

    The explanation shows from check EXPLAIN_AT_CHECK on, or earlier if the student asks for it
    (`revealed`). An unanswered item never shows its key.
    """
    if revealed or checks >= EXPLAIN_AT_CHECK:
        return item.message
    return first_look(item, hints)


def count_item_checks(
    counts: Mapping[str, int], answers: Mapping[str, Any]
) -> dict[str, int]:
    """Each item's own number of checks after one more: only checks with an answer count, so
    an item answered for the first time at a later check still gets its hint stage first
    (pass the item's count to `staged_message`). pages/static/exercise.js counts the same way."""
    updated = dict(counts)
    for item_id, answer in answers.items():
        if answer is not None and not is_note(str(item_id)):
            updated[item_id] = updated.get(item_id, 0) + 1
    return updated


def score_record(feedback: Feedback) -> dict[str, int]:
    """The score as a hand-in records it (submission format version 2)."""
    return {"right": feedback.right, "out_of": feedback.total}


def summary_text(right: int, accepted: int, wrong: int, unanswered: int) -> str:
    """The score line. pages/static/exercise.js builds the same sentence; the browser tests
    compare."""
    parts = [f"{right} of {right + wrong + unanswered} right"]
    if accepted:
        parts.append(f"{accepted} of them accepted alternatives")
    if wrong:
        parts.append(f"{wrong} to revisit")
    if unanswered:
        parts.append(f"{unanswered} not answered")
    return "Score: " + "; ".join(parts) + "."


def normalise_label(value: Any, claim_id: str, labels: Sequence[str]) -> str | None:
    """Read one answer leniently ('Causal ' is 'causal'); empty means unanswered; else explain."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError(
            f"the answer for {claim_id} must be one of the choices in quotes, like "
            f"'{labels[0]}', not {type(value).__name__} {value!r}"
        )
    label = value.strip().lower()
    if not label:
        return None
    if label not in labels:
        raise AnswerError(
            f"{value!r} (for {claim_id}) is not one of the choices{suggest(label, labels)}; "
            f"choose one of: {', '.join(labels)}"
        )
    return label


def check_answers(
    claims: Sequence[Gradable], answers: Mapping[str, Any], labels: Sequence[str]
) -> Feedback:
    """Grade `answers` (item id -> chosen label) against the key for `claims`.

    Missing or empty answers count as unanswered. Anything unreadable (an unknown claim id, an
    unknown label, a non-text answer) raises AnswerError naming every problem at once.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(
            "answers must be a dictionary from id to answer, like "
            f"{{'{claims[0].id if claims else '1a'}': '{labels[0]}'}}; "
            f"got a {type(answers).__name__}"
        )
    known = [claim.id for claim in claims]
    problems: list[str] = []
    for key in answers:
        if str(key) not in known:
            problems.append(
                f"there is no claim {key!r} in this exercise (its claims are {', '.join(known)})"
            )
    given: dict[str, str | None] = {}
    for claim in claims:
        try:
            given[claim.id] = normalise_label(answers.get(claim.id), claim.id, labels)
        except AnswerError as err:
            problems.append(str(err))
    if problems:
        raise AnswerError("; ".join(problems))

    items = []
    for claim in claims:
        answer = given[claim.id]
        if answer is None:
            status = Status.UNANSWERED
        elif answer == claim.key:
            status = Status.CORRECT
        elif answer in claim.alternatives:
            status = Status.ACCEPTED
        else:
            status = Status.WRONG
        items.append(ClaimFeedback(claim, answer, status))
    return Feedback(tuple(items))


# --- what a fact-check answer records beside its verdict ----------------------------------------
# Each statement's answer has three parts: the verdict (graded), a source (a citation or an
# address) and, when the verdict is not "accurate", a corrected sentence. Source and correction
# are recorded under `source-<id>` and `correction-<id>` and checked for presence only: the
# course cannot grade a student's source or rewrite for truth, the instructor reads them.

#: The parts recorded beside a verdict, as answer-key prefixes ("source-fc01").
FACTCHECK_NOTES = ("source", "correction")

#: The verdict that needs no corrected sentence.
ACCURATE = "accurate"
#: The verdict for a statement no source settles: the student records what they searched (in the
#: source field) and has nothing to correct.
UNVERIFIABLE = "unverifiable"


def is_note(answer_key: str) -> bool:
    """Whether an answer key holds a fact-check note (source or correction), not a verdict."""
    return any(answer_key.startswith(f"{part}-") for part in FACTCHECK_NOTES)


def verdicts_only(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers without the fact-check notes: what `check_answers` grades."""
    return {k: v for k, v in answers.items() if not is_note(str(k))}


def missing_notes(verdict: str | None, source: str | None, correction: str | None) -> list[str]:
    """What a fact-check answer still lacks: a source (for "cannot be verified", what the student
    searched), and a corrected sentence for any verdict but accurate and cannot be verified.
    Nothing is asked of an item with no verdict yet."""
    if not verdict:
        return []
    missing = []
    if not (source or "").strip():
        missing.append("what you searched" if verdict == UNVERIFIABLE else "a source")
    if verdict not in (ACCURATE, UNVERIFIABLE) and not (correction or "").strip():
        missing.append("a corrected sentence")
    return missing


def notes_message(missing: Sequence[str]) -> str:
    """The completeness line under a fact-check answer. pages/static/exercise.js builds the
    same words."""
    if not missing:
        return "Complete: every part of this answer is filled in."
    return "Still to add: " + " and ".join(missing) + "."
