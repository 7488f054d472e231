"""The generic parts of a chapter, one call each in a code cell, the same for every module.

A chapter's setup cell makes `part = Chapter("../data")`; then `part.section("opening")`,
`part.exercise("claim-types-opening")`, `part.claims("opening")`, `part.taxonomy()` and the
rest each show one part. One cell serves both places a chapter runs: in the built book a part is
the engine's kernel-free HTML (an exercise's live widget is dropped by the book's mime
priorities), and in JupyterLab an exercise or the memo is the live ipywidgets form. Every module
gets the same parts from here: this course's chapters and the ones `claimlab new` writes.
(Sphinx directives would render the HTML without a kernel, but JupyterLab shows a directive it
does not know as an error box, so a chapter opened as a notebook would lose its parts.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import Markdown

from ..edition import current_edition, shows_key
from ..module.load import load_module
from ..module.model import Module
from ..pages import render
from ..pages.myst_text import factchecks_text, glossary_text, timeline_text
from ..pages.render import HTML
from .memo_widget import MemoBuilder
from .widgets import ClaimClassifier


class Chapter:
    """A module's chapter parts. `data` is the module directory (or an already loaded Module)."""

    #: The parts a chapter shows, one call each. The book's build renders a page's parts itself
    #: (`book_html`) to tell whether the page changed (claimlab.book.build.page_plan).
    PARTS = (
        "section",
        "exercise",
        "claims",
        "taxonomy",
        "decision_order",
        "support",
        "article",
        "meta",
        "recommendations",
        "memo",
        "peer_review",
        "argument_map",
        "verdict_counts",
        "glossary",
        "timeline",
        "factchecks",
    )

    def __init__(self, data: str | Path | Module = "data"):
        self.module = data if isinstance(data, Module) else load_module(data)

    def section(self, section_id: str) -> HTML:
        """The section's paragraphs and captions, with their ¶ numbers."""
        return render.section_html(self.module, section_id)

    def exercise(self, exercise_id: str) -> ClaimClassifier | None:
        """The exercise form; nothing while a draft key has no items for it yet."""
        if not self._has_items(exercise_id):
            return None
        return ClaimClassifier(self.module, exercise_id)

    def _has_items(self, exercise_id: str) -> bool:
        return any(True for _ in self.module.iter_exercise_claims(exercise_id))

    def claims(self, section_id: str) -> HTML:
        """How many claims the key finds in each paragraph of the section (no labels)."""
        return render.claim_counts_html(self.module, section_id)

    def taxonomy(self) -> HTML:
        """The claim types, each with its test question and a worked example."""
        return render.taxonomy_html(self.module)

    def decision_order(self) -> HTML:
        """The test questions in the order to ask them; the first "yes" gives the label."""
        return render.decision_order_html(self.module)

    def support(self) -> HTML:
        """The support levels with their definitions, and the taxonomy's procedure and settled
        cases when it has them."""
        return render.support_html(self.module)

    def article(self) -> HTML:
        """The whole article, furniture included, in its original order."""
        return render.article_html(self.module)

    def meta(self) -> HTML:
        """Who wrote the article, where and when, and how sure the course is of each."""
        return render.meta_html(self.module)

    def recommendations(self) -> HTML | None:
        """The author's recommendations, each with its ¶; nothing when the module lists none."""
        return render.recommendations_html(self.module) if self.module.recommendations else None

    def memo(self, work_folder: str | Path = "work") -> MemoBuilder | None:
        """The memo builder: the kernel-free form in the book, the saving widget in a kernel."""
        return MemoBuilder(self.module, work_folder) if self.module.rubric else None

    def peer_review(self) -> HTML | None:
        """The kernel-free peer-review form; nothing when the module has no rubric."""
        return render.peer_review_html(self.module) if self.module.rubric else None

    def argument_map(self, reveal: str | None = None) -> HTML | None:
        """The course's argument map (see render.argument_map_html). It is the key to the map
        exercise, so it is key content: an edition that hides the key says when students will
        see it instead."""
        if self.module.argument is None:
            return None
        return render.mark_key(
            lambda: render.argument_map_html(self.module, reveal),
            "the course's map",
            "the map exercise is graded",
        )

    def verdict_counts(self) -> HTML | None:
        """How many statements the fact-check key gives each verdict; key content too."""
        if not self.module.factchecks:
            return None

        def table() -> pd.DataFrame:
            verdicts = pd.Series([f.verdict for f in self.module.factchecks], name="statements")
            return verdicts.value_counts().rename_axis("verdict").to_frame()

        return render.mark_key(table, "how the verdicts add up", "the fact-check is graded")

    # Sourced reference parts. They are MyST, not HTML: the book parses them as its own text
    # (nb_render_markdown_format: myst), so each citation links to References and each glossary
    # term is a term other chapters can link to; JupyterLab renders them through jupyterlab-myst.

    def glossary(self) -> Markdown | None:
        """The glossary, each definition with its sources."""
        return Markdown(glossary_text(self.module)) if self.module.glossary else None

    def timeline(self) -> Markdown | None:
        """The timeline as a table: date, what happened, and the sources for it."""
        return Markdown(timeline_text(self.module)) if self.module.timeline else None

    def factchecks(self, reveal: str | None = None) -> Markdown | None:
        """The fact-check's sourced verdicts (a notice in an edition that hides the key).

        With `reveal` (a title such as "Show the course's verdicts") they are folded in a
        dropdown, so a student who has not judged the statements yet does not read them first.
        """
        if not self.module.factchecks:
            return None
        text = factchecks_text(self.module)
        if reveal and shows_key(current_edition()):
            text = f":::{{admonition}} {reveal}\n:class: dropdown\n\n{text}\n:::"
        return Markdown(text)

    def book_html(self, part: str, *args: Any, **kwargs: Any) -> str:
        """What the built book shows for `part(*args, **kwargs)`, made here without a kernel and
        without a widget: the build compares it between builds to know whether a page changed."""
        if part not in self.PARTS:
            raise ValueError(f"{part!r} is not a chapter part: one of {', '.join(self.PARTS)}")
        if part == "exercise":
            exercise_id = args[0] if args else kwargs["exercise_id"]
            if not self._has_items(exercise_id):
                return ""
            return render.exercise_html(self.module, exercise_id)
        if part == "memo":
            return render.memo_html(self.module) if self.module.rubric else ""
        shown = getattr(self, part)(*args, **kwargs)
        if isinstance(shown, pd.DataFrame):
            return shown.to_html()
        if isinstance(shown, Markdown):
            return str(shown.data)
        return "" if shown is None else str(shown)

    def __repr__(self) -> str:
        return f"Chapter parts of module {self.module.id!r}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))
