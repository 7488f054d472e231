"""A module's sourced tables as MyST text: the glossary, the timeline, the fact-check's verdicts.

Each function turns a loaded module into MyST that cites its sources (`{cite:p}`) and defines its
terms (`{glossary}`). The chapter parts (claimlab.chapter) show it as Markdown output, which the
book parses as its own text (nb_render_markdown_format: myst), so citations resolve through
sphinxcontrib-bibtex and terms through Sphinx; JupyterLab renders the same text through
jupyterlab-myst.
"""

from __future__ import annotations

import re

from .edition import current_edition, shows_key
from .model import Module, published_text

# Markdown punctuation that could turn data into markup ($ would start maths here).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def md_text(text: str) -> str:
    """Data shown as literal text inside generated MyST: every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def cite(keys: tuple[str, ...]) -> str:
    return f"{{cite:p}}`{','.join(keys)}`" if keys else ""


def glossary_text(module: Module) -> str:
    """The module's glossary as a Sphinx glossary, each definition with its sources."""
    lines = ["```{glossary}", ":sorted:", ""]
    for entry in module.glossary:
        lines.append(entry.term)
        lines.append(f"  {md_text(entry.definition)} {cite(entry.sources)}")
        if entry.see_also:
            links = ", ".join(f"{{term}}`{md_text(t)} <{t}>`" for t in entry.see_also)
            lines += ["", f"  See also: {links}."]
        lines.append("")
    lines.append("```")
    return "\n".join(lines)


def timeline_text(module: Module) -> str:
    """The module's timeline as a table: date, what happened, and the sources for it."""
    lines = [
        "```{list-table} The timeline's events, with sources",
        ":header-rows: 1",
        ":widths: 18 62 20",
        "",
        "* - Date",
        "  - What happened",
        "  - Sources",
    ]
    for event in module.timeline:
        text = md_text(event.event) + (f" *{md_text(event.note)}*" if event.note else "")
        lines += [
            f"* - {published_text(event.date)}",
            f"  - {text}",
            f"  - {cite(event.sources)}",
        ]
    lines.append("```")
    return "\n".join(lines)


def factchecks_text(module: Module) -> str:
    """The fact-check key: each statement, its verdict, the precise statement and sources."""
    if not shows_key(current_edition()):
        return (
            "The sourced verdicts are not part of this edition: your instructor will "
            "discuss them after the fact-check is handed in."
        )
    names = {v.id: v.name for v in module.taxonomy.verdicts}
    lines = [
        "```{list-table} Sourced verdicts on the article's checkable statements",
        ":header-rows: 1",
        ":widths: 30 14 56",
        "",
        "* - Statement",
        "  - Verdict",
        "  - What the record shows",
    ]
    for item in module.factchecks:
        lines += [
            f"* - {item.id} ({md_text(item.where)}): “{md_text(item.quote)}”",
            f"  - {names[item.verdict]}",
            f"  - {md_text(item.finding)} {cite(item.sources)}",
            "",
            f"    {md_text(item.note)}",
        ]
    lines.append("```")
    return "\n".join(lines)
