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

from .check import Feedback, check_answers
from .errors import AnswerError
from .model import Claim, FactCheck, Module
from .render import exercise_html
from .submission import SubmissionError, make_submission, save_submission

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
        self.claims: tuple[Claim | FactCheck, ...] = tuple(module.iter_exercise_claims(exercise_id))
        self.options = module.exercise_options(exercise_id)
        self.labels = tuple(option for option, _ in self.options)
        self._form: widgets.VBox | None = None
        self._choices: dict[str, widgets.Dropdown] = {}
        self._item_feedback: dict[str, widgets.HTML] = {}
        self._score = widgets.HTML()
        self._student = widgets.Text(
            description="Your name or pseudonym (optional)",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32rem"),
        )

    # --- reading and grading -------------------------------------------------------------------

    @property
    def answers(self) -> dict[str, str | None]:
        """The form's current choices, item id to answer (None where nothing is chosen)."""
        if not self._choices:  # the form has not been shown yet
            return dict.fromkeys(c.id for c in self.claims)
        return {cid: (box.value or None) for cid, box in self._choices.items()}

    def check(self, answers: Mapping[str, Any] | None = None) -> Feedback | Notice:
        """Grade `answers` (or the form's choices); explain unreadable answers, never raise."""
        try:
            return check_answers(
                self.claims, self.answers if answers is None else answers, self.labels
            )
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
        return make_submission(
            self.module.id, self.exercise.id, self.answers, name, kind=self.exercise.kind
        )

    def save(self, student: str | None = None) -> Path | Notice:
        """Save the answers as JSON in the work folder; another student's file is never replaced."""
        try:
            return save_submission(self.submission(student), self.work_folder)
        except (OSError, SubmissionError) as err:
            return Notice(f"Could not save your answers: {err}. Nothing in the form was lost.")

    # --- the live form ---------------------------------------------------------------------------

    @property
    def widget(self) -> widgets.VBox:
        if self._form is None:
            self._form = self._build()
        return self._form

    def _build(self) -> widgets.VBox:
        options = [("Choose an answer", UNANSWERED), *((name, i) for i, name in self.options)]
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<p><strong>{html.escape(self.exercise.title)}</strong></p>"
                f"<p>{html.escape(self.exercise.instructions)}</p>"
            )
        ]
        for claim in self.claims:
            quote = widgets.HTML(
                f"<p><strong>{html.escape(claim.label)}</strong> ({html.escape(claim.where)}): "
                f"“{html.escape(claim.quote)}”</p>"
            )
            choice = widgets.Dropdown(
                options=options,
                value=UNANSWERED,
                description=f"Answer for {claim.id}",
                style={"description_width": "initial"},
            )
            feedback = widgets.HTML()
            self._choices[claim.id] = choice
            self._item_feedback[claim.id] = feedback
            rows.append(widgets.VBox([quote, choice, feedback]))
        check = widgets.Button(
            description="Check answers", button_style="primary", tooltip="Check answers"
        )
        save = widgets.Button(description="Save my answers", tooltip="Save my answers")
        reset = widgets.Button(description="Reset", tooltip="Reset")
        check.on_click(lambda _: self._show(self.check()))
        save.on_click(lambda _: self._show_saved(self.save()))
        reset.on_click(lambda _: self._reset())
        rows += [self._student, widgets.HBox([check, save, reset]), self._score]
        return widgets.VBox(rows)

    def _show(self, result: Feedback | Notice) -> None:
        if isinstance(result, Notice):
            self._score.value = result._repr_html_()
            return
        for item in result.items:
            self._item_feedback[
                item.claim.id
            ].value = f'<p class="cl-fb cl-fb-{item.status.value}">{html.escape(item.message)}</p>'
        self._score.value = f'<p role="status"><strong>{html.escape(result.summary)}</strong></p>'

    def _show_saved(self, result: Path | Notice) -> None:
        if isinstance(result, Notice):
            self._score.value = result._repr_html_()
        else:
            self._score.value = f'<p role="status">Saved to {html.escape(str(result))}.</p>'

    def _reset(self) -> None:
        for choice in self._choices.values():
            choice.value = UNANSWERED
        for feedback in self._item_feedback.values():
            feedback.value = ""
        self._score.value = ""

    # --- display -----------------------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"Claim classifier '{self.exercise.id}': {len(self.claims)} claims "
            f"({', '.join(c.id for c in self.claims)})"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """One output for both places: a kernel shows the widget, the static book the HTML.

        Front ends with a widget manager rank the widget view above text/html; the book's build
        is told to drop the widget view, so its page gets the kernel-free exercise instead.
        """
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = str(exercise_html(self.module, self.exercise.id))
        bundle["text/plain"] = repr(self)  # short and stable, unlike the widget's own repr
        return bundle
