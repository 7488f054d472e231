"""Kernel-free HTML for chapters and notebooks, rendered from the model through escaped templates.

Jinja2 autoescaping means any text from data or from a student is shown as text, never run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .model import Block, Claim, Module

if TYPE_CHECKING:
    from .check import Feedback

_env = Environment(
    loader=PackageLoader("claimlab", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)

# How furniture that is not body text is announced, in words rather than by styling alone.
BLOCK_TAGS = {
    "standfirst": "Standfirst",
    "caption": "Photo caption (photo not reproduced)",
    "subhead": "Subhead",
    "bio": "Author bio",
}


class HTML(str):
    """A string that notebooks and MyST-NB display as HTML (text/html) instead of a repr."""

    def _repr_html_(self) -> str:
        return str(self)


def _render(template: str, **context: object) -> HTML:
    return HTML(_env.get_template(template).render(**context).strip())


def blocks_html(blocks: Iterable[Block], label: str) -> HTML:
    """Article blocks with their ¶ numbers; captions, subheads and bios marked as such."""
    return _render("article.html.j2", blocks=list(blocks), tags=BLOCK_TAGS, label=label)


def article_html(module: Module) -> HTML:
    """The whole article, furniture included, in its original order."""
    meta = module.article.meta
    return blocks_html(module.article.blocks, f"{meta.author}, {meta.outlet} ({meta.published})")


def section_html(module: Module, section_id: str) -> HTML:
    """The body paragraphs (and captions) of one section, for a section-by-section chapter."""
    section = module.article.section(section_id)
    title = section.title or "Opening"
    return blocks_html(section.blocks, f"{title}, {section.span}")


def claim_html(claim: Claim, module: Module, with_label: bool = True) -> HTML:
    """One claim as a quotation card: the quote, its ¶, and (optionally) its key and explanation."""
    return _render(
        "claim.html.j2",
        claims=[claim],
        with_label=with_label,
        types={t.id: t.name for t in module.taxonomy.types},
        support={s.id: s.name for s in module.taxonomy.support},
    )


def claims_html(claims: Iterable[Claim], module: Module, with_label: bool = True) -> HTML:
    return _render(
        "claim.html.j2",
        claims=list(claims),
        with_label=with_label,
        types={t.id: t.name for t in module.taxonomy.types},
        support={s.id: s.name for s in module.taxonomy.support},
    )


def taxonomy_html(module: Module) -> HTML:
    """The claim types, each with its test question and worked example from the article."""
    examples = {t.id: module.claim(t.example) for t in module.taxonomy.types}
    return _render("taxonomy.html.j2", taxonomy=module.taxonomy, examples=examples)


def decision_order_html(module: Module) -> HTML:
    return _render("decision_order.html.j2", taxonomy=module.taxonomy)


def support_html(module: Module) -> HTML:
    return _render("support.html.j2", taxonomy=module.taxonomy)


def feedback_html(feedback: Feedback) -> HTML:
    from .check import STATUS_LABELS

    return _render("feedback.html.j2", feedback=feedback, labels=STATUS_LABELS)


def published_text(published: str) -> str:
    """'2020-09' -> 'September 2020'; the precision of the data is the precision of the words."""
    parts = [int(p) for p in published.split("-")]
    month = date(2000, parts[1], 1).strftime("%B") if len(parts) > 1 else ""
    if len(parts) == 3:
        return f"{parts[2]} {month} {parts[0]}"
    return f"{month} {parts[0]}".strip()


def meta_html(module: Module) -> HTML:
    """Who wrote the article, where and when, and how sure the course is of each."""
    meta = module.article.meta
    return _render(
        "meta.html.j2",
        meta=meta,
        published=published_text(meta.published),
        day_known=meta.published.count("-") == 2,
        article=module.article,
    )
