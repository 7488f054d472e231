"""The recommendation memo: completeness feedback, Markdown export, peer review, safe saving.

Pure functions over plain dictionaries, so the live widget, the static page (pages/static/memo.js
mirrors `assess` and the exports; the browser tests compare the two) and the tests agree.
A draft is the shared submission format with kind "memo": its answers map each memo part to
text, and each recommendation to `stance-<id>` and `reason-<id>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..keeping.mdsafe import student_block, student_line
from ..keeping.submission import make_submission
from ..module.errors import AnswerError
from ..module.model import Module, Rubric, published_text

# A word is a run of letters or digits (any script), with inner apostrophes or hyphens.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# "¶12", "¶ 12", "para 12", "paragraph 12", "paras. 12"
CITATION = re.compile(r"¶\s*(\d+)|\bpara(?:graph)?s?\.?\s*(\d+)", re.IGNORECASE)


def count_words(text: str) -> int:
    """The number of words in `text`: runs of letters or digits in any script (see WORD)."""
    return len(WORD.findall(text))


def cited_paragraphs(text: str) -> list[int]:
    """The paragraph numbers `text` cites as ¶12 or para 12, in order, repeats kept."""
    return [int(a or b) for a, b in CITATION.findall(text)]


def _rubric(module: Module) -> Rubric:
    if module.rubric is None:
        raise ValueError("this module has no rubric.yaml")
    return module.rubric


def blank_answers(module: Module) -> dict[str, str]:
    """Every field of an empty draft: the parts, then a stance and a reason per recommendation."""
    answers = {part.id: "" for part in _rubric(module).parts}
    for rec in module.recommendations:
        answers[f"stance-{rec.id}"] = ""
        answers[f"reason-{rec.id}"] = ""
    return answers


def _text(answers: Mapping[str, Any], key: str) -> str:
    value = answers.get(key)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Check:
    """One completeness check on a memo draft: whether it is met, and what to tell the student."""

    id: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Assessment:
    """Completeness feedback on a memo draft: the rubric's notice, the checks, and the word
    count of each part by part id."""

    notice: str
    checks: tuple[Check, ...]
    words: dict[str, int]

    @property
    def total_words(self) -> int:
        """The words in all the memo's parts (the reasons for stances are not counted)."""
        return sum(self.words.values())

    @property
    def complete(self) -> bool:
        """Whether every check is met."""
        return all(check.ok for check in self.checks)

    @property
    def summary(self) -> str:
        """The line that says how many of the checks are met."""
        done = sum(check.ok for check in self.checks)
        return f"Completeness: {done} of {len(self.checks)} checks met."

    def report(self) -> str:
        """Plain-text feedback: the summary, one line per check ([x] when met), the notice."""
        lines = [self.summary]
        lines += [f"[{'x' if c.ok else ' '}] {c.message}" for c in self.checks]
        lines += ["", self.notice]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.report())

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li class="cl-check cl-check-{"ok" if c.ok else "todo"}">'
            f"{'Done' if c.ok else 'To do'}: {html.escape(c.message)}</li>"
            for c in self.checks
        )
        return (
            f'<div class="cl-assessment"><p><strong>{html.escape(self.summary)}</strong></p>'
            f"<ul>{items}</ul><p><em>{html.escape(self.notice)}</em></p></div>"
        )


def assess(module: Module, answers: Mapping[str, Any]) -> Assessment:
    """Completeness feedback on a draft; never raises on what a student typed, says what to do."""
    rubric = _rubric(module)
    if not isinstance(answers, Mapping):
        answers = {}
    checks: list[Check] = []
    words: dict[str, int] = {}
    for part in rubric.parts:
        text = _text(answers, part.id)
        count = words[part.id] = count_words(text)
        aim = f"aim for {part.min_words}–{part.max_words} words"
        if not text.strip():
            checks.append(
                Check(f"part-{part.id}", False, f"{part.title}: not written yet ({aim}).")
            )
        elif count < part.min_words:
            checks.append(Check(f"part-{part.id}", False, f"{part.title}: {count} words; {aim}."))
        elif count > part.max_words:
            checks.append(
                Check(
                    f"part-{part.id}",
                    False,
                    f"{part.title}: {count} words, over the {part.max_words}-word "
                    "limit. Nothing was cut; shorten it yourself.",
                )
            )
        else:
            checks.append(Check(f"part-{part.id}", True, f"{part.title}: {count} words."))
    low, high = rubric.total_words
    total = sum(words.values())
    checks.append(
        Check(
            "total",
            low <= total <= high,
            f"In all: {total} words (the memo should have {low}–{high}).",
        )
    )
    paragraphs = {b.number for b in module.article.paragraphs}
    cited = [
        n
        for key in [p.id for p in rubric.parts] + [f"reason-{r.id}" for r in module.recommendations]
        for n in cited_paragraphs(_text(answers, key))
    ]
    unknown = sorted({n for n in cited if n not in paragraphs})
    valid = sorted({n for n in cited if n in paragraphs})
    message = (
        f"Citations of the article: {', '.join(f'¶{n}' for n in valid) or 'none yet'}"
        f" (at least {rubric.min_citations} needed, as ¶N)."
    )
    if unknown:
        message += (
            f" The article has no {', '.join(f'¶{n}' for n in unknown)}; it runs from "
            f"¶{min(paragraphs)} to ¶{max(paragraphs)}."
        )
    checks.append(Check("citations", len(valid) >= rubric.min_citations and not unknown, message))
    stance_names = dict(rubric.stances)
    for rec in module.recommendations:
        stance = _text(answers, f"stance-{rec.id}").strip()
        reason = _text(answers, f"reason-{rec.id}").strip()
        label = f"Stance on “{rec.text}” ({rec.where})"
        if not stance:
            checks.append(
                Check(
                    f"stance-{rec.id}",
                    False,
                    f"{label}: choose {', '.join(stance_names.values()).lower()}.",
                )
            )
        elif stance not in stance_names:
            checks.append(
                Check(
                    f"stance-{rec.id}",
                    False,
                    f"{label}: {stance!r} is not one of {', '.join(stance_names)}.",
                )
            )
        elif not reason:
            checks.append(
                Check(
                    f"stance-{rec.id}",
                    False,
                    f"{label}: {stance_names[stance]}, but give a reason.",
                )
            )
        else:
            checks.append(
                Check(f"stance-{rec.id}", True, f"{label}: {stance_names[stance]}, with a reason.")
            )
    for part in rubric.parts:
        if part.counterargument:
            ok = part.min_words <= words[part.id]
            checks.append(
                Check(
                    "counterargument",
                    ok,
                    f"Counterargument addressed in “{part.title}”: {'yes' if ok else 'not yet'}.",
                )
            )
    return Assessment(rubric.notice, tuple(checks), words)


