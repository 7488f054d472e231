"""The live-kernel memo builder: ipywidgets over claimlab.grading.drafting, saving as the student
types.

The draft lives in one file in the work folder (on a JupyterHub, the student's own). Every change
is saved through `drafts.DraftFile`: atomically, with the previous version kept as a backup, and
never over a draft this form has not seen (newer text from another tab or student, or a damaged or
deleted file: its text goes to a conflict copy, and the form says where). A save never waits more
than about a second for the lock, and a paste too large to read back is refused, not written, so
typing never freezes the kernel. The builder reloads the file when it is created again, so a
kernel restart loses nothing.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..classroom.identity import REQUIRED_NAME, clean_name
from ..edition import current_edition, shows_key
from ..grading.drafting import assess, blank_answers, draft_submission, memo_markdown
from ..keeping.drafts import DraftFile, DraftNotSaved, Saved
from ..keeping.storage import write_atomic
from ..keeping.submission import SubmissionError, read_submission, save_submission
from ..module.model import Module
from ..pages.render import memo_html
from .display import live_bundle, page_forms_wanted

DRAFT_FILE = "memo-draft.json"


class MemoBuilder:
    """Draft a recommendation memo with live completeness feedback; nothing typed is lost."""

    def __init__(self, module: Module, work_folder: str | Path = "work"):
        if module.rubric is None:
            raise ValueError("this module has no rubric.yaml")
        self.module = module
        self.rubric = module.rubric
        self.work_folder = Path(work_folder)
        self.draft_file = DraftFile(self.work_folder / DRAFT_FILE)
        # The web book's build shows only the empty form, so it never opens a draft: a build on
        # a student's own machine neither reads nor sets aside the draft in the work folder.
        draft, self.load_message = (None, "") if page_forms_wanted() else self.draft_file.load()
        self._answers = blank_answers(module)
        self._student = ""
        if draft is not None:
            self._answers.update(
                {
                    k: v
                    for k, v in draft["answers"].items()
                    if k in self._answers and isinstance(v, str)
                }
            )
            self._student = draft.get("student") or ""
        self._form: widgets.VBox | None = None
        self._inputs: dict[str, widgets.Widget] = {}
        self._feedback = widgets.HTML()
        self._status = widgets.HTML()

    @property
    def answers(self) -> dict[str, str]:
        """A copy of the draft's fields: field id to text."""
        return dict(self._answers)

    def set(self, field: str, text: str) -> None:
        """Change one field from code, exactly as typing in the form does (and save it)."""
        if field not in self._answers:
            raise KeyError(f"no field {field!r}; fields are: {', '.join(self._answers)}")
        self._answers[field] = text if isinstance(text, str) else str(text)
        self._show(field)
        self._changed()

    def _show(self, field: str) -> None:
        """Put a field's value into its control, if the form has been built."""
        control = self._inputs.get(field)
        if isinstance(control, widgets.RadioButtons):
            control.value = self._answers[field] or None
        elif control is not None:
            control.value = self._answers[field]

    def import_draft(self, path: str | Path) -> str:
        """Fill the form from a downloaded or saved memo (JSON), e.g. one from the web book.

        Only text fields of this module's memo are taken; the result is saved like typing.
        Returns what happened, in words; a file that is not a memo of this module changes nothing.
        """
        try:
            draft = read_submission(path)
        except SubmissionError as err:
            return f"Nothing was loaded: {err}."
        if draft["kind"] != "memo" or draft["module"] != self.module.id:
            return (
                f"Nothing was loaded: {Path(path).name} is a {draft['kind']} hand-in for module "
                f"{draft['module']!r}, not a memo for {self.module.id!r}."
            )
        answers = draft["answers"]
        taken = {k: v for k, v in answers.items() if k in self._answers and isinstance(v, str)}
        for field, text in taken.items():
            self._answers[field] = text
            self._show(field)
        self._student = draft.get("student") or self._student
        self._changed()
        return f"Loaded {len(taken)} fields from {Path(path).name}."

    def assess(self):
        """Completeness feedback on the draft as it stands (see drafting.assess)."""
        return assess(self.module, self._answers)

    def markdown(self) -> str:
        """The draft as a Markdown memo, with the student's name (see drafting.memo_markdown)."""
        return memo_markdown(self.module, self._answers, self._student)

    @property
    def path(self) -> Path:
        """Where this form's text is saved: the draft, or its conflict copy after a conflict."""
        return self.draft_file.conflict_copy or self.draft_file.path

    def save(self) -> Saved:
        """Save the draft as the next revision (or to its conflict copy) and say where.

        Raises OSError as `DraftFile.save` does; a save made by typing in the form shows it instead.
        """
        return self.draft_file.save(draft_submission(self.module, self._answers, self._student))

    def export(self) -> tuple[Path, Path]:
        """Write the Markdown memo (replaced whole or not at all) and a new JSON submission.

        In the graded edition the hand-in needs a name (SubmissionError says so; the draft
        itself is still saved as the student types)."""
        if not shows_key(current_edition()) and not clean_name(self._student):
            raise SubmissionError(REQUIRED_NAME)
        memo = write_atomic(self.work_folder / "memo.md", self.markdown())
        submission = save_submission(
            draft_submission(self.module, self._answers, self._student), self.work_folder
        )
        return memo, submission

    def _changed(self) -> None:
        try:
            saved = self.save().message
        except DraftNotSaved as err:  # refused before writing: a stuck lock, a huge paste
            saved = (
                f"Not saved: {err.strerror}. Your words are still in the form; your next "
                "change tries again."
            )
        except (OSError, SubmissionError) as err:
            reason = getattr(err, "strerror", None) or str(err)
            saved = f"Could not save ({reason}). Your words are still in the form; try again."
        self._status.value = f'<p role="status">{html.escape(saved)}</p>'
        self._feedback.value = self.assess()._repr_html_()

    # --- the live form ---------------------------------------------------------------------

    @property
    def widget(self) -> widgets.VBox:
        """The live ipywidgets form, built the first time it is asked for."""
        if self._form is None:
            self._form = self._build()
        return self._form

    def _text_area(self, field: str, label: str, rows: int = 4) -> widgets.Widget:
        area = widgets.Textarea(
            value=self._answers[field],
            description=label,
            # "auto", not "100%": the box stretches to the output width inside its margins, where
            # 100% plus the widget margin ran past the notebook's right edge.
            layout=widgets.Layout(width="auto", height=f"{rows * 1.6}em"),
            style={"description_width": "initial"},
        )
        area.observe(lambda change, f=field: self._typed(f, change["new"]), names="value")
        self._inputs[field] = area
        return area

    def _typed(self, field: str, value: Any) -> None:
        self._answers[field] = value if isinstance(value, str) else ""
        self._changed()

    def _build(self) -> widgets.VBox:
        rows: list[widgets.Widget] = [widgets.HTML(f"<p>{html.escape(self.load_message)}</p>")]
        student = widgets.Text(
            value=self._student,
            description="Your name or pseudonym",
            style={"description_width": "initial"},
        )

        def named(change: dict[str, Any]) -> None:
            self._student = change["new"]
            self._changed()

        student.observe(named, names="value")
        rows.append(student)
        for part in self.rubric.parts:
            rows.append(
                widgets.HTML(
                    f"<p><strong>{html.escape(part.title)}</strong>: "
                    f"{html.escape(part.prompt)} Aim for {part.min_words}–"
                    f"{part.max_words} words.</p>"
                )
            )
            rows.append(self._text_area(part.id, part.title))
        rows.append(
            widgets.HTML(
                "<p><strong>Your stance on each of the author’s recommendations</strong></p>"
            )
        )
        for rec in self.module.recommendations:
            field = f"stance-{rec.id}"
            choice = widgets.RadioButtons(
                options=[(name, sid) for sid, name in self.rubric.stances],
                value=self._answers[field] or None,
                description=f"Stance ({rec.where})",
                style={"description_width": "initial"},
            )
            choice.observe(
                lambda change, f=field: self._typed(f, change["new"] or ""), names="value"
            )
            self._inputs[field] = choice
            rows += [
                widgets.HTML(f"<p>{html.escape(rec.text)} ({html.escape(rec.where)})</p>"),
                choice,
                self._text_area(f"reason-{rec.id}", "Your reason", rows=2),
            ]
        export = widgets.Button(
            description="Export memo and submission", tooltip="Export memo and submission"
        )

        def exported(_: Any) -> None:
            try:
                memo, submission = self.export()
                message = f"Wrote {memo} and {submission}."
            except (OSError, SubmissionError) as err:
                reason = getattr(err, "strerror", None) or str(err)
                message = f"Could not export ({reason}). Nothing in the form was lost."
            self._status.value = f'<p role="status">{html.escape(message)}</p>'

        export.on_click(exported)
        self._feedback.value = self.assess()._repr_html_()
        rows += [export, self._status, self._feedback]
        return widgets.VBox(rows)

    def __repr__(self) -> str:
        return (
            f"Memo builder: {len(self.rubric.parts)} parts and "
            f"{len(self.module.recommendations)} recommendations; the draft is saved to "
            f"{DRAFT_FILE} in the work folder"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """As for exercises: the widget in a kernel, the kernel-free form in the static book."""
        return live_bundle(
            self.widget,
            repr(self),
            lambda: memo_html(self.module),
            "to open the memo form. Your draft in the work folder, if you have one, comes back "
            "in it, and what you type is saved there.",
            include,
            exclude,
        )
