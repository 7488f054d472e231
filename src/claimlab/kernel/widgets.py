"""The live-kernel edge: an ipywidgets form over the pure checker.

The widget holds no grading logic: it collects choices, calls `check_answers`, and shows the
`Feedback` through the same escaped renderer the static book uses.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..classroom.identity import REQUIRED_NAME, clean_name
from ..edition import current_edition, shows_key, submission_edition
from ..grading.check import (
    ACCURATE,
    UNVERIFIABLE,
    Feedback,
    check_answers,
    count_item_checks,
    exercise_hints,
    missing_notes,
    notes_message,
    staged_message,
    verdicts_only,
)
from ..keeping.submission import SubmissionError, make_submission, save_submission
from ..module.errors import AnswerError
from ..module.model import (
    ARGUMENT_ROLE_DEFINITIONS,
    ARGUMENT_ROLES,
    NO_TARGET,
    TARGET_PREFIX,
    ArgumentItem,
    FactCheck,
    Module,
)
from ..pages.render import exercise_html, source_links
from .display import live_bundle

UNANSWERED = ""


class Notice:
    """A message for the student in place of a traceback: plain text and an announced HTML alert."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<p class="cl-notice" role="alert">{html.escape(self.text)}</p>'


class ClaimClassifier:
    """Classify each claim of one exercise by type; check to get per-claim feedback and a score.

    In a notebook, displaying the object shows the live form. `answers` reads the form as a
    dictionary, `check(...)` grades either the form or a dictionary you pass, and `answers_frame()`
    gives the answers as a pandas DataFrame.
    """

    def __init__(self, module: Module, exercise_id: str, work_folder: str | Path = "work"):
        self.module = module
        self.work_folder = Path(work_folder)
        self.exercise = module.exercise(exercise_id)
        self.claims: tuple[Any, ...] = tuple(module.iter_exercise_claims(exercise_id))
        self.options = module.exercise_options(exercise_id)
        self.labels = tuple(option for option, _ in self.options)
        self.edition = current_edition()
        self.hints = exercise_hints(module, exercise_id)
        # How the student has checked, for the hand-in and for staged feedback (grading/check.py).
        self.checks = 0
        self.first_attempt: dict[str, str | None] | None = None
        self.last_score: tuple[int, int] | None = None
        self._shown: set[str] = set()
        self._revealed: set[str] = set()
        self._item_checks: dict[str, int] = {}  # each item's own stage (check.count_item_checks)
        self._explain: dict[str, widgets.Button] = {}
        self._confirm = widgets.HBox(layout=widgets.Layout(display="none"))
        self._form: widgets.VBox | None = None
        self._choices: dict[str, widgets.Dropdown] = {}
        # A fact-check's source and correction per statement (see check.missing_notes).
        self._notes: dict[str, dict[str, widgets.Text | widgets.Textarea]] = {}
        self._complete: dict[str, widgets.HTML] = {}
        self._compare: dict[str, widgets.HTML] = {}
        self._map = widgets.HTML()
        self._item_feedback: dict[str, widgets.HTML] = {}
        self._score = widgets.HTML()
        self._student = widgets.Text(
            description="Your name or LMS login (required to save)"
            if not shows_key(self.edition) else "Your name or pseudonym (optional)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32rem"),
        )

    # --- reading and grading -------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, str | None]:
        """The form's current choices, item id to answer (None where nothing is chosen)."""
        if not self._choices:  # the form has not been shown yet
            return dict.fromkeys(c.id for c in self.claims)
        answers: dict[str, str | None] = {}
        for cid, box in self._choices.items():
            answers[cid] = box.value or None
            for part, field in self._notes.get(cid, {}).items():
                answers[f"{part}-{cid}"] = field.value if field.value.strip() else None
        return answers

    def check(self, answers: Mapping[str, Any] | None = None) -> Feedback | Notice:
        """Grade `answers` (or the form's choices); explain unreadable answers, never raise."""
        if not shows_key(self.edition):
            return Notice(
                "This is the graded edition: your instructor will grade your answers. "
                "Save them to hand in."
            )
        try:
            given = self.answers if answers is None else answers
            if self.exercise.kind == "factcheck" and isinstance(given, Mapping):
                given = verdicts_only(given)  # sources and corrections are not graded
            return check_answers(self.claims, given, self.labels)
        except AnswerError as err:
            return Notice(f"Could not check these answers: {err}.")

    def answers_frame(self) -> pd.DataFrame:
        """The form's answers with where each item is and its quote, one row per item."""
        answers = self.answers
        return pd.DataFrame(
            [
                {"claim": c.id, "where": c.where, "quote": c.quote, "answer": answers[c.id]}
                for c in self.claims
            ]
        ).set_index("claim")

    def submission(self, student: str | None = None) -> dict[str, Any]:
        """The form's answers in the shared submission format (the same JSON the book downloads)."""
        name = self._student.value if student is None else student
        graded = not shows_key(self.edition)
        return make_submission(
            self.module.id,
            self.exercise.id,
            self.answers,
            name,
            kind=self.exercise.kind,
            edition=submission_edition(self.edition),
            checks=0 if graded else self.checks,
            first_attempt=None if graded else self.first_attempt,
            score=None if graded else self.last_score,
        )

    def save(self, student: str | None = None) -> Path | Notice:
        """Save the answers as JSON in the work folder; another student's file is never replaced.

        In the graded edition a name is required: the instructor grades by it where the LMS
        gives no identity, and an unnamed hand-in cannot be matched to anyone."""
        name = self._student.value if student is None else student
        if not shows_key(self.edition) and not clean_name(name):
            return Notice(REQUIRED_NAME)
        try:
            return save_submission(self.submission(student), self.work_folder)
        except (OSError, SubmissionError) as err:
            return Notice(f"Could not save your answers: {err}. Nothing in the form was lost.")

    # --- the live form ---------------------------------------------------------------------------

    @property
    def widget(self) -> widgets.VBox:
        """The live ipywidgets form, built the first time it is asked for."""
        if self._form is None:
            self._form = self._build()
        return self._form

    def _build(self) -> widgets.VBox:
        graded = not shows_key(self.edition)
        options = [("Choose an answer", UNANSWERED), *((name, i) for i, name in self.options)]
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<p><strong>{html.escape(self.exercise.title)}</strong></p>"
                f"<p>{html.escape(self.exercise.instructions)}</p>"
            )
        ]
        if self.exercise.kind == "argument":
            # Every role offered, defined where the student chooses, as on the web page.
            rows.append(
                widgets.HTML(
                    "<p><strong>The roles a step can play</strong></p><dl>"
                    + "".join(
                        f"<dt>{html.escape(name)}</dt>"
                        f"<dd>{html.escape(ARGUMENT_ROLE_DEFINITIONS[rid])}</dd>"
                        for rid, name in ARGUMENT_ROLES
                    )
                    + "</dl>"
                )
            )
        if graded:
            rows.append(
                widgets.HTML(
                    "<p><strong>This exercise will be graded.</strong> Your answers will be "
                    "graded by your instructor; save them to hand in.</p>"
                )
            )
        for claim in self.claims:
            argument = isinstance(claim, ArgumentItem)
            if argument and claim.aspect == "target":
                quote = widgets.HTML()  # the step's text is shown once, above its role
                description = f"{claim.label.split(',')[0]} supports"
            else:
                quote = widgets.HTML(
                    f"<p><strong>{html.escape(claim.label)}</strong> "
                    f"({html.escape(claim.where)}): “{html.escape(claim.quote)}”</p>"
                )
                # Distinct names when a chapter holds a type and a support exercise on one claim.
                asks = "Support for" if self.exercise.kind == "support" else "Answer for"
                description = f"Role of {claim.label}" if argument else f"{asks} {claim.id}"
            choice = widgets.Dropdown(
                options=[("Choose an answer", UNANSWERED), *((n, i) for i, n in claim.choices)]
                if argument
                else options,
                value=UNANSWERED,
                description=description,
                style={"description_width": "initial"},
            )
            choice.observe(lambda _change, cid=claim.id: self._changed(cid), names="value")
            feedback = widgets.HTML()
            explain = widgets.Button(
                description="Show explanation",
                tooltip=f"Show explanation for {claim.label.lower()}",
                layout=widgets.Layout(display="none"),
            )
            explain.on_click(lambda _, cid=claim.id: self._reveal(cid))
            self._choices[claim.id] = choice
            self._item_feedback[claim.id] = feedback
            self._explain[claim.id] = explain
            parts: list[widgets.Widget] = [quote, choice]
            if isinstance(claim, FactCheck):
                parts += self._note_fields(claim)
            parts += [feedback, explain]
            if isinstance(claim, FactCheck):
                self._compare[claim.id] = widgets.HTML()
                parts.append(self._compare[claim.id])
            rows.append(widgets.VBox(parts))
        if self.exercise.kind == "argument":
            rows.append(self._map)
        save = widgets.Button(description="Save my answers", tooltip="Save my answers")
        reset = widgets.Button(description="Reset", tooltip="Reset")
        save.on_click(lambda _: self._show_saved(self.save()))
        reset.on_click(lambda _: self._ask_reset())
        buttons: list[widgets.Widget] = [save, reset]
        if not graded:
            check = widgets.Button(
                description="Check answers", button_style="primary", tooltip="Check answers"
            )
            check.on_click(lambda _: self._check_form())
            buttons.insert(0, check)
        yes = widgets.Button(description="Yes, clear my answers", button_style="danger")
        no = widgets.Button(description="No, keep my answers")
        yes.on_click(lambda _: self._reset())
        no.on_click(lambda _: self._hide_confirm())
        self._confirm.children = (
            widgets.HTML("<p>Clear all your answers and feedback? This cannot be undone.</p>"),
            yes,
            no,
        )
        rows += [self._student, widgets.HBox(buttons), self._confirm, self._score]
        return widgets.VBox(rows)

    def _note_fields(self, item: FactCheck) -> list[widgets.Widget]:
        """A statement's source and correction fields; the correction shows for a verdict
        other than accurate, and keeps its text whatever the student chooses."""
        source = widgets.Text(
            description=f"Your source for {item.id} (a citation or a web address)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        correction = widgets.Textarea(
            description=f"Your corrected sentence for {item.id}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", display="none"),
        )
        complete = widgets.HTML()
        self._notes[item.id] = {"source": source, "correction": correction}
        self._complete[item.id] = complete
        for field in (source, correction):
            field.observe(lambda _change, cid=item.id: self._notes_changed(cid), names="value")
        return [source, correction, complete]

    def _notes_changed(self, item_id: str) -> None:
        """Show the correction field when it is asked for, and what the answer still lacks."""
        if item_id not in self._complete:
            return
        verdict = self._choices[item_id].value or None
        notes = self._notes[item_id]
        notes["correction"].layout.display = (
            None if verdict and verdict not in (ACCURATE, UNVERIFIABLE) else "none"
        )
        # A statement that cannot be checked: the student says what they searched instead.
        what = "what you searched" if verdict == UNVERIFIABLE else "a citation or a web address"
        notes["source"].description = f"Your source for {item_id} ({what})"
        missing = missing_notes(verdict, notes["source"].value, notes["correction"].value)
        self._complete[item_id].value = (
            f"<p>{html.escape(notes_message(missing))}</p>" if verdict else ""
        )

    def _compare_html(self, item: FactCheck) -> str:
        """The student's verdict, source and correction beside the course's."""
        notes = self._notes[item.id]
        verdicts = {v.id: v.name for v in self.module.taxonomy.verdicts}
        given = self._choices[item.id].value or None
        correction = notes["correction"].value.strip() or (
            "not needed" if given in (ACCURATE, UNVERIFIABLE) else "none given"
        )
        sources = "; ".join(
            f'<a href="{html.escape(s["url"])}" target="_blank" rel="noopener">'
            f"{html.escape(s['text'])}</a>"
            if s["url"]
            else html.escape(s["text"])
            for s in source_links(self.module, item.sources)
        )

        def side(title: str, rows: list[tuple[str, str]]) -> str:
            # Values are escaped here, except the course's sources, built as links above.
            terms = "".join(
                f"<dt>{html.escape(n)}</dt><dd>{v if n == 'Sources' else html.escape(v)}</dd>"
                for n, v in rows
            )
            return f"<div><p><strong>{html.escape(title)}</strong></p><dl>{terms}</dl></div>"

        return side(
            "Your answer",
            [
                ("Verdict", verdicts.get(given or "", "none chosen")),
                (
                    "What you searched" if given == UNVERIFIABLE else "Source",
                    notes["source"].value.strip() or "none given",
                ),
                ("Corrected sentence", correction),
            ],
        ) + side(
            "The course's answer",
            [
                ("Verdict", verdicts.get(item.verdict, item.verdict)),
                ("Sources", sources),
                ("Precise statement", item.finding),
            ],
        )

    def map_outline(self) -> str:
        """The student's argument map as an indented text outline, built from their answers."""
        answers = self.answers
        steps = [c for c in self.claims if isinstance(c, ArgumentItem) and c.aspect == "role"]
        roles = dict(ARGUMENT_ROLES)
        below: dict[str, list[ArgumentItem]] = {}
        tops = []
        known = {s.step for s in steps}
        for step in steps:
            target = answers.get(f"{TARGET_PREFIX}{step.step}")
            if target and target != NO_TARGET and target in known:
                below.setdefault(target, []).append(step)
            else:
                tops.append(step)
        tops.sort(key=lambda s: answers.get(f"{TARGET_PREFIX}{s.step}") != NO_TARGET)
        lines: list[str] = []
        placed: set[str] = set()

        def add(step: ArgumentItem, depth: int) -> None:
            placed.add(step.step)
            role = roles.get(answers.get(step.id) or "", "role not chosen")
            lines.append(f"{'    ' * depth}- {step.label} ({role}): {step.quote}")
            for child in below.get(step.step, []):
                if child.step not in placed:
                    add(child, depth + 1)

        for step in tops:
            add(step, 0)
        loose = [s for s in steps if s.step not in placed]
        if loose:
            lines.append("- In a circle, not connected to a top step:")
            for step in loose:
                if step.step not in placed:
                    add(step, 1)
        return "\n".join(lines)

    def _show_map(self) -> None:
        if self.exercise.kind == "argument":
            self._map.value = (
                "<p><strong>Your map</strong></p>"
                f'<pre class="cl-am-outline">{html.escape(self.map_outline())}</pre>'
            )

    def _check_form(self) -> None:
        """One press of Check answers: count it, keep the first attempt, show staged feedback."""
        result = self.check()
        if isinstance(result, Notice):
            self._score.value = result._repr_html_()
            return
        self.checks += 1
        self._item_checks = count_item_checks(self._item_checks, verdicts_only(self.answers))
        if self.first_attempt is None:
            self.first_attempt = dict(self.answers)
        self.last_score = (result.right, result.total)
        self._shown = {item.claim.id for item in result.items}
        self._show(result)
        self._show_map()

    def _show(self, result: Feedback | Notice) -> None:
        if isinstance(result, Notice):
            self._score.value = result._repr_html_()
            return
        for item in result.items:
            cid = item.claim.id
            if cid not in self._shown:
                continue
            revealed = cid in self._revealed
            checks = self._item_checks.get(cid, 0)
            message = staged_message(item, self.hints, checks, revealed)
            self._item_feedback[cid].value = (
                f'<p class="cl-fb cl-fb-{item.status.value}">{html.escape(message)}</p>'
            )
            more = message != item.message
            self._explain[cid].layout.display = None if more else "none"
            if cid in self._compare:
                full = not more and item.given is not None
                claim = item.claim
                self._compare[cid].value = (
                    self._compare_html(claim) if full and isinstance(claim, FactCheck) else ""
                )
        # Which items to revisit, by name, so the student need not scan every box for them.
        revisit = [i.claim.label for i in result.items if i.status.value == "wrong"]
        listed = (
            f"<p>To revisit: {html.escape(', '.join(revisit))}</p>" if revisit else ""
        )
        self._score.value = (
            f'<p role="status"><strong>{html.escape(result.summary)}</strong></p>{listed}'
        )

    def _changed(self, claim_id: str) -> None:
        """A new answer makes the item's old feedback and the score wrong: clear both."""
        self._shown.discard(claim_id)
        self._revealed.discard(claim_id)
        self._notes_changed(claim_id)
        if claim_id in self._compare:
            self._compare[claim_id].value = ""
        self._item_feedback[claim_id].value = ""
        self._explain[claim_id].layout.display = "none"
        self._score.value = ""

    def _reveal(self, claim_id: str) -> None:
        self._revealed.add(claim_id)
        result = self.check()
        if isinstance(result, Feedback):
            shown, self._shown = self._shown, {claim_id} & self._shown
            self._show(result)
            self._shown = shown

    def _show_saved(self, result: Path | Notice) -> None:
        if isinstance(result, Notice):
            self._score.value = result._repr_html_()
        else:
            self._score.value = f'<p role="status">Saved to {html.escape(str(result))}.</p>'

    def _ask_reset(self) -> None:
        self._confirm.layout.display = None

    def _hide_confirm(self) -> None:
        self._confirm.layout.display = "none"

    def _reset(self) -> None:
        for choice in self._choices.values():
            choice.value = UNANSWERED
        for fields in self._notes.values():
            for field in fields.values():
                field.value = ""
        self._map.value = ""
        for feedback in self._item_feedback.values():
            feedback.value = ""
        for button in self._explain.values():
            button.layout.display = "none"
        self.checks, self.first_attempt, self.last_score = 0, None, None
        self._shown, self._revealed = set(), set()
        self._item_checks = {}
        self._hide_confirm()
        self._score.value = ""

    # --- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        if self.exercise.kind != "classify":
            return f"Exercise '{self.exercise.id}': {len(self.claims)} items"
        return (
            f"Claim classifier '{self.exercise.id}': {len(self.claims)} claims "
            f"({', '.join(c.id for c in self.claims)})"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """One output for both places: a kernel shows the widget, the static book the HTML.

        Front ends with a widget manager rank the widget view above text/html; the book's build
        is told to drop the widget view, so its page gets the kernel-free exercise instead. In a
        notebook file the HTML is a prompt to run the cell (see `claimlab.kernel.display`).
        """
        return live_bundle(
            self.widget,
            repr(self),
            lambda: exercise_html(self.module, self.exercise.id),
            "to start the exercise: the form appears here.",
            include,
            exclude,
        )


#: The same form for every kind; these names say which exercise a notebook cell sets.
SupportClassifier = ClaimClassifier
FactChecker = ClaimClassifier
ArgumentMapper = ClaimClassifier
