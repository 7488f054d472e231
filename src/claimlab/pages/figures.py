"""Figures rendered from data, each with alt text written from the same data.

Every figure is a PNG inlined as a data URI inside <figure> with alt text and a caption, so it
works offline, and the alt text can never fall out of step with what the picture shows.

Drawn for a phone first: 3.3 inches (about 340 CSS px) wide with 12-point text, a figure fits a
390 px screen at its natural size, so its text reads at about 17 CSS px, no smaller than the
page's own text; on a desktop it keeps that size rather than growing. Labels sit above their
rows instead of beside them, so the plot keeps the width a phone has. The <img> says how big its
text is drawn (data-cl-text-px), so a test can check what a reader sees. Saved with a 64-colour
palette, which keeps the page light and changes nothing a reader can see in a chart of flat
colours.
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
from matplotlib.ticker import MaxNLocator
from PIL import Image

from ..module.model import Module
from .render import HTML

# Shapes as well as colours, so no reader depends on colour alone.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
COLOURS = ("#1d4ed8", "#b42318", "#1a7f37", "#9a6700", "#6b21a8", "#0e7490", "#4b5160", "#be185d")


WIDTH_INCHES = 3.3
FONT_POINTS = 12  # every label, tick and legend entry (matplotlib's relative sizes are not used)
DPI = 100
PALETTE_COLOURS = 64


# Applied to each whole figure function: ticks and legends are laid out when the figure is saved.
_TEXT = matplotlib.rc_context(
    {
        "font.size": FONT_POINTS,
        "axes.labelsize": FONT_POINTS,
        "xtick.labelsize": FONT_POINTS,
        "ytick.labelsize": FONT_POINTS,
        "legend.fontsize": FONT_POINTS,
    }
)


def _figure(height: float) -> tuple[plt.Figure, plt.Axes]:
    # Constrained layout keeps long tick labels and the legend inside the set width.
    return plt.subplots(figsize=(WIDTH_INCHES, height), layout="constrained")


def _png(fig: plt.Figure) -> bytes:
    """The figure as a palette PNG: deterministic (no timestamp, no dithering) and small."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB")
    quantized = image.quantize(colors=PALETTE_COLOURS, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    return out.getvalue()


def figure_html(fig: plt.Figure, alt: str, caption: str) -> HTML:
    """The figure as a PNG inlined in <figure>, with its alt text and caption (escaped).

    Closes the figure.
    """
    png = _png(fig)
    width, height = Image.open(io.BytesIO(png)).size
    data = base64.b64encode(png).decode("ascii")
    text_px = round(FONT_POINTS * DPI / 72, 1)
    return HTML(
        f'<figure class="cl-figure"><img src="data:image/png;base64,{data}" '
        f'alt="{escape(alt)}" width="{width}" height="{height}" data-cl-text-px="{text_px}" '
        f'style="max-width:100%;height:auto">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _row_labels(ax: plt.Axes, labels: list[str]) -> None:
    """Each row's name above its row, from the left edge: beside it, a name would take half a
    phone's width from the plot."""
    ax.set_yticks([])
    for row, label in enumerate(labels):
        ax.text(0, row - 0.32, label, transform=ax.get_yaxis_transform(), va="bottom")
    ax.set_ylim(len(labels) - 0.6, -0.95)  # top row at the top, with room for its name


def _when(iso: str) -> float:
    parts = [int(p) for p in iso.split("-")]
    day = date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 15)
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


@_TEXT
def timeline_figure(module: Module) -> HTML:
    """Events by year on one axis, one row per category."""
    events = module.timeline
    categories = list(dict.fromkeys(e.category for e in events))
    names = {c: c.replace("-", " ") for c in categories}
    names.update(dict(module.taxonomy.timeline_categories))
    fig, ax = _figure(0.8 * len(categories) + 1.0)
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
    _row_labels(ax, [names[c] for c in categories])
    years = [int(e.date[:4]) for e in events]
    ax.set_xlim(min(years) - 0.5, max(years) + 1.5)
    # Four-year steps: at phone size, two-year ticks would touch.
    ax.set_xticks(range(min(years), max(years) + 2, 4))
    ax.grid(axis="x", color="#d6d9df", zorder=0)
    ax.set_xlabel("Year")
    for side in ("top", "right", "left"):
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


@_TEXT
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
    fig, ax = _figure(0.75 * len(sections) + 1.6 + 0.3 * len(table.columns))
    rows = list(range(len(sections)))
    left = [0] * len(sections)
    for index, value in enumerate(table.columns):
        counts = table[value].tolist()
        ax.barh(
            rows,
            counts,
            height=0.5,
            left=left,
            label=names[value],
            color=COLOURS[index],
            hatch=hatches[index % len(hatches)],
            edgecolor="white",
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    _row_labels(ax, titles)
    ax.set_xlabel("Claims in the answer key")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Below the plot, not over it: the longest bars reach the right edge.
    fig.legend(loc="outside lower left", ncols=1, frameon=False)
    for side in ("top", "right", "left"):
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