def article_reference(module: Module) -> str:
    """The article as the memo cites it: author, headline, outlet, date, address, and how far
    the headline is verified."""
    meta = module.article.meta
    return (
        f"{meta.author}, “{meta.headline}”, {meta.outlet}, {published_text(meta.published)}, "
        f"{meta.url}. ({meta.headline_status})"
    )


def _block(text: str, indent: str = "") -> str:
    """A student's text for Markdown: shown as typed, unable to form links, HTML or headings."""
    return student_block(text, indent)


def _name(text: str | None, missing: str = "(not given)") -> str:
    return student_line(text, missing)


def memo_markdown(module: Module, answers: Mapping[str, Any], student: str | None = None) -> str:
    """The draft as a Markdown memo that cites the article properly. pages/static/memo.js
    matches it."""
    rubric = _rubric(module)
    lines = [
        "# Recommendation memo",
        "",
        f"**Author:** {_name(student, '(no name given)')}",
        "",
        f"**Responding to:** {article_reference(module)}",
        "",
    ]
    for part in rubric.parts:
        lines += [f"## {part.title}", "", _block(_text(answers, part.id)), ""]
    lines += ["## Stance on the author's recommendations", ""]
    stance_names = dict(rubric.stances)
    for rec in module.recommendations:
        stance = _text(answers, f"stance-{rec.id}").strip()
        shown = stance_names.get(stance, "no stance yet")
        lines += [
            f"- **{rec.text}** ({rec.where}). {shown}: "
            + _block(_text(answers, f"reason-{rec.id}"), indent="  ")
        ]
    lines += ["", "## Reference", "", article_reference(module), ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class PeerReview:
    """One reviewer's marking of a memo: a level (1 = lowest) and a comment per peer-review
    criterion id, and an overall comment."""

    reviewer: str
    author: str
    levels: Mapping[str, int]
    comments: Mapping[str, str]
    overall: str = ""


def peer_review_markdown(module: Module, review: PeerReview) -> str:
    """A feedback sheet for the author of a draft, from the rubric's level descriptors."""
    rubric = _rubric(module)
    problems = []
    for criterion in rubric.peer_criteria:
        level = review.levels.get(criterion.id)
        if level is not None and (
            not isinstance(level, int) or not 1 <= level <= len(criterion.levels)
        ):
            problems.append(
                f"{criterion.name}: level must be 1 to {len(criterion.levels)}, not {level!r}"
            )
    if problems:
        raise AnswerError("; ".join(problems))
    lines = [
        "# Peer review of a recommendation memo",
        "",
        f"**Memo by:** {_name(review.author)}",
        "",
        f"**Reviewed by:** {_name(review.reviewer)}",
        "",
        "Levels follow the course rubric; comments are the reviewer's own words.",
        "",
    ]
    for criterion in rubric.peer_criteria:
        level = review.levels.get(criterion.id)
        heading = (
            f"## {criterion.name}: level {level} of {len(criterion.levels)}"
            if level
            else f"## {criterion.name}: not rated"
        )
        lines += [heading, ""]
        if level:
            lines += [f"> {criterion.levels[level - 1]}", ""]
        comment = review.comments.get(criterion.id, "")
        lines += [f"Comment: {_block(comment)}", ""]
    lines += ["## Overall", "", _block(review.overall), ""]
    return "\n".join(lines)


def draft_submission(
    module: Module, answers: Mapping[str, Any], student: str | None = None
) -> dict[str, Any]:
    """The draft as a memo hand-in (kind "memo"): every field of `blank_answers`, empty where
    `answers` gives no text for it; other keys are dropped."""
    clean = {k: (v if isinstance(v, str) else "") for k, v in blank_answers(module).items()}
    clean.update({k: v for k, v in answers.items() if isinstance(v, str) and k in clean})
    return make_submission(module.id, "memo", clean, student, kind="memo")
