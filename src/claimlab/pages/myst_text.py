"""A module's sourced tables as MyST text: the glossary, the timeline, the fact-check's verdicts.

Each function turns a loaded module into MyST that cites its sources (`{cite:p}`) and defines its
terms (`{glossary}`). The chapter parts (claimlab.kernel.chapter) show it as Markdown output,
which the book parses as its own text (nb_render_markdown_format: myst), so citations resolve
through sphinxcontrib-bibtex and terms through Sphinx. JupyterLab renders the text through
jupyterlab-myst, which reads no bibliography: there a role would show a raw key, so outside a
book build the same citations and term references are links that say who and when
(claimlab.pages.citelinks). The book's Sphinx extension marks its build in the environment
(`ROLES_ENV`), which the kernels it starts inherit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..edition import current_edition, shows_key
from ..module.model import Module, published_text
from .citelinks import bib_labels, cite_text, term_slug

# Markdown punctuation that could turn data into markup ($ would start maths here).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def md_text(text: str) -> str:
    """Data shown as literal text inside generated MyST: every markup character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


#: Set (to "1") by the book's Sphinx extension: its kernels write roles, which Sphinx resolves.
ROLES_ENV = "CLAIMLAB_MYST_ROLES"


def _roles() -> bool:
    return os.environ.get(ROLES_ENV) == "1"


@functools.lru_cache(maxsize=4)
def _labels_at(path: Path) -> Mapping[str, str]:
    return bib_labels(path) if path.is_file() else {}


def _labels(module: Module | None) -> Mapping[str, str]:
    meta = module.path / "module.yaml" if module is not None else None
    if meta is None or not meta.is_file():
        return {}
    match = re.search(r"^bibliography:\s*(\S+)", meta.read_text(encoding="utf-8"), re.M)
    return _labels_at((module.path / match.group(1)).resolve()) if match else {}


def _book_prefix(name: str) -> str | None:
    """The way from the kernel's folder (the notebook's) up to the book page `name`, if any."""
    here = Path.cwd()
    for depth, folder in enumerate([here, *here.parents][:3]):
        if (folder / name).is_file():
            return "../" * depth
    return None


def cite(keys: tuple[str, ...], module: Module | None = None) -> str:
    """A parenthetical citation: a role in the book, a link saying who and when elsewhere."""
    if not keys:
        return ""
    labels = _labels(module)
    if _roles() or not all(k in labels for k in keys):
        return f"{{cite:p}}`{','.join(keys)}`"
    text = md_text(cite_text(keys, labels))
    prefix = _book_prefix("references.md")
    return f"[{text}]({prefix}references.md#{','.join(keys)})" if prefix is not None else text


def term_ref(term: str) -> str:
    """A glossary term: a role in the book, a link to the glossary page elsewhere."""
    if _roles():
        return f"{{term}}`{md_text(term)} <{term}>`"
    prefix = _book_prefix("glossary.md")
    shown = md_text(term)
    return f"[{shown}]({prefix}glossary.md#term-{term_slug(term)})" if prefix is not None else shown


def glossary_text(module: Module) -> str:
    """The module's glossary as a Sphinx glossary, each definition with its sources."""
    lines = ["```{glossary}", ":sorted:", ""]
    for entry in module.glossary:
        lines.append(entry.term)
        lines.append(f"  {md_text(entry.definition)} {cite(entry.sources, module)}")
        if entry.see_also:
            links = ", ".join(term_ref(t) for t in entry.see_also)
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
            f"  - {cite(event.sources, module)}",
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
            f"  - {md_text(item.finding)} {cite(item.sources, module)}",
            "",
            f"    {md_text(item.note)}",
        ]
    lines.append("```")
    return "\n".join(lines)
