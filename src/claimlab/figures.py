"""Figures rendered from data, each with alt text written from the same data.

Every figure is a PNG inlined as a data URI inside <figure> with alt text and a caption, so it
works offline, and the alt text can never fall out of step with what the picture shows.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display needed, in the book build or on a server

import matplotlib.pyplot as plt
from markupsafe import escape

from .model import Module
from .render import HTML

# Shapes as well as colours, so no reader depends on colour alone.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
COLOURS = ("#1d4ed8", "#b42318", "#1a7f37", "#9a6700", "#6b21a8", "#0e7490", "#4b5160", "#be185d")


def figure_html(fig: plt.Figure, alt: str, caption: str) -> HTML:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(
        f'<figure class="cl-figure"><img src="data:image/png;base64,{data}" '
        f'alt="{escape(alt)}" style="max-width:100%;height:auto">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _when(iso: str) -> float:
    parts = [int(p) for p in iso.split("-")]
    day = date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15)
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def timeline_figure(module: Module) -> HTML:
    """Events by year on one axis, one row per category."""
    events = module.timeline
    categories = list(dict.fromkeys(e.category for e in events))
    names = {c: c.replace("-", " ") for c in categories}
    names.update(dict(module.taxonomy.timeline_categories))
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(categories) + 1.2))
    for row, category in enumerate(categories):
        xs = [_when(e.date) for e in events if e.category == category]
        ax.scatter(
            xs,
            [row] * len(xs),
            marker=MARKERS[row % len(MARKERS)],
            s=60,
            color=COLOURS[row % len(COLOURS)],
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
    ax.set_yticks(range(len(categories)), [names[c] for c in categories])
    years = [int(e.date[:4]) for e in events]
    ax.set_xlim(min(years) - 0.5, max(years) + 1.5)
    ax.set_xticks(range(min(years), max(years) + 2, 2))
    ax.grid(axis="x", color="#d6d9df", zorder=0)
    ax.invert_yaxis()
    ax.set_xlabel("Year")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    parts = []
    for category in categories:
        in_category = [e for e in events if e.category == category]
        spread = sorted({e.date[:4] for e in in_category})
        parts.append(f"{names[category]}: {len(in_category)} ({', '.join(spread)})")
    alt = (
        f"Timeline of {len(events)} events from {min(years)} to {max(years)}, one row per "
        f"kind of event: {'; '.join(parts)}. The table below lists every event."
    )
    return figure_html(
        fig,
        alt,
        "The timeline's events by year and kind. Each mark is one event in the table below.",
    )


def counts_by_section_figure(module: Module, column: str) -> HTML:
    """Stacked bars: how many claims of each type (or support level) each section makes."""
    frame = module.claims_frame()
    sections = [s.id for s in module.article.sections]
    titles = [s.title or "Opening" for s in module.article.sections]
    table = frame.groupby(["section", column], observed=False).size().unstack(fill_value=0)
    table = table.reindex(sections)
    names = (
        {t.id: t.name for t in module.taxonomy.types}
        if column == "type"
        else {s.id: s.name for s in module.taxonomy.support}
    )
    hatches = ("", "//", "..", "xx", "\\\\", "--")
    fig, ax = plt.subplots(figsize=(9, 4.2))
    left = [0] * len(sections)
    for index, value in enumerate(table.columns):
        counts = table[value].tolist()
        ax.barh(
            titles,
            counts,
            left=left,
            label=names[value],
            color=COLOURS[index],
            hatch=hatches[index % len(hatches)],
            edgecolor="white",
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Number of claims in the answer key")
    ax.legend(loc="lower right", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    totals = Counter(frame[column].astype(str))
    described = "; ".join(
        f"{title}: "
        + ", ".join(
            f"{int(table.loc[sid, v])} {names[v].lower()}"
            for v in table.columns
            if table.loc[sid, v]
        )
        for sid, title in zip(sections, titles, strict=True)
    )
    what = "type" if column == "type" else "support in the article"
    alt = (
        f"Stacked bar chart of the {len(frame)} claims by section and {what}. "
        f"Overall: {', '.join(f'{totals[v]} {names[v].lower()}' for v in table.columns)}. "
        f"By section: {described}."
    )
    return figure_html(fig, alt, f"Claims in each section by {what}, from the answer key.")
