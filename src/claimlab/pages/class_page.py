"""`claimlab report --html`: one self-contained page that starts a class discussion.

Figures are PNGs inlined as data URIs with alt text written from the same numbers, tables are
real tables, and nothing is loaded from anywhere, so the page can be mailed, projected or opened
offline. Every name from a hand-in is escaped by the template.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from markupsafe import Markup

from ..classroom.report import ClassResults, scores, to_discuss
from ..module.model import Module
from .figures import COLOURS, figure_html
from .render import HTML, render_template


def score_distribution_figure(module: Module, graded: ClassResults) -> HTML | None:
    """One row per exercise: each student's share of right answers, with the median marked."""
    table = scores(graded.results).reset_index()
    if table.empty:
        return None
    titles = {e.id: e.title for e in module.exercises}
    exercises = [e.id for e in module.exercises if e.id in set(table["exercise"])]
    fig, ax = plt.subplots(figsize=(9, 0.8 * len(exercises) + 1.4))
    described = []
    for row, exercise in enumerate(exercises):
        part = table[table["exercise"] == exercise]
        shares = (part["right"] / part["items"] * 100).tolist()
        offsets = [((i * 37) % 11 - 5) / 40 for i in range(len(shares))]  # fixed, not random
        ax.scatter(shares, [row + o for o in offsets], s=22, color=COLOURS[row % len(COLOURS)],
                   edgecolor="black", linewidth=0.4, zorder=3)
        median = float(pd.Series(shares).median())
        ax.plot([median, median], [row - 0.3, row + 0.3], color="black", linewidth=2, zorder=4)
        items = int(part["items"].iloc[0])
        described.append(
            f"{titles[exercise]}: {len(shares)} students, median {median:.0f}%, "
            f"lowest {min(shares):.0f}%, highest {max(shares):.0f}% (of {items} items)"
        )
    ax.set_yticks(range(len(exercises)), [_short(titles[e]) for e in exercises])
    ax.set_xlim(-3, 103)
    ax.set_xlabel("Right answers (% of the exercise's items); the bar marks the median")
    ax.invert_yaxis()
    ax.grid(axis="x", color="#d6d9df", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    alt = "Scores by exercise, one dot per student. " + "; ".join(described) + "."
    return figure_html(fig, alt, "How the class scored on each exercise.")


def hardest_items_figure(module: Module, graded: ClassResults, count: int = 10) -> HTML | None:
    """The `count` items the class found hardest, as bars of the share of their answers that
    were right (unanswered ones not counted); None when nothing was answered."""
    hardest = to_discuss(graded.results, lowest=count)
    if hardest.empty:
        return None
    labels = [f"{item} ({_short(_title(module, ex), 28)})" for ex, item in
              zip(hardest["exercise"], hardest["item"], strict=True)]
    shares = (hardest["share_right"] * 100).tolist()
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(labels) + 1.2))
    ax.barh(labels, shares, color=COLOURS[0], hatch="//", edgecolor="white")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Students who answered it right (%)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    described = "; ".join(
        f"{item} {share:.0f}% right"
        + (f", most common wrong answer {wrong}" if wrong else "")
        for item, share, wrong in zip(hardest["item"], shares, hardest["common_wrong"], strict=True)
    )
    alt = f"The {len(labels)} items the class found hardest: {described}."
    return figure_html(fig, alt, "The hardest items, a place to start the discussion.")


def confusion_tables(module: Module, graded: ClassResults) -> list[dict]:
    """For each kind of exercise, how often each key answer was given as each answer."""
    results = graded.results
    if results.empty:
        return []
    kinds = {e.id: e.kind for e in module.exercises}
    tables = []
    for kind, title in (("classify", "Claim types"), ("factcheck", "Fact-check verdicts")):
        part = results[results["exercise"].map(kinds) == kind]
        if part.empty:
            continue
        exercise = next(e.id for e in module.exercises if e.kind == kind)
        options = list(module.exercise_options(exercise))
        keys = _keys(module, kind)
        chosen = part["answer"].fillna("unanswered")
        frame = pd.crosstab(part["item"].map(keys), chosen)
        columns = [o for o, _ in options] + ["unanswered"]
        frame = frame.reindex(index=[o for o, _ in options], columns=columns, fill_value=0)
        names = dict(options) | {"unanswered": "Not answered"}
        tables.append({
            "title": title,
            "columns": [names[c] for c in columns],
            "rows": [
                (names[key], [(int(frame.loc[key, c]), c == key) for c in columns])
                for key in frame.index
            ],
        })
    return tables


def _trusted(figure: HTML | None) -> Markup | None:
    """A figure the engine built (its alt text already escaped), for the template as is."""
    return None if figure is None else Markup(str(figure))


def _keys(module: Module, kind: str) -> dict[str, str]:
    if kind == "factcheck":
        return {f.id: f.key for f in module.factchecks}
    return {c.id: c.type for c in module.claims}


def _title(module: Module, exercise: str) -> str:
    return next((e.title for e in module.exercises if e.id == exercise), exercise)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def class_page(module: Module, graded: ClassResults, folder: str) -> str:
    """The whole page as HTML text."""
    table = scores(graded.results).reset_index() if not graded.results.empty else None
    return render_template(
        "class_page.html.j2",
        module=module,
        folder=folder,
        found=graded.folder,
        scores=[] if table is None else table.to_dict("records"),
        titles={e.id: e.title for e in module.exercises},
        distribution=_trusted(score_distribution_figure(module, graded)),
        hardest_figure=_trusted(hardest_items_figure(module, graded)),
        hardest=to_discuss(graded.results, lowest=10).to_dict("records"),
        confusion=confusion_tables(module, graded),
        memos=graded.memos.to_dict("records"),
    )
